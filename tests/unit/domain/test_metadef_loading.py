"""Definitions loaded as a deployment's operator loads them: Glance's shipped files, each a
namespace with its contents, owned by the operator, and never over a namespace already
there."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from mockserver.adapters.cloud_images.shipped_metadefs import shipped_definitions
from mockserver.domain.image_records import Project
from mockserver.domain.memory_store import MemoryStore
from mockserver.domain.metadefs import OPERATOR, MetadefCatalog, NamespaceQuery

MINE = Project("mine")
EVERYTHING = NamespaceQuery(limit=1000)


def ticking_clock() -> Callable[[], datetime]:
    start = datetime(2026, 12, 1, tzinfo=UTC)
    seconds = itertools.count()
    return lambda: start + timedelta(seconds=next(seconds))


def a_catalog() -> MetadefCatalog:
    return MetadefCatalog(MemoryStore(), ticking_clock())


def test_glance_ships_its_definitions_as_one_file_per_namespace() -> None:
    shipped = shipped_definitions()
    names = [d["namespace"] for d in shipped]
    assert len(names) == 32
    assert len(set(names)) == len(names)
    assert "OS::Compute::Hypervisor" in names


def test_a_project_sees_the_public_ones_owned_by_the_operator() -> None:
    catalog = a_catalog()
    catalog.load(shipped_definitions())
    public = {d["namespace"] for d in shipped_definitions() if d.get("visibility") == "public"}
    seen = catalog.list(MINE, EVERYTHING).namespaces
    assert {n.name for n in seen} == public
    assert {n.owner for n in seen} == {OPERATOR}
    everything = catalog.list(Project("root", admin=True), EVERYTHING).namespaces
    assert len(everything) == len(shipped_definitions())


def test_each_namespace_keeps_what_its_file_gives() -> None:
    catalog = a_catalog()
    catalog.load(shipped_definitions())
    for definition in shipped_definitions():
        namespace = catalog.show(Project("root", admin=True), definition["namespace"])
        assert {p.name for p in namespace.properties} == set(definition.get("properties", {}))
        assert {o.name for o in namespace.objects} == {
            o["name"] for o in definition.get("objects", [])
        }
        assert {t.name for t in namespace.tags} == {t["name"] for t in definition.get("tags", [])}
        assert {a.resource_type for a in namespace.associations} == {
            a["name"] for a in definition.get("resource_type_associations", [])
        }


def test_the_resource_types_named_by_associations_are_created() -> None:
    catalog = a_catalog()
    catalog.load(shipped_definitions())
    named = {
        a["name"] for d in shipped_definitions() for a in d.get("resource_type_associations", [])
    }
    assert named <= {t.name for t in catalog.resource_types()}
    assert "OS::Glance::Image" in named


def test_a_namespace_already_there_is_left_as_it_is() -> None:
    catalog = a_catalog()
    root = Project("root", admin=True)
    catalog.create(root, {"namespace": "OS::Compute::Hypervisor", "description": "ours"})
    catalog.load(shipped_definitions())
    kept = catalog.show(root, "OS::Compute::Hypervisor")
    assert kept.description == "ours"
    assert kept.owner == "root"
    assert kept.properties == ()
    catalog.load(shipped_definitions())  # twice: nothing added, nothing refused
    assert len(catalog.list(root, EVERYTHING).namespaces) == len(shipped_definitions())
