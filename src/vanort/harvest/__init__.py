"""Harvest the national register's tables (issue #14) from named public inputs.

Each module reads one kind of input and returns plain rows in the CSV schema the tables pipeline maps
(data/tables/, SCHEMA in PROVENANCE.md): the code only copies, matches and cross-checks values, it never
supplies one. ``python -m vanort.harvest INPUTS OUT`` regenerates the tables from the same inputs.
"""
