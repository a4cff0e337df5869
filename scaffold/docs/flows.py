"""Which Hyperswitch flow an operation serves, judged from words: a clause, a heading, a path.

``classify`` reads the cues of a text in order (``[cues]`` in doc_words.toml) and returns the
flows of the first one the HTTP method allows, with how sure it is: ``verb`` (an operation verb
or an explicit decoy) or ``noun`` (only the object was named: "Refunds", "Payments").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from scaffold.docs.words import cue_patterns, words

WRITE = ("POST", "PUT", "PATCH")
_SYNC_BY_POST = re.compile(r"(?i)\b(?:inquir|enquir|quer|status|look ?up|lookup|search by|retriev)")
# "for payments and for refunds alike", "refunds are transactions too", "also returns refunds"
BOTH = re.compile(
    r"(?i)\b(?:payments?|transactions?|charges?|orders?|sales?|auths?)\b[^.]{0,40}\b(?:and|or)\b[^.]{0,20}"
    r"\b(?:refunds?|credits?)\b|\b(?:refunds?|credits?) (?:are|is) (?:also |themselves )?(?:a |an )?"
    r"(?:transactions?|operations?|payments?)\b|\b(?:also|likewise)\b[^.]{0,30}\b(?:refunds?|credits?)\b|"
    r"\b(?:refunds?|credits?)\b[^.]{0,30}\b(?:too|as well|alike|the same way)\b"
)
_ENUM_SEPARATOR = re.compile(r"^\s*(?:,|/|or|and|and/or|,\s*or|,\s*and)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """The flows a text gives an operation, and how sure (``verb`` or ``noun``); ``decided`` is False
    when the text has no usable cue."""

    flows: tuple[str, ...]
    strength: str | None

    @property
    def decided(self) -> bool:
        return self.strength is not None


UNDECIDED = Reading((), None)


@dataclass(frozen=True)
class _Cue:
    intent: str
    start: int
    end: int
    text: str


def _cues(text: str) -> list[_Cue]:
    found: list[_Cue] = []
    taken: list[tuple[int, int]] = []
    for intent, pattern in cue_patterns():
        for match in pattern.finditer(text):
            span = (match.start(), match.end())
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            taken.append(span)
            found.append(_Cue(intent, match.start(), match.end(), match.group(0)))
    return sorted(found, key=lambda c: c.start)


def _object_after(text: str, position: int) -> str | None:
    """``refund``, ``payment`` or ``nothing``: the first object named after ``position``."""
    rest = text[position:]
    best: tuple[int, str] | None = None
    for kind in ("refund", "payment", "nothing"):
        match = words("objects", kind).search(rest)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return best[1] if best else None


def _refund_right_after(text: str, position: int) -> bool:
    """Whether the word just after ``position`` (past an article) names a refund."""
    following = re.match(r"\W+(?:(?:a|an|the|this|that|its|pending|partial)\W+){0,2}(\w+)", text[position:])
    return bool(following and words("objects", "refund").fullmatch(following.group(1)))


def _enumerated(cues: list[_Cue], text: str) -> list[str]:
    """Flows of a "capture, reverse or refund" enumeration starting at the first cue, if any."""
    chain = [cues[0]] if cues else []
    for previous, cue in pairwise(cues):
        if cue.intent not in ("capture", "void", "refund") or not _ENUM_SEPARATOR.match(
            text[previous.end : cue.start]
        ):
            break
        chain.append(cue)
    intents = [c.intent for c in chain]
    if len(set(intents)) < 2 or not set(intents) <= {"capture", "void", "refund"}:
        return []
    flows = {"capture": "Capture", "void": "Void", "refund": "Execute"}
    return list(dict.fromkeys(flows[i] for i in intents))


_VAGUE = ("request", "send", "process", "perform", "execute")
_PLAIN_OBJECT = re.compile(r"\s+(?:(?:a|an|the|new)\s+)?(?:payments?|charges?|refunds?)\b", re.IGNORECASE)
_DETERMINED = re.compile(r"^\s+(?:a|an|the|this|that|its|your|each|every)\s+\w")


def _verb_flow(cue: _Cue, text: str, method: str, trailing_id: bool) -> tuple[str, ...] | None:
    """The flows ``cue`` gives (``()`` for a decoy), None when the method does not allow it."""
    write = method in WRITE
    obj = _object_after(text, cue.end)
    intent = cue.intent
    if intent in ("capture", "void", "refund") and obj is None and _DETERMINED.match(text[cue.end :]):
        return None  # "cancel a scheduled retry": done to something that is not a payment
    if intent in ("capture", "void") and _refund_right_after(text, cue.end):
        return ()  # "cancel a refund" voids no payment
    if intent == "decoy":
        return ()
    if intent == "capture":
        return ("Capture",) if write else None
    if intent == "void":
        return ("Void",) if write or method == "DELETE" else None
    if intent == "refund":
        if method == "GET":
            return ("RSync",) if trailing_id else None
        return ("Execute",) if write else None
    if intent == "sync":
        if method != "GET" and not (write and _SYNC_BY_POST.search(cue.text)):
            return None
        if obj == "nothing":
            return ()
        if method == "GET" and not trailing_id and obj is None:
            return None  # a GET with no id and no object: more likely a list than a lookup
        if BOTH.search(text):
            return ("PSync", "RSync")
        return ("RSync",) if obj == "refund" else ("PSync",)
    if intent in ("access_token", "token", "mandate", "session"):
        flow = {
            "access_token": "AccessTokenAuth",
            "token": "PaymentMethodToken",
            "mandate": "SetupMandate",
            "session": "Session",
        }[intent]
        return (flow,) if write else None
    # create-like verbs
    if not write:
        return None
    if obj == "refund":
        return ("Execute",)
    if re.search(r"(?i)authori[sz]|pre-?auth|charg|pay\b|debit|sale|purchas", cue.text):
        return None if trailing_id else ("Authorize",)
    if obj == "nothing":
        return ()
    if obj == "payment":
        return None if trailing_id else ("Authorize",)
    return None


def _noun_flow(text: str, method: str, trailing_id: bool) -> tuple[str, ...] | None:
    obj = _object_after(text, 0)
    if obj is None:
        return None
    if obj == "nothing":
        return ()
    if obj == "refund":
        if method in WRITE:
            return ("Execute",)
        return ("RSync",) if method == "GET" and trailing_id else None
    if method in WRITE and not trailing_id:
        return ("Authorize",)
    return ("PSync",) if method == "GET" and trailing_id else None


@lru_cache(maxsize=16384)
def classify(text: str, method: str, trailing_id: bool) -> Reading:
    """The flows ``text`` (a clause, a heading) gives an operation with ``method``."""
    cues = _cues(text)
    enumerated = _enumerated(cues, text)
    if enumerated and (method in WRITE or method == "DELETE"):
        return Reading(tuple(enumerated), "verb")
    for cue in cues:
        if cue.intent == "create" and cue.text.lower() in _VAGUE and not _PLAIN_OBJECT.match(text[cue.end :]):
            continue  # too vague alone ("send a request"); "request a payment" is plain
        flows = _verb_flow(cue, text, method, trailing_id)
        if flows is not None:
            return Reading(flows, "verb")
    flows = _noun_flow(text, method, trailing_id)
    return Reading(flows, "noun") if flows is not None else UNDECIDED


def path_words(path: str) -> str:
    """The literal segments of ``path``, last first, as words (``/v1/charge/{id}/settle`` ->
    ``settle charge v1``)."""
    segments = [s for s in path.split("/") if s and not re.fullmatch(r"\{[^}]*\}", s)]
    return " ".join(re.sub(r"[_\-.]", " ", s) for s in reversed(segments))


@lru_cache(maxsize=4096)
def classify_path(method: str, path: str) -> Reading:
    """The flows the path alone gives (its last literal segment weighs most)."""
    trailing_id = bool(re.search(r"\{[^}]*\}/?$", path))
    segments = [s for s in path.split("/") if s and not re.fullmatch(r"\{[^}]*\}", s)]
    if not segments:
        return UNDECIDED
    last_literal = segments[-1]
    collection = words("objects", "refund").fullmatch(last_literal) or words("objects", "payment").fullmatch(
        last_literal
    )
    if method == "GET" and not trailing_id and not _SYNC_BY_POST.search(last_literal) and collection:
        return Reading((), "verb")  # GET on a collection lists it
    if words("cues", "access_token").search(path_words(path)):
        return Reading(("AccessTokenAuth",), "verb") if method in WRITE else UNDECIDED
    whole = classify(path_words(path), method, trailing_id)  # the last segment first, with its context
    if whole.decided and whole.strength == "verb":
        return whole
    last = re.sub(r"[_\-.]", " ", segments[-1])
    reading = classify(last, method, trailing_id)
    if reading.decided and reading.strength == "verb":
        return reading
    return reading if reading.decided else whole
