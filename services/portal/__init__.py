"""Portal: the web front end for practitioners, managers and board analysts, and the person's pages."""
