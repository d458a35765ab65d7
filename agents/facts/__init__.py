"""Typed fact extraction: systems (new vs retired), people, dates, money, vendors, actions, claims,
absolutes, external commitments and kinds of data, each with the sentence that carries it."""

from agents.facts.extract import extract_facts, field_lines, is_field_line

__all__ = ["extract_facts", "field_lines", "is_field_line"]
