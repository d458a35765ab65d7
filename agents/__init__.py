"""gapreview agents."""
