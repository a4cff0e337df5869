"""The git pre-commit hook: a commit may not add unfinished connector stubs, nor the script's leftovers.

Policy, per connector with staged files (``<name>.rs``, ``<name>/**.rs``), read from the index git
hands the hook (``git commit -a`` and ``git commit <path>`` give a temporary one):

- A stub is *new* when the staged version of a file has it and the HEAD version does not (matched
  by place, the id without ``#n``, and kind, with counts; a renamed file is compared with its old
  path). Stubs already in HEAD never block.
- A new stub that ``new`` generated (its manifest records the generated set) passes: the connector
  gets one summary line, ``acmepay: 27 generated stubs left in the 2 staged files, 0 added``
  (``hook.generated = "block"`` blocks them instead). Every other new stub was added by hand
  and blocks, or warns, or is ignored, as ``hook.kinds.<kind>`` says (all block by default).
- Staged files named like the script's leftovers (``*-e``, ``*.rej``, ``*.orig``: ``hook.leftovers``)
  block; a staged spec whose stub list no longer matches the staged code warns (``hook.stale_spec``).
- ``paths.skip`` patterns leave files out; ``HS_SCAFFOLD_ALLOW_STUBS=1`` lets stubs through (this
  check only: leftovers and stale specs follow their settings); ``git commit --no-verify`` skips it all.

Known limit: ``git commit --amend`` compares with the commit being amended (git does not tell a
hook it is amending), so stubs that commit added do not block the amend.

The installed hook is a ``sh`` script: it asks git whether any staged path is a connector file, a
spec or a leftover, and only then starts Python, isolated (``python -I``: the checkout being
committed is never on ``sys.path``), importing neither GitPython nor Click (:mod:`scaffold.hook_entry`).
When hs-scaffold is gone from that Python it says so and blocks or passes, as ``hook.if_missing``
said at install time (``HS_SCAFFOLD_HOOK_IF_MISSING`` overrides).
"""

from __future__ import annotations

import fnmatch
import json
import os
import shlex
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from scaffold import generated, git
from scaffold import settings as settings_mod
from scaffold.checkout import CONNECTORS_2026, CONNECTORS_LEGACY, SPEC_DIR, Checkout, detect_layout
from scaffold.errors import ExitCode, ScaffoldError
from scaffold.report import Reporter, plural
from scaffold.stubs import SourceFile, Stub, TemplateIndex, Templates, connector_of, scan_source

MARKER = "# hs-scaffold pre-commit hook"
ALLOW_ENV = "HS_SCAFFOLD_ALLOW_STUBS"
VERBOSE_ENV = "HS_SCAFFOLD_HOOK_VERBOSE"
IF_MISSING_ENV = "HS_SCAFFOLD_HOOK_IF_MISSING"
HOOK = "pre-commit"
LEGACY = "pre-commit.legacy"
SPECS = SPEC_DIR.as_posix()  # the specs' folder, as git paths spell it
SPEC_SUFFIXES = ("_specs.json", "_specs.md")
GONE_STATUS = 86  # the bootstrap's exit status when hs-scaffold cannot be imported

_BOOTSTRAP = """import sys
try:
    from scaffold.hook_entry import main
except ImportError:
    sys.exit(86)
sys.exit(main(sys.argv[1:]))"""


def pathspecs(leftover_patterns: list[str]) -> list[str]:
    """What the installed hook asks git about: connector files (both layouts), specs, leftovers."""
    specs = [f":(glob){folder.as_posix()}/**/*.rs" for folder in (CONNECTORS_2026, CONNECTORS_LEGACY)]
    specs += [f":(glob){SPECS}/*{suffix}" for suffix in SPEC_SUFFIXES]
    return specs + [f":(glob)**/{pattern}" for pattern in leftover_patterns]


def script(python: str, *, leftover_patterns: list[str] | None = None, if_missing: str = "block") -> str:
    """The hook file: the kept legacy hook first, then git's staged paths, then Python only if needed."""
    default = settings_mod.schema()["hook.leftover_patterns"].default
    patterns = default if leftover_patterns is None else leftover_patterns
    specs = " \\\n    ".join(shlex.quote(p) for p in pathspecs(patterns))
    return f"""#!/bin/sh
{MARKER}: blocks commits that add unfinished connector stubs or leftovers.
# Written by `hs-scaffold hook install`; `hs-scaffold hook uninstall` removes it and puts back
# {LEGACY}. Bypass: `git commit --no-verify`, or {ALLOW_ENV}=1 git commit ...
here=$(dirname -- "$0")
if [ -x "$here/{LEGACY}" ]; then
    "$here/{LEGACY}" "$@" || exit $?
fi
# Python starts only when a connector file, a spec or a leftover is staged.
git diff --cached --quiet --diff-filter=ACMR --no-ext-diff -- \\
    {specs} && exit 0
python={shlex.quote(python)}
if_missing=${{{IF_MISSING_ENV}:-{if_missing}}}
gone() {{
    echo "hs-scaffold hook: $1; run 'hs-scaffold hook install' again from the Python that has hs-scaffold" >&2
    if [ "$if_missing" = pass ]; then
        echo "hs-scaffold hook: committing unchecked (hook.if_missing = pass)" >&2
        exit 0
    fi
    echo "hs-scaffold hook: commit blocked (hook.if_missing = block); or commit with --no-verify" >&2
    exit 1
}}
[ -x "$python" ] || gone "$python is gone"
"$python" -I -c {shlex.quote(_BOOTSTRAP)} "$@"
status=$?
[ "$status" -eq {GONE_STATUS} ] && gone "hs-scaffold is no longer installed in $python"
exit "$status"
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
    run = f"`{sys.executable} -I -m scaffold.hook_entry`"
    if shared.is_relative_to(root):
        return (
            f"core.hooksPath points git at {shared}, a folder of this repository shared with the team, "
            "where a hook naming this machine's Python does not belong",
            f"call {run} (or `hs-scaffold hook run`) from that folder's pre-commit hook, "
            "or pass --force to write it there anyway",
        )
    return (
        f"core.hooksPath points git at {shared}, outside this repository, "
        "so the hook would apply to every repository sharing that folder",
        f"call {run} (or `hs-scaffold hook run`) from that folder's pre-commit hook, "
        "or pass --force to install it there anyway",
    )


def status(root: Path) -> str:
    """``installed``, ``not installed`` or ``another hook`` (a pre-commit hook that is not ours)."""
    hook = hooks_dir(root) / HOOK
    if not os.path.lexists(hook):
        return "not installed"
    return "installed" if is_ours(hook) else "another hook"


def expected_script(root: Path) -> str:
    """The hook ``install`` would write now (this Python, the settings in force)."""
    found = settings_mod.load(root)
    patterns, if_missing = found["hook.leftover_patterns"], found["hook.if_missing"]
    return script(sys.executable, leftover_patterns=patterns, if_missing=if_missing)


def install(root: Path, *, force: bool = False) -> str:
    """Write the pre-commit hook (idempotent); returns what was done, in one line."""
    shared = shared_hooks_path(root)
    if shared is not None and not force:
        raise ScaffoldError(*_shared_hooks_refusal(root, shared))
    folder = hooks_dir(root)
    hook, legacy = folder / HOOK, folder / LEGACY
    text = expected_script(root)
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


def outdated(root: Path) -> bool:
    """Whether our installed hook differs from what ``install`` would write now."""
    hook = hooks_dir(root) / HOOK
    return is_ours(hook) and hook.read_text(encoding="utf-8", errors="replace") != expected_script(root)


# ---------------------------------------------------------------------------------------------
# `hook run`


@dataclass(frozen=True)
class ConnectorCheck:
    """What the staged files of one connector bring in."""

    name: str
    files: tuple[str, ...]
    recorded: bool  # its manifest lists the stubs `new` generated
    left: tuple[Stub, ...]  # generated stubs in the staged files (new or not)
    new_generated: tuple[Stub, ...]  # generated stubs this commit brings in
    added: tuple[tuple[Stub, str], ...]  # stubs beyond the generated ones, with their action
    committed: tuple[Stub, ...]  # other stubs already in HEAD

    def summary(self) -> str:
        """``acmepay: 27 generated stubs left in the 2 staged files, 0 added`` (or ``abacus: 1 stub
        added``)."""
        added = len(self.added)
        if self.recorded:
            files = plural(len(self.files), "staged file")
            return (
                f"{self.name}: {plural(len(self.left), 'generated stub')} left in the {files}, {added} added"
            )
        text = f"{self.name}: {plural(added, 'stub')} added"
        return text + (f" ({len(self.committed)} already committed)" if self.committed else "")

    def as_json(self) -> dict[str, object]:
        """The connector's part of ``hook run --json``."""
        return {
            "connector": self.name,
            "files": list(self.files),
            "recorded": self.recorded,
            "generated_left": len(self.left) if self.recorded else None,
            "new_generated": [_stub_json(s) for s in self.new_generated],
            "added": [{**_stub_json(s), "action": action} for s, action in self.added],
            "committed": len(self.committed),
        }


def _stub_json(stub: Stub) -> dict[str, object]:
    return {"id": stub.id, "kind": stub.kind, "file": stub.file, "line": stub.line, "column": stub.column}


@dataclass(frozen=True)
class Problem:
    """A staged file that is not a stub but still blocks or warns: a leftover or a stale spec."""

    what: str  # leftover | stale_spec
    path: str
    detail: str
    action: str  # block | warn


@dataclass
class Verdict:
    """What ``hook run`` found in the staged content."""

    connectors: list[ConnectorCheck] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    generated_policy: str = "pass"
    seconds: float = 0.0

    @property
    def allowed(self) -> bool:
        """Whether the bypass variable is set."""
        return os.environ.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes")

    def blocking_stubs(self) -> list[Stub]:
        """Stubs that stop the commit (before the bypass variable)."""
        found = [s for c in self.connectors for s, action in c.added if action == "block"]
        if self.generated_policy == "block":
            found += [s for c in self.connectors for s in c.new_generated]
        return found

    @property
    def blocks(self) -> bool:
        """Whether the commit must stop."""
        stubs = bool(self.blocking_stubs()) and not self.allowed
        return stubs or any(p.action == "block" for p in self.problems)

    def as_json(self) -> dict[str, object]:
        """``hook run --json``."""
        return {
            "blocked": self.blocks,
            "allowed_by_env": self.allowed,
            "connectors": [c.as_json() for c in self.connectors],
            "problems": [vars(p) for p in self.problems],
            "seconds": round(self.seconds, 3),
        }

    def lines(self, *, verbose: bool = False) -> list[tuple[str, bool]]:
        """The report in order: (line, whether it shows even with ``-q``: what blocks)."""
        out: list[tuple[str, bool]] = []
        blocking = {id(s) for s in self.blocking_stubs()}
        for check in self.connectors:
            rows = [(s, "") for s, _ in check.added if id(s) in blocking]
            rows += [(s, "") for s in check.new_generated if id(s) in blocking]
            warned = [(s, "(warning)") for s, a in check.added if a == "warn"]
            out.append((f"hs-scaffold hook: {check.summary()}", bool(rows)))
            out += [(line, True) for line in _rows(rows)] + [(line, False) for line in _rows(warned)]
            if verbose:
                extra = [(s, "(ignored)") for s, a in check.added if a == "ignore"]
                extra += [(s, "(generated)") for s in check.left if id(s) not in blocking]
                extra += [(s, "(committed)") for s in check.committed]
                out += [(line, False) for line in _rows(extra)]
        for problem in self.problems:
            line = f"hs-scaffold hook: {problem.what.replace('_', ' ')}: {problem.path}: {problem.detail}"
            out.append((line, problem.action == "block"))
        return out + [(line, True) for line in self._closing()]

    def _closing(self) -> list[str]:
        stubs = self.blocking_stubs()
        lines = (
            [f"hs-scaffold hook: {ALLOW_ENV} is set: committing the stubs anyway"]
            if stubs and self.allowed
            else []
        )
        if not self.blocks:
            return lines
        reasons = []
        if stubs and not self.allowed:
            blocking = {id(s) for s in stubs}
            names = sorted(
                c.name
                for c in self.connectors
                if any(id(s) in blocking for s in (*c.new_generated, *(s for s, _ in c.added)))
            )
            them = "it" if len(stubs) == 1 else "them"
            reasons.append(
                f"{plural(len(stubs), 'stub')} added ({', '.join(names)}): finish {them} "
                f"(`hs-scaffold stubs {' '.join(names)}` says what each needs) or set {ALLOW_ENV}=1"
            )
        if any(p.action == "block" for p in self.problems):
            reasons.append("unstage or fix the files named above")
        bypass = "or commit with `git commit --no-verify`"
        return [*lines, f"hs-scaffold hook: commit blocked: {'; '.join(reasons)}; {bypass}"]


def _rows(rows: list[tuple[Stub, str]]) -> list[str]:
    if not rows:
        return []
    width = max(len(f"{s.file}:{s.line}:{s.column}") for s, _ in rows)
    return [
        f"  {f'{s.file}:{s.line}:{s.column}':<{width}}  {s.kind:<24} {s.id}{'  ' + tag if tag else ''}"
        for s, tag in rows
    ]


class _TemplateIndexes:
    """Template indexes kept under the git dir, so the hook renders the template (Liquid) only once."""

    def __init__(self, checkout: Checkout, git_dir: Path) -> None:
        from scaffold.stubs import _code_fingerprint

        self.templates = Templates(checkout)
        self.path = git_dir / "hs-scaffold" / "template-index.json"
        self.stamp = f"{self.templates.fingerprint}:{_code_fingerprint()}"
        self.entries: dict[str, list[list[list[str]]]] = {}
        self.dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("stamp") == self.stamp:
                self.entries = data["entries"]
        except (OSError, ValueError, KeyError, AttributeError):
            pass

    def index(self, name: str, template_file: str | None) -> TemplateIndex | None:
        key = f"{name}\0{template_file}"
        if key in self.entries:
            units, empties = self.entries[key]
            return TemplateIndex(frozenset(map(tuple, units)), frozenset(map(tuple, empties)))  # type: ignore[arg-type]
        found = self.templates.index(name, template_file)
        if found is not None:
            self.entries[key] = [sorted(map(list, found.units)), sorted(map(list, found.empty_impls))]
            self.dirty = True
        return found

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps({"stamp": self.stamp, "entries": self.entries}), encoding="utf-8")
            temporary.replace(self.path)
        except OSError:
            pass  # only speed is lost


class _Staged:
    """Reads and scans blobs of the hook's index and HEAD by blob id, each once.

    Scans are kept under the git dir by blob id (``hook-scans.json``, only the last run's): the
    HEAD version of a file is usually what the previous commit's hook already scanned.
    """

    def __init__(self, checkout: Checkout, git_dir: Path, env: dict[str, str]) -> None:
        self.checkout, self.env = checkout, env
        self.templates = _TemplateIndexes(checkout, git_dir)
        self.blobs: dict[str, bytes | None] = {}
        self.path = git_dir / "hs-scaffold" / "hook-scans.json"
        self.kept: dict[str, list[dict[str, object]]] = {}
        self.used: dict[str, list[dict[str, object]]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("stamp") == self.templates.stamp:
                self.kept = data["entries"]
        except (OSError, ValueError, KeyError, AttributeError):
            pass

    @staticmethod
    def _key(oid: str, name: str, source: SourceFile) -> str:
        return f"{oid}:{source.rel}:{source.module}:{name}:{source.template_file}"

    def prefetch(self, wanted: list[tuple[str, str, SourceFile]]) -> None:
        """Read, in one ``git cat-file``, the blobs whose scan is not kept."""
        missing = [
            o for o, n, s in wanted if o and self._key(o, n, s) not in self.kept and o not in self.blobs
        ]
        self.read(missing)

    def read(self, oids: list[str]) -> None:
        wanted = [o for o in dict.fromkeys(oids) if o and o not in self.blobs]
        found = git.read_objects_plain(self.checkout.root, wanted, self.env)
        self.blobs.update(zip(wanted, found, strict=True))

    def stubs(self, oid: str, name: str, source: SourceFile) -> tuple[Stub, ...]:
        """The stubs of one blob, reported at the staged path ``source.rel``."""
        if not oid:
            return ()
        key = self._key(oid, name, source)
        if key not in self.used:
            if key in self.kept:
                self.used[key] = self.kept[key]
            else:
                self.read([oid])
                data = self.blobs.get(oid)
                template = self.templates.index(name, source.template_file)
                found = (
                    scan_source(data, source.rel, source.module, template).stubs if data is not None else ()
                )
                self.used[key] = [asdict(s) for s in found]
        return tuple(_stub_from(item) for item in self.used[key])

    def save(self) -> None:
        self.templates.save()
        if self.used == {k: v for k, v in self.kept.items() if k in self.used} and len(self.used) == len(
            self.kept
        ):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            payload = {"stamp": self.templates.stamp, "entries": self.used}
            temporary.write_text(json.dumps(payload), encoding="utf-8")
            temporary.replace(self.path)
        except OSError:
            pass  # only speed is lost


def _stub_from(item: dict[str, object]) -> Stub:
    return Stub(**{**item, "guidance": tuple(item.get("guidance") or ())})  # type: ignore[arg-type]


def check_staged(
    checkout: Checkout, git_dir: Path, env: dict[str, str], found: settings_mod.Settings | None = None
) -> Verdict:
    """The verdict on the staged content (``env``: the environment git gave the hook, its index)."""
    started = time.monotonic()
    found = found or settings_mod.load(checkout)
    skip = list(found["paths.skip"])
    changes = [c for c in git.staged_changes_plain(checkout.root, env) if not _matches(c[0], skip)]
    staged = _Staged(checkout, git_dir, env)
    by_connector: dict[str, list[tuple[str, str, str, SourceFile]]] = {}
    for rel, _, _, old_oid, new_oid in changes:
        role = connector_of(checkout, rel) if rel.endswith(".rs") else None
        if role is not None:
            by_connector.setdefault(role[0], []).append((rel, old_oid, new_oid, role[1]))
    staged.prefetch(
        [(oid, n, s) for n, files in by_connector.items() for _, old, new, s in files for oid in (old, new)]
    )
    verdict = Verdict(generated_policy=found["hook.generated"])
    for name, files in sorted(by_connector.items()):
        verdict.connectors.append(_check_connector(staged, git_dir, name, files, found))
    verdict.problems += _leftovers([c[0] for c in changes], found)
    verdict.problems += _stale_specs(staged, [c[0] for c in changes], found)
    staged.save()
    verdict.seconds = time.monotonic() - started
    return verdict


def _matches(rel: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(rel, p) for p in patterns)


def _check_connector(
    staged: _Staged,
    git_dir: Path,
    name: str,
    files: list[tuple[str, str, str, SourceFile]],
    found: settings_mod.Settings,
) -> ConnectorCheck:
    recorded = generated.load(git_dir, name)
    pool = generated.counts(recorded or [])
    olds: list[Stub] = []
    news: list[Stub] = []
    for _, old_oid, new_oid, source in files:
        before = staged.stubs(old_oid, name, source)
        after = staged.stubs(new_oid, name, source)
        fresh = _added(before, after)
        fresh_ids = {id(s) for s in fresh}
        olds += [s for s in after if id(s) not in fresh_ids]
        news += fresh
    left, committed, new_generated, added = [], [], [], []
    new_ids = {id(s) for s in news}
    for stub in olds + news:  # the stubs already committed take the generated places first
        key = generated.key(stub.id, stub.kind)
        is_new = id(stub) in new_ids
        if pool[key]:
            pool[key] -= 1
            left.append(stub)
            if is_new:
                new_generated.append(stub)
        elif is_new:
            added.append((stub, found.values.get(f"hook.kinds.{stub.kind}", "block")))
        else:
            committed.append(stub)
    return ConnectorCheck(
        name,
        tuple(r for r, _, _, _ in files),
        recorded is not None,
        tuple(left),
        tuple(new_generated),
        tuple(added),
        tuple(committed),
    )


def _added(before: tuple[Stub, ...], after: tuple[Stub, ...]) -> list[Stub]:
    """Stubs of ``after`` that ``before`` lacks, matched by place (id without ``#n``) and kind, with counts.

    Matching by id alone misses a ``todo!()`` added where the template's ``NotImplemented`` arms
    were (the arms turn "unsupported" once the function is edited, and the new stub takes their id).
    """
    known = Counter(generated.key(s.id, s.kind) for s in before)
    added = []
    for stub in after:
        key = generated.key(stub.id, stub.kind)
        if known[key]:
            known[key] -= 1
        else:
            added.append(stub)
    return added


def _leftovers(paths: list[str], found: settings_mod.Settings) -> list[Problem]:
    action = found["hook.leftovers"]
    if action == "ignore":
        return []
    patterns = list(found["hook.leftover_patterns"])
    return [
        Problem("leftover", rel, "a leftover of the script or of a patch, not meant to be committed", action)
        for rel in paths
        if any(fnmatch.fnmatchcase(PurePosixPath(rel).name, p) for p in patterns)
    ]


def _stale_specs(staged: _Staged, paths: list[str], found: settings_mod.Settings) -> list[Problem]:
    """Staged specs whose stub list is not the stubs of the staged code (``hook.stale_spec``)."""
    action = found["hook.stale_spec"]
    names = sorted(
        {
            PurePosixPath(rel).name.removesuffix(suffix)
            for rel in paths
            for suffix in SPEC_SUFFIXES
            if PurePosixPath(rel).parent.as_posix() == SPECS and rel.endswith(suffix)
        }
    )
    problems = []
    for name in names if action != "ignore" else []:
        detail = spec_mismatch(staged, name)
        if detail:
            problems.append(Problem("stale_spec", f"{SPECS}/{name}_specs.json", detail, action))
    return problems


def spec_mismatch(staged: _Staged, name: str) -> str | None:
    """Why the staged spec of ``name`` is older than its staged code, or None when it matches."""
    checkout = staged.checkout
    folder = checkout.layout.connectors_dir.as_posix()
    entries = git.index_entries_plain(checkout.root, [f"{folder}/{name}.rs", f"{folder}/{name}"], staged.env)
    sources = [(oid, r) for rel, oid in entries if rel.endswith(".rs") and (r := connector_of(checkout, rel))]
    if not sources:
        return None
    spec = git.index_entries_plain(checkout.root, [f"{SPECS}/{name}_specs.json"], staged.env)
    staged.prefetch([(oid, n, s) for oid, (n, s) in sources])
    staged.read([oid for _, oid in spec])
    listed = spec_stub_counts(staged.blobs.get(spec[0][1])) if spec else None
    if listed is None:
        return "its JSON twin is missing or unreadable; rewrite it with `hs-scaffold spec " + name + "`"
    code = Counter(
        generated.key(s.id, s.kind) for oid, (n, src) in sources for s in staged.stubs(oid, n, src)
    )
    if listed == code:
        return None
    return (
        f"it lists {plural(sum(listed.values()), 'stub')}, the staged code has {sum(code.values())} "
        f"({sum((listed - code).values())} done or moved since, {sum((code - listed).values())} new): "
        f"refresh it with `hs-scaffold spec {name}`"
    )


def spec_stub_counts(data: bytes | None) -> Counter[generated.Key] | None:
    """The (place, kind) multiset of the stubs a spec's JSON lists, or None when unreadable."""
    if data is None:
        return None
    try:
        stubs = json.loads(data).get("stubs")
    except (ValueError, AttributeError):
        return None
    if not isinstance(stubs, list):
        return None
    return Counter(generated.key(str(s.get("id")), str(s.get("kind"))) for s in stubs if isinstance(s, dict))


# ---------------------------------------------------------------------------------------------
# The one entry both the installed hook and `hs-scaffold hook run` call.


def run(repo: Path | None, rep: Reporter, *, as_json: bool = False) -> ExitCode:
    """Check the staged content; exit 1 to block. Outside a Hyperswitch checkout nothing is checked.

    The ``GIT_*`` variables git gives the hook are kept apart: finding the checkout runs git
    cleanly; only the reads of the staged content get them back (they name the index).
    """
    given = {k: v for k, v in os.environ.items() if k.startswith("GIT_")}
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env = {**clean, **{k: _absolute(k, v) for k, v in given.items()}}
    start = (repo or Path.cwd()).resolve()
    located = git.locate(start, clean) if start.is_dir() else None
    layout = detect_layout(located[0]) if located else None
    if located is None or layout is None:
        problem = f"{start} is not inside a Hyperswitch checkout"
        if as_json:
            print(json.dumps({"blocked": False, "skipped": problem}))
        rep.warn(f"hs-scaffold hook: nothing checked, {problem}")
        return ExitCode.OK
    checkout = Checkout(located[0], layout)
    verdict = check_staged(checkout, located[1], env)
    verbose = rep.verbose or os.environ.get(VERBOSE_ENV, "") not in ("", "0")
    for line, always in verdict.lines(verbose=verbose):
        rep.always(line) if always else rep.info(line)
    if as_json:
        print(json.dumps(verdict.as_json(), indent=2))
    return ExitCode.FAILED if verdict.blocks else ExitCode.OK


_PATH_VARS = ("GIT_INDEX_FILE", "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY")


def _absolute(key: str, value: str) -> str:
    """git may give location variables relative to the hook's folder (``GIT_INDEX_FILE=.git/index``)."""
    return str(Path(value).absolute()) if key in _PATH_VARS and value else value


__all__ = ["Verdict", "check_staged", "install", "run", "status", "uninstall"]
