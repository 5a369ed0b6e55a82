"""The platform library every service shares: event contracts and the event backbone."""
