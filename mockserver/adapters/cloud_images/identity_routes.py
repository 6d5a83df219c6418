"""The identity endpoint in front of Cloud Images: the part of Keystone's v3 API that
OpenStack's clients and Tempest use with pre-provisioned accounts, at `/identity`.

Tokens are issued for a password or a token (`POST /v3/auth/tokens`, the secret in
`X-Subject-Token`), checked and revoked; the catalog points at this mock's Images API (or
the seed's `image_endpoint`) and at this endpoint; projects and users are looked up as
Keystone's default policies allow. Bodies and errors are Keystone's.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import Scope

from ...domain.errors import DomainError
from ...domain.identity import (
    AuthenticationFailed,
    Identity,
    IdentityActionForbidden,
    IdentityEntityNotFound,
    IssuedToken,
    TokenNotFound,
)
from ...domain.identity_users import DEFAULT_DOMAIN, DEFAULT_DOMAIN_NAME, role_id
from ...domain.image_records import Project, RegistrySeed
from .identity_requests import MalformedAuthRequest, bounded_body, read_auth_request

ROOT = "/identity"
KEYSTONE_TIME = "%Y-%m-%dT%H:%M:%S.000000Z"
REGION = "RegionOne"
JSON = "application/json"
MEDIA_TYPES = [{"base": JSON, "type": "application/vnd.openstack.identity-v3+json"}]
DOMAIN = {"id": DEFAULT_DOMAIN, "name": DEFAULT_DOMAIN_NAME}
STATUS_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    413: "Request Entity Too Large",
}
Handler = Callable[[Request], Awaitable[Response]]


def identity_routes(
    identity: Identity, base_url: Callable[[Scope], str], image_endpoint: str | None
) -> list[BaseRoute]:
    """Keystone's version documents and the v3 calls, under `/identity`."""
    api = IdentityApi(identity, base_url, image_endpoint)
    calls: list[tuple[str, Handler, list[str]]] = [
        ("", api.versions, ["GET"]),
        ("/", api.versions, ["GET"]),
        ("/v3", api.version, ["GET"]),
        ("/v3/", api.version, ["GET"]),
        ("/v3/auth/tokens", api.issue, ["POST"]),
        ("/v3/auth/tokens", api.validate, ["GET", "HEAD"]),
        ("/v3/auth/tokens", api.revoke, ["DELETE"]),
        ("/v3/auth/catalog", api.catalog, ["GET"]),
        ("/v3/auth/projects", api.auth_projects, ["GET"]),
        ("/v3/projects", api.list_projects, ["GET"]),
        ("/v3/projects/{project_id}", api.show_project, ["GET"]),
        ("/v3/users", api.list_users, ["GET"]),
        ("/v3/users/{user_id}", api.show_user, ["GET"]),
        ("/v3/users/{user_id}/projects", api.user_projects, ["GET"]),
    ]
    return [Route(ROOT + path, answering_errors(call), methods=m) for path, call, m in calls]


def identity_lines(seed: RegistrySeed, base_url: str) -> list[str]:
    """The banner's lines for the identity endpoint: its first user who may write, and an
    `openstack` command that logs in as that user."""
    user = next((u for u in seed.identity.users if _writes(u.assignments[0].roles)), None)
    if user is None:
        return []
    project = next(p for p in seed.projects if p.id == user.default_project_id)
    auth_url = f"{base_url}{ROOT}"
    options = {
        "--os-auth-url": auth_url,
        "--os-identity-api-version": "3",
        "--os-username": user.name,
        "--os-password": user.password,
        "--os-project-name": project.name,
        "--os-user-domain-name": DEFAULT_DOMAIN_NAME,
        "--os-project-domain-name": DEFAULT_DOMAIN_NAME,
    }
    command = " ".join(f"{name} {shlex.quote(value)}" for name, value in options.items())
    return [
        f"  Identity (Keystone v3) {auth_url}: user {user.name}, password {user.password},"
        f" project {project.name}",
        f"  openstack {command} image list",
    ]


def _writes(roles: tuple[str, ...]) -> bool:
    return "admin" in roles or "member" in roles


def keystone_error(error: DomainError | MalformedAuthRequest) -> Response:
    status = _status_of(error)
    body = {"error": {"code": status, "message": str(error), "title": STATUS_TITLES[status]}}
    headers = {"WWW-Authenticate": 'Keystone uri="/identity"'} if status == 401 else None
    return Response(json.dumps(body), status, headers=headers, media_type=JSON)


def _status_of(error: DomainError | MalformedAuthRequest) -> int:
    if isinstance(error, MalformedAuthRequest):
        return error.status
    if isinstance(error, AuthenticationFailed):
        return 401
    if isinstance(error, IdentityActionForbidden):
        return 403
    if isinstance(error, TokenNotFound | IdentityEntityNotFound):
        return 404
    return 401


def answering_errors(handler: Handler) -> Handler:
    async def answer(request: Request) -> Response:
        try:
            return await handler(request)
        except (DomainError, MalformedAuthRequest) as error:
            return keystone_error(error)

    return answer


class IdentityApi:
    def __init__(
        self, identity: Identity, base_url: Callable[[Scope], str], image_endpoint: str | None
    ) -> None:
        self.identity = identity
        self.base_url = base_url
        self.image_endpoint = image_endpoint

    async def versions(self, request: Request) -> Response:
        body = {"versions": {"values": [self._version(request)]}}
        return _json(body, 300)

    async def version(self, request: Request) -> Response:
        return _json({"version": self._version(request)})

    async def issue(self, request: Request) -> Response:
        proof, scope = read_auth_request(await bounded_body(request))
        token = self.identity.issue(proof, scope)
        return self._token_answer(request, token, 201, with_catalog=True)

    async def validate(self, request: Request) -> Response:
        caller = self._caller(request)
        token = self.identity.inspect(caller, request.headers.get("x-subject-token", ""))
        with_catalog = "nocatalog" not in request.query_params
        answer = self._token_answer(request, token, 200, with_catalog=with_catalog)
        return (
            Response(status_code=200, headers=answer.headers)
            if request.method == "HEAD"
            else answer
        )

    async def revoke(self, request: Request) -> Response:
        caller = self._caller(request)
        self.identity.revoke(caller, request.headers.get("x-subject-token", ""))
        return Response(status_code=204)

    async def catalog(self, request: Request) -> Response:
        self._caller(request)
        base = _base(self.base_url(request.scope))
        return _json({"catalog": self._catalog(base), "links": _links(base, "/v3/auth/catalog")})

    async def auth_projects(self, request: Request) -> Response:
        caller = self._caller(request)
        projects = self.identity.projects_of(caller, caller.user_id)
        return self._projects(request, projects, "/v3/auth/projects")

    async def list_projects(self, request: Request) -> Response:
        caller = self._caller(request)
        projects = self.identity.find_projects(caller, request.query_params.get("name"))
        return self._projects(request, projects, "/v3/projects")

    async def show_project(self, request: Request) -> Response:
        caller = self._caller(request)
        project = self.identity.show_project(caller, request.path_params["project_id"])
        return _json({"project": _project(project, _base(self.base_url(request.scope)))})

    async def list_users(self, request: Request) -> Response:
        caller = self._caller(request)
        users = self.identity.find_users(caller, request.query_params.get("name"))
        base = _base(self.base_url(request.scope))
        body = {
            "users": [_user(u.id, u.name, base) for u in users],
            "links": _links(base, "/v3/users"),
        }
        return _json(body)

    async def show_user(self, request: Request) -> Response:
        caller = self._caller(request)
        user = self.identity.show_user(caller, request.path_params["user_id"])
        base = _base(self.base_url(request.scope))
        body = _user(user.id, user.name, base)
        body["default_project_id"] = user.default_project_id
        return _json({"user": body})

    async def user_projects(self, request: Request) -> Response:
        caller = self._caller(request)
        projects = self.identity.projects_of(caller, request.path_params["user_id"])
        return self._projects(request, projects, request.url.path.removeprefix(ROOT))

    def _caller(self, request: Request) -> IssuedToken:
        try:
            return self.identity.validate(request.headers.get("x-auth-token", ""))
        except TokenNotFound:
            raise AuthenticationFailed() from None

    def _version(self, request: Request) -> dict[str, Any]:
        return {
            "id": "v3.14",
            "status": "stable",
            "updated": "2020-04-07T00:00:00Z",
            "links": [{"rel": "self", "href": _base(self.base_url(request.scope)) + "/v3/"}],
            "media-types": MEDIA_TYPES,
        }

    def _projects(self, request: Request, projects: list[Project], path: str) -> Response:
        base = _base(self.base_url(request.scope))
        return _json(
            {"projects": [_project(p, base) for p in projects], "links": _links(base, path)}
        )

    def _token_answer(
        self, request: Request, token: IssuedToken, status: int, with_catalog: bool
    ) -> Response:
        user = self.identity.user(token.user_id)
        project = self.identity.project(token.project_id)
        body: dict[str, Any] = {
            "methods": list(token.methods),
            "user": {**_user_ref(user.id, user.name), "password_expires_at": None},
            "audit_ids": [token.audit_id],
            "expires_at": _time(token.expires_at),
            "issued_at": _time(token.issued_at),
            "project": {"id": project.id, "name": project.name, "domain": DOMAIN},
            "is_domain": False,
            "roles": [{"id": role_id(role), "name": role} for role in token.roles],
        }
        if with_catalog:
            body["catalog"] = self._catalog(_base(self.base_url(request.scope)))
        return _json({"token": body}, status, headers={"X-Subject-Token": token.id})

    def _catalog(self, identity_base: str) -> list[dict[str, Any]]:
        mock_base = identity_base.removesuffix(ROOT)
        image = (self.image_endpoint or mock_base).rstrip("/")
        return [
            _service("image", "glance", image),
            _service("identity", "keystone", identity_base + "/v3"),
        ]


def _service(kind: str, name: str, url: str) -> dict[str, Any]:
    endpoints = [
        {
            "id": role_id(f"{kind}:{interface}"),
            "interface": interface,
            "region": REGION,
            "region_id": REGION,
            "url": url,
        }
        for interface in ("public", "internal", "admin")
    ]
    return {"id": role_id(kind), "type": kind, "name": name, "endpoints": endpoints}


def _project(project: Project, base: str) -> dict[str, Any]:
    return {
        "id": project.id,
        "name": project.name,
        "domain_id": DEFAULT_DOMAIN,
        "description": "",
        "enabled": True,
        "is_domain": False,
        "parent_id": DEFAULT_DOMAIN,
        "tags": [],
        "options": {},
        "links": {"self": f"{base}/v3/projects/{project.id}"},
    }


def _user_ref(user_id: str, name: str) -> dict[str, Any]:
    return {"id": user_id, "name": name, "domain": DOMAIN}


def _user(user_id: str, name: str, base: str) -> dict[str, Any]:
    return {
        "id": user_id,
        "name": name,
        "domain_id": DEFAULT_DOMAIN,
        "enabled": True,
        "password_expires_at": None,
        "options": {},
        "links": {"self": f"{base}/v3/users/{user_id}"},
    }


def _links(base: str, path: str) -> dict[str, Any]:
    return {"self": base + path, "previous": None, "next": None}


def _base(mock_base: str) -> str:
    return mock_base.rstrip("/") + ROOT


def _time(moment: datetime) -> str:
    return moment.strftime(KEYSTONE_TIME)


def _json(
    body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(json.dumps(body), status, headers=headers, media_type=JSON)
