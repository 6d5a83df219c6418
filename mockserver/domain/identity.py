"""The identity service in front of a registry of images: users who hold roles on its
projects, and the tokens they are issued (OpenStack Keystone's model, scoped to projects).

- A user is named once in its domain and holds roles on one or more projects; the first of
  them is its default project, which an unscoped request is scoped to.
- A token is issued for a password or for another valid token, scoped to a project the user
  holds a role on, and carries those roles. It is valid until it expires or is revoked; it
  is a value of the store, so every process serving the same store accepts it.
- Looking a project or a user up is for an administrator, or for the user itself and the
  projects it holds a role on, as Keystone's default policies allow.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .errors import DomainError
from .identity_users import DEFAULT_DOMAIN, DEFAULT_DOMAIN_NAME, IdentitySeed, User
from .image_records import Project
from .sources import Sources
from .store import Store, Table

ADMIN_ROLE = "admin"
MEMBER_ROLE = "member"
TOKEN_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True)
class IssuedToken:
    id: str
    user_id: str
    project_id: str
    roles: tuple[str, ...]
    methods: tuple[str, ...]
    issued_at: datetime
    expires_at: datetime
    audit_id: str

    @property
    def admin(self) -> bool:
        return ADMIN_ROLE in self.roles


TOKENS: Table[IssuedToken] = Table(
    "cloud_images.tokens", IssuedToken, lifetime=TOKEN_LIFETIME.total_seconds()
)


@dataclass(frozen=True)
class PasswordProof:
    """A user named by id, or by name within a domain named by id or name, and a password."""

    password: str
    user_id: str | None = None
    user_name: str | None = None
    domain: str = DEFAULT_DOMAIN


@dataclass(frozen=True)
class TokenProof:
    token: str


@dataclass(frozen=True)
class ProjectScope:
    """A project named by id, or by name within a domain named by id or name; None: the
    user's default project."""

    project_id: str | None = None
    project_name: str | None = None
    domain: str = DEFAULT_DOMAIN


@dataclass
class AuthenticationFailed(DomainError):
    """The proof names no user, a wrong password, an invalid token, or a scope the user holds
    no role on: Keystone says no more than that."""

    def __str__(self) -> str:
        return "The request you have made requires authentication."


@dataclass
class TokenNotFound(DomainError):
    token: str

    def __str__(self) -> str:
        return f"Could not find token: {self.token}."


@dataclass
class IdentityActionForbidden(DomainError):
    action: str

    def __str__(self) -> str:
        return f"You are not authorized to perform the requested action: identity:{self.action}."


@dataclass
class IdentityEntityNotFound(DomainError):
    kind: str
    entity_id: str

    def __str__(self) -> str:
        return f"Could not find {self.kind}: {self.entity_id}."


@dataclass(frozen=True)
class Identity:
    """The users and projects of one seed, and the tokens issued to them in one store."""

    seed: IdentitySeed
    projects: tuple[Project, ...]
    store: Store
    sources: Sources = field(default_factory=Sources)
    new_secret: Callable[[], str] = lambda: "gAAAAA" + uuid.uuid4().hex + uuid.uuid4().hex

    def issue(self, proof: PasswordProof | TokenProof, scope: ProjectScope | None) -> IssuedToken:
        """A new token for the proven user, scoped to the project asked for (or its default)."""
        user, methods = self._prove(proof)
        project_id = self._scoped_project(user, scope)
        roles = user.roles_on(project_id) if project_id else ()
        if not roles:
            raise AuthenticationFailed()
        now = self.sources.clock()
        token = IssuedToken(
            self.new_secret(),
            user.id,
            project_id or "",
            roles,
            methods,
            now,
            now + TOKEN_LIFETIME,
            self.sources.new_id().hex[:22],
        )
        return self.store.change(TOKENS, token.id, lambda _old: (token, token))

    def validate(self, secret: str) -> IssuedToken:
        """The token a secret is, while it is valid; else `TokenNotFound`."""
        token = self.store.read(TOKENS, secret)
        if token is None or token.expires_at <= self.sources.clock():
            raise TokenNotFound(secret)
        return token

    def inspect(self, caller: IssuedToken, secret: str) -> IssuedToken:
        """The token `secret`, for a caller who may see it: itself, or an administrator."""
        if secret != caller.id and not caller.admin:
            raise IdentityActionForbidden("validate_token")
        return self.validate(secret)

    def revoke(self, caller: IssuedToken, secret: str) -> None:
        self.inspect(caller, secret)
        self.store.change(TOKENS, secret, lambda _old: (None, None))

    def caller(self, secret: str) -> Project | None:
        """The registry's caller a valid token acts as: its project, admin by its roles."""
        try:
            token = self.validate(secret)
        except TokenNotFound:
            return None
        project = self.project(token.project_id)
        writer = token.admin or MEMBER_ROLE in token.roles
        return Project(project.id, project.name, admin=token.admin, reader=not writer)

    def user(self, user_id: str) -> User:
        found = next((u for u in self.seed.users if u.id == user_id), None)
        if found is None:
            raise IdentityEntityNotFound("user", user_id)
        return found

    def project(self, project_id: str) -> Project:
        found = next((p for p in self.projects if p.id == project_id), None)
        if found is None:
            raise IdentityEntityNotFound("project", project_id)
        return found

    def show_project(self, caller: IssuedToken, project_id: str) -> Project:
        if not caller.admin and caller.project_id != project_id:
            raise IdentityActionForbidden("get_project")
        return self.project(project_id)

    def find_projects(self, caller: IssuedToken, name: str | None) -> list[Project]:
        if not caller.admin:
            raise IdentityActionForbidden("list_projects")
        return [p for p in self.projects if name is None or p.name == name]

    def show_user(self, caller: IssuedToken, wanted: str) -> User:
        if not caller.admin and caller.user_id != wanted:
            raise IdentityActionForbidden("get_user")
        return self.user(wanted)

    def find_users(self, caller: IssuedToken, name: str | None) -> list[User]:
        if not caller.admin:
            raise IdentityActionForbidden("list_users")
        return [u for u in self.seed.users if name is None or u.name == name]

    def projects_of(self, caller: IssuedToken, wanted: str) -> list[Project]:
        """The projects a user holds roles on: for the user itself, or an administrator."""
        if not caller.admin and caller.user_id != wanted:
            raise IdentityActionForbidden("list_user_projects")
        user = self.user(wanted)
        return [self.project(a.project_id) for a in user.assignments]

    def _prove(self, proof: PasswordProof | TokenProof) -> tuple[User, tuple[str, ...]]:
        if isinstance(proof, TokenProof):
            try:
                token = self.validate(proof.token)
            except TokenNotFound:
                raise AuthenticationFailed() from None
            return self.user(token.user_id), token.methods
        if proof.domain not in (DEFAULT_DOMAIN, DEFAULT_DOMAIN_NAME):
            raise AuthenticationFailed()
        user = next(
            (
                u
                for u in self.seed.users
                if (proof.user_id is not None and u.id == proof.user_id)
                or (proof.user_id is None and u.name == proof.user_name)
            ),
            None,
        )
        if user is None or user.password != proof.password:
            raise AuthenticationFailed()
        return user, ("password",)

    def _scoped_project(self, user: User, scope: ProjectScope | None) -> str | None:
        if scope is None:
            return user.default_project_id
        if scope.domain not in (DEFAULT_DOMAIN, DEFAULT_DOMAIN_NAME):
            raise AuthenticationFailed()
        for project in self.projects:
            if scope.project_id == project.id or (
                scope.project_id is None and scope.project_name == project.name
            ):
                return project.id
        raise AuthenticationFailed()
