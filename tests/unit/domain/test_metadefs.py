"""The catalog of metadata definitions on its own: who sees and changes a namespace, what a
create, update and delete do to it and what it holds, and how namespaces are listed."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mockserver.domain.image_records import Project
from mockserver.domain.memory_store import MemoryStore
from mockserver.domain.metadef_records import (
    MetadefDuplicate,
    MetadefNotFound,
    MetadefPolicyRefused,
    MetadefProtected,
    NamespaceHidden,
    NamespaceNotVisible,
    ReadOnlyAttribute,
)
from mockserver.domain.metadefs import MetadefCatalog, NamespaceQuery
from mockserver.domain.store import Store
from mockserver.store import open_store

MINE = Project("mine")
THEIRS = Project("theirs")
ADMIN = replace(MINE, admin=True)
CPU = {"title": "CPU", "type": "string", "enum": ["host"]}


def ticking_clock() -> Callable[[], datetime]:
    start = datetime(2026, 12, 1, tzinfo=UTC)
    seconds = itertools.count()
    return lambda: start + timedelta(seconds=next(seconds))


def a_catalog(store: Store | None = None) -> MetadefCatalog:
    return MetadefCatalog(store or MemoryStore(), ticking_clock())


@pytest.fixture
def catalog() -> MetadefCatalog:
    return a_catalog()


def names(catalog: MetadefCatalog, caller: Project, **query: Any) -> list[str]:
    page = catalog.list(caller, NamespaceQuery(**query))
    return [namespace.name for namespace in page.namespaces]


def test_only_the_admin_role_creates_a_namespace(catalog: MetadefCatalog) -> None:
    with pytest.raises(MetadefPolicyRefused, match="add_metadef_namespace"):
        catalog.create(MINE, {"namespace": "N"})
    assert names(catalog, ADMIN) == []


def test_a_new_namespace_is_private_unprotected_and_the_caller_project_s(
    catalog: MetadefCatalog,
) -> None:
    created = catalog.create(ADMIN, {"namespace": "N"})
    assert (created.visibility, created.protected, created.owner) == ("private", False, "mine")


def test_a_create_body_s_definitions_are_created_with_the_namespace(
    catalog: MetadefCatalog,
) -> None:
    catalog.create(
        ADMIN,
        {
            "namespace": "N",
            "resource_type_associations": [{"name": "OS::Glance::Image", "prefix": "hw_"}],
            "objects": [{"name": "O", "required": ["p"], "properties": {"p": CPU}}],
            "properties": {"cpu": CPU},
            "tags": [{"name": "a"}, {"name": "b"}],
        },
    )
    shown = catalog.show(MINE, "N")
    assert [a.prefix for a in shown.associations] == ["hw_"]
    assert shown.objects[0].required == ("p",)
    assert dict(shown.properties[0].schema) == CPU
    assert [t.name for t in catalog.contents.tags(MINE, "N")] == ["b", "a"]
    assert [k.name for k in catalog.resource_types()] == ["OS::Glance::Image"]


def test_a_create_refused_for_its_contents_stores_nothing(catalog: MetadefCatalog) -> None:
    with pytest.raises(MetadefDuplicate):
        catalog.create(ADMIN, {"namespace": "N", "objects": [{"name": "O"}, {"name": "O"}]})
    with pytest.raises(MetadefNotFound):
        catalog.show(ADMIN, "N")


def test_a_namespace_name_is_taken_once(catalog: MetadefCatalog) -> None:
    catalog.create(ADMIN, {"namespace": "N"})
    with pytest.raises(MetadefDuplicate, match="namespace=N already exists"):
        catalog.create(ADMIN, {"namespace": "N", "visibility": "public"})


def test_an_attribute_the_server_writes_is_refused(catalog: MetadefCatalog) -> None:
    with pytest.raises(ReadOnlyAttribute, match="'self'"):
        catalog.create(ADMIN, {"namespace": "N", "self": "/x"})


def test_another_project_s_private_namespace_is_not_there_for_it(
    catalog: MetadefCatalog,
) -> None:
    catalog.create(ADMIN, {"namespace": "N", "objects": [{"name": "O"}]})
    with pytest.raises(NamespaceHidden):
        catalog.show(THEIRS, "N")
    with pytest.raises(MetadefNotFound, match=r"^Namespace N not found$"):
        catalog.contents.objects(THEIRS, "N")
    with pytest.raises(MetadefNotFound, match=r"^Namespace N not found$"):
        catalog.delete(THEIRS, "N")
    assert names(catalog, THEIRS) == []
    assert names(catalog, MINE) == ["N"]


def test_a_public_namespace_is_seen_by_every_project(catalog: MetadefCatalog) -> None:
    catalog.create(ADMIN, {"namespace": "N", "visibility": "public"})
    assert catalog.show(THEIRS, "N").name == "N"


def test_a_member_who_sees_a_namespace_is_refused_by_the_policy_s_name(
    catalog: MetadefCatalog,
) -> None:
    catalog.create(ADMIN, {"namespace": "N", "tags": [{"name": "t"}]})
    with pytest.raises(MetadefPolicyRefused, match="delete_metadef_tag action"):
        catalog.contents.delete_tag(MINE, "N", "t")
    with pytest.raises(MetadefPolicyRefused, match="modify_metadef_namespace action"):
        catalog.update(MINE, "N", {"namespace": "N"})
    assert [t.name for t in catalog.contents.tags(MINE, "N")] == ["t"]


def test_nothing_is_deleted_from_a_protected_namespace(catalog: MetadefCatalog) -> None:
    catalog.create(
        ADMIN,
        {
            "namespace": "N",
            "protected": True,
            "resource_type_associations": [{"name": "R"}],
            "objects": [{"name": "O"}],
            "properties": {"p": CPU},
            "tags": [{"name": "t"}],
        },
    )
    refusals: list[Callable[[], None]] = [
        lambda: catalog.delete(ADMIN, "N"),
        lambda: catalog.delete_objects(ADMIN, "N"),
        lambda: catalog.contents.delete_object(ADMIN, "N", "O"),
        lambda: catalog.contents.delete_property(ADMIN, "N", "p"),
        lambda: catalog.contents.delete_tag(ADMIN, "N", "t"),
        lambda: catalog.contents.dissociate(ADMIN, "N", "R"),
    ]
    for refused in refusals:
        with pytest.raises(MetadefProtected):
            refused()
    shown = catalog.show(ADMIN, "N")
    assert (len(shown.objects), len(shown.properties), len(shown.tags)) == (1, 1, 1)


def test_an_update_clears_what_its_body_leaves_out(catalog: MetadefCatalog) -> None:
    catalog.create(
        ADMIN,
        {
            "namespace": "N",
            "description": "d",
            "visibility": "public",
            "protected": True,
            "owner": "theirs",
        },
    )
    updated = catalog.update(ADMIN, "N", {"namespace": "N"})
    assert (updated.description, updated.visibility, updated.protected, updated.owner) == (
        None,
        "private",
        False,
        "mine",
    )


def test_a_rename_moves_everything_in_the_namespace(catalog: MetadefCatalog) -> None:
    catalog.create(ADMIN, {"namespace": "N", "tags": [{"name": "t"}]})
    catalog.create(ADMIN, {"namespace": "M"})
    with pytest.raises(MetadefDuplicate, match="same name of M"):
        catalog.update(ADMIN, "N", {"namespace": "M"})
    catalog.update(ADMIN, "N", {"namespace": "L"})
    assert [t.name for t in catalog.contents.tags(ADMIN, "L")] == ["t"]
    with pytest.raises(MetadefNotFound):
        catalog.show(ADMIN, "N")


def test_namespaces_list_newest_first_or_sorted_and_page_after_a_marker(
    catalog: MetadefCatalog,
) -> None:
    for name in ("B", "C", "A"):
        catalog.create(ADMIN, {"namespace": name})
    assert names(catalog, ADMIN) == ["A", "C", "B"]
    by_name: dict[str, Any] = {"sort_key": "namespace", "descending": False}
    assert names(catalog, ADMIN, **by_name) == ["A", "B", "C"]
    page = catalog.list(ADMIN, NamespaceQuery(limit=2, **by_name))
    assert page.has_more
    assert names(catalog, ADMIN, marker="B", **by_name) == ["C"]
    with pytest.raises(MetadefNotFound, match="namespace=Z was not found"):
        names(catalog, ADMIN, marker="Z")
    catalog.update(ADMIN, "A", {"namespace": "A", "owner": "theirs"})
    with pytest.raises(NamespaceNotVisible, match="namespace=A is not visible"):
        names(catalog, MINE, marker="A")


def test_namespaces_filter_by_visibility_and_by_resource_type(catalog: MetadefCatalog) -> None:
    catalog.create(ADMIN, {"namespace": "P", "visibility": "public"})
    catalog.create(ADMIN, {"namespace": "Q", "resource_type_associations": [{"name": "R"}]})
    assert names(catalog, ADMIN, visibility="public") == ["P"]
    assert names(catalog, ADMIN, resource_types=("S", "R")) == ["Q"]


def test_several_tags_replace_the_namespace_s_tags_unless_appended(
    catalog: MetadefCatalog,
) -> None:
    catalog.create(ADMIN, {"namespace": "N", "tags": [{"name": "old"}]})
    catalog.contents.create_tags(ADMIN, "N", ["a"], append=True)
    assert {t.name for t in catalog.contents.tags(ADMIN, "N")} == {"old", "a"}
    created = catalog.contents.create_tags(ADMIN, "N", ["b", "c"], append=False)
    assert [t.name for t in created] == ["b", "c"]
    assert {t.name for t in catalog.contents.tags(ADMIN, "N")} == {"b", "c"}


def test_a_tag_the_namespace_has_refuses_the_whole_request(catalog: MetadefCatalog) -> None:
    catalog.create(ADMIN, {"namespace": "N", "tags": [{"name": "a"}]})
    with pytest.raises(MetadefDuplicate, match="name=a already exists"):
        catalog.contents.create_tags(ADMIN, "N", ["b", "a"], append=True)
    assert [t.name for t in catalog.contents.tags(ADMIN, "N")] == ["a"]


def test_objects_properties_and_tags_are_renamed_within_their_namespace(
    catalog: MetadefCatalog,
) -> None:
    catalog.create(
        ADMIN,
        {
            "namespace": "N",
            "objects": [{"name": "O"}, {"name": "P"}],
            "properties": {"p": CPU},
            "tags": [{"name": "t"}, {"name": "u"}],
        },
    )
    contents = catalog.contents
    with pytest.raises(MetadefDuplicate):
        contents.update_object(ADMIN, "N", "O", {"name": "P"})
    assert contents.update_object(ADMIN, "N", "O", {"name": "Q"}).name == "Q"
    assert contents.update_property(ADMIN, "N", "p", {"name": "q", **CPU}).name == "q"
    with pytest.raises(MetadefDuplicate):
        contents.rename_tag(ADMIN, "N", "t", "u")
    assert contents.rename_tag(ADMIN, "N", "t", "v").name == "v"
    with pytest.raises(MetadefNotFound, match="Could not find metadata object O"):
        contents.object(ADMIN, "N", "O")


def test_a_resource_type_stays_when_its_association_goes(catalog: MetadefCatalog) -> None:
    catalog.create(ADMIN, {"namespace": "N"})
    catalog.contents.associate(ADMIN, "N", {"name": "R", "properties_target": "image"})
    with pytest.raises(MetadefDuplicate):
        catalog.contents.associate(ADMIN, "N", {"name": "R"})
    catalog.contents.dissociate(ADMIN, "N", "R")
    with pytest.raises(MetadefNotFound, match="Failed to find resource type R to delete"):
        catalog.contents.dissociate(ADMIN, "N", "R")
    assert [k.name for k in catalog.resource_types()] == ["R"]


def test_a_catalog_over_sqlite_reads_back_what_it_stored(tmp_path: Path) -> None:
    catalog = a_catalog(open_store(f"sqlite:///{tmp_path / 'state.db'}"))
    catalog.create(
        ADMIN,
        {"namespace": "N", "objects": [{"name": "O", "properties": {"p": CPU}}]},
    )
    reopened = a_catalog(open_store(f"sqlite:///{tmp_path / 'state.db'}"))
    assert dict(reopened.contents.object(MINE, "N", "O").properties["p"]) == CPU
