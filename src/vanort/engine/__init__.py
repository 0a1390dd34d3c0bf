"""The query engine and what surrounds it: isolation of user queries, their sandbox, the guard."""
