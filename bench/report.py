"""The printed report: one table of cells, one of ratios against the targets, the extras."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .load import LoadResult

OPERATIONS = ("list", "upload", "delete", "401")
TARGETS = (
    "ours",
    "ours-tuned",
    "prism",
    "ceiling",
    "memory-1w",
    "sqlite-1w",
    "redis-1w",
    "redis-2w",
)
MOCKS = ("ours", "ours-tuned")
# The targets, for the mock as users run it: ours/Prism req/s, ours/ceiling req/s, p99 at
# the bench's 16 connections, cold start.
PRISM_TARGETS = {"list": 5.0, "upload": 10.0, "delete": 5.0}
CEILING_TARGETS = {"list": 0.40, "delete": 0.40}
P99_TARGET_MS = 3.0
COLD_START_TARGET_S = 0.5


@dataclass(frozen=True)
class Cell:
    status: int
    result: LoadResult


@dataclass
class Report:
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    cold_starts: dict[str, list[float]] = field(default_factory=dict)
    memory: str = "n/a"
    conformance: str = "n/a (conformance suite not available)"
    notes: list[str] = field(default_factory=list)

    def add(self, operation: str, target: str, status: int, result: LoadResult) -> None:
        self.cells[(operation, target)] = Cell(status, result)

    def render(self) -> str:
        return "\n".join(
            [
                _table(
                    ["operation", "target", "status", "req/s", "p50 ms", "p99 ms", "non-2xx"],
                    [
                        self._cell_row(op, target)
                        for op in OPERATIONS
                        for target in TARGETS
                        if (op, target) in self.cells
                    ],
                ),
                "",
                _table(
                    [
                        "operation",
                        "mock",
                        "ours/Prism req/s",
                        "target",
                        "ours/ceiling req/s",
                        "target",
                        f"p99 (target < {P99_TARGET_MS:g} ms)",
                    ],
                    [
                        self._ratio_row(op, mock)
                        for op in OPERATIONS
                        for mock in MOCKS
                        if (op, mock) in self.cells
                    ],
                ),
                "",
                _table(
                    ["measure", "value"],
                    [
                        *(
                            [
                                f"cold start, {name} (median of {len(runs)})",
                                _seconds(runs, judged=name in MOCKS),
                            ]
                            for name, runs in self.cold_starts.items()
                        ),
                        ["memory per stored 20 KB image (ours)", self.memory],
                        ["conformance-suite steps/s against ours", self.conformance],
                    ],
                ),
                *(["", *self.notes] if self.notes else []),
            ]
        )

    def _cell_row(self, operation: str, target: str) -> list[str]:
        cell = self.cells.get((operation, target))
        if cell is None:
            return [operation, target, "-", "-", "-", "-", "-"]
        result = cell.result
        return [
            operation,
            target,
            str(cell.status),
            f"{result.per_second:,.0f}",
            f"{result.p50_ms:.2f}",
            f"{result.p99_ms:.2f}",
            str(result.status_errors),
        ]

    def _ratio_row(self, operation: str, mock: str) -> list[str]:
        ours = self.cells.get((operation, mock))
        prism = self.cells.get((operation, "prism"))
        ceiling = self.cells.get((operation, "ceiling"))

        def ratio(other: Cell | None, targets: Mapping[str, float]) -> list[str]:
            goal = targets.get(operation)
            shown = f">= {goal:g}x" if goal else "-"
            if ours is None or other is None or not other.result.per_second:
                return ["-", shown]
            value = ours.result.per_second / other.result.per_second
            verdict = "" if goal is None else (" met" if value >= goal else " MISSED")
            return [f"{value:.2f}x{verdict}", shown]

        p99 = "-"
        if ours is not None:
            met = ours.result.p99_ms < P99_TARGET_MS
            p99 = f"{ours.result.p99_ms:.2f} ms" + (" met" if met else " MISSED")
            if prism is not None:
                p99 += f" (Prism {prism.result.p99_ms:.2f} ms)"
        return [
            operation,
            mock,
            *ratio(prism, PRISM_TARGETS),
            *ratio(ceiling, CEILING_TARGETS),
            p99,
        ]


def _seconds(runs: Sequence[float], judged: bool) -> str:
    median = statistics.median(runs)
    shown = f"{median:.3f} s (runs: {', '.join(f'{r:.3f}' for r in runs)}"
    if judged:
        verdict = "met" if median < COLD_START_TARGET_S else "MISSED"
        shown += f"; target < {COLD_START_TARGET_S:g} s {verdict}"
    return shown + ")"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        return "| " + " | ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)) + " |"

    return "\n".join(
        [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)]
    )
