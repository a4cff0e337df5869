"""Work for ``new``'s later steps, done in threads while the early ones wait on git and the script.

From the validation to the end of the script, the run mostly waits (``git status`` and
``ls-files`` for the snapshot, bash and sed for the script) with a core to spare. Meanwhile:

- one thread renders the connector template in memory (the script step hands it to the cargo
  shim, which takes it when the script calls ``cargo generate``: :func:`cargo_shim.write_ahead`),
  then imports the modules of the steps after the script (:mod:`scaffold.new_steps`: about half
  a second of imports);
- once the snapshot is taken, another asks the whole-tree ``git grep`` questions of the
  registration completion and of the closing audit (:class:`scaffold.grep_cache.GrepCache`
  corrects the answers for the files the run touched since).

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

# What the steps after the script import, heaviest last (a stopped run stops between two).
LATER_MODULES = ("scaffold.drift_repair", "scaffold.registration_audit", "scaffold.new_steps")


@dataclass
class Prefetch:
    """The threads of one run (see the module docstring)."""

    checkout: Checkout
    name: str
    greps: GrepCache
    _rendered: cargo_shim.Rendered | None = None
    _render_done: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)
    _ahead: threading.Thread | None = None

    @classmethod
    def start(cls, checkout: Checkout, name: str, *, render: bool = True) -> Prefetch:
        """Start rendering the template for connector ``name`` (unless ``render`` is False) and
        importing the later steps' modules."""
        started = cls(checkout, name, GrepCache(checkout.root))
        started._ahead = threading.Thread(
            target=started._work_ahead, args=(render,), name="hs-scaffold-ahead", daemon=True
        )
        started._ahead.start()
        return started

    def ask_early(self) -> None:
        """Start the ``git grep`` questions (call once the snapshot is taken)."""
        peers = default_peers(self.checkout, self.name)
        if peers:
            self.greps.ask_early(early_questions(peers))

    def write_template(self, folder: Path) -> Path | None:
        """The rendered template written into ``folder`` for the cargo shim; None when it could
        not be rendered (the shim then renders it when the script asks)."""
        self._render_done.wait()
        if self._rendered is None:
            return None
        self._rendered.write(folder)
        return folder

    def wait(self) -> None:
        """Until the later modules are imported (or given up)."""
        if self._ahead is not None:
            self._ahead.join()
            self._ahead = None

    def close(self) -> None:
        """Stop (between two imports) and wait for every thread: before the run returns."""
        self._stop.set()
        self.wait()
        self.greps.wait()

    def _work_ahead(self, render: bool) -> None:
        try:
            if render:
                with contextlib.suppress(Exception):
                    template = self.checkout.path(self.checkout.layout.template_dir)
                    self._rendered = cargo_shim.render_ahead(template, self.name)
        finally:
            self._render_done.set()
        for module in LATER_MODULES:
            if self._stop.is_set():
                return
            with contextlib.suppress(Exception):  # imported again (and the error raised) by the step
                importlib.import_module(module)
