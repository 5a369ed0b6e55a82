"""The notifications service's rules: pure functions of state, commands and time."""
