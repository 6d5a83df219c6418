"""The 3.1 document is loaded as published: Connexion reads it unchanged."""

from __future__ import annotations

import copy
import json
import pathlib
import re
from typing import Any

import pytest
import yaml
from connexion import AsyncApp
from connexion.exceptions import InvalidSpecification
from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.config import MockConfig
from mockserver.contract_documents import (
    InvalidDocument,
    check_31_document,
    check_document,
    contract_document,
    contract_path,
    document_digest,
    read_document,
    validated_digests,
)
from mockserver.http.openapi31 import OpenAPI31Specification, add_openapi31_api
from mockserver.served_contracts import CLOSIENT, SERVED_CONTRACTS

PUBLISHED = pathlib.Path(__file__).with_name("published") / "closient.json"
"""For each published reference page of a Closient operation: the operations and components
its OpenAPI text holds, and the digest of that text (with the document's head: `openapi`,
`info`, `servers`, `security`, `externalDocs`). Carried here, so the check below needs no
reference text beside the project; when that text is there, the record is checked too."""
HEAD = ("openapi", "info", "servers", "security", "externalDocs")


def published_projection(document: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """The parts of `document` a reference page publishes, in the record's order."""
    return {
        "head": {key: document[key] for key in HEAD},
        "operations": [document["paths"][path][method] for path, method in record["operations"]],
        "components": {
            kind: {name: document["components"][kind][name] for name in names}
            for kind, names in record["components"].items()
        },
    }


def reference_page(name: str) -> pathlib.Path | None:
    """The reference page in `shared/reference` beside the project or above it, if any."""
    for folder in pathlib.Path(__file__).resolve().parents[3:]:
        page = folder / "shared" / "reference" / name
        if page.is_file():
            return page
    return None


def published_yaml(page: pathlib.Path) -> dict[str, Any]:
    text = page.read_text(encoding="utf-8")
    match = re.search(r"````yaml[^\n]*\n(.*?)````", text, re.DOTALL)
    assert match is not None
    document: dict[str, Any] = yaml.safe_load(match.group(1))
    return document


@pytest.fixture
def document() -> dict[str, Any]:
    return read_document(contract_path(CLOSIENT.document))


RECORDS: dict[str, dict[str, Any]] = json.loads(PUBLISHED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", RECORDS)
def test_published_operations_are_in_the_document_unchanged(
    document: dict[str, Any], name: str
) -> None:
    record = RECORDS[name]
    assert document_digest(published_projection(document, record)) == record["digest"]
    page = reference_page(name)
    if page is not None:  # the record is the reference's, where the reference is at hand
        published = published_yaml(page)
        assert record["operations"] == [
            [path, method] for path, item in published["paths"].items() for method in item
        ]
        assert record["components"] == {k: sorted(v) for k, v in published["components"].items()}
        assert document_digest(published_projection(published, record)) == record["digest"]


def test_stock_connexion_refuses_the_document(document: dict[str, Any]) -> None:
    app = AsyncApp(__name__)
    with pytest.raises(InvalidSpecification):
        app.add_api(copy.deepcopy(document))


def test_the_loader_accepts_it_and_keeps_31_constructs(document: dict[str, Any]) -> None:
    specification = OpenAPI31Specification(copy.deepcopy(document))
    image_url = specification.raw["components"]["schemas"]["ProductImageOut"]["properties"][
        "image_url"
    ]
    assert image_url["anyOf"] == [{"type": "string"}, {"type": "null"}]
    assert image_url["examples"] == ["https://cdn.closient.com/products/00012345678905/hero.jpg"]
    assert "nullable" not in image_url


def test_a_30_document_is_refused_by_the_31_loader(document: dict[str, Any]) -> None:
    with pytest.raises(InvalidSpecification, match=r"3\.1"):
        OpenAPI31Specification({**document, "openapi": "3.0.3"})


def test_an_invalid_31_document_is_refused(document: dict[str, Any]) -> None:
    broken = copy.deepcopy(document)
    del broken["info"]
    with pytest.raises(InvalidSpecification):
        OpenAPI31Specification(broken)


def test_the_validated_digests_are_those_of_the_contract_documents_as_they_pass() -> None:
    lines = []
    for relative in (contract.document for contract in SERVED_CONTRACTS):
        contract = read_document(contract_path(relative))
        check_31_document(contract)
        lines.append(f"{document_digest(contract)}  {relative}")
    assert validated_digests() == {line.split()[0] for line in lines}, (
        "spec/validated.sha256 should list:\n" + "\n".join(lines)
    )


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The documents checked against the 3.1 meta-schema, by the engine or Connexion's
    loader, while the test runs."""
    seen: list[object] = []
    real_check = check_31_document

    def counted_check(spec: dict[str, Any]) -> None:
        seen.append(spec)
        real_check(spec)

    monkeypatch.setattr("mockserver.http.openapi31.check_31_document", counted_check)
    monkeypatch.setattr("mockserver.contract_documents.check_31_document", counted_check)
    return seen


def test_a_document_known_valid_is_not_checked_again_and_any_change_is(
    document: dict[str, Any], checked: list[object]
) -> None:
    known = {document_digest(document)}
    OpenAPI31Specification(copy.deepcopy(document), known_valid=known)
    assert checked == []
    broken = copy.deepcopy(document)
    del broken["info"]
    with pytest.raises(InvalidSpecification):
        OpenAPI31Specification(broken, known_valid=known)
    assert len(checked) == 1


def test_swagger_ui_serves_the_31_document(client: TestClient, document: dict[str, Any]) -> None:
    """The document with its $refs inlined; the 3.1 text is otherwise intact."""
    served = client.get("/__docs/closient/openapi.json").json()
    assert served["openapi"] == "3.1.0"
    schemas = document["components"]["schemas"]
    assert served["components"]["schemas"]["ProductImageOut"] == schemas["ProductImageOut"]
    assert served["paths"].keys() == document["paths"].keys()
    assert client.get("/__docs/closient/ui/").status_code == 200


def test_response_validation_accepts_a_null_image_url(document: dict[str, Any]) -> None:
    """`anyOf: [string, null]` is read with its 3.1 meaning: a null image_url conforms."""
    operation = document["paths"]["/dashboard/api/v1/trade-items/{organization_id}/{gtin}/images"]
    operation["get"]["security"] = []
    image = {
        "id": "keATfB8VP2gSjcnTbsMNQL",
        "title": "",
        "is_primary": False,
        "priority": 0,
        "created": "2025-07-01T14:00:00Z",
    }
    pagination = {
        "page": 1,
        "page_size": 25,
        "total_count": 1,
        "total_pages": 1,
        "has_next": False,
        "has_previous": False,
    }

    def answer(image_url: object) -> TestClient:
        async def list_images(**_kwargs: object) -> dict[str, object]:
            return {"data": [{**image, "image_url": image_url}], "pagination": pagination}

        app = AsyncApp(__name__)
        add_openapi31_api(app, document, resolver=lambda _op: list_images, validate_responses=True)
        return TestClient(app, raise_server_exceptions=False)

    url = "/dashboard/api/v1/trade-items/keATfB8VP2gSjcnTbsMNQL/00012345678905/images"
    assert answer(None).get(url).status_code == 200
    assert answer(42).get(url).status_code == 500  # not a string, not null: caught


def test_building_mocks_leaves_the_shared_contract_documents_unchanged() -> None:
    """Every mock built in a process reads the same parsed documents: none may change them."""
    create_app(MockConfig())
    create_app(MockConfig(engine=False, validate_responses=True))
    for relative in (contract.document for contract in SERVED_CONTRACTS):
        path = contract_path(relative)
        assert contract_document(path) == read_document(path)


def test_the_engine_refuses_an_invalid_document_and_checks_a_known_one_once(
    document: dict[str, Any], checked: list[object]
) -> None:
    check_document(document)  # the published document: its digest is known
    assert checked == []
    broken = copy.deepcopy(document)
    del broken["info"]
    with pytest.raises(InvalidDocument):
        check_document(broken)
    with pytest.raises(InvalidDocument, match=r"3\.1"):
        check_document({**document, "openapi": "3.0.3"})
    assert len(checked) == 2
