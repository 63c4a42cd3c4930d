"""One small error hierarchy for all of credgraph.

Every error carries the data a boundary needs to explain it (the URL, the id, the
reason) as attributes, and an ``exit_code`` the CLI uses.  Boundaries (CLI, UI)
translate these once; nothing below them prints or exits.
"""

from __future__ import annotations

from typing import Any


class CredgraphError(Exception):
    """Base class. ``message`` is for a person; ``data`` is for machines."""

    exit_code: int = 1

    def __init__(self, message: str, **data: Any) -> None:
        super().__init__(message)
        self.message = message
        self.data: dict[str, Any] = data

    def to_dict(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "message": self.message, **self.data}


class StoreError(CredgraphError):
    """A store could not be opened or answered badly."""


class UnknownStoreScheme(StoreError):
    """The store URL has a scheme we do not know (we know sqlite and neo4j)."""


class StoreUnavailable(StoreError):
    """The store exists in principle but cannot be reached or opened now."""


class NotFound(CredgraphError):
    """No entity answers to the given id."""

    exit_code = 2


class InvalidIdentifier(CredgraphError):
    """An identifier (USCC, LEI, ...) failed validation; ``reason`` says why."""


class InvalidInput(CredgraphError):
    """A value given by the user (date, share, option) is not acceptable."""

    exit_code = 2


class UnreadableInput(InvalidInput):
    """An input file could not be read on past some point (a truncated or corrupt gzip
    stream, an I/O error): ``line`` or ``record`` in the data says where.  Unlike
    other bad input, records before that point may have been read: a load writes
    those completely and says so (``loaders.pipeline``)."""


class LoadRefused(CredgraphError):
    """A load ended without doing what it was asked: no record of the files could be
    loaded, or a complete edition's listings could not be ended (``report`` in the
    data is the load's report)."""


class ModelError(CredgraphError):
    """A record does not fit the model (unknown type, bad share, ...)."""
