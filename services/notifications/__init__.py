"""Notifications: reminders, delivery in the way each person prefers, and consent-gated disclosures."""
