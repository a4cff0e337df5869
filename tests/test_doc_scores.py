"""The doc reader, scored on every evaluation case present (tests/fixtures/docs/dev/ and, when there,
eval/): each case's docs go through the real spec writer on a sandbox connector, and the stub map
and spec are compared with the case's truth (tests/doc_scoring.py).

Per case: unit, convertor and auth scheme right wherever the truth states them, no wrong answer
(null is better than wrong), no false "the doc does not say" sentence. Over all cases: the right
endpoint under at least 90% of the implemented flows.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.doc_scoring import Case, CaseScore, cases, details, totals

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "score_docs.py"
CASES = cases()


def _runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_docs", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield _runner().prepare(tmp_path_factory.mktemp("score") / "hs")


@pytest.fixture(scope="module")
def scored(checkout: Any) -> dict[str, CaseScore]:
    runner = _runner()
    return {f"{c.set}/{c.name}": runner.score_case(checkout, c)[0] for c in CASES}


def test_the_dev_set_is_there_and_varied() -> None:
    dev = [c for c in CASES if c.set == "dev"]
    assert len(dev) >= 8
    docs = [d for c in dev for d in c.docs]
    assert all(d.is_file() for d in docs)
    assert any(d.suffix in (".yaml", ".yml") for d in docs) and any(d.suffix == ".json" for d in docs)
    assert len({c.truth["case"]["real_connector"] for c in dev}) == len(dev)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.set}/{c.name}" for c in CASES])
def test_case_is_read_right_where_the_doc_is_clear(case: Case, scored: dict[str, CaseScore]) -> None:
    score = scored[f"{case.set}/{case.name}"]
    for name in ("unit", "convertor", "auth"):
        assert getattr(score, name) in ("right", "n/a"), f"{name}: {getattr(score, name)}\n{details([score])}"
    assert score.wrong_answers == [], details([score])
    assert score.false_absences == [], details([score])


def _says_nothing(truth: dict[str, Any]) -> bool:
    """Whether the truth holds no fact at all (a doc with nothing in it)."""
    return (
        not truth.get("endpoint")
        and truth.get("amount", {}).get("unit") == "unstated"
        and truth.get("auth", {}).get("scheme") == "unstated"
        and not any(truth.get("statuses", {}).values())
        and not truth.get("errors", {}).get("fields")
        and not truth.get("webhooks", {}).get("events")
    )


def test_a_doc_with_nothing_in_it_is_said_so_once(scored: dict[str, CaseScore]) -> None:
    empty = [s for s in scored.values() if _says_nothing(s.case.truth)]
    assert empty, "the dev set has a doc with nothing in it"
    for found in empty:
        assert found.spec_text.count("The doc gives nothing the connector needs") == 1, found.case.name


def test_endpoints_under_each_implemented_flow(scored: dict[str, CaseScore]) -> None:
    found = totals(list(scored.values()))
    assert found["flows_implemented"] > 0
    assert found["flows_right"] >= 0.9 * found["flows_implemented"], details(list(scored.values()))
