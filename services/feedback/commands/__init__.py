"""Feedback's use cases, one per module."""
