"""Errors the library raises; the CLI turns each into one line on stderr."""

from __future__ import annotations


class KgError(Exception):
    """Base of every error `kg` reports to a user."""

    exit_code = 1


class InputError(KgError):
    """An article or folder could not be read."""


class RuleFileError(KgError):
    """A rule file beside the code is malformed (names the file and line)."""


class GraphError(KgError):
    """A graph file could not be read or written."""


class QueryError(KgError):
    """A saved query is unknown, malformed or was given bad parameters."""

    exit_code = 2


class GazetteerError(KgError):
    """The gazetteer package's table of administrative units could not be read."""
