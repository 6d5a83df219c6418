"""What a contract's exporter works with: the deployment it reads, the settings it was
given, and the seed section it gives back (its pictures as bytes, written beside the seed
by `writing.py`), with the fresh credentials the seed gets instead of the source's."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .deployment import Answer, Deployment, ExportRefused


@dataclass(frozen=True)
class PictureFile:
    """A picture's bytes, to be written as a file the seed names (`file:`)."""

    content: bytes
    suffix: str
    """The file name's ending, with its dot (`.png`)."""


@dataclass(frozen=True)
class ExportedSection:
    """A contract's part of the seed: its top-level keys as YAML data, where a picture's
    `file` is a `PictureFile`; the lines that tell the user the seed's credentials; and
    what the contract's API did not show, which the seed could not keep."""

    data: Mapping[str, Any]
    credentials: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExportOption:
    """A flag of the command, as `conformance` names it (`--api-key`)."""

    name: str
    help: str
    environment: str | None = None
    """The variable read when the flag is not given (for secrets)."""

    @property
    def dest(self) -> str:
        return self.name.replace("-", "_")


Settings = Mapping[str, str | None]
"""Each option's value by `dest`, None when not given."""


class SeedExporter(Protocol):
    """Reads one contract's products and images from a deployment, through the contract's
    public API only."""

    @property
    def options(self) -> tuple[ExportOption, ...]: ...

    @property
    def not_shown(self) -> str:
        """What the contract's API does not show, which an exported seed cannot hold."""
        ...

    def credential_headers(self, settings: Settings) -> Mapping[str, str]:
        """The headers every request to the deployment carries (none where the credential
        is in the path or the body); raises `ExportRefused` when a needed flag is missing."""
        ...

    def export(self, deployment: Deployment, settings: Settings) -> ExportedSection: ...


def fresh_secret(prefix: str = "", length: int = 24) -> str:
    """A credential made for the exported seed (letters and digits), never the source's."""
    alphabet = "abcdefghijkmnopqrstuvwxyz23456789"
    return prefix + "".join(secrets.choice(alphabet) for _ in range(length))


def required(settings: Settings, name: str, why: str) -> str:
    value = settings.get(name.replace("-", "_"))
    if not value:
        raise ExportRefused(f"--{name} is needed: {why}")
    return value


def listed(settings: Settings, name: str) -> list[str]:
    """The values of a flag that takes a comma-separated list."""
    value = settings.get(name.replace("-", "_")) or ""
    return [item.strip() for item in value.split(",") if item.strip()]


def expect_json(answer: Answer, what: str) -> Any:
    """The JSON of a successful answer; `ExportRefused` naming `what` otherwise."""
    body = answer.json()
    if answer.status != 200 or body is None:
        raise ExportRefused(f"{what}: the deployment answered {answer.status}: {_excerpt(answer)}")
    return body


def _excerpt(answer: Answer) -> str:
    return answer.body[:200].decode("utf-8", "replace").strip() or "(no body)"


SUFFIXES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
    "image/bmp": ".bmp",
}


def picture_file(answer: Answer, name: str, what: str) -> PictureFile:
    """The picture a download answered, its file's ending from its media type or else from
    `name` (its file name or URL)."""
    if answer.status != 200:
        raise ExportRefused(f"{what}: its download answered {answer.status}")
    media_type = next((v for k, v in answer.headers.items() if k.lower() == "content-type"), "")
    suffix = SUFFIXES.get(media_type.split(";")[0].strip().lower())
    if suffix is None:
        _, dot, ending = name.rsplit("/", 1)[-1].partition("?")[0].rpartition(".")
        suffix = f".{ending.lower()}" if dot and ending.isalnum() and len(ending) <= 5 else ".bin"
    return PictureFile(answer.body, suffix)
