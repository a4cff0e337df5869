"""The git pre-commit hook: a commit may not add unfinished connector stubs.

Policy: a commit is blocked when it *adds* stubs, that is stub ids present in the staged version of
a connector file but not in its HEAD version (a new file, or a brand-new connector: all of its
stubs are new; a renamed file is compared with its old path). Stubs already in HEAD never block,
so connectors with long-standing deliberate stubs do not stop unrelated commits, and a commit that
only removes or moves stubs passes. Only staged files inside the connectors folder are read
(``<name>.rs`` and ``<name>/**.rs``), straight from the index the hook was given (``git commit -a``
and ``git commit <path>`` give a temporary one): the work tree is never looked at.

Known limit: ``git commit --amend`` compares with the commit being amended (git does not tell a
hook it is amending), so stubs that commit added do not block the amend.

Bypass: ``git commit --no-verify`` (skips every pre-commit hook), or ``HS_SCAFFOLD_ALLOW_STUBS=1``
(this check only; the new stubs are still listed).

``install`` writes ``<hooks>/pre-commit`` (``git rev-parse --git-path hooks``, so worktrees and
``core.hooksPath`` are respected). An existing hook that is not ours is kept as
``pre-commit.legacy`` and run first; ``uninstall`` puts it back.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from scaffold import git
from scaffold.checkout import Checkout
from scaffold.errors import ScaffoldError
from scaffold.report import plural
from scaffold.stubs import SourceFile, Stub, Templates, connector_of, find_stubs

MARKER = "# hs-scaffold pre-commit hook"
ALLOW_ENV = "HS_SCAFFOLD_ALLOW_STUBS"
HOOK = "pre-commit"
LEGACY = "pre-commit.legacy"


def script(python: str) -> str:
    """The hook file: run the kept legacy hook first, then ``python -m scaffold hook run``."""
    quoted = shlex.quote(python)
    return f"""#!/bin/sh
{MARKER}: blocks commits that add unfinished connector stubs.
# Written by `hs-scaffold hook install`; `hs-scaffold hook uninstall` removes it and puts back
# {LEGACY}. Bypass: `git commit --no-verify`, or {ALLOW_ENV}=1 git commit ...
here=$(dirname -- "$0")
if [ -x "$here/{LEGACY}" ]; then
    "$here/{LEGACY}" "$@" || exit $?
fi
python={quoted}
if [ ! -x "$python" ]; then
    gone="hs-scaffold hook: $python is gone; run 'hs-scaffold hook install' again"
    echo "$gone (or commit with --no-verify)" >&2
    exit 1
fi
exec "$python" -m scaffold hook run
"""


def is_ours(path: Path) -> bool:
    """Whether the file at ``path`` is a hook written by ``install``."""
    try:
        return MARKER in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def hooks_dir(root: Path) -> Path:
    """Where git looks for hooks (the common git dir's ``hooks``, or ``core.hooksPath``)."""
    return git.git_path(root, "hooks")


def shared_hooks_path(root: Path) -> Path | None:
    """The hooks folder when ``core.hooksPath`` puts it outside the repository's git dir, else None."""
    if git.config_value(root, "core.hooksPath") is None:
        return None
    folder = hooks_dir(root)
    return None if folder.is_relative_to(git.common_dir(root)) else folder


def _shared_hooks_refusal(root: Path, shared: Path) -> tuple[str, str]:
    """Why a hook is not written into a shared ``core.hooksPath`` folder, and what to do instead."""
    run = f"`{sys.executable} -m scaffold hook run`"
    if shared.is_relative_to(root):
        return (
            f"core.hooksPath points git at {shared}, a folder of this repository shared with the team, "
            "where a hook naming this machine's Python does not belong",
            f"call {run} from that folder's pre-commit hook, or pass --force to write it there anyway",
        )
    return (
        f"core.hooksPath points git at {shared}, outside this repository, "
        "so the hook would apply to every repository sharing that folder",
        f"call {run} from that folder's pre-commit hook, or pass --force to install it there anyway",
    )


def status(root: Path) -> str:
    """``installed``, ``not installed`` or ``another hook`` (a pre-commit hook that is not ours)."""
    hook = hooks_dir(root) / HOOK
    if not os.path.lexists(hook):
        return "not installed"
    return "installed" if is_ours(hook) else "another hook"


def install(root: Path, *, force: bool = False) -> str:
    """Write the pre-commit hook (idempotent); returns what was done, in one line."""
    shared = shared_hooks_path(root)
    if shared is not None and not force:
        raise ScaffoldError(*_shared_hooks_refusal(root, shared))
    folder = hooks_dir(root)
    hook, legacy = folder / HOOK, folder / LEGACY
    text = script(sys.executable)
    if is_ours(hook) and hook.read_text(encoding="utf-8") == text:
        return f"the hook is already installed in {hook}"
    kept = ""
    if os.path.lexists(hook) and not is_ours(hook):
        if os.path.lexists(legacy):
            raise ScaffoldError(
                f"{hook} is another tool's hook and {legacy} already exists",
                "move one of them away, then run `hs-scaffold hook install` again",
            )
        hook.replace(legacy)
        kept = f"; your previous hook is kept as {LEGACY} and runs first"
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{HOOK}.hs-scaffold.{os.getpid()}"
    temporary.write_text(text, encoding="utf-8")
    temporary.chmod(0o755)
    temporary.replace(hook)
    return f"installed {hook}{kept}"


def uninstall(root: Path) -> str:
    """Remove our hook and put the kept legacy hook back; returns what was done, in one line."""
    folder = hooks_dir(root)
    hook, legacy = folder / HOOK, folder / LEGACY
    if os.path.lexists(hook) and not is_ours(hook):
        return f"{hook} is not hs-scaffold's hook: left alone"
    removed = os.path.lexists(hook)
    hook.unlink(missing_ok=True)
    if os.path.lexists(legacy):
        legacy.replace(hook)
        return f"removed the hook; {LEGACY} is back as {hook}"
    return f"removed {hook}" if removed else "the hook was not installed"


# ---------------------------------------------------------------------------------------------
# `hook run`


@dataclass(frozen=True)
class Verdict:
    """What ``hook run`` found in the staged connector files."""

    files: tuple[str, ...]  # staged connector files read
    new: tuple[Stub, ...]  # stubs in the staged files that HEAD does not have
    connectors: tuple[str, ...]  # the connectors those new stubs are in
    seconds: float

    @property
    def allowed(self) -> bool:
        """Whether the bypass variable is set."""
        return os.environ.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes")

    @property
    def blocks(self) -> bool:
        """Whether the commit must stop."""
        return bool(self.new) and not self.allowed

    def lines(self) -> list[str]:
        """The human report: one row per new stub, then how to finish them or bypass the check."""
        if not self.new:
            return [f"hs-scaffold hook: no new stubs in {plural(len(self.files), 'staged connector file')}"]
        rows = [(f"{s.file}:{s.line}:{s.column}", s.kind, s.id) for s in self.new]
        width = max(len(where) for where, _, _ in rows)
        report = [
            f"hs-scaffold hook: this commit adds {plural(len(self.new), 'unfinished stub')} "
            f"({', '.join(self.connectors)}):",
            *(f"  {where:<{width}}  {kind:<24} {ident}" for where, kind, ident in rows),
        ]
        if self.allowed:
            return [*report, f"{ALLOW_ENV} is set: committing anyway"]
        return [
            *report,
            f"finish them (`hs-scaffold stubs {' '.join(self.connectors)}` says what each needs), "
            f"or commit anyway with `git commit --no-verify` or `{ALLOW_ENV}=1 git commit ...`",
        ]


def check_staged(checkout: Checkout, env: dict[str, str]) -> Verdict:
    """Compare the stubs of each staged connector file with those of its HEAD version.

    ``env`` is the environment git gave the hook (:func:`git.hook_environment`): it names the
    index to read. Only staged files inside the connectors folder are read and parsed.
    """
    started = time.monotonic()
    changes = [
        (rel, old, role)
        for rel, old in git.staged_changes(checkout.root, env)
        if rel.endswith(".rs") and (role := connector_of(checkout, rel)) is not None
    ]
    names = [f":{rel}" for rel, _, _ in changes] + [f"HEAD:{old}" for _, old, _ in changes if old]
    blobs = dict(zip(names, git.read_objects(checkout.root, names, env), strict=True)) if names else {}
    templates = Templates(checkout)
    new: list[Stub] = []
    connectors: dict[str, None] = {}
    for rel, old, (name, source) in changes:
        template = templates.source(name, source.template_file)
        before = _scan(blobs.get(f"HEAD:{old}"), source, template) if old else ()
        added = _added(before, _scan(blobs[f":{rel}"], source, template))
        new += added
        if added:
            connectors.setdefault(name)
    return Verdict(tuple(r for r, _, _ in changes), tuple(new), tuple(connectors), time.monotonic() - started)


def _added(before: tuple[Stub, ...], after: tuple[Stub, ...]) -> list[Stub]:
    """Stubs of ``after`` that ``before`` lacks, matched by place (id without ``#n``) and kind, with counts.

    Matching by id alone misses a ``todo!()`` added where the template's ``NotImplemented`` arms
    were (the arms turn "unsupported" once the function is edited, and the new stub takes their id).
    """
    known = Counter((_place(s.id), s.kind) for s in before)
    added = []
    for stub in after:
        key = (_place(stub.id), stub.kind)
        if known[key]:
            known[key] -= 1
        else:
            added.append(stub)
    return added


def _place(stub_id: str) -> str:
    return re.sub(r"#\d+$", "", stub_id)


def _scan(data: bytes | None, source: SourceFile, template: bytes | None) -> tuple[Stub, ...]:
    """The stubs of one version of a file; the staged path, id prefix and template for both versions."""
    if data is None:
        return ()
    return find_stubs(data, source.rel, template_source=template, module=source.module).stubs
