"""gapreview app."""
