"""What the run may do on a Bitrix24 target: call the `catalog.productImage.*` methods with
the given credentials, add pictures only to the given product, delete only pictures it added,
and delete those when it is done.

Picture ids are small integers, so a generated id may well name someone else's picture: a
delete is allowed only for an id this run created (an allow-list, not a deny-list), and an
add only to the given product, read from the JSON body as loosely as the server might.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_plus

import httpx

from ..client import Broken, TargetClient, WriteRefused, json_member, seconds_in
from ..samples import png
from .calls import METHOD_PREFIX, Credentials, Style
from .parameters import json_body, members, php_integer, query_parameters, rest_method

READ_METHODS = frozenset({"get", "list", "getfields"})
WRITE_METHODS = frozenset({"add", "delete"})
UNKNOWN_METHOD = "conformanceNoSuchMethod"
"""A method name no server has: calling it must answer ERROR_METHOD_NOT_FOUND."""
READ_HTTP_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BATCH_METHOD = "batch"
REFERENCE = "$result["
"""What starts a reference to an earlier command's result in a batch command."""
SLOT_TYPES = {"DETAIL_PICTURE": "detail", "PREVIEW_PICTURE": "preview"}
PAGE_SIZE = 50
LISTING_PAGES_AT_MOST = 50
# A spent rate limit (QUERY_LIMIT_EXCEEDED) lasts about a second on the vendor; a spent
# execution-time budget (OPERATION_TIME_LIMIT) minutes.
THROTTLED: dict[tuple[int, str], float] = {
    (503, "QUERY_LIMIT_EXCEEDED"): 1.0,
    (503, "OVERLOAD_LIMIT"): 1.0,
    (429, "OPERATION_TIME_LIMIT"): 60.0,
}
PROBE_FILE_NAME = "conformance-probe.png"


@dataclass(frozen=True)
class Picture:
    """A picture as a listing shows it (only what the run needs of it)."""

    id: int
    type: str


@dataclass
class Bitrix24Target:
    """The `TargetPolicy` of a Bitrix24 run, and what it has learnt about the target."""

    credentials: Credentials
    product_id: int
    other_product_id: int | None = None
    created: dict[int, int] = field(default_factory=dict)
    """Pictures this run added and has not seen deleted: id → product id."""
    deleted: dict[int, int] = field(default_factory=dict)
    """Pictures of the run a delete answered for, until a listing confirms they are gone."""
    deleted_yet_listed: set[int] = field(default_factory=set)
    """Pictures a delete answered `result: true` for that a later listing still showed."""
    run_ids: set[int] = field(default_factory=set)
    """Every picture id this run was given by an add (deleted ones included)."""
    existing: list[Picture] = field(default_factory=list)
    """The pictures on the product before the run: read-only for the whole run."""
    other_product_pictures: list[int] = field(default_factory=list)
    probe: int | None = None
    """A picture the run added before the schema-driven layer, for its get and delete."""

    @property
    def credential_headers(self) -> Mapping[str, str]:
        return {}

    @property
    def secrets(self) -> Mapping[str, str]:
        return self.credentials.secrets

    @property
    def style(self) -> Style:
        """The style of the run's own bookkeeping calls."""
        return self.credentials.styles[0]

    @property
    def protected_types(self) -> frozenset[str]:
        """Picture types the run may not add: a new one would remove a picture it did not add."""
        return frozenset(p.type for p in self.existing if p.type in SLOT_TYPES)

    def call(
        self, client: TargetClient, method: str, params: Mapping[str, Any], style: Style | None
    ) -> httpx.Response:
        style = style or self.style
        path = self.credentials.path(method, style)
        return client.send("POST", path, json=self.credentials.body(params, style))

    def guard(self, request: httpx.Request) -> None:
        """Refuse a call that could change anything but the pictures this run added."""
        method, path = request.method, request.url.path
        called = rest_method(path)
        if called is None or not path.startswith("/rest/") or called == "download":
            if method not in READ_HTTP_METHODS:
                raise WriteRefused(method, path, "not a method of the contract")
            return
        if called == BATCH_METHOD:
            self._guard_batch(request)
            return
        name = self._contract_method(method, path, called)
        if name in WRITE_METHODS:
            self._guard_write(request, name)

    @staticmethod
    def reads(method: str, path: str) -> bool:
        """Whether a call only reads (`--read-only`): get, list and getFields, by any
        transport; a file by a reading HTTP method; never a batch, nor a method the contract
        does not name."""
        called = rest_method(path)
        if called is None or not path.startswith("/rest/") or called == "download":
            return method.upper() in READ_HTTP_METHODS
        name = called.removeprefix(METHOD_PREFIX.lower())
        return called.startswith(METHOD_PREFIX.lower()) and name in READ_METHODS

    @staticmethod
    def _contract_method(method: str, path: str, called: str) -> str:
        """The contract's name of `called` (`add`, `list`, ...); refused if it has none."""
        name = called.removeprefix(METHOD_PREFIX.lower())
        if not called.startswith(METHOD_PREFIX.lower()) or name not in (
            READ_METHODS | WRITE_METHODS | {UNKNOWN_METHOD.lower()}
        ):
            raise WriteRefused(method, path, f"{called} is not a method of the contract")
        return name

    def _guard_batch(self, request: httpx.Request) -> None:
        """Each command of a batch is judged as the call it stands for; a write must name
        what it writes to outright (a reference to an earlier result cannot be checked)."""
        method, path = request.method, request.url.path
        if request.url.query:
            raise WriteRefused(method, path, "batch parameters in the query string")
        readable, body = json_body(request.read())
        if not readable:
            raise WriteRefused(method, path, "a batch body that is not JSON")
        for cmd in members(body, "cmd"):
            commands = (
                cmd.values() if isinstance(cmd, dict) else cmd if isinstance(cmd, list) else []
            )
            for command in commands:
                if isinstance(command, str):
                    self._guard_command(method, path, command)

    def _guard_command(self, method: str, path: str, command: str) -> None:
        called, _, query = command.partition("?")
        name = self._contract_method(method, path, called.strip().lower().removesuffix(".json"))
        if name not in WRITE_METHODS:
            return
        if REFERENCE in unquote_plus(query):
            raise WriteRefused(method, path, f"a {name} naming an earlier command's result")
        params = query_parameters(query)
        reason = self._add_refusal(params) if name == "add" else self._delete_refusal(params)
        if reason is not None:
            raise WriteRefused(method, path, f"in a batch, {reason}")

    def _guard_write(self, request: httpx.Request, name: str) -> None:
        method, path = request.method, request.url.path
        if request.url.query:
            raise WriteRefused(method, path, "parameters in the query string")
        readable, body = json_body(request.read())
        if not readable:
            raise WriteRefused(method, path, "a body that is not JSON")
        reason = self._add_refusal(body) if name == "add" else self._delete_refusal(body)
        if reason is not None:
            raise WriteRefused(method, path, reason)

    def _add_refusal(self, body: Any) -> str | None:
        for fields in members(body, "fields"):
            for value in members(fields, "productId"):
                product = php_integer(value)
                if product is not None and product > 0 and product != self.product_id:
                    return f"an add to product {product}"
            if any(self._takes_protected_slot(value) for value in members(fields, "type")):
                return "a picture that would replace one the run did not add"
        return None

    def _delete_refusal(self, body: Any) -> str | None:
        for value in members(body, "id"):
            picture = php_integer(value)
            if picture is not None and picture > 0 and picture not in self.run_ids:
                return f"picture {picture}, which the run did not add"
        return None

    def _takes_protected_slot(self, value: Any) -> bool:
        protected = self.protected_types
        if not protected:
            return False
        if not isinstance(value, str):
            return True  # what a server makes of it is anyone's guess
        return any(SLOT_TYPES[kind] in value.lower() for kind in protected)

    def learn(self, request: httpx.Request, response: httpx.Response | None) -> list[Broken]:
        """Track the pictures this run added, and those it was told are deleted (the cleanup
        believes a listing, not an answer)."""
        name = (rest_method(request.url.path) or "").removeprefix(METHOD_PREFIX.lower())
        readable, body = json_body(request.read())
        if response is None or response.status_code != 200:
            return []
        if name not in WRITE_METHODS or not readable:
            return []
        result = json_member(response, "result")
        if name == "add" and isinstance(result, dict):
            picture = result.get("productImage")
            if isinstance(picture, dict) and isinstance(picture.get("id"), int):
                fields = members(body, "fields")
                products = [php_integer(v) for f in fields for v in members(f, "productId")]
                self.created[picture["id"]] = next(filter(None, products), self.product_id)
                self.run_ids.add(picture["id"])
        elif name == "delete" and result is True:
            picture_id = next((php_integer(v) for v in members(body, "id")), None)
            product = next((php_integer(v) for v in members(body, "productId")), None)
            if picture_id is not None and self.created.get(picture_id) == product:
                self.deleted[picture_id] = self.created.pop(picture_id)
        return []

    def retry_after(self, response: httpx.Response) -> float | None:
        code = json_member(response, "error")
        default = THROTTLED.get((response.status_code, str(code)))
        if default is None:
            return None
        return seconds_in(response.headers.get("Retry-After"), default=default)

    def learn_existing_pictures(self, client: TargetClient) -> None:
        """What the products hold before the run: read-only from then on."""
        listed = self.listing(client, self.product_id) or []
        self.existing = [
            Picture(item["id"], str(item.get("type")))
            for item in listed
            if isinstance(item.get("id"), int)
        ]
        if self.other_product_id is not None:
            others = self.listing(client, self.other_product_id) or []
            self.other_product_pictures = [
                item["id"] for item in others if isinstance(item.get("id"), int)
            ]

    def add_probe(self, client: TargetClient) -> int | None:
        """Add one further photo for the schema-driven layer's get and delete to name."""
        fields = {"productId": self.product_id, "type": "MORE_PHOTO"}
        content = [PROBE_FILE_NAME, base64.b64encode(png(7, 7, 7)).decode()]
        response = self.call(client, "add", {"fields": fields, "fileContent": content}, None)
        result = json_member(response, "result")
        picture = result.get("productImage") if isinstance(result, dict) else None
        self.probe = picture.get("id") if isinstance(picture, dict) else None
        if not isinstance(self.probe, int):
            self.probe = None
        return self.probe

    def listing(self, client: TargetClient, product: int) -> list[dict[str, Any]] | None:
        """Every picture of a product, page after page; None if a page is not a listing."""
        items: list[dict[str, Any]] = []
        start: object = 0
        for _ in range(LISTING_PAGES_AT_MOST):
            response = self.call(client, "list", {"productId": product, "start": start}, None)
            result = json_member(response, "result")
            page = result.get("productImages") if isinstance(result, dict) else None
            if response.status_code != 200 or not isinstance(page, list):
                return None
            items += [item for item in page if isinstance(item, dict)]
            start = json_member(response, "next")
            if not isinstance(start, int) or start <= 0:
                break
        return items

    def cleanup(self, client: TargetClient) -> list[str]:
        """Delete every picture this run added; those still listed afterwards."""
        for picture_id, product in list(self.created.items()):
            self.call(client, "delete", {"productId": product, "id": picture_id}, None)
        added = {**self.deleted, **self.created}
        for product in sorted(set(added.values())):
            listed = self.listing(client, product)
            if listed is None:
                continue
            still = {item.get("id") for item in listed}
            for picture_id in [p for p, of in added.items() if of == product]:
                if self.deleted.pop(picture_id, None) is not None and picture_id in still:
                    self.deleted_yet_listed.add(picture_id)
                if picture_id in still:
                    self.created[picture_id] = product
                else:
                    self.created.pop(picture_id, None)
        return [f"picture {p} of product {of}" for p, of in sorted(self.created.items())]
