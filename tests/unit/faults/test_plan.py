"""Fault rules: parsing, matching, seeded draws, and the Prefer header."""

from __future__ import annotations

import pytest

from mockserver.faults.operations import OperationIndex
from mockserver.faults.plan import MAX_DELAY_MS, FaultPlan, FaultPlanError, parse_plan
from mockserver.faults.preferences import preferences, preferred_code, preferred_delay


def test_parse_a_plan() -> None:
    rules, seed = parse_plan(
        {
            "seed": 3,
            "rules": [
                {"contract": "closient", "status": 503, "rate": 0.5, "retry_after": 4},
                {"operation": "listImages", "latency_ms": [10, 20]},
                {"drop": True, "latency_ms": 5},
            ],
        }
    )
    assert seed == 3
    assert [rule.to_json() for rule in rules] == [
        {"contract": "closient", "status": 503, "rate": 0.5, "retry_after": 4},
        {"operation": "listImages", "latency_ms": [10, 20], "rate": 1.0, "retry_after": 1},
        {"drop": True, "latency_ms": [5, 5], "rate": 1.0, "retry_after": 1},
    ]


@pytest.mark.parametrize(
    "rule",
    [
        {"status": 302},
        {"status": "500"},
        {"rate": 1.5},
        {"latency_ms": [20, 10]},
        {"latency_ms": MAX_DELAY_MS + 1},
        {"drop": "yes"},
        {"status": 500, "drop": True},
        {"contract": ""},
        {"delay": 10},
    ],
)
def test_a_bad_rule_is_refused(rule: dict[str, object]) -> None:
    with pytest.raises(FaultPlanError):
        parse_plan({"rules": [rule]})


def test_latencies_add_up_and_the_first_firing_status_wins() -> None:
    rules, _ = parse_plan(
        {
            "rules": [
                {"contract": "a", "latency_ms": 100},
                {"operation": "op", "status": 500, "latency_ms": 50},
                {"status": 503},
            ]
        }
    )
    plan = FaultPlan(rules)
    decision = plan.decide("a", "op")
    assert (decision.delay_ms, decision.status) == (150, 500)
    assert plan.decide("b", "other").status == 503
    assert plan.decide("a", "other").delay_ms == 100


def test_the_same_seed_draws_the_same_faults() -> None:
    rules, _ = parse_plan({"rules": [{"status": 500, "rate": 0.3, "latency_ms": [0, 1000]}]})
    draws = [FaultPlan(rules, seed=9) for _ in range(2)]
    first, second = ([plan.decide("x", None) for _ in range(50)] for plan in draws)
    assert first == second
    assert 0 < sum(d.status == 500 for d in first) < 50


def test_prefer_header_values() -> None:
    prefs = preferences(['respond-async, code="404"; x=1', "delay=250", "code=500"])
    assert prefs == {"code": "404", "delay": "250"}
    assert preferred_code(prefs) == 404
    assert preferred_delay(prefs) == 250
    assert preferred_code({"code": "200"}) is None
    assert preferred_delay({"delay": "999999"}) == MAX_DELAY_MS
    assert preferred_delay({"delay": "-1"}) is None


def test_operations_are_found_by_method_and_path() -> None:
    index = OperationIndex(
        {
            "servers": [{"url": "/v2"}],
            "paths": {
                "/images/{id}": {
                    "get": {"operationId": "show", "responses": {"200": {}, "404": {}}},
                    "delete": {"operationId": "drop", "responses": {"204": {}}},
                },
                "/rest/catalog.productImage.add": {
                    "post": {"operationId": "add", "responses": {"200": {}}}
                },
            },
        }
    )
    shown = index.find("GET", "/v2/images/abc")
    assert shown is not None
    assert (shown.operation_id, shown.declared, shown.declares_errors) == (
        "show",
        frozenset({200, 404}),
        True,
    )
    assert index.find("HEAD", "/v2/images/abc") == shown
    assert index.find("GET", "/images/abc") is None
    assert index.find("GET", "/v2/images/a/b") is None
    added = index.find("POST", "/v2/rest/catalog.productImage.add")
    assert added is not None
    assert added.operation_id == "add"
    # Only the document's spelling: a contract that takes others gives its canonical call.
    assert index.find("GET", "/v2/rest/catalog.productImage.add") is None
    assert index.find("POST", "/v2/rest/CATALOG.productimage.add.json") is None
