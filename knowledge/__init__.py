"""gapreview knowledge."""
