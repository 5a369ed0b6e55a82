"""Feedback's read models, one projection per concern; all rebuilt by replay."""
