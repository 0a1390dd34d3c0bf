"""vanort: a linked-data publisher for municipal partnerships."""

__version__ = "0.1.0"
