"""Nothing outside a contract's own packages names a served contract (README, Adding a
contract): in the mock, the app, the seed loader, the seed pictures, the banner, the pages
and the HTTP plumbing iterate the served contracts; in the suite, the layers, the runner
and the front ends iterate the registered suites; and the tests' helpers that every
contract's tests share serve them all alike. The vendors' rules (`mockserver/domain/`),
their adapters and suite packages, and the two registration modules are theirs to name."""

from __future__ import annotations

import pathlib
import re

import conformance
import mockserver
from conformance.contract_suites import SUITES
from mockserver.served_contracts import SERVED_CONTRACTS

PACKAGE = pathlib.Path(mockserver.__file__).parent
SUITE = pathlib.Path(conformance.__file__).parent
PROJECT = PACKAGE.parent
OWNED_BY_THE_VENDORS = ("adapters", "domain")
REGISTRATION = PACKAGE / "served_contracts.py"
SUITE_REGISTRATION = SUITE / "contract_suites.py"
SOURCES = ("*.py", "*.js", "*.html", "*.css")
SHARED_TEST_HELPERS = tuple(
    PROJECT / "tests" / path
    for path in (
        "conftest.py",
        "images.py",
        "real_servers.py",
        "redis_server.py",
        "broken_servers/__init__.py",
        "broken_servers/layer.py",
        "broken_servers/any_contract.py",
        "broken_servers/front_ends.py",
        "conformance/judging.py",
    )
)
"""The tests' modules every contract's tests use: the mock fixture, the broken servers'
rewriting layer and the mutations of any contract, the in-process runs of a suite."""


def vendor_words() -> list[str]:
    """Each served contract's name, as written in paths, keys and prose, and its title."""
    words: set[str] = set()
    for name in [contract.name for contract in SERVED_CONTRACTS] + list(SUITES):
        for separator in ("-", "_", " "):
            words.add(re.sub(r"[-_ ]", separator, name))
    words.update(contract.title for contract in SERVED_CONTRACTS)
    return sorted(words)


def shared_modules() -> list[pathlib.Path]:
    """The mock's modules outside the vendors' packages and its registration."""
    found = []
    for pattern in SOURCES:
        for path in PACKAGE.rglob(pattern):
            part = path.relative_to(PACKAGE).parts[0]
            if part in OWNED_BY_THE_VENDORS or path == REGISTRATION:
                continue
            found.append(path)
    return sorted(found)


def shared_suite_modules() -> list[pathlib.Path]:
    """The suite's modules outside the contracts' packages and its registration."""
    packages = {name.replace("-", "_") for name in SUITES}
    return sorted(
        path
        for path in SUITE.rglob("*.py")
        if path.relative_to(SUITE).parts[0] not in packages and path != SUITE_REGISTRATION
    )


def naming_lines(paths: list[pathlib.Path]) -> list[str]:
    pattern = re.compile("|".join(map(re.escape, vendor_words())), re.IGNORECASE)
    return [
        f"{path.relative_to(PROJECT)}:{number}: {line.strip()}"
        for path in paths
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]


def test_no_shared_module_of_the_mock_names_a_served_contract() -> None:
    assert naming_lines(shared_modules()) == []


def test_no_shared_module_of_the_suite_names_a_contract() -> None:
    assert naming_lines(shared_suite_modules()) == []


def test_no_shared_test_helper_names_a_contract() -> None:
    assert naming_lines(list(SHARED_TEST_HELPERS)) == []


def test_the_search_covers_the_pages_and_the_runner_and_sees_the_registrations() -> None:
    assert PACKAGE / "frontend" / "static" / "gallery.js" in shared_modules()
    assert PACKAGE / "seed_pictures" / "section.py" in shared_modules()
    assert SUITE / "runner.py" in shared_suite_modules()
    assert SUITE / "compare" / "command.py" in shared_suite_modules()
    assert all(path.is_file() for path in SHARED_TEST_HELPERS)
    assert naming_lines([REGISTRATION])
    assert naming_lines([SUITE_REGISTRATION])
