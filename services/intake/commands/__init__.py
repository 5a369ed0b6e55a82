"""Intake's use cases, one per module."""
