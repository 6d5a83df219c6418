"""`mockserver seed export`: parse the command line, read each contract's part from the
deployment, write the seed. Exit 0 written, 1 refused (nothing written), 2 usage."""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from ..contract_plugin import ContractPlugin
from ..served_contracts import SERVED_CONTRACTS
from .deployment import ByteBudget, Deployment, ExportRefused
from .section import ExportedSection, ExportOption, SeedExporter
from .writing import pictures_folder, write_seed

DEFAULT_MAX_BYTES = 256 * 1024 * 1024

DESCRIPTION = """\
Write a seed file, with its pictures, from what a deployment shows the given credentials
through each contract's public API (never the mock's admin routes): the products named,
their images in order (fields, bytes, the primary and protected flags). The seed gets
credentials of its own, printed when it is written; the source's are never written. What
each contract's API does not show, the seed cannot hold:"""


def exporters() -> dict[str, SeedExporter]:
    """The served contracts that can be exported, by name."""
    found: dict[str, SeedExporter] = {}
    for plugin in SERVED_CONTRACTS:
        exporter = _exporter_of(plugin)
        if exporter is not None:
            found[plugin.name] = exporter
    return found


def _exporter_of(plugin: ContractPlugin[Any]) -> SeedExporter | None:
    # A contract is exported when its plugin has a `seed_exporter` (README, Exporting a seed).
    exporter: SeedExporter | None = getattr(plugin, "seed_exporter", None)
    return exporter


def parser(available: Mapping[str, SeedExporter]) -> argparse.ArgumentParser:
    limits = "\n".join(
        textwrap.fill(f"- {name}: {e.not_shown}", width=88, subsequent_indent="  ")
        for name, e in available.items()
    )
    arguments = argparse.ArgumentParser(
        prog="mockserver seed export",
        description=f"{DESCRIPTION}\n{limits}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    arguments.add_argument(
        "--contract",
        action="append",
        required=True,
        choices=sorted(available),
        help="a contract to export; give several for one seed of them all",
    )
    arguments.add_argument(
        "--from",
        dest="source",
        action="append",
        required=True,
        metavar="URL",
        help="the deployment: once for every contract, or once per --contract in their order",
    )
    arguments.add_argument("--out", required=True, type=pathlib.Path, metavar="FILE")
    arguments.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help="refuse, writing nothing, a seed and pictures of more bytes "
        "(default: %(default)s, 256 MiB)",
    )
    seen: set[str] = set()
    for name, exporter in available.items():
        for option in exporter.options:
            if option.name not in seen:
                seen.add(option.name)
                arguments.add_argument(
                    f"--{option.name}", dest=option.dest, help=f"{name}: {option.help}"
                )
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    available = exporters()
    arguments = parser(available)
    options = arguments.parse_args(argv)
    contracts: list[str] = list(dict.fromkeys(options.contract))
    sources: list[str] = options.source
    if len(sources) not in (1, len(contracts)):
        arguments.error("give --from once, or once per --contract")
    if options.max_bytes < 1:
        arguments.error("--max-bytes must be positive")
    urls = sources * len(contracts) if len(sources) == 1 else sources
    budget = ByteBudget(options.max_bytes)
    try:
        sections = [
            _export(available[name], url, budget, vars(options))
            for name, url in zip(contracts, urls, strict=True)
        ]
        written = write_seed(sections, options.out, options.max_bytes)
    except ExportRefused as error:
        print(f"mockserver seed export: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"mockserver seed export: cannot write {options.out}: {error}", file=sys.stderr)
        return 1
    print(f"wrote {options.out} and {pictures_folder(options.out)}/ ({written} bytes)")
    for section in sections:
        for line in section.notes:
            print(f"  not kept: {line}")
    print("the seed's own credentials (the source's were not written):")
    for section in sections:
        for line in section.credentials:
            print(f"  {line}")
    print(f"start a mock on it: mockserver --seed {options.out}")
    return 0


def _export(
    exporter: SeedExporter, url: str, budget: ByteBudget, given: Mapping[str, Any]
) -> ExportedSection:
    settings = {option.dest: _value(option, given) for option in exporter.options}
    headers = exporter.credential_headers(settings)
    return exporter.export(Deployment(url.rstrip("/"), budget, headers), settings)


def _value(option: ExportOption, given: Mapping[str, Any]) -> str | None:
    value: str | None = given.get(option.dest)
    if not value and option.environment:
        value = os.environ.get(option.environment)
    return value
