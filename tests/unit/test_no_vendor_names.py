"""Nothing in the mock outside a contract's own package names a served contract: the app,
the seed loader, the seed pictures, the banner, the pages and the HTTP plumbing iterate the
served contracts (README, Adding a contract). The vendors' rules (`mockserver/domain/`) and
the one registration module are theirs to name."""

from __future__ import annotations

import pathlib
import re

import mockserver
from mockserver.served_contracts import SERVED_CONTRACTS

PACKAGE = pathlib.Path(mockserver.__file__).parent
OWNED_BY_THE_VENDORS = ("adapters", "domain")
REGISTRATION = PACKAGE / "served_contracts.py"
SOURCES = ("*.py", "*.js", "*.html", "*.css")


def vendor_words() -> list[str]:
    """Each served contract's name, as written in paths, keys and prose, and its title."""
    words: set[str] = set()
    for contract in SERVED_CONTRACTS:
        for separator in ("-", "_", " "):
            words.add(re.sub(r"[-_ ]", separator, contract.name))
        words.add(contract.title)
    return sorted(words)


def shared_modules() -> list[pathlib.Path]:
    found = []
    for pattern in SOURCES:
        for path in PACKAGE.rglob(pattern):
            part = path.relative_to(PACKAGE).parts[0]
            if part in OWNED_BY_THE_VENDORS or path == REGISTRATION:
                continue
            found.append(path)
    return sorted(found)


def test_no_shared_module_of_the_mock_names_a_served_contract() -> None:
    pattern = re.compile("|".join(map(re.escape, vendor_words())), re.IGNORECASE)
    named = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in shared_modules()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]

    assert named == []


def test_the_search_covers_the_pages_and_sees_the_registration() -> None:
    modules = shared_modules()
    assert PACKAGE / "frontend" / "static" / "gallery.js" in modules
    assert PACKAGE / "seed_pictures" / "section.py" in modules
    pattern = re.compile("|".join(map(re.escape, vendor_words())), re.IGNORECASE)
    assert pattern.search(REGISTRATION.read_text(encoding="utf-8"))
