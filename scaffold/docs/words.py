"""The reader's vocabulary (``scaffold/data/doc_words.toml``), compiled once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from scaffold import resources
from scaffold.flows import KNOWN_FLOWS

FLOWS = KNOWN_FLOWS  # the flows a doc may name, in the order the spec gives them


def _data() -> dict[str, Any]:
    return resources.data_toml("doc_words.toml")


def alternation(patterns: Iterable[str]) -> str:
    """``(?:a|b|c)`` of ``patterns``."""
    return "(?:" + "|".join(patterns) + ")"


@cache
def words(*keys: str) -> re.Pattern[str]:
    """The entries at ``keys`` (``"amounts", "minor"``) as one whole-word, case-insensitive pattern."""
    node: Any = _data()
    for key in keys:
        node = node[key]
    return re.compile(rf"(?<![\w-]){alternation(node)}(?![\w-])", re.IGNORECASE)


@cache
def fullword(*keys: str) -> re.Pattern[str]:
    """The entries at ``keys`` as a pattern matching a whole string."""
    node: Any = _data()
    for key in keys:
        node = node[key]
    return re.compile(rf"{alternation(node)}", re.IGNORECASE)


@cache
def cue_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(intent, pattern) for every operation cue, in the file's order."""
    return tuple(
        (intent, re.compile(rf"(?<![\w-]){alternation(patterns)}(?![\w-])", re.IGNORECASE))
        for intent, patterns in _data()["cues"].items()
    )


@cache
def unsupported_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(flow, pattern) for each flow: every way of saying it is not offered, as one alternation."""
    table = _data()["unsupported"]
    found = []
    for flow, names in table["flows"].items():
        participle = table["participles"].get(flow)
        ways = [
            pattern.replace("{flow}", alternation(names)).replace("{flow_participle}", participle or "")
            for pattern in table["patterns"]
            if "{flow_participle}" not in pattern or participle is not None
        ]
        found.append((flow, re.compile(rf"(?<![\w-]){alternation(ways)}(?![\w-])", re.IGNORECASE)))
    return tuple(found)
