"""Native rendering of cargo-generate templates (Liquid with cargo-generate's case filters)."""

from __future__ import annotations

from pathlib import Path

import liquid

from scaffold.errors import ScaffoldError
from scaffold.naming import FILTERS, project_name, snake_case

_SKIPPED = {".git", "target", "cargo-generate.toml", "cargo-generate.toml.liquid"}


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
    write_tree(render_tree(template_dir, name, force=force), out)
    return out


def write_tree(rendered: dict[str, str], out: Path) -> None:
    """Write rendered files ({relative path: text}, as :func:`render_tree` gives them) below ``out``."""
    for rel, text in rendered.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
