"""Outcomes' use cases: change an enquiry's outcomes; record that someone viewed them."""
