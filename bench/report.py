"""The printed report: one table of cells, one of ours' ratios to the peers' and the ceiling's
req/s with the goals, the extras."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from .load import LoadResult

OPERATIONS = ("list", "upload", "delete", "401")
TARGETS = (
    "ours",
    "ours-tuned",
    "ours-no-journal",
    "wiremock",
    "mockoon",
    "prism",
    "ceiling",
    "memory-1w",
    "sqlite-1w",
    "redis-1w",
    "redis-2w",
)
MOCKS = ("ours", "ours-tuned", "ours-no-journal")
PEERS = {"wiremock": "WireMock", "mockoon": "Mockoon", "prism": "Prism"}
# The goals for the mock as users run it (issue 24): req/s against WireMock's and against the
# bare ceiling's, p99 at the bench's 16 connections, upload's p99 against its p50, cold start.
GOALS = {
    "wiremock": {"list": 1.5, "upload": 1.5, "delete": 1.0},
    "ceiling": {"list": 0.45},
}
P99_GOAL_MS = {"list": 3.0, "delete": 3.0}
UPLOAD_TAIL_GOAL = 3.0  # upload p99 within this many times its p50
COLD_START_TARGET_S = 0.4
JOURNAL_COST_GOAL = 0.05
"""The request journal's cost: at most this share of the list's req/s (issue 27)."""
SCALE_HEADING = "Cost as one product's gallery grows (p50, one request at a time):"


@dataclass(frozen=True)
class Cell:
    status: int
    result: LoadResult
    cpu_seconds: float | None = None
    """CPU time the server used during the run (None: not measured)."""

    @property
    def cpu_per_request(self) -> float | None:
        """Seconds of the server's CPU per request answered."""
        if self.cpu_seconds is None or not self.result.requests:
            return None
        return self.cpu_seconds / self.result.requests


@dataclass
class Report:
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    cold_starts: dict[str, list[float]] = field(default_factory=dict)
    memory: str = "n/a"
    conformance: str = "n/a (conformance suite not available)"
    gallery_scale: str = ""
    """The cost as one product's gallery grows (`gallery_scale.report`), when measured."""
    notes: list[str] = field(default_factory=list)

    runs: dict[tuple[str, str], list[Cell]] = field(default_factory=dict)

    def add(
        self,
        operation: str,
        target: str,
        status: int,
        result: LoadResult,
        cpu_seconds: float | None = None,
    ) -> None:
        """One run of a cell; the cell shown is the median of its runs by req/s (the lower
        one of an even number)."""
        runs = self.runs.setdefault((operation, target), [])
        runs.append(Cell(status, result, cpu_seconds))
        ordered = sorted(runs, key=lambda cell: cell.result.per_second)
        self.cells[(operation, target)] = ordered[(len(ordered) - 1) // 2]

    def render(self) -> str:
        peers = [peer for peer in (*PEERS, "ceiling") if any(t == peer for _, t in self.cells)]
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
                        *(f"ours/{PEERS.get(peer, peer)} req/s" for peer in peers),
                        "p99 (goal)",
                    ],
                    [
                        self._ratio_row(op, mock, peers)
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
                                f"cold start to the first 200, {name} (median of {len(runs)})",
                                _seconds(runs, judged=name in MOCKS),
                            ]
                            for name, runs in self.cold_starts.items()
                        ),
                        *self._journal_cost_rows(),
                        ["memory per stored 20 KB image (ours)", self.memory],
                        ["conformance-suite steps/s against ours", self.conformance],
                    ],
                ),
                *(["", SCALE_HEADING, "", self.gallery_scale] if self.gallery_scale else []),
                *(["", *self.notes] if self.notes else []),
            ]
        )

    def _journal_cost_rows(self) -> list[list[str]]:
        """The journal's cost per operation run on both `ours` and `ours-no-journal`, round by
        round (the two ran one after the other in each round, so a round's ratio sees the
        same machine): in req/s, one minus on/off; in CPU per request, on/off minus one. The
        median of the rounds and their spread."""
        rows = []
        for operation in OPERATIONS:
            pairs = list(
                zip(
                    self.runs.get((operation, "ours"), []),
                    self.runs.get((operation, "ours-no-journal"), []),
                    strict=False,
                )
            )
            name = f"journal cost, {operation} (ours vs ours-no-journal)"
            throughput = [
                1 - on.result.per_second / off.result.per_second
                for on, off in pairs
                if off.result.per_second
            ]
            if throughput:
                rows.append([f"{name}, req/s", _cost(throughput)])
            cpu = [
                on.cpu_per_request / off.cpu_per_request - 1
                for on, off in pairs
                if on.cpu_per_request and off.cpu_per_request
            ]
            if cpu:
                rows.append([f"{name}, CPU per request", _cost(cpu)])
        return rows

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

    def _ratio_row(self, operation: str, mock: str, peers: Sequence[str]) -> list[str]:
        ours = self.cells[(operation, mock)].result

        def ratio(peer: str) -> str:
            other = self.cells.get((operation, peer))
            if other is None or not other.result.per_second:
                return "-"
            value = ours.per_second / other.result.per_second
            goal = GOALS.get(peer, {}).get(operation)
            if goal is None:
                return f"{value:.2f}x"
            return f"{value:.2f}x ({'met' if value >= goal else 'MISSED'} >= {goal:g}x)"

        p99 = f"{ours.p99_ms:.2f} ms"
        goal_ms = P99_GOAL_MS.get(operation)
        if goal_ms is not None:
            p99 += f" ({'met' if ours.p99_ms <= goal_ms else 'MISSED'} <= {goal_ms:g} ms)"
        elif operation == "upload" and ours.p50_ms:
            tail = ours.p99_ms / ours.p50_ms
            met = "met" if tail <= UPLOAD_TAIL_GOAL else "MISSED"
            p99 += f" = {tail:.1f}x p50 ({met} <= {UPLOAD_TAIL_GOAL:g}x)"
        return [operation, mock, *map(ratio, peers), p99]


def _seconds(runs: Sequence[float], judged: bool) -> str:
    median = statistics.median(runs)
    shown = f"{median:.3f} s (runs: {', '.join(f'{r:.3f}' for r in runs)}"
    if judged:
        verdict = "met" if median <= COLD_START_TARGET_S else "MISSED"
        shown += f"; goal <= {COLD_START_TARGET_S:g} s {verdict}"
    return shown + ")"


def _cost(costs: Sequence[float]) -> str:
    """The rounds' costs of the journal (shares of the figure without it): their median,
    judged against the goal, and their spread."""
    cost = statistics.median(costs)
    verdict = "met" if cost <= JOURNAL_COST_GOAL else "MISSED"
    return (
        f"{cost:+.1%} (median of {len(costs)} rounds, {min(costs):+.1%} to {max(costs):+.1%}; "
        f"goal <= {JOURNAL_COST_GOAL:.0%} {verdict})"
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        return "| " + " | ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)) + " |"

    return "\n".join(
        [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)]
    )
