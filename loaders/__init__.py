"""Readers for source formats, entity resolution and the load pipeline."""
