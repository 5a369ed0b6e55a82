"""Outcomes' queries: read models in, answers out. Scope is checked before any of them runs."""
