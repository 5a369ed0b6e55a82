"""The per-service SQL event store, its database and its backbone tables."""
