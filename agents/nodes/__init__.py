"""Pipeline nodes: small functions that take the state and return only the keys they change."""
