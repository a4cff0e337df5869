"""Native rendering of cargo-generate templates (Liquid with cargo-generate's case filters)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import liquid

from scaffold.errors import ScaffoldError

_SKIPPED = {".git", "target", "cargo-generate.toml", "cargo-generate.toml.liquid"}


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


def _environment() -> liquid.Environment:
    env = liquid.Environment()
    for filter_name, func in FILTERS.items():
        env.add_filter(filter_name, func)
    return env


def render_text(source: str, name: str, *, force: bool = False) -> str:
    """Render one template text for connector ``name``."""
    variables = {"project-name": name if force else project_name(name), "crate_name": snake_case(name)}
    try:
        return str(_environment().from_string(source).render(**variables))
    except liquid.exceptions.LiquidError as exc:
        raise ScaffoldError(
            f"cannot render template: {exc}", "check the Liquid syntax in connector-template/"
        ) from exc


def render_tree(template_dir: Path, name: str, *, force: bool = False) -> dict[str, str]:
    """Every template file rendered for ``name``: {relative path: text}."""
    if not template_dir.is_dir():
        raise ScaffoldError(f"template folder {template_dir} not found", "pass --path to the template folder")
    rendered: dict[str, str] = {}
    for path in sorted(template_dir.rglob("*")):
        rel = path.relative_to(template_dir)
        if path.is_dir() or _SKIPPED.intersection(rel.parts):
            continue
        target = render_text(rel.as_posix().removesuffix(".liquid"), name, force=force)
        rendered[target] = render_text(path.read_text(encoding="utf-8"), name, force=force)
    return rendered


def generate(template_dir: Path, name: str, destination_parent: Path, *, force: bool = False) -> Path:
    """Write the rendered template into ``destination_parent/<project-name>/`` like cargo-generate."""
    out = destination_parent / (name if force else project_name(name))
    if out.exists():
        raise ScaffoldError(f"{out} already exists", "remove it or choose another connector name")
    for rel, text in render_tree(template_dir, name, force=force).items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return out
