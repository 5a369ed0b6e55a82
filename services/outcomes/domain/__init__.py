"""Outcomes' pure rules: state is the fold of an enquiry's events; decisions return new events."""
