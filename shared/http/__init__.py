"""What every service serves over HTTP besides its own API."""
