"""Shared primitives below both `knowledge/` and `agents/`: errors, settings, atomic file writes.

Why a package of its own: dependencies flow one way (core <- knowledge <- agents <- app/evals),
so nothing in `knowledge/` has to import from the pipeline above it.
"""
