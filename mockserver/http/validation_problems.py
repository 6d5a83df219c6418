"""Request validation's refusals as types, so a contract classifies them by what failed
(a parameter, a missing body, a keyword of the body's schema, the media type), never by
their words.

Each is a `RequestProblem`: a status, a title and a one-line detail (the words Connexion
gives for the same refusal, so a contract that only shows the words renders them alike
whichever of the engine and Connexion's stack refused). It is a Starlette
`HTTPException`, so a layer that knows no better answers it with its status.
"""

from __future__ import annotations

from collections.abc import Mapping

from jsonschema import ValidationError
from starlette.exceptions import HTTPException


class RequestProblem(HTTPException):
    """A request the contract's document refuses, or an answer it does not allow."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status_code=status, detail=detail, headers=headers)
        self.status = status
        self.title = title


class BadRequest(RequestProblem):
    def __init__(self, detail: str | None = None) -> None:
        super().__init__(400, "Bad Request", detail)


class UnsupportedMediaType(RequestProblem):
    """A body of a media type the operation does not take."""

    def __init__(self, detail: str) -> None:
        super().__init__(415, "Unsupported Media Type", detail)


class WrongType(BadRequest):
    """A form field whose text does not read as its schema's type."""

    def __init__(self, kind: str, where: str, name: str) -> None:
        super().__init__(f"Wrong type, expected '{kind}' for {where} parameter '{name}'")


class NonConformingAnswer(RequestProblem):
    """A handler's answer the document does not allow (checked only when asked)."""

    def __init__(self, detail: str) -> None:
        super().__init__(500, "Internal Server Error", detail)


class RequestValidationProblem(BadRequest):
    """A request the contract's document refuses."""


class ParameterProblem(RequestValidationProblem):
    """A declared parameter missing (`failure` None) or of a value its schema refuses."""

    def __init__(self, location: str, name: str, failure: ValidationError | None) -> None:
        where = f"{location} parameter '{name}'"
        super().__init__(
            detail=f"missing {where}" if failure is None else f"{where}: {failure.message}"
        )
        self.location = location
        self.name = name
        self.failure = failure


class MalformedBody(RequestValidationProblem):
    """A body that is no JSON text the mock can take (not UTF-8, not JSON, nested too
    deeply, a number past Python's digits, a lone surrogate)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail=detail)


class BodyMissing(RequestValidationProblem):
    """No body where the operation requires one: nothing sent (`null` False), or a JSON
    `null` where the body may not be null."""

    def __init__(self, *, null: bool) -> None:
        super().__init__(
            detail="Request body must not be empty" if null else "RequestBody is required"
        )
        self.null = null


class BodyProblem(RequestValidationProblem):
    """A body its schema refuses: `failure` is the first JSON Schema error, None when the
    body is not even of the shape the media type needs (a form that is not one)."""

    def __init__(self, detail: str, failure: ValidationError | None = None) -> None:
        super().__init__(detail=detail)
        self.failure = failure

    @property
    def keyword(self) -> str | None:
        """The schema keyword that failed (`required`, `minLength`, `type`, ...)."""
        return str(self.failure.validator) if self.failure is not None else None

    @property
    def missing_properties(self) -> tuple[str, ...]:
        """For a `required` failure, the properties the object lacks."""
        failure = self.failure
        if failure is None or failure.validator != "required":
            return ()
        instance = failure.instance if isinstance(failure.instance, Mapping) else {}
        required = failure.validator_value if isinstance(failure.validator_value, list) else []
        return tuple(str(name) for name in required if name not in instance)
