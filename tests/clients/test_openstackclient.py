"""python-openstackclient (`openstack`), unchanged, against the mock: a `clouds.yaml` naming
the mock's identity endpoint, a password login, then the image commands a user runs."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.slow

OPENSTACK = pathlib.Path(sys.executable).parent / "openstack"
OTHER_PROJECT = "4e7c2a9d5b3f4a1e8c6d0b2f9a7e5c3d"
Openstack = Callable[..., Any]


def clouds_yaml(mock_url: str, user: str, password: str, project: str) -> str:
    return json.dumps(
        {
            "clouds": {
                "mock": {
                    "auth": {
                        "auth_url": f"{mock_url}/identity",
                        "username": user,
                        "password": password,
                        "project_name": project,
                        "user_domain_name": "Default",
                        "project_domain_name": "Default",
                    },
                    "region_name": "RegionOne",
                    "identity_api_version": 3,
                }
            }
        }
    )


@pytest.fixture
def openstack(mock_url: str, tmp_path: pathlib.Path) -> Openstack:
    """`openstack --os-cloud mock ARGS...` as the demo user; JSON output parsed, if any."""
    return openstack_as(mock_url, tmp_path, "demo")


@pytest.fixture
def admin_openstack(mock_url: str, tmp_path: pathlib.Path) -> Openstack:
    """The same, as the demo project's user with the admin role."""
    return openstack_as(mock_url, tmp_path, "demo-admin")


def openstack_as(mock_url: str, tmp_path: pathlib.Path, user: str) -> Openstack:
    config = tmp_path / f"{user}-clouds.yaml"
    config.write_text(clouds_yaml(mock_url, user, "demo-password", "demo"))

    def run(*arguments: str, parse: bool = True) -> Any:
        done = subprocess.run(
            [str(OPENSTACK), "--os-cloud", "mock", *arguments, *(["-f", "json"] if parse else [])],
            env={
                "OS_CLIENT_CONFIG_FILE": str(config),
                "PATH": "/usr/bin:/bin",
                "HOME": str(tmp_path),
            },
            cwd=tmp_path,
            # Not a terminal: `image create` without --file would upload what it reads.
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if parse and done.stdout.strip() else done.stdout

    return run


def test_token_issue_is_scoped_to_the_users_project(openstack: Openstack) -> None:
    token = openstack("token", "issue")
    assert token["project_id"] == "9b1d5c3e0a4f4d2c8e7f6a5b4c3d2e1f"
    assert token["id"].startswith("gAAAAA")


def test_create_show_set_unset_save_and_delete(
    openstack: Openstack, tmp_path: pathlib.Path
) -> None:
    disk = tmp_path / "disk.raw"
    disk.write_bytes(b"openstackclient" * 100)
    created = openstack(
        "image", "create", "--disk-format", "raw", "--container-format", "bare",
        "--file", str(disk), "osc-round",
    )  # fmt: skip
    assert (created["status"], created["size"]) == ("active", disk.stat().st_size)
    image_id = created["id"]
    assert image_id in {row["ID"] for row in openstack("image", "list")}
    openstack("image", "set", "--property", "colour=red", "--min-ram", "256", image_id, parse=False)
    shown = openstack("image", "show", image_id)
    assert (shown["properties"]["colour"], shown["min_ram"]) == ("red", 256)
    openstack("image", "unset", "--property", "colour", image_id, parse=False)
    assert "colour" not in openstack("image", "show", image_id)["properties"]
    saved = tmp_path / "saved.raw"
    openstack("image", "save", "--file", str(saved), image_id, parse=False)
    assert saved.read_bytes() == disk.read_bytes()
    openstack("image", "delete", image_id, parse=False)
    assert image_id not in {row["ID"] for row in openstack("image", "list")}


def test_share_with_a_project_and_take_it_back(openstack: Openstack) -> None:
    image_id = openstack("image", "create", "--shared", "osc-shared")["id"]
    # The client first looks the project up in Identity; a member may not read another
    # project (403), which the client takes to mean "use the id as given".
    added = openstack("image", "add", "project", image_id, OTHER_PROJECT)
    assert (added["member_id"], added["status"]) == (OTHER_PROJECT, "pending")
    members = openstack("image", "member", "list", image_id)
    assert [(m["Member ID"], m["Status"]) for m in members] == [(OTHER_PROJECT, "pending")]
    openstack("image", "remove", "project", image_id, OTHER_PROJECT, parse=False)
    assert openstack("image", "member", "list", image_id) == []


def test_create_with_import_stages_and_imports_the_file(
    openstack: Openstack, tmp_path: pathlib.Path
) -> None:
    disk = tmp_path / "staged.raw"
    disk.write_bytes(b"staged through glance-direct" * 10)
    assert "glance-direct" in openstack("image", "import", "info")["import-methods"]
    created = openstack(
        "image", "create", "--import", "--file", str(disk),
        "--disk-format", "raw", "--container-format", "bare", "osc-imported",
    )  # fmt: skip
    shown = openstack("image", "show", created["id"])
    assert (shown["status"], shown["size"]) == ("active", disk.stat().st_size)


def test_metadef_namespace_with_a_property_an_object_and_an_association(
    admin_openstack: Openstack,
) -> None:
    openstack = admin_openstack
    openstack("image", "metadef", "namespace", "create", "--public", "OSC::Test")
    openstack(
        "image", "metadef", "property", "create", "--name", "colour", "--title", "Colour",
        "--type", "string", "--schema", '{"type": "string", "title": "Colour"}', "OSC::Test",
    )  # fmt: skip
    openstack("image", "metadef", "object", "create", "--namespace", "OSC::Test", "Paint")
    openstack(
        "image", "metadef", "resource", "type", "association", "create",
        "OSC::Test", "OS::Glance::Image",
    )  # fmt: skip
    assert [p["name"] for p in openstack("image", "metadef", "property", "list", "OSC::Test")] == [
        "colour"
    ]
    assert [o["name"] for o in openstack("image", "metadef", "object", "list", "OSC::Test")] == [
        "Paint"
    ]
    namespaces = openstack("image", "metadef", "namespace", "list")
    assert "OSC::Test" in {n["namespace"] for n in namespaces}
    openstack("image", "metadef", "namespace", "delete", "OSC::Test", parse=False)
    assert "OSC::Test" not in {
        n["namespace"] for n in openstack("image", "metadef", "namespace", "list")
    }
