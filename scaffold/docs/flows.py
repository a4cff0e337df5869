"""Which Hyperswitch flow an operation serves, judged from words: a clause, a heading, a path.

``classify`` reads the cues of a text in order (``[cues]`` in doc_words.toml) and returns the
flows of the first one the HTTP method allows, with how sure it is: ``verb`` (an operation verb
or an explicit decoy) or ``noun`` (only the object was named: "Refunds", "Payments"). An operation
verb after an article is a noun ("the id of the authorization"); a decoy that only says where data
goes ("stores a card") gives way to a later cue; a sync or create verb with no object in the text
takes the object its path names. ``path_action`` reads a path's last segment alone ("/capture"),
``sets_up_mandate`` tells a sentence that sets up a mandate (``[mandate_setup]``), and ``BOTH``
a lookup that answers for payments and refunds alike (``[sync_both]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from scaffold.docs.words import _data, cue_patterns, fullword, words

WRITE = ("POST", "PUT", "PATCH")
_SYNC_BY_POST = words("cue_strength", "sync_by_post")
_WEAK_DECOY = fullword("cue_strength", "weak_decoys")
_DETERMINER = fullword("cue_strength", "determiners")
# "for payments and for refunds alike", "refunds are transactions too", "whether a refund has gone through"
BOTH = re.compile("|".join(_data()["sync_both"]["patterns"]), re.IGNORECASE)
REFUND_LOOKUP = re.compile("|".join(_data()["sync_both"]["refund_lookup"]), re.IGNORECASE)
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


def _plural_object_after(text: str, position: int) -> bool:
    """Whether the first payment or refund named after ``position`` is plural ("your payments")."""
    found = [m for kind in ("refund", "payment") if (m := words("objects", kind).search(text[position:]))]
    first = min(found, key=lambda m: m.start()) if found else None
    return bool(first and re.search(r"(?i)[^s]s$", first.group(0)) and first.group(0).lower() != "funds")


def _object_before(text: str, position: int) -> str | None:
    """``refund``, ``payment`` or ``nothing``: the last object named before ``position`` (the subject of
    a passive verb: "a payment is created with ...")."""
    best: tuple[int, str] | None = None
    for kind in ("refund", "payment", "nothing"):
        for match in words("objects", kind).finditer(text[:position]):
            if best is None or match.start() > best[0]:
                best = (match.start(), kind)
    return best[1] if best else None


_PASSIVE = re.compile(r"(?i)^(?:is|are|gets?|be|been)\s")


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


def _after_determiner(text: str, position: int) -> bool:
    """Whether the word just before ``position`` is an article or the like ("a charge", "the sale")."""
    before = re.search(r"(\w+)\W*$", text[:position])
    return bool(before and _DETERMINER.fullmatch(before.group(1)))


def _verb_flow(
    cue: _Cue, text: str, method: str, trailing_id: bool, default_object: str | None = None
) -> tuple[str, ...] | None:
    """The flows ``cue`` gives (``()`` for a decoy), None when the method does not allow it;
    ``default_object``: what a sync or create verb acts on when the text names nothing after it."""
    write = method in WRITE
    obj = _object_before(text, cue.start) if _PASSIVE.match(cue.text) else _object_after(text, cue.end)
    intent = cue.intent
    if obj is None and intent in ("sync", "create"):
        obj = default_object
    if intent in ("capture", "void", "refund") and obj is None and _DETERMINED.match(text[cue.end :]):
        return None  # "cancel a scheduled retry": done to something that is not a payment
    if intent in ("capture", "void") and _refund_right_after(text, cue.end):
        return ()  # "cancel a refund" voids no payment
    if intent == "decoy":
        return ()
    if intent == "sale":
        return ("Authorize",) if write and not trailing_id else None
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
        if method == "GET" and not trailing_id and _plural_object_after(text, cue.end):
            return ()  # "returns your payments, newest first": a list
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
def classify(text: str, method: str, trailing_id: bool, default_object: str | None = None) -> Reading:
    """The flows ``text`` (a clause, a heading) gives an operation with ``method`` (``default_object``:
    ``payment`` or ``refund``, what the operation's path names, for a verb whose object is unsaid)."""
    cues = _cues(text)
    enumerated = _enumerated(cues, text)
    if enumerated and (method in WRITE or method == "DELETE"):
        return Reading(tuple(enumerated), "verb")
    weak: tuple[str, ...] | None = None
    for cue in cues:
        if cue.intent == "create" and cue.text.lower() in _VAGUE and not _PLAIN_OBJECT.match(text[cue.end :]):
            continue  # too vague alone ("send a request"); "request a payment" is plain
        if cue.intent == "create" and _after_determiner(text, cue.start):
            continue  # a noun: "the id of the authorization", "a charge created with ..."
        flows = _verb_flow(cue, text, method, trailing_id, default_object)
        if flows is None:
            continue
        if cue.intent == "decoy" and _WEAK_DECOY.fullmatch(cue.text):
            weak = flows if weak is None else weak  # "stores a card and returns a token": read on
            continue
        if flows or weak is None:
            return Reading(flows, "verb")
    if weak is not None:
        return Reading(weak, "verb")
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
    last_word = re.split(r"[_\-.]", last_literal)[-1]  # "card-transactions": transactions
    collection = words("objects", "refund").fullmatch(last_word) or words("objects", "payment").fullmatch(
        last_word
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


@lru_cache(maxsize=4096)
def path_object(path: str) -> str | None:
    """``refund`` or ``payment``: what the last literal segment of ``path`` naming either is about."""
    segments = [s for s in path.split("/") if s and not re.fullmatch(r"\{[^}]*\}", s)]
    for segment in reversed(segments):
        plain_segment = re.sub(r"[_\-.]", " ", segment)
        for kind in ("refund", "payment"):
            if words("objects", kind).search(plain_segment):
                return kind
    return None


@lru_cache(maxsize=4096)
def path_action(method: str, path: str) -> Reading:
    """The flows the path's last literal segment gives when it is an operation verb (``/capture``,
    ``/refunds``, ``/reversal``); undecided for a noun or a decoy."""
    trailing_id = bool(re.search(r"\{[^}]*\}/?$", path))
    segments = [s for s in path.split("/") if s and not re.fullmatch(r"\{[^}]*\}", s)]
    if not segments:
        return UNDECIDED
    reading = classify(re.sub(r"[_\-.]", " ", segments[-1]), method, trailing_id)
    return reading if reading.strength == "verb" and reading.flows else UNDECIDED


_MANDATE_HINT = re.compile(
    r"(?i)mandate|without|amount|zero|\$0|later|future|subsequent|first|initial|set ?up"
)


def sets_up_mandate(sentence: str) -> bool:
    """Whether ``sentence`` says the operation sets up a mandate: plainly, or by storing a card for
    merchant-initiated payments, without charging it or with a zero amount (``[mandate_setup]``)."""
    if not _MANDATE_HINT.search(sentence):
        return False
    stated = words("mandate_setup", "stated").search(sentence)
    if stated:
        return not _negated(sentence, stated.start())
    if not words("mandate_setup", "purpose").search(sentence):
        return False
    for match in words("mandate_setup", "store").finditer(sentence):
        around = " ".join(sentence[: match.start()].split()[-3:] + sentence[match.end() :].split()[:5])
        if words("mandate_setup", "stored").search(around) and not _negated(sentence, match.start()):
            return True  # "stores the card", "a card is registered"
    return False


def _negated(text: str, position: int) -> bool:
    """Whether a negation comes just before ``position`` ("does not set up a mandate")."""
    return bool(
        re.search(
            r"(?i)\b(?:not|never|no|cannot|can\W?t|doesn\W?t|don\W?t|won\W?t)\b",
            text[max(0, position - 25) : position],
        )
    )
