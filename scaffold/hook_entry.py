"""What the installed pre-commit hook runs: ``python -I -c 'from scaffold.hook_entry import main ...'``.

No Click, no GitPython: only what checking the staged content needs is imported. Options:
``-v``/``--verbose`` (every stub), ``-q``/``--quiet``, ``--json``, ``--color WHEN``, ``--repo PATH``.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path

from scaffold.errors import ExitCode, ScaffoldError
from scaffold.report import COLOR_CHOICES, Reporter


def _options(argv: list[str]) -> tuple[dict[str, object], list[str]]:
    """The options this entry knows; anything else (file names the hook may be given) is left aside."""
    found: dict[str, object] = dict(verbose=False, quiet=False, json=False, color="auto", repo=None)
    rest: list[str] = []
    args = iter(argv)
    for arg in args:
        name, _, value = arg.partition("=")
        if arg in ("-v", "--verbose"):
            found["verbose"] = True
        elif arg in ("-q", "--quiet"):
            found["quiet"] = True
        elif arg == "--json":
            found["json"] = True
        elif name in ("--color", "--repo"):
            found[name[2:]] = value or next(args, "")
        else:
            rest.append(arg)
    return found, rest


def main(argv: list[str] | None = None) -> int:
    """Run the hook's check; the exit status is the hook's (1 blocks the commit)."""
    from scaffold import hook

    found, _ = _options(sys.argv[1:] if argv is None else argv)
    color = str(found["color"]) if found["color"] in COLOR_CHOICES else "auto"
    rep = Reporter(verbose=bool(found["verbose"]), quiet=bool(found["quiet"]), color=color)
    repo = Path(str(found["repo"])) if found["repo"] else None
    try:
        return int(hook.run(repo, rep, as_json=bool(found["json"])))
    except ScaffoldError as exc:
        rep.error(f"hs-scaffold hook: {exc.one_line()}")
        return int(exc.exit_code)
    except Exception as exc:  # a bug: the commit stops, the traceback goes to a file
        log = Path(tempfile.gettempdir()) / "hs-scaffold-crash.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        rep.error(f"hs-scaffold hook: internal error ({type(exc).__name__}: {exc}); details in {log}")
        return int(ExitCode.INTERNAL)


if __name__ == "__main__":
    sys.exit(main())
