"""The Safeguarding Partnership Board report: what is built so far (see docs/feedback.md)."""
