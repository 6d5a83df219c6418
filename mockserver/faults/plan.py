"""What faults to inject: rules matched by contract and operation, drawn from a seeded
random generator. Knows nothing of HTTP."""

from __future__ import annotations

import random
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

MAX_DELAY_MS = 30_000
"""The longest delay a rule or a request may ask for: a mock that stalls longer is broken."""


class FaultPlanError(ValueError):
    """A faults document that does not describe a plan."""


@dataclass(frozen=True)
class Latency:
    """A delay drawn uniformly between `min_ms` and `max_ms` (equal for a fixed one)."""

    min_ms: int
    max_ms: int

    def draw(self, rng: random.Random) -> int:
        return self.min_ms if self.min_ms == self.max_ms else rng.randint(self.min_ms, self.max_ms)


@dataclass(frozen=True)
class FaultRule:
    contract: str | None = None
    """A served contract's name (`ContractPlugin.name`); every contract when None."""
    operation: str | None = None
    """The operationId in the contract's document; every operation when None."""
    status: int | None = None
    """The error status to answer with; None to answer normally (e.g. only slower)."""
    rate: float = 1.0
    """The share of matching requests that get the status or the dropped connection."""
    latency: Latency | None = None
    drop: bool = False
    """Close the connection without a complete answer."""
    retry_after: int = 1
    """Seconds in the Retry-After header of statuses that carry one (429, 503, throttling)."""

    def matches(self, contract: str, operation: str | None) -> bool:
        if self.contract is not None and self.contract != contract:
            return False
        return self.operation is None or self.operation == operation

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"rate": self.rate, "retry_after": self.retry_after}
        if self.contract is not None:
            data["contract"] = self.contract
        if self.operation is not None:
            data["operation"] = self.operation
        if self.status is not None:
            data["status"] = self.status
        if self.latency is not None:
            data["latency_ms"] = [self.latency.min_ms, self.latency.max_ms]
        if self.drop:
            data["drop"] = True
        return data


@dataclass(frozen=True)
class FaultDecision:
    delay_ms: int = 0
    status: int | None = None
    drop: bool = False
    retry_after: int = 1
    applied: tuple[str, ...] = ()
    """The preferences of the request that were honoured (for Preference-Applied)."""

    @property
    def faulted(self) -> bool:
        return self.drop or self.status is not None


@dataclass
class FaultPlan:
    """The rules in force; swapped whole at run time (the admin route), drawn under a lock so
    that one seed gives one sequence of outcomes."""

    rules: tuple[FaultRule, ...] = ()
    seed: int = 0
    _rng: random.Random = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def replace(self, rules: Sequence[FaultRule], seed: int) -> None:
        with self._lock:
            self.rules = tuple(rules)
            self.seed = seed
            self._rng = random.Random(seed)

    def clear(self) -> None:
        self.replace((), self.seed)

    def decide(self, contract: str, operation: str | None) -> FaultDecision:
        """The first matching rule that fires decides the status; delays of every matching
        rule add up (a slow operation can also fail now and then)."""
        delay, status, drop, retry_after = 0, None, False, 1
        with self._lock:
            for rule in self.rules:
                if not rule.matches(contract, operation):
                    continue
                if rule.latency is not None:
                    delay += rule.latency.draw(self._rng)
                if status is None and not drop and (rule.status is not None or rule.drop):
                    fires = rule.rate >= 1 or self._rng.random() < rule.rate
                    if fires:
                        status, drop, retry_after = rule.status, rule.drop, rule.retry_after
        return FaultDecision(min(delay, MAX_DELAY_MS), status, drop, retry_after)

    def to_json(self) -> dict[str, Any]:
        return {"seed": self.seed, "rules": [rule.to_json() for rule in self.rules]}


def parse_plan(data: Any, where: str = "faults") -> tuple[tuple[FaultRule, ...], int]:
    """Rules and seed from a faults document (YAML file or the admin route's JSON body)."""
    if data is None:
        return (), 0
    if not isinstance(data, Mapping):
        raise FaultPlanError(f"{where}: expected a mapping with rules (and a seed)")
    unknown = set(data) - {"rules", "seed"}
    if unknown:
        raise FaultPlanError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    seed = data.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise FaultPlanError(f"{where}: seed must be an integer")
    rules = data.get("rules", [])
    if not isinstance(rules, list):
        raise FaultPlanError(f"{where}: rules must be a list")
    return tuple(_rule(entry, f"{where}.rules[{i}]") for i, entry in enumerate(rules)), seed


_RULE_KEYS = {"contract", "operation", "status", "rate", "latency_ms", "drop", "retry_after"}


def _rule(entry: Any, where: str) -> FaultRule:
    if not isinstance(entry, Mapping):
        raise FaultPlanError(f"{where}: expected a mapping")
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise FaultPlanError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    status = entry.get("status")
    if status is not None and not (_is_int(status) and 400 <= status <= 599):
        raise FaultPlanError(f"{where}: status must be an error status, 400 to 599")
    rate = entry.get("rate", 1.0)
    if not isinstance(rate, int | float) or isinstance(rate, bool) or not 0 <= rate <= 1:
        raise FaultPlanError(f"{where}: rate must be a number from 0 to 1")
    retry_after = entry.get("retry_after", 1)
    if not _is_int(retry_after) or retry_after < 0:
        raise FaultPlanError(f"{where}: retry_after must be a whole number of seconds")
    drop = entry.get("drop", False)
    if not isinstance(drop, bool):
        raise FaultPlanError(f"{where}: drop must be true or false")
    if status is not None and drop:
        raise FaultPlanError(f"{where}: a rule either answers with a status or drops")
    return FaultRule(
        contract=_optional_text(entry, "contract", where),
        operation=_optional_text(entry, "operation", where),
        status=status,
        rate=float(rate),
        latency=_latency(entry.get("latency_ms"), where),
        drop=drop,
        retry_after=retry_after,
    )


def _latency(value: Any, where: str) -> Latency | None:
    if value is None:
        return None
    bounds = [value, value] if _is_int(value) else value
    if (
        not isinstance(bounds, list)
        or len(bounds) != 2
        or not all(_is_int(b) and 0 <= b <= MAX_DELAY_MS for b in bounds)
        or bounds[0] > bounds[1]
    ):
        raise FaultPlanError(
            f"{where}: latency_ms must be milliseconds or [min, max], at most {MAX_DELAY_MS}"
        )
    return Latency(bounds[0], bounds[1])


def _optional_text(entry: Mapping[str, Any], key: str, where: str) -> str | None:
    value = entry.get(key)
    if value is not None and (not isinstance(value, str) or not value):
        raise FaultPlanError(f"{where}: {key} must be a non-empty string")
    if value is not None and not _is_text(value):  # it could never be shown back
        raise FaultPlanError(f"{where}: {key} must be text (it holds a lone surrogate)")
    return value


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
