"""Where the contract documents are: `spec/` beside the package in a checkout, or inside
the package when installed from a wheel. Each contract names its own document, relative
to `spec/` (`ContractPlugin.document`)."""

from __future__ import annotations

import functools
import hashlib
import json
import pathlib
from collections.abc import Mapping
from typing import Any

import yaml

_PACKAGE = pathlib.Path(__file__).resolve().parent
_CANDIDATES = (_PACKAGE.parent / "spec", _PACKAGE / "spec")

VALIDATED_DIGESTS = pathlib.Path("validated.sha256")
"""The digests (`document_digest`) of the contract documents as they passed the
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


class InvalidDocument(ValueError):
    """A document that is not valid OpenAPI 3.1."""


# libyaml's safe loader when PyYAML was built with it: the same data, parsed about 8 times
# faster (pure-Python parsing of the three contracts cost some 0.2 s of every start-up).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def document_digest(document: Mapping[str, Any]) -> str:
    """SHA-256 of a document's data (as canonical JSON): the same for any spelling of it."""
    canonical = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_31_document(document: Mapping[str, Any]) -> None:
    """Raise `InvalidDocument` unless the document is valid OpenAPI 3.1."""
    version = str(document.get("openapi", ""))
    if not version.startswith("3.1."):
        raise InvalidDocument(f"expected an OpenAPI 3.1 document, got {version!r}")
    try:  # Only when checking: the package is the suite's (an extra), not the mock's.
        from openapi_spec_validator import OpenAPIV31SpecValidator
    except ImportError:
        raise InvalidDocument(
            "this document is not among those known to be valid (spec/validated.sha256), and "
            "checking it needs openapi-spec-validator: pip install 'product-image-contracts"
            "[conformance]'"
        ) from None

    errors = list(OpenAPIV31SpecValidator(document).iter_errors())
    if errors:
        raise InvalidDocument(str(errors[0]))


def read_document(path: pathlib.Path) -> dict[str, Any]:
    """The OpenAPI document in a YAML or JSON file, as plain data."""
    document = safe_load(path.read_bytes())
    if not isinstance(document, dict):
        raise InvalidDocument(f"{path} holds no OpenAPI document")
    return document


def safe_load(data: bytes) -> Any:
    """The YAML document in `data` as `yaml.safe_load` gives it, built from its nodes in one
    pass: PyYAML's own constructor took as long as parsing (some 10 ms of each start for the
    three contracts). Where the document holds what the pass does not build (a merge key,
    a tag, a key that is no scalar), PyYAML's constructor builds it, errors included."""
    loader = _SAFE_LOADER(data)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _built(node, loader, {})
        except _NotPlain:
            return loader.construct_document(node)
    finally:
        loader.dispose()


class _NotPlain(Exception):
    """A node that PyYAML's constructor is left to build."""


def _built(node: yaml.Node, loader: Any, built: dict[int, Any]) -> Any:
    """A node's value; `built` holds each collection built so far, by node (an alias is the
    same object, as PyYAML makes it)."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value
        construct = loader.yaml_constructors.get(node.tag)
        if construct is None:
            raise _NotPlain()
        return construct(loader, node)
    if id(node) in built:
        return built[id(node)]
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        items: list[Any] = []
        built[id(node)] = items
        items.extend(_built(item, loader, built) for item in node.value)
        return items
    if not (isinstance(node, yaml.MappingNode) and node.tag == _MAP):
        raise _NotPlain()
    mapping: dict[Any, Any] = {}
    built[id(node)] = mapping
    for key_node, value_node in node.value:
        if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag in loader.yaml_constructors):
            raise _NotPlain()  # a merge key, or a collection as a key
        mapping[_built(key_node, loader, built)] = _built(value_node, loader, built)
    return mapping


@functools.cache
def contract_document(path: pathlib.Path) -> Mapping[str, Any]:
    """The document in `path`, parsed once per process: every app built in it reads the same
    one, and none changes it (Connexion serves a copy of its own)."""
    document = read_document(path)
    _SHARED[id(document)] = document
    return document


_SHARED: dict[int, Mapping[str, Any]] = {}
"""The documents `contract_document` gave, by identity (each kept, so its id stays its)."""


def is_shared_document(document: Mapping[str, Any]) -> bool:
    """Whether `document` is one `contract_document` gave: the same object for every app of
    the process, never changed, so what is derived from it can be kept for the next app."""
    return _SHARED.get(id(document)) is document


def check_document(document: Mapping[str, Any]) -> None:
    """Raise `InvalidDocument` unless the document is valid OpenAPI 3.1; a document whose
    digest is among those known to be valid (`VALIDATED_DIGESTS`) is not checked again."""
    spec = dict(document)
    spec.setdefault("components", {})
    if document_digest(spec) not in validated_digests():
        check_31_document(spec)
