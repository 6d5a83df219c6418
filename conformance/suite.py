"""What a contract brings to a run. The layers, the runner and the front ends are the same
for every contract; each contract (`conformance/<contract>/`) provides one `ContractSuite`.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from schemathesis import Case

from .client import TargetClient, TargetPolicy
from .documents import load_published
from .machine import ContractMachine
from .reply import Rule


@dataclass(frozen=True)
class Option:
    """One setting a contract needs from its user, the same for the CLI (`--name`) and the
    pytest plugin (`--conformance-name`)."""

    name: str
    help: str
    required: bool = True
    environment: str | None = None
    """The environment variable that supplies the value when the option is not given (for
    secrets, which then stay out of shell histories and CI logs)."""

    @property
    def dest(self) -> str:
        return self.name.replace("-", "_")


class ContractSuite(Protocol):
    """One contract, set up for one run against one target."""

    @property
    def policy(self) -> TargetPolicy: ...

    @property
    def reply_rules(self) -> Mapping[str, Rule]:
        """Rules judged on every answer alone (also run as Schemathesis checks)."""
        ...

    @property
    def state_machine_rules(self) -> tuple[str, ...]: ...

    @property
    def media_type_deserializers(self) -> Mapping[str, Callable[[bytes], Any]]:
        """Response media types beyond application/json that openapi-core reads as JSON."""
        ...

    def documented_view(self) -> dict[str, Any]:
        """The published document with the conventions of its prose made explicit: the one
        openapi-core validates every answer against."""
        ...

    def fuzzing_view(self) -> dict[str, Any]:
        """The documented view pinned to what the run may touch, with links between
        operations for Schemathesis' stateful mode."""
        ...

    def prepare(self, client: TargetClient) -> list[str]:
        """Learn what the target already holds (read-only from then on); notes for the user."""
        ...

    def says_nothing(self, case: Case[Any]) -> bool:
        """A generated request not worth sending for this contract."""
        ...

    def state_machine(self, client: TargetClient) -> type[ContractMachine]: ...

    def cleanup(self, client: TargetClient) -> list[str]:
        """Delete what the run created; what could not be deleted."""
        ...


class SettingsError(Exception):
    """The options do not describe a run (a contract unknown, a required option missing, a
    value a contract cannot read)."""


class SuiteFactory(Protocol):
    """Builds a contract's suite from the user's settings (raising `SettingsError`)."""

    @property
    def name(self) -> str: ...
    @property
    def options(self) -> tuple[Option, ...]: ...

    def from_settings(
        self, settings: Mapping[str, str | None], spec_dir: pathlib.Path | None
    ) -> ContractSuite:
        """`settings` holds every option's value by its `dest` (None when not given)."""
        ...


class CleaningPolicy(TargetPolicy, Protocol):
    """A write policy that can also undo the run's writes."""

    def cleanup(self, client: TargetClient) -> list[str]: ...


PolicyT = TypeVar("PolicyT", bound=CleaningPolicy)


class PublishedContractSuite(Generic[PolicyT]):
    """What every contract's suite does alike: its target is also its write policy and its
    cleanup; its document is the published one (from `spec_dir` or the project's), and the
    documented view is made from it once per run."""

    contract_file: ClassVar[pathlib.Path]

    @staticmethod
    def documented_view_of(published: dict[str, Any]) -> dict[str, Any]:
        """The contract's documented view of its published document."""
        raise NotImplementedError

    def __init__(self, target: PolicyT, spec_dir: pathlib.Path | None = None) -> None:
        self.policy = self.target = target
        self.published = load_published(self.contract_file, spec_dir)

    @cached_property
    def _documented(self) -> dict[str, Any]:
        return self.documented_view_of(self.published)

    def documented_view(self) -> dict[str, Any]:
        return self._documented

    def cleanup(self, client: TargetClient) -> list[str]:
        return self.target.cleanup(client)
