"""The mock runs on its own dependencies: built and answering with the suite's and the
development tools' packages (the extras) impossible to import."""

from __future__ import annotations

import subprocess
import sys
import textwrap

EXTRAS = (
    "schemathesis",
    "hypothesis",
    "pytest",
    "_pytest",
    "openapi_core",
    "openapi_spec_validator",
    "redis",
    "glanceclient",
    "openstack",
    "b24pysdk",
    "playwright",
)

SCRIPT = textwrap.dedent(
    """
    import sys

    class NoExtras:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in EXTRAS:
                raise ModuleNotFoundError(f"{name} is an extra", name=name)
            return None

    sys.meta_path.insert(0, NoExtras())
    from starlette.testclient import TestClient

    from mockserver.app import create_app
    from mockserver.cli import parse_args
    from mockserver.config import MockConfig
    from mockserver.store import StoreUrlError, open_store

    parse_args([])
    client = TestClient(create_app(MockConfig(seed_pictures=True)))
    for path in ("/v2/images", "/__gallery/", "/__docs/closient/ui/", "/__admin/requests"):
        headers = {"X-Auth-Token": "gAAAAAdemo-cloud-token"}
        assert client.get(path, headers=headers).status_code == 200, path
    try:
        open_store("redis://127.0.0.1:1/0")
    except StoreUrlError as error:
        assert "product-image-contracts[redis]" in str(error), error
    else:
        raise AssertionError("a Redis store without the redis package")
    loaded = sorted(name for name in sys.modules if name.split(".")[0] in EXTRAS)
    assert not loaded, loaded
    """
)


def test_the_mock_starts_and_answers_without_the_extras() -> None:
    run = subprocess.run(
        [sys.executable, "-c", f"EXTRAS = {EXTRAS!r}\n{SCRIPT}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
