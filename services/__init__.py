"""The platform's services; each owns its data and events and never imports another."""
