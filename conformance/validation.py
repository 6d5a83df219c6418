"""Response validation with openapi-core, independent of Schemathesis' own.

Every exchange the suite records is replayed through openapi-core's werkzeug integration
against the documented view of the 3.1 contract.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from openapi_core import OpenAPI
from openapi_core.configurations import Config
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import PathNotFound
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response as WerkzeugResponse

from .client import Exchange

RULE = "openapi_core_response_validation"


@dataclass(frozen=True)
class Violation:
    exchange: Exchange
    message: str


class ResponseValidator:
    """Validates recorded responses against the documented view, served from `base_url`."""

    def __init__(
        self,
        documented: dict[str, Any],
        base_url: str,
        media_type_deserializers: Mapping[str, Callable[[bytes], Any]],
    ) -> None:
        document = copy.deepcopy(documented)
        document["servers"] = [{"url": base_url.rstrip("/")}]
        # JSON under a vendor's own media types (problem+json, ...), unknown to openapi-core.
        config = Config(extra_media_type_deserializers=dict(media_type_deserializers))
        self.openapi = OpenAPI.from_dict(document, config=config)

    def violation(self, exchange: Exchange) -> Violation | None:
        """What is wrong with the exchange's response; None when it conforms (or when the
        request was not to a contract operation, such as an image file)."""
        try:
            self.openapi.validate_response(_request(exchange), _response(exchange))
        except PathNotFound:
            return None
        except Exception as error:  # openapi-core raises one class per kind of mismatch
            return Violation(exchange, _describe(error))
        return None


def _request(exchange: Exchange) -> WerkzeugOpenAPIRequest:
    url = exchange.url
    base, _, query = url.partition("?")
    scheme, _, rest = base.partition("://")
    host, _, path = rest.partition("/")
    builder = EnvironBuilder(
        method=exchange.method,
        base_url=f"{scheme}://{host}",
        path="/" + path,
        query_string=query,
        headers=[(k, v) for k, v in exchange.request_headers.items() if k.lower() != "host"],
        data=exchange.request_body,
    )
    return WerkzeugOpenAPIRequest(builder.get_request())


def _response(exchange: Exchange) -> WerkzeugOpenAPIResponse:
    return WerkzeugOpenAPIResponse(
        WerkzeugResponse(
            exchange.content,
            status=exchange.status,
            headers=list(exchange.response_headers.items()),
        )
    )


def _describe(error: Exception) -> str:
    causes = [str(error)]
    inner = getattr(error, "schema_errors", None) or []
    causes += [str(getattr(item, "message", item)) for item in inner][:3]
    cause = error.__cause__
    if cause is not None:
        causes.append(str(cause))
        causes += [
            str(getattr(item, "message", item)) for item in getattr(cause, "schema_errors", [])
        ][:3]
    return "; ".join(dict.fromkeys(causes))
