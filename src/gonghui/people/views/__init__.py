"""Staff pages of the registry, one module per record: persons, households, memberships, duplicates."""
