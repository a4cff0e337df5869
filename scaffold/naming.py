"""Rust-crate-style case conversions (the ``heck`` crate's rules), as cargo-generate's filters use them.

Kept apart from the renderer so that modules needing only a type name do not load Liquid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator


def split_words(text: str) -> Iterator[str]:
    """Split like Rust's ``heck`` crate: on non-alphanumerics and on case boundaries."""
    for chunk in "".join(c if c.isalnum() else " " for c in text).split():
        start, mode = 0, ""  # mode: "" at a boundary, else "lower" or "upper"
        for i, char in enumerate(chunk[:-1]):
            nxt = chunk[i + 1]
            next_mode = "lower" if char.islower() else "upper" if char.isupper() else mode
            if next_mode == "lower" and nxt.isupper():
                yield chunk[start : i + 1]
                start, mode = i + 1, ""
            elif mode == "upper" and char.isupper() and nxt.islower():
                yield chunk[start:i]
                start, mode = i, ""
            else:
                mode = next_mode
        yield chunk[start:]


def _capitalized(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def pascal_case(text: str) -> str:
    """``acme_pay`` -> ``AcmePay`` (cargo-generate's ``pascal_case``)."""
    return "".join(_capitalized(w) for w in split_words(text))


def snake_case(text: str) -> str:
    """``AcmePay`` -> ``acme_pay``."""
    return "_".join(w.lower() for w in split_words(text))


def kebab_case(text: str) -> str:
    """``AcmePay`` -> ``acme-pay``."""
    return "-".join(w.lower() for w in split_words(text))


FILTERS: dict[str, Callable[[str], str]] = {
    "pascal_case": pascal_case,
    "upper_camel_case": pascal_case,
    "lower_camel_case": lambda s: (lambda p: p[:1].lower() + p[1:])(pascal_case(s)),
    "snake_case": snake_case,
    "kebab_case": kebab_case,
    "shouty_snake_case": lambda s: snake_case(s).upper(),
    "shouty_kebab_case": lambda s: kebab_case(s).upper(),
    "title_case": lambda s: " ".join(_capitalized(w) for w in split_words(s)),
}


def project_name(name: str) -> str:
    """cargo-generate's sanitised ``project-name``: kept if snake_case, else kebab-case."""
    return name if snake_case(name) == name else kebab_case(name)


def spellings(name: str) -> list[str]:
    """``acme_pay`` -> ``acme_pay``, ``AcmePay``, ``ACME_PAY`` and the scripts' ``Acme_pay``."""
    script = name[:1].upper() + name[1:]
    return list(dict.fromkeys([name, pascal_case(name), name.upper(), script]))
