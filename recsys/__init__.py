"""Soundcheck."""
