"""Lines that touch a topic (endpoints, auth, amounts, statuses, errors, webhooks) at all.

When the reader draws no fact about a topic, these decide what the spec may say: with no
candidate anywhere, "the doc does not say"; with some, only that hs-scaffold could not read them,
listing their lines for the author.
"""

from __future__ import annotations

import re

from scaffold.docs.markdown import plain
from scaffold.docs.model import Document, Evidence

MAX_CANDIDATES = 5
TOPICS: dict[str, re.Pattern[str]] = {
    "endpoint": re.compile(
        r"\b(?:GET|POST|PUT|PATCH|DELETE)\b|https?://|(?i:\bendpoints?\b|\brequests? to\b)"
    ),
    "auth": re.compile(
        r"(?i)authenticat|authori[sz]ation\b|\bapi[ _-]?keys?\b|\bsecret\b|\bcredentials?\b|"
        r"\bsign(?:ed|ature)\b"
    ),
    "amount": re.compile(r"(?i)\bamounts?\b|\bprices?\b"),
    "status": re.compile(r"(?i)\bstatus(?:es)?\b|\bstates?\b"),
    "errors": re.compile(r"(?i)\berrors?\b|\bfailures?\b"),
    "webhook": re.compile(r"(?i)webhooks?|notifications?|callbacks?"),
}


def find_candidates(doc: Document) -> dict[str, list[Evidence]]:
    """Per topic, the first lines of the doc (prose, tables, examples) that mention it."""
    found: dict[str, list[Evidence]] = {topic: [] for topic in TOPICS}
    for number, line in enumerate(doc.lines, start=1):
        text = plain(line) if "`" in line or "*" in line else line
        for topic, pattern in TOPICS.items():
            if len(found[topic]) < MAX_CANDIDATES and pattern.search(text):
                found[topic].append(doc.evidence(number))
        if all(len(v) >= MAX_CANDIDATES for v in found.values()):
            break
    return found
