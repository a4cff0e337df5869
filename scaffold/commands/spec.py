"""``hs-scaffold spec``: (re)write a connector's spec and its JSON twin."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scaffold import manifest
from scaffold import spec as spec_mod
from scaffold.checkout import Checkout
from scaffold.commands import print_json
from scaffold.docs import locate
from scaffold.errors import ExitCode
from scaffold.report import Reporter


def spec(
    checkout: Checkout,
    name: str,
    rep: Reporter,
    *,
    doc_paths: Sequence[Path] = (),
    as_json: bool = False,
) -> ExitCode:
    """``hs-scaffold spec``: (re)write the spec Markdown and its JSON twin.

    With the undo record of ``hs-scaffold new``, the files it lists are the ones ``new`` changed,
    and the record learns the rewritten spec files, so ``undo`` does not take them for user edits.
    """
    spec_mod.require_connector(checkout, name)
    if not doc_paths:  # the docs the spec was written from (say `new --doc`), as `fill` reads them
        doc_paths = spec_mod.recorded_docs(checkout, spec_mod.stored_spec(checkout, name))
    locate.check_connector_docs(checkout, name, doc_paths)  # before anything is written
    created, modified = spec_mod.recorded_files(checkout, name) or ([], [])
    written = spec_mod.write_spec(
        checkout, name, doc_paths=doc_paths, files_created=created, files_modified=modified
    )
    manifest.record_rewrite(checkout, name, written.paths)
    rep.info(written.summary(checkout))
    for warning in spec_mod.drift_warnings(written):
        rep.warn(warning)
    if as_json:
        print_json(written.data)
    return ExitCode.OK
