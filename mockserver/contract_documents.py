"""Where the contract documents are: `spec/` beside the package in a checkout, or inside
the package when installed from a wheel. Each contract names its own document, relative
to `spec/` (`ContractPlugin.document`)."""

from __future__ import annotations

import functools
import pathlib

_PACKAGE = pathlib.Path(__file__).resolve().parent
_CANDIDATES = (_PACKAGE.parent / "spec", _PACKAGE / "spec")

VALIDATED_DIGESTS = pathlib.Path("validated.sha256")
"""The digests (`openapi31.document_digest`) of the contract documents as they passed the
OpenAPI 3.1 meta-schema check, one per line before the document's name; kept true by
tests/integration/test_contract_document.py."""


def contract_path(relative: pathlib.Path) -> pathlib.Path:
    for root in _CANDIDATES:
        candidate = root / relative
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"contract document {relative} not found under {_CANDIDATES}")


@functools.cache
def validated_digests() -> frozenset[str]:
    """The digests in `VALIDATED_DIGESTS`: documents the mock need not check again."""
    try:
        text = contract_path(VALIDATED_DIGESTS).read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    return frozenset(
        line.split()[0] for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
