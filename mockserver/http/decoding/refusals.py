"""Why the decoder refused a request's input: one type per reason, so each contract words
the refusal in its own error shape by its type, never by its words."""

from __future__ import annotations

from dataclasses import dataclass


class InputRefused(ValueError):
    """Input the decoder does not take; nothing was built from it."""


@dataclass
class NotText(InputRefused):
    """Bytes that are not UTF-8 text (invalid sequences, encoded surrogates)."""

    where: str = "the body"

    def __str__(self) -> str:
        return f"{self.where[:1].upper()}{self.where[1:]} is not UTF-8 text"


@dataclass
class MalformedJson(InputRefused):
    """Text that is no JSON document (also a lone UTF-16 surrogate escape, NaN, a number
    out of range)."""

    reason: str

    def __str__(self) -> str:
        return f"Malformed JSON in request body: {self.reason}"


@dataclass
class NestedTooDeeply(InputRefused):
    limit: int

    def __str__(self) -> str:
        return f"The body is nested more than {self.limit} levels deep"


@dataclass
class TooManyValues(InputRefused):
    limit: int

    def __str__(self) -> str:
        return f"The body holds more than {self.limit} values"


@dataclass
class MalformedForm(InputRefused):
    """A multipart body that cannot be read as one (also one of too many parts)."""

    reason: str

    def __str__(self) -> str:
        return f"Malformed multipart body: {self.reason}"


@dataclass
class BodyTooLarge(InputRefused):
    limit: int

    def __str__(self) -> str:
        return f"The request body exceeds the limit of {self.limit} bytes"
