"""gapreview evals."""
