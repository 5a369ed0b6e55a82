"""Feedback: asking the person how it went at closure, and the board's report."""
