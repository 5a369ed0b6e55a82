"""Feedback's HTTP routes: entrypoints only translate (parse, call the use case, answer)."""
