"""The identity service on its own: who gets a token, for which project, with which roles,
and who may look up projects, users and other tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mockserver.domain.identity import (
    TOKEN_LIFETIME,
    AuthenticationFailed,
    Identity,
    IdentityActionForbidden,
    IdentityEntityNotFound,
    PasswordProof,
    ProjectScope,
    TokenNotFound,
    TokenProof,
)
from mockserver.domain.identity_users import seeded_users, user_id
from mockserver.domain.image_records import Project
from mockserver.domain.memory_store import MemoryStore
from mockserver.domain.sources import Sources

DEMO = Project("p-demo", "demo")
OTHER = Project("p-other", "other")
USERS = seeded_users(
    [
        ("p-demo", "alice", "a-pass", ("member", "reader")),
        ("p-demo", "root", "r-pass", ("admin", "member")),
        ("p-other", "bob", "b-pass", ("member",)),
        ("p-other", "alice", "a-pass", ("reader",)),
    ]
)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def identity(clock: Clock) -> Identity:
    return Identity(USERS, (DEMO, OTHER), MemoryStore(), Sources(clock=clock))


def password(name: str, secret: str) -> PasswordProof:
    return PasswordProof(secret, user_name=name)


def test_a_password_gets_a_token_for_the_users_default_project(identity: Identity) -> None:
    token = identity.issue(password("alice", "a-pass"), None)
    assert (token.project_id, token.roles, token.methods) == (
        "p-demo",
        ("member", "reader"),
        ("password",),
    )


def test_a_scope_by_name_picks_the_project_and_its_roles(identity: Identity) -> None:
    token = identity.issue(password("alice", "a-pass"), ProjectScope(project_name="other"))
    assert (token.project_id, token.roles) == ("p-other", ("reader",))


def test_a_user_named_by_id_authenticates(identity: Identity) -> None:
    proof = PasswordProof("b-pass", user_id=user_id("bob"))
    assert identity.issue(proof, None).user_id == user_id("bob")


@pytest.mark.parametrize(
    ("proof", "scope"),
    [
        (password("alice", "wrong"), None),
        (password("nobody", "a-pass"), None),
        (PasswordProof("a-pass", user_name="alice", domain="elsewhere"), None),
        (password("bob", "b-pass"), ProjectScope(project_id="p-demo")),
        (password("bob", "b-pass"), ProjectScope(project_name="missing")),
        (TokenProof("gAAAAA-never-issued"), None),
    ],
)
def test_what_proves_nothing_is_refused_alike(
    identity: Identity, proof: PasswordProof | TokenProof, scope: ProjectScope | None
) -> None:
    with pytest.raises(AuthenticationFailed):
        identity.issue(proof, scope)


def test_a_token_buys_another_token_with_the_same_methods(identity: Identity) -> None:
    first = identity.issue(password("alice", "a-pass"), None)
    second = identity.issue(TokenProof(first.id), ProjectScope(project_id="p-other"))
    assert second.id != first.id
    assert (second.project_id, second.methods) == ("p-other", ("password",))


def test_a_token_acts_as_its_project_with_admin_by_its_roles(identity: Identity) -> None:
    member = identity.issue(password("alice", "a-pass"), None)
    admin = identity.issue(password("root", "r-pass"), None)
    assert identity.caller(member.id) == Project("p-demo", "demo", admin=False)
    assert identity.caller(admin.id) == Project("p-demo", "demo", admin=True)
    assert identity.caller("gAAAAA-unknown") is None


def test_a_token_expires_after_its_lifetime(identity: Identity, clock: Clock) -> None:
    token = identity.issue(password("alice", "a-pass"), None)
    clock.now += TOKEN_LIFETIME - timedelta(seconds=1)
    assert identity.validate(token.id) == token
    clock.now += timedelta(seconds=1)
    with pytest.raises(TokenNotFound):
        identity.validate(token.id)
    assert identity.caller(token.id) is None


def test_a_revoked_token_is_no_longer_valid(identity: Identity) -> None:
    token = identity.issue(password("alice", "a-pass"), None)
    identity.revoke(token, token.id)
    with pytest.raises(TokenNotFound):
        identity.validate(token.id)


def test_only_an_admin_inspects_another_users_token(identity: Identity) -> None:
    alice = identity.issue(password("alice", "a-pass"), None)
    bob = identity.issue(password("bob", "b-pass"), None)
    root = identity.issue(password("root", "r-pass"), None)
    with pytest.raises(IdentityActionForbidden):
        identity.inspect(alice, bob.id)
    assert identity.inspect(root, bob.id) == bob
    assert identity.inspect(bob, bob.id) == bob


def test_a_member_sees_its_own_project_and_not_another(identity: Identity) -> None:
    bob = identity.issue(password("bob", "b-pass"), None)
    assert identity.show_project(bob, "p-other") == OTHER
    with pytest.raises(IdentityActionForbidden, match="identity:get_project"):
        identity.show_project(bob, "p-demo")


def test_an_admin_looks_up_any_project_and_lists_them_by_name(identity: Identity) -> None:
    root = identity.issue(password("root", "r-pass"), None)
    assert identity.show_project(root, "p-other") == OTHER
    assert identity.find_projects(root, "other") == [OTHER]
    with pytest.raises(IdentityEntityNotFound, match=r"Could not find project: nope\."):
        identity.show_project(root, "nope")


def test_listing_projects_and_users_is_for_admins(identity: Identity) -> None:
    alice = identity.issue(password("alice", "a-pass"), None)
    with pytest.raises(IdentityActionForbidden, match="list_projects"):
        identity.find_projects(alice, None)
    with pytest.raises(IdentityActionForbidden, match="list_users"):
        identity.find_users(alice, "bob")


def test_a_user_lists_its_own_projects_in_seed_order(identity: Identity) -> None:
    alice = identity.issue(password("alice", "a-pass"), None)
    assert identity.projects_of(alice, alice.user_id) == [DEMO, OTHER]
    with pytest.raises(IdentityActionForbidden):
        identity.projects_of(alice, user_id("bob"))


def test_tokens_live_in_the_store_every_process_shares(clock: Clock) -> None:
    store = MemoryStore()
    one = Identity(USERS, (DEMO, OTHER), store, Sources(clock=clock))
    two = Identity(USERS, (DEMO, OTHER), store, Sources(clock=clock))
    token = one.issue(password("bob", "b-pass"), None)
    assert two.validate(token.id) == token


def test_a_token_with_the_reader_role_alone_acts_as_a_reader(identity: Identity) -> None:
    reader = identity.issue(password("alice", "a-pass"), ProjectScope(project_id="p-other"))
    member = identity.issue(password("bob", "b-pass"), None)
    assert identity.caller(reader.id) == Project("p-other", "other", reader=True)
    assert identity.caller(member.id) == Project("p-other", "other", reader=False)
