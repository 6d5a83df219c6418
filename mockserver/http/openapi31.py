"""Loading OpenAPI 3.1 documents into Connexion 3.3, which only accepts 3.0.

The document is given to Connexion as it is: no derived 3.0 copy, no edits. Connexion's
own check against the 3.0 meta-schema is replaced by openapi-spec-validator's 3.1 check;
everything downstream (routing, parameter and body validation, Swagger UI) reads the
original 3.1 document. Constructs 3.1 adds that Connexion's Draft 4 validators read the
same way (`anyOf` with `{type: 'null'}`, schema-level `examples`) stay as published.

The meta-schema check (and importing its validator) is a good part of a start-up. A
document whose digest is among those already known to pass it (`known_valid`: the
project's own contract documents, checked by its tests) is not checked again; any other
document is, each time it is loaded.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from typing import Any

from connexion import AsyncApp
from connexion.exceptions import InvalidSpecification

from ..contract_documents import (
    InvalidDocument,
    check_31_document,
    document_digest,
)
from .connexion_internals import API, OpenAPISpecification


class OpenAPI31Specification(OpenAPISpecification):  # type: ignore[misc]
    """Connexion's OpenAPI 3 specification, validated against the 3.1 meta-schema unless
    its digest is in `known_valid`."""

    def __init__(
        self,
        raw_spec: Mapping[str, Any],
        *,
        base_uri: str = "",
        known_valid: Collection[str] = frozenset(),
    ) -> None:
        self._known_valid = known_valid
        super().__init__(raw_spec, base_uri=base_uri)

    def _validate_spec(self, spec: Mapping[str, Any]) -> None:
        # A classmethod in Connexion, which calls it on the instance from its __init__.
        if document_digest(spec) not in self._known_valid:
            try:
                check_31_document(spec)
            except InvalidDocument as invalid:
                raise InvalidSpecification(str(invalid)) from None

    def clone(self) -> OpenAPI31Specification:
        return type(self)(
            copy.deepcopy(self._raw_spec), base_uri=self._base_uri, known_valid=self._known_valid
        )


def add_openapi31_api(
    app: AsyncApp,
    document: Mapping[str, Any],
    *,
    known_valid: Collection[str] = frozenset(),
    **options: Any,
) -> OpenAPI31Specification:
    """`app.add_api` for a 3.1 document: the same options, the document left as it is.

    Returns the specification Connexion serves (references resolved).
    """
    middleware = app.middleware
    if middleware.middleware_stack is not None:
        raise RuntimeError("Cannot add an API after the application has started")
    # A shallow copy is enough: Connexion deep-copies the document twice (the raw one it
    # keeps, the one whose references it resolves) and only sets top-level defaults on it.
    specification = OpenAPI31Specification(dict(document), known_valid=known_valid)
    merged = middleware.options.replace(**options)
    middleware.apis.append(API(specification, base_path=None, **merged.__dict__))
    return specification
