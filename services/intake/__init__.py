"""Intake: owns the enquiry, from the concern raised to closure."""
