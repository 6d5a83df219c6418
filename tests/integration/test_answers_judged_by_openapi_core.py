"""Every generated request is answered as the contract's document requires, judged by stock
openapi-core: not by the mock's own validators, which the engine is built from.

For every operation of each contract, Schemathesis draws requests from the published
document, valid and invalid ones, often with the seed's credentials, path values and
images (so that the handlers run); each goes to the mock as users run it (its defaults).
openapi-core validates the same request against the same document, on its own:
- a request it refuses for its parameters or its body must be refused (a 4xx), whatever
  the mock's engine thought of it;
- a request it takes must not be a 5xx;
- every answer, its status first, must validate against the documented view (the published
  document with the conventions of its prose made explicit, such as the error statuses
  every operation may answer: the view the conformance suite validates with).
Nothing is masked: the answers are judged against the document, not against another
server's.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st
from openapi_core import OpenAPI
from openapi_core.configurations import Config
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.deserializing.styles.exceptions import EmptyQueryParameterValue
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.validation.request.exceptions import (
    MissingRequiredRequestBody,
    ParameterValidationError,
    RequestBodyValidationError,
    SecurityValidationError,
)
from schemathesis import Case, GenerationMode
from starlette.testclient import TestClient
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response as WerkzeugResponse

from conformance.bitrix24.suite import Bitrix24Suite
from conformance.closient.suite import ClosientSuite
from conformance.cloud_images.suite import CloudImagesSuite
from conformance.documents import load_published
from conformance.suite import PublishedContractSuite
from mockserver.app import create_app
from mockserver.config import MockConfig
from tests.integration.generated_requests import (
    BASE,
    CONTRACTS,
    JSON_UNDER_OTHER_NAMES,
    Contract,
    adjust,
    operations,
    request_of,
    sendable,
    sending_settings,
)
from tests.integration.twins import SeededIds, seeded_sources

# Hundreds of generated requests: `make test` runs them, the quick loop does not.
pytestmark = [
    pytest.mark.slow,
    # Bitrix24's `halt` allows the empty value, which openapi-core reads with a warning.
    pytest.mark.filterwarnings("ignore:Use of allowEmptyValue:DeprecationWarning"),
]

SUITES: dict[str, type[PublishedContractSuite[Any]]] = {
    "closient": ClosientSuite,
    "cloud-images": CloudImagesSuite,
    "bitrix24": Bitrix24Suite,
}


# openapi-core hands its OpenAPI 3.1 validator a file part's bytes, which are no JSON type:
# a part sent as a file (`format: binary`) is read as text here, so that `type: string`
# holds it as the document means.
_FILE_PARTS: dict[str, Callable[..., Any]] = {
    media_type: lambda value, **_: value.decode("latin-1")
    for media_type in ("application/octet-stream", "image/png", "image/jpeg", "image/gif")
}


_JSON_UNDER_OTHER_NAMES: dict[str, Callable[..., Any]] = {
    media_type: lambda value, **_: json.loads(value) for media_type in JSON_UNDER_OTHER_NAMES
}


UNJUDGED = "openapi-core fails on the request"


class Judge:
    """Stock openapi-core over a contract's published document (for requests) and its
    documented view (for answers)."""

    def __init__(self, suite: type[PublishedContractSuite[Any]]) -> None:
        published = load_published(suite.contract_file, None)
        deserializers: Mapping[str, Callable[[bytes], Any]] = getattr(
            suite, "media_type_deserializers", {}
        )
        config = Config(
            extra_media_type_deserializers={
                **deserializers,
                **_FILE_PARTS,
                **_JSON_UNDER_OTHER_NAMES,
            }
        )
        self.published = OpenAPI.from_dict(
            _served_from(_typed_form_parts(published), BASE), config=config
        )
        documented = suite.documented_view_of(published)
        self.documented = OpenAPI.from_dict(_served_from(documented, BASE), config=config)

    def refusal(self, request: WerkzeugOpenAPIRequest) -> str | None:
        """Why openapi-core refuses the request's parameters or body; None when it takes
        them (a credential it cannot check is the mock's to judge); `UNJUDGED` when
        openapi-core fails on the request itself (its multipart parser on a part with no
        name, its reading of PHP-style query parameters) or refuses only an empty query
        value."""
        try:
            self.published.validate_request(request)
        except ParameterValidationError as error:
            if isinstance(error.__cause__, EmptyQueryParameterValue):
                # `allowEmptyValue`'s default, a rule OpenAPI 3.1 advises against relying
                # on: Glance and PHP read `?name=` as an empty text, and so does the mock.
                return UNJUDGED
            return _described(error)
        except MissingRequiredRequestBody as error:
            media_type = request.content_type.partition(";")[0].strip().lower()
            if media_type == "application/octet-stream" and not request.body:
                # Image data sent empty: Glance 33 takes it as empty data (a stage of no
                # bytes is 204 and the image `uploading`), and so does the mock
                # (spec/cloud-images/NOTES.md), where the document calls the body required.
                return None
            return _described(error)
        except RequestBodyValidationError as error:
            return _described(error)
        except SecurityValidationError:
            return None
        except (PathNotFound, OperationNotFound):
            raise
        except Exception:  # openapi-core's own failure: no verdict either way
            return UNJUDGED
        return None

    def answer_violation(
        self, request: WerkzeugOpenAPIRequest, response: WerkzeugOpenAPIResponse
    ) -> str | None:
        try:
            self.documented.validate_response(request, response)
        except (PathNotFound, OperationNotFound):  # a form the documented view leaves out
            return None
        except Exception as error:  # openapi-core raises one class per kind of mismatch
            return _described(error)
        return None


def _typed_form_parts(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with each multipart body's booleans and numbers read as the JSON text a
    form sends them as (`true`, `3`): openapi-core reads a part it has no `encoding` for
    as a string whatever its schema's type, and would refuse every such field."""
    document = copy.deepcopy(document)
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            body = _resolved(document, operation.get("requestBody", {}))
            media = body.get("content", {}).get("multipart/form-data")
            if media is None:
                continue
            schema = _resolved(document, media.get("schema", {}))
            encoding = media.setdefault("encoding", {})
            for name, property_schema in schema.get("properties", {}).items():
                typed = _resolved(document, property_schema).get("type")
                if typed in ("boolean", "integer", "number") and name not in encoding:
                    encoding[name] = {"contentType": "application/json"}
    return document


def _resolved(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        found: Any = document
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            found = found[part]
        node = found
    return node


def _described(error: Exception) -> str:
    """The error and its cause, in words (openapi-core's own `str()` fails on a body that
    is not UTF-8 text)."""
    words = []
    for part in (error, error.__cause__):
        if part is not None:
            try:
                words.append(f"{type(part).__name__}: {part}")
            except UnicodeError:
                words.append(type(part).__name__)
    return " (".join(words) + ")" * (len(words) - 1)


def _served_from(document: dict[str, Any], base: str) -> dict[str, Any]:
    servers = document.get("servers") or [{"url": "/"}]
    path = httpx.URL(str(servers[0]["url"])).path.rstrip("/")
    return {**document, "servers": [{"url": base + path}]}


def _werkzeug_request(request: httpx.Request) -> WerkzeugOpenAPIRequest:
    builder = EnvironBuilder(
        method=request.method,
        base_url=f"{request.url.scheme}://{request.url.netloc.decode()}",
        path=request.url.raw_path.decode("ascii").partition("?")[0],  # percent-encoded
        query_string=request.url.query.decode(),
        headers=[(k, v) for k, v in request.headers.multi_items() if k != "host"],
        data=request.content,
    )
    return WerkzeugOpenAPIRequest(builder.get_request())


def _werkzeug_response(response: httpx.Response) -> WerkzeugOpenAPIResponse:
    return WerkzeugOpenAPIResponse(
        WerkzeugResponse(
            response.content,
            status=response.status_code,
            headers=list(response.headers.multi_items()),
        )
    )


@dataclass
class Mock:
    """The mock at its defaults, from the demo seed, with a fixed clock and seeded ids."""

    client: TestClient
    ids: SeededIds

    def send(self, method: str, url: str, **options: Any) -> httpx.Response:
        response: httpx.Response = self.client.request(method, url, **options)
        return response

    def reset(self) -> None:
        self.client.app.state.mock.reset()  # type: ignore[attr-defined]
        self.ids.reseed(0)


@contextmanager
def mock() -> Iterator[Mock]:
    ids = SeededIds(0)
    app = create_app(MockConfig(), sources=seeded_sources(ids))
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        yield Mock(client, ids)


@dataclass
class Judged:
    cases: int = 0
    refused_by_openapi_core: int = 0
    unjudged: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def judge_generated(
    target: Mock, judge: Judge, contract: Contract, operation: Any, mode: GenerationMode
) -> Judged:
    judged = Judged()

    @sending_settings()
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def example(case: Case[Any], data: st.DataObject) -> None:
        target.reset()
        ids = contract.prepare(target)
        adjust(case, data, contract, ids)
        arguments = request_of(case, contract.base_url())
        if not sendable(arguments):
            reject()
        request = target.client.build_request(**arguments)
        request.read()
        response = target.client.send(request)
        werkzeug_request = _werkzeug_request(request)
        refusal = judge.refusal(werkzeug_request)
        status = response.status_code
        judged.cases += 1
        judged.statuses[status] += 1
        said = f"{request.method} {request.url} → {status} {response.text[:300]!r}"
        if refusal is UNJUDGED:
            judged.unjudged += 1
            if status >= 500:
                judged.failures.append(f"{said}: a 5xx")
        elif refusal is not None:
            judged.refused_by_openapi_core += 1
            if not 400 <= status < 500:
                judged.failures.append(f"{said}: openapi-core refuses it ({refusal})")
        elif status >= 500:
            judged.failures.append(f"{said}: a request openapi-core takes")
        violation = judge.answer_violation(werkzeug_request, _werkzeug_response(response))
        if violation is not None:
            judged.failures.append(f"{said}: the answer breaks the document: {violation}")

    example()
    return judged


@pytest.mark.parametrize("name", SUITES)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_openapi_core_reads_the_document(
    name: str, mode: GenerationMode
) -> None:
    contract = CONTRACTS[name]
    judge = Judge(SUITES[name])
    with mock() as target:
        judged = {
            op.label: judge_generated(target, judge, contract, op, mode)
            for op in operations(contract)
        }
    assert all(j.cases for j in judged.values()), judged
    # openapi-core judges most requests (it fails on Bitrix24's GET forms of a call).
    unjudged = sum(j.unjudged for j in judged.values())
    assert unjudged <= sum(j.cases for j in judged.values()) // 2, judged
    failures = [failure for j in judged.values() for failure in j.failures]
    assert not failures, "\n".join(failures[:20])
    if mode is GenerationMode.NEGATIVE:  # the judge had refusals to judge
        assert sum(j.refused_by_openapi_core for j in judged.values()), judged
