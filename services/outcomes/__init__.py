"""Outcomes: what the person wants to happen, in their own words, reviewed to the end."""
