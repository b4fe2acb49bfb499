"""Soundcheck's own errors.

Every error a user can cause (a bad file, a wrong query, a missing warehouse or model) is one
of these, with a message that says what went wrong and where. The CLI prints the message
without a traceback; pages show it with ``st.error``.
"""

from __future__ import annotations

__all__ = [
    "DataError",
    "NotFittedError",
    "QueryError",
    "SchemaError",
    "SoundcheckError",
    "WarehouseNotFoundError",
]


class SoundcheckError(Exception):
    """Base class of every error Soundcheck raises on purpose."""


class DataError(SoundcheckError):
    """Input data is malformed; the message names the file, the record and the field."""


class SchemaError(SoundcheckError):
    """A warehouse does not have the schema (or schema version) this code expects."""


class WarehouseNotFoundError(SoundcheckError):
    """No warehouse file exists at the given path."""


class NotFittedError(SoundcheckError):
    """A model or build output is needed but has not been produced yet."""


class QueryError(SoundcheckError):
    """A query typed by a person was refused or failed; the message says why."""
