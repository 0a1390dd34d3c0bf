"""Wikidata round trip (issue #5): fetch P190 statements from WDQS, diff them against our
twinnings, and write QuickStatements V1 for what Wikidata lacks."""
