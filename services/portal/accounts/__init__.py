"""Portal accounts: who may sign in, with which agency and role, and the rules for signing in."""
