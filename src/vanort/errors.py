"""The error hierarchy. Each class declares its HTTP status and RFC 9457 problem type.

Build errors carry the exit code of the pySHACL convention: 1 for data that does not
conform, 2 for input or usage errors.

>>> InputError("data/x.ttl:3:5: bad").status
400
"""

from __future__ import annotations

from typing import Any

PROBLEM_BASE = "https://w3id.org/vanort/problems/"


class VanortError(Exception):
    """Base class: a message a person can act on."""

    status = 500
    slug = "internal-error"
    title = "Internal error"
    exit_code = 2

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions

    @property
    def type(self) -> str:
        return PROBLEM_BASE + self.slug


class ConfigError(VanortError):
    status = 500
    slug = "configuration"
    title = "Invalid configuration"


class InputError(VanortError):
    """A source file cannot be read or parsed; names file, line and column."""

    status = 400
    slug = "invalid-input"
    title = "Invalid input file"


class ValidationFailed(VanortError):
    """The dataset does not conform to the shapes; nothing is released."""

    status = 422
    slug = "validation-failed"
    title = "The data does not conform to the shapes"
    exit_code = 1


class ReleaseError(VanortError):
    """A release is missing, failing or tampered with; the server refuses it."""

    status = 503
    slug = "release-unusable"
    title = "The release cannot be served"
