"""The engine side of serving (STYLE.md §1b): guard, and in time the stores and isolation."""
