"""The scorer itself (tests/doc_scoring.py): path matching, verdicts, flows, false absences."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.doc_scoring import Case, absence_sentences, same_path, score

TRUTH: dict[str, Any] = {
    "case": {"doc": "x.md", "real_connector": "x", "styles": [], "notes": ""},
    "amount": {"unit": "Minor", "convertor": "MinorUnitForConnector", "lines": [3]},
    "auth": {"scheme": "Bearer", "lines": [2]},
    "endpoint": [
        {"method": "POST", "path": "/v1/payments", "flows": ["Authorize"], "line": 5},
        {"method": "GET", "path": "/v1/payments/{id}", "flows": ["PSync", "RSync"], "line": 6},
        {"method": "GET", "path": "/v1/payments", "flows": [], "line": 7},
    ],
    "unsupported": {"flows": ["Void"], "lines": [9]},
    "statuses": {"payment": ["paid", "failed"], "refund": []},
    "errors": {"fields": ["code", "message"], "line": 12},
    "webhooks": {"events": []},
}
CASE = Case("dev", "x", (Path("x.md"),), TRUTH)


def reading(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "amount": {"currency_unit": "Minor", "convertor": "MinorUnitForConnector"},
        "auth": {"scheme": "Bearer"},
        "endpoints": [
            {"method": "POST", "path": "/payments", "flows": ["Authorize"]},  # relative to a /v1 base URL
            {"method": "GET", "path": "/v1/payments/:payment_id", "flows": ["PSync", "RSync"]},
            {"method": "GET", "path": "/v1/payments", "flows": []},
        ],
        "unsupported_flows": [{"flow": "Void"}],
        "statuses": {"payment": [{"value": "paid"}], "refund": []},
        "errors": {"fields": ["error.code", "error.message"]},
        "webhooks": {"events": []},
    }
    base.update(changes)
    return base


def test_a_right_reading_scores_right() -> None:
    found = score(CASE, reading(), "")
    assert (found.unit, found.convertor, found.auth) == ("right", "right", "right")
    assert found.flows_right == ["Authorize", "PSync", "RSync"] and found.flows_missed == []
    assert found.wrong_labels == [] and found.unsupported_right == ["Void"]
    assert found.statuses["payment"] == (1, 2, 1) and found.errors == (2, 2, 2)
    assert found.wrong_answers == [] and found.false_absences == []


def test_wrong_null_and_other_paths_are_told_apart() -> None:
    endpoints = [
        {"method": "POST", "path": "/v1/payments", "flows": ["Authorize"]},
        {"method": "POST", "path": "/v1/charges", "flows": ["Authorize"]},  # another path for it: not right
        {"method": "GET", "path": "/v1/payments", "flows": ["PSync"]},  # a list labelled PSync: wrong
    ]
    found = score(CASE, reading(amount={"currency_unit": "Base", "convertor": None}, endpoints=endpoints), "")
    assert (found.unit, found.convertor) == ("wrong", "null")
    assert "Authorize" in found.flows_missed and "PSync" in found.flows_missed
    assert found.wrong_labels == ["Authorize on POST /v1/charges", "PSync on GET /v1/payments"]
    assert "unit" in found.wrong_answers and "convertor" not in found.wrong_answers


def test_false_absence_sentences_are_those_the_truth_contradicts() -> None:
    spec = (
        "The doc does not describe error responses anywhere.\n"
        "- The doc never mentions webhooks: does x send them?\n"
        "The doc names no HTTP endpoint for RSync.\n"
        "Which endpoint serves Void, or is it unsupported? hs-scaffold read none as Void.\n"
    )
    assert len(absence_sentences(spec)) == 3
    found = score(CASE, reading(), spec)
    assert found.false_absences == [
        "The doc does not describe error responses anywhere.",
        "The doc names no HTTP endpoint for RSync.",
    ]  # webhooks: the truth has none, so that sentence is true


@pytest.mark.parametrize(
    ("truth", "found", "same"),
    [
        ("/v1/payments/{id}", "/v1/payments/<payment_id>", True),
        ("/payments", "/v2/payments", True),
        ("/v1/payments/{id}/refunds", "/refunds", False),
        ("/v1/payments", "/v1/payments/", True),
        ("/v1/refunds", "/v1/payments", False),
    ],
)
def test_same_path(truth: str, found: str, same: bool) -> None:
    assert same_path(truth, found) is same
