"""Work for ``new``'s later steps, done in threads while the early ones wait on git and the script.

From the snapshot to the end of the script, the run mostly waits (on the journal's disk writes,
on bash and sed for the script) with a core to spare. Meanwhile (not during the snapshot: its
thousands of ``lstat`` calls each give the interpreter lock away, and a busy thread slows them):

- one thread imports the modules of the steps after the script (:mod:`scaffold.new_steps`:
  about half a second of imports; or from the start, while a dry run makes its copy);
- one renders the connector template in memory (the script step hands it to the cargo shim,
  which takes it when the script calls ``cargo generate``: :meth:`cargo_shim.Rendered.write`);
- once the snapshot is taken, another asks the whole-tree ``git grep`` questions of the
  registration completion and of the closing audit (:class:`scaffold.grep_cache.GrepCache`
  corrects the answers for the files the run touched since);
- in a dry run's sparse copy, while the script runs, one lists the folders the later steps read
  from the checkout itself (:class:`scaffold.checkout.Reference`: read only, so the listing
  stays true) and builds the sibling connectors' examples (kept by content:
  :func:`scaffold.examples.load_index`).

Nothing here writes to the work tree. A failure here is dropped: the shim then renders the
template itself, a step imports its module itself, a question is asked again.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import cargo_shim
from scaffold.checkout import Checkout
from scaffold.grep_cache import GrepCache, early_questions
from scaffold.neighbours import default_peers

RENDER_WAIT_S = 5.0  # a render not done by then is left to the shim (it takes well under a second)
# What the steps after the script import, heaviest last (a stopped run stops between two);
# GitPython first: a real run has it by then, a dry run's copy asks git through it straight away.
LATER_MODULES = (
    "git",
    "plumbum",
    "scaffold.drift_repair",
    "scaffold.registration_audit",
    "scaffold.new_steps",
)


@dataclass
class _Importer:
    """The thread importing ``LATER_MODULES``: one per process, started after the snapshot (or,
    for a dry run, with the command: the imports go on while git builds the copy)."""

    thread: threading.Thread | None = None
    stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="hs-scaffold-imports", daemon=True)
            self.thread.start()

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join()

    def _run(self) -> None:
        for module in LATER_MODULES:
            if self.stop.is_set():
                return
            with contextlib.suppress(Exception):  # imported again (and the error raised) by the step
                importlib.import_module(module)


_IMPORTER = _Importer()


def start_imports() -> None:
    """Start importing the later steps' modules (once per process; :meth:`Prefetch.wait` waits)."""
    _IMPORTER.start()


@dataclass
class Prefetch:
    """The threads of one run (see the module docstring)."""

    checkout: Checkout
    name: str
    greps: GrepCache
    _rendered: cargo_shim.Rendered | None = None
    _render_done: threading.Event = field(default_factory=threading.Event)
    _listing: threading.Thread | None = None

    @classmethod
    def start(cls, checkout: Checkout, name: str, *, render: bool = True) -> Prefetch:
        """Start rendering the template for connector ``name`` (unless ``render`` is False) and,
        if not yet started, importing the later steps' modules."""
        started = cls(checkout, name, GrepCache(checkout.root))
        if render:
            threading.Thread(target=started._render, name="hs-scaffold-render", daemon=True).start()
        else:
            started._render_done.set()
        start_imports()
        return started

    def ask_early(self) -> None:
        """Start the ``git grep`` questions (call once the snapshot is taken)."""
        peers = default_peers(self.checkout, self.name)
        if peers:
            self.greps.ask_early(early_questions(peers))

    def write_template(self, folder: Path) -> Path | None:
        """The rendered template written into ``folder`` for the cargo shim; None when it could
        not be rendered (the shim then renders it when the script asks)."""
        if not self._render_done.wait(timeout=RENDER_WAIT_S) or self._rendered is None:
            return None
        self._rendered.write(folder)
        return folder

    def list_left_out(self) -> None:
        """Start listing what a sparse copy left out and the later steps read (no-op otherwise)."""
        if self.checkout.reference is not None and self._listing is None:
            self._listing = threading.Thread(target=self._list, name="hs-scaffold-listing", daemon=True)
            self._listing.start()

    def wait(self) -> None:
        """Until the later modules are imported (or given up)."""
        _IMPORTER.join()

    def close(self) -> None:
        """Stop importing (between two modules) and wait for every thread: before the run returns."""
        _IMPORTER.stop.set()  # a no-op once they are in (the run waited for them after the script)
        self._render_done.wait()
        _IMPORTER.join()
        self.greps.wait()
        if self._listing is not None:
            self._listing.join()

    def _list(self) -> None:
        with contextlib.suppress(Exception):  # a step lists what it needs itself
            from scaffold import examples, trait_contracts
            from scaffold.proposals import checkout_defs

            reference, connectors = self.checkout.reference, self.checkout.layout.connectors_dir
            assert reference is not None
            crates = dict.fromkeys(
                [*trait_contracts.SEARCH_CRATES, *trait_contracts.DEFINITION_CRATES, *checkout_defs.CRATES]
            )
            for crate in crates:
                reference.files_below(f"crates/{crate}/src", "*.rs")
            for name in sorted(reference.left_out_names(connectors)):
                reference.files_below(connectors / name, "*.rs")
            examples.load_index(self.checkout, save=False)  # the siblings' examples, built

    def _render(self) -> None:
        try:
            with contextlib.suppress(Exception):  # the shim then renders it when the script asks
                template = self.checkout.path(self.checkout.layout.template_dir)
                self._rendered = cargo_shim.render_ahead(template, self.name)
        finally:
            self._render_done.set()
