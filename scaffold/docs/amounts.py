"""Amounts: the unit (minor or base) and how they travel (JSON number, JSON string, form or XML text).

Read from prose, parameter tables (type and description columns, format codes such as ``N13.2``),
and example values in JSON, form and XML bodies. The convertor follows from both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from scaffold.docs.examples import Example
from scaffold.docs.markdown import plain
from scaffold.docs.model import AmountFact, Block, Document, Evidence, quote
from scaffold.docs.words import fullword, words

_AMOUNT_WORD = re.compile(r"(?i)\b(?:amounts?|values?|prices?|totals?|sums?)\b")
_FORMAT_CODE = re.compile(
    r"(?<![\w.])[Nn]\s?(\d{1,2})(?:[.,](\d))?(?![\w])|\bdecimal\s*\(\s*\d+\s*,\s*(\d)\s*\)", re.I
)
_EXAMPLE_VALUE = re.compile(
    r"""(?i)\b(?:e\.g\.|eg\.|for example|example:?|such as|like)\s*[:,]?\s*"""
    r"""[`"']*(-?\d+(?:[.,]\d+)?)([`"']*)"""
)
_WRITTEN_DECIMAL = re.compile(r"(?<![\w.,])(\d{1,9}[.,]\d{2})()(?![\w.,])")  # "10.50" in an amount sentence
_STRING_CUE = re.compile(r"(?i)\b(?:as an? (?:string|text)|strings?|quoted|in quotes|text)\b")
_NUMBER_CUE = re.compile(
    r"(?i)\b(?:integers?|whole numbers?|numbers?(?! of)|numeric|float(?:ing[- ]point)?|doubles?|"
    r"decimal numbers?|json numbers?)\b"
)
CONVERTORS = {
    ("Minor", "number"): "MinorUnitForConnector",
    ("Minor", "string"): "StringMinorUnitForConnector",
    ("Minor", "form"): "MinorUnitForConnector",
    ("Minor", "text"): "StringMinorUnitForConnector",
    ("Base", "text"): "StringMajorUnitForConnector",
    ("Base", "number"): "FloatMajorUnitForConnector",
    ("Base", "string"): "StringMajorUnitForConnector",
    ("Base", "form"): "StringMajorUnitForConnector",
}


@lru_cache(maxsize=8192)
def is_amount_field(name: str) -> bool:
    """Whether a field name (dotted or not) holds money: ``amount``, ``total_amount``, ``amount.value``."""
    parts = [p for p in re.split(r"[.\[\]]", name) if p]
    if not parts:
        return False
    last = parts[-1]
    if fullword("amounts", "not_fields").fullmatch(last):
        return False
    if last.lower() == "value":
        return len(parts) > 1 and bool(fullword("amounts", "fields").fullmatch(parts[-2]))
    return bool(fullword("amounts", "fields").fullmatch(last)) and last.lower() not in ("value",)


def _votes(text: str, kind: str, unit: str) -> set[str]:
    other = "Base" if unit == "Minor" else "Minor"
    found = set()
    for match in words("amounts", kind).finditer(text):
        before = text[max(0, match.start() - 14) : match.start()].lower()
        negated = re.search(r"\b(?:not|never|no)\b", before) and not match.group(0).lower().startswith("not")
        found.add(other if negated else unit)
    return found


def _unit_cues(text: str) -> str | None:
    """``Base``/``Minor`` when ``text`` says so plainly ("not in cents" reads as base units); a cue that
    only shows decimals ("two decimal places") counts only when nothing names the unit."""
    strong = _votes(text, "minor", "Minor") | _votes(text, "base", "Base")
    if len(strong) == 1:
        return strong.pop()
    if strong:
        return None
    weak = _votes(text, "minor_weak", "Minor") | _votes(text, "base_weak", "Base")
    return weak.pop() if len(weak) == 1 else None


def _representation_cue(text: str) -> str | None:
    string, number = _STRING_CUE.search(text), _NUMBER_CUE.search(text)
    if string and not number:
        return "string"
    if number and not string:
        return "number"
    return None


def _prose_facts(
    doc: Document, block: Block, text: str, line: int, field_name: str = ""
) -> Iterator[AmountFact]:
    unit = _unit_cues(text)
    if unit is not None:
        yield AmountFact(unit, _representation_cue(text), "stated", doc.evidence(line), field=field_name)
    examples = list(_EXAMPLE_VALUE.finditer(text))
    if not examples and unit is None:  # "10.50" beside "minor units" explains them: not an example
        examples = list(_WRITTEN_DECIMAL.finditer(text))
    for match in examples:
        value, quoted = match.group(1), bool(match.group(2))
        decimals = bool(re.search(r"[.,]\d", value))
        representation = "string" if quoted and '"' in match.group(0) else None
        yield AmountFact(
            "Base" if decimals else None,
            representation,
            "example",
            doc.evidence(line),
            decimals=decimals,
            field=field_name,
        )


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z`*(\"'])", text) if s]


def _prose(doc: Document) -> Iterator[AmountFact]:
    for block in doc.blocks:
        if block.kind not in ("text", "item"):
            continue
        text = plain(block.text)
        for sentence in _sentences(text):
            if _AMOUNT_WORD.search(sentence) or any(is_amount_field(c) for c in block.codes):
                line = doc.line_with(block, sentence[:25])
                yield from _prose_facts(doc, block, sentence, line)


def _columns(header: tuple[str, ...]) -> tuple[int | None, int | None, list[int]]:
    name = next(
        (
            i
            for i, h in enumerate(header)
            if re.search(r"(?i)\b(?:field|parameter|param|name|attribute|property|key|element)s?\b", h)
        ),
        None,
    )
    kind = next(
        (i for i, h in enumerate(header) if re.search(r"(?i)\b(?:type|format|data ?type)s?\b", h)), None
    )
    rest = [i for i in range(len(header)) if i not in (name, kind)]
    return name, kind, rest


def _tables(doc: Document) -> Iterator[AmountFact]:
    for block in doc.blocks:
        if block.kind != "table":
            continue
        name_col, type_col, rest = _columns(block.header)
        if name_col is None:
            name_col = 0
        for row in block.rows:
            cells = [plain(c) for c in row.cells]
            if name_col >= len(cells) or not cells[name_col]:
                continue
            field_name = cells[name_col].split()[0].strip("`*")
            if not is_amount_field(field_name):
                continue
            evidence = doc.evidence(row.line)
            typed = cells[type_col] if type_col is not None and type_col < len(cells) else ""
            yield from _typed(typed, evidence, field_name)
            description = " ".join(cells[i] for i in rest if i < len(cells))
            yield from _typed_format(description, evidence, field_name)
            yield from _prose_facts(doc, block, description, row.line, field_name)


def _typed(typed: str, evidence: Evidence, field_name: str) -> Iterator[AmountFact]:
    if not typed:
        return
    if re.search(r"(?i)\bobject\b", typed):
        return
    representation = None
    if words("amounts", "string_types").search(typed):
        representation = "string"
    elif words("amounts", "number_types").search(typed):
        representation = "number"
    decimals = None
    if re.search(r"(?i)\b(?:float|double|decimal|bigdecimal)\b", typed):
        decimals = True
    if representation:
        unit = "Base" if decimals else None
        yield AmountFact(unit, representation, "typed", evidence, decimals=decimals, field=field_name)
    yield from _typed_format(typed, evidence, field_name)


def _typed_format(text: str, evidence: Evidence, field_name: str) -> Iterator[AmountFact]:
    for match in _FORMAT_CODE.finditer(text):
        places = match.group(2) or match.group(3)
        if places and int(places) > 0:
            yield AmountFact("Base", None, "typed", evidence, decimals=True, field=field_name)


def _examples(doc: Document, examples: list[Example]) -> Iterator[AmountFact]:
    for example in examples:
        parents_with_exponent = {
            v.key.rsplit(".", 1)[0] for v in example.values if v.key.endswith("exponent")
        }
        for value in example.values:
            if not is_amount_field(value.key) or value.kind in ("bool", "null"):
                continue
            literal = value.literal.strip('"')
            if not re.fullmatch(r"-?\d+(?:[.,]\d+)?", literal):
                continue
            decimals = bool(re.search(r"[.,]\d", literal))
            representation = {"number": "number", "string": "string", "form": "form"}.get(value.kind, "text")
            unit = "Base" if decimals else None
            parent = value.key.rsplit(".", 1)[0] if "." in value.key else value.key
            if not decimals and (
                parent in parents_with_exponent or value.key.split(".")[0] in parents_with_exponent
            ):
                unit = "Minor"
            shown = (
                f'"{value.key.split(".")[-1]}": {value.literal}'
                if value.kind in ("number", "string")
                else (f"{value.key}={literal}" if value.kind == "form" else f"{value.key} {literal}")
            )
            yield AmountFact(
                unit,
                representation,
                "example",
                Evidence(doc.where(value.line), quote(shown)),
                decimals=decimals,
                field=value.key,
            )


def read_amount_facts(doc: Document, examples: list[Example]) -> list[AmountFact]:
    """Every statement, type and example value the doc gives about amounts."""
    return [*_prose(doc), *_tables(doc), *_examples(doc, examples)]


# --- the conclusion ---------------------------------------------------------------------------------


@dataclass
class AmountReading:
    """The unit and representation the doc's amount facts add up to, and what is still open."""

    unit: str | None
    representation: str | None  # "number" | "string" | "form" | None
    convertor: str | None  # the common_utils convertor's name
    inferred: bool  # unit taken from whole-number examples only
    facts: list[AmountFact] = field(default_factory=list)
    conflicts: list[tuple[AmountFact, AmountFact]] = field(default_factory=list)

    @property
    def stated(self) -> list[AmountFact]:
        return [f for f in self.facts if f.strength != "example"]

    @property
    def shown(self) -> list[AmountFact]:
        return [f for f in self.facts if f.strength == "example"]

    def describe(self) -> str | None:
        """``integer``, ``integer string``, ``decimal string``, ``number``."""
        if self.representation is None:
            return None
        if self.representation in ("form", "text"):
            return "form-encoded text" if self.representation == "form" else "XML text"
        if self.unit == "Minor":
            return "integer" if self.representation == "number" else "integer string"
        if self.unit == "Base":
            return "decimal number" if self.representation == "number" else "decimal string"
        return self.representation


def _first(facts: list[AmountFact], predicate: object) -> AmountFact | None:
    return next((f for f in facts if predicate(f)), None)  # type: ignore[operator]


def conclude(facts: list[AmountFact]) -> AmountReading:
    """Statements decide the unit; a decimal in an example or a format code shows base units; whole
    numbers alone only suggest minor units (``inferred``). Two statements that disagree, or a decimal
    example against a minor-unit statement, are conflicts and leave the unit open."""
    stated = [f for f in facts if f.strength == "stated" and f.unit]
    typed_base = [f for f in facts if f.strength == "typed" and f.unit == "Base"]
    decimal_examples = [f for f in facts if f.strength == "example" and f.decimals]
    whole_examples = [f for f in facts if f.strength == "example" and f.decimals is False]
    minor_hints = [f for f in facts if f.strength == "example" and f.unit == "Minor"]
    reading = AmountReading(None, None, None, False, facts)
    units = {f.unit for f in stated}
    if len(units) > 1:
        minor = _first(stated, lambda f: f.unit == "Minor")
        base = _first(stated, lambda f: f.unit == "Base")
        assert minor and base
        reading.conflicts.append((minor, base))
    elif units:
        reading.unit = units.pop()
        against = decimal_examples + typed_base if reading.unit == "Minor" else minor_hints
        if against:  # the doc says one thing and shows another: ask, quoting both
            reading.conflicts.append((stated[0], against[0]))
            reading.unit = None
    elif decimal_examples or typed_base:
        if minor_hints:
            reading.conflicts.append((minor_hints[0], (decimal_examples + typed_base)[0]))
        else:
            reading.unit = "Base"
    elif minor_hints:
        reading.unit = "Minor"
    elif whole_examples:
        reading.unit, reading.inferred = "Minor", True
    reading.representation = _representation(facts, reading.unit)
    if reading.unit and reading.representation:
        reading.convertor = CONVERTORS.get((reading.unit, reading.representation))
    return reading


def _representation(facts: list[AmountFact], unit: str | None) -> str | None:
    """JSON examples are exact; then a type column; then form or XML examples; then prose."""
    for strength, kinds in (
        ("example", ("number", "string")),
        ("typed", ("number", "string")),
        ("example", ("form", "text")),
        ("stated", ("number", "string")),
    ):
        found = {f.representation for f in facts if f.strength == strength and f.representation in kinds}
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            json_ones = [f for f in facts if f.strength == strength and f.representation in kinds]
            counts = {r: sum(f.representation == r for f in json_ones) for r in found}
            best = max(counts.values())
            leaders = [r for r, c in counts.items() if c == best]
            return leaders[0] if len(leaders) == 1 else None
    if unit == "Base" and any(f.strength == "typed" and f.decimals for f in facts):
        return "string"  # a format code describes text ("N13.2", "dot as decimal separator")
    return None
