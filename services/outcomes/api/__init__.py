"""Outcomes' HTTP entrypoints: they parse, call a use case or a query, and answer."""
