"""Outcomes' projections: own events in the append transaction, intake's through the inbox."""
