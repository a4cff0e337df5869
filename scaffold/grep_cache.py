"""``git grep`` questions asked early and answered late: the answer taken while the script ran,
corrected for the files the run has touched since.

A file the run did not touch held the same bytes the whole time, so its part of an early answer
stands; the touched ones (created, written, replaced or removed since the snapshot) are searched
again. The registration completion and the closing audit each ask one question of the whole tree
(about 0.2 s each on a real checkout); :mod:`scaffold.prefetch` asks both while the script runs.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import git
from scaffold.naming import spellings

Ask = Callable[["GrepQuery"], list[str]]  # a query's answer now, however found


@dataclass(frozen=True)
class GrepQuery:
    """Tracked files holding a whole-word match of ``pattern`` and of each of ``also`` (EREs),
    among the files whose names end with one of ``suffixes`` (all files when empty) and with none
    of ``excluding``."""

    pattern: str
    also: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    excluding: tuple[str, ...] = ()

    def run(self, root: Path, paths: list[str] | None = None) -> list[str]:
        """The answer now, in the whole tree or in ``paths`` only."""
        return git.grep_files(
            root, self.pattern, paths, also=self.also, suffixes=self.suffixes, excluding=self.excluding
        )

    def covers(self, rel: str) -> bool:
        """Whether ``rel`` is among the files the query searches."""
        return (not self.suffixes or rel.endswith(self.suffixes)) and not (
            self.excluding and rel.endswith(self.excluding)
        )


def any_spelling(name: str) -> str:
    """An ERE for ``name`` in any of its spellings in code (``acme_pay``, ``AcmePay``, ``ACME_PAY``)."""
    return "|".join(re.escape(s) for s in spellings(name))


def naming_all(
    names: list[str], suffixes: tuple[str, ...] = (), excluding: tuple[str, ...] = ()
) -> GrepQuery:
    """Files naming every one of ``names``."""
    patterns = [any_spelling(n) for n in names]
    return GrepQuery(patterns[0], tuple(patterns[1:]), suffixes, excluding)


def peer_files(peers: list[str]) -> GrepQuery:
    """Tracked Rust and TOML files naming every peer: where the registration completion looks for
    lists (a registration list names them all)."""
    return naming_all(peers, (".rs", ".toml"))


def first_peer_mentions(peers: list[str]) -> GrepQuery:
    """Tracked files other than Rust naming the first peer: where the audit's review of the other
    files starts (Rust files are the registration lists' business)."""
    return naming_all(peers[:1], excluding=(".rs",))


def early_questions(peers: list[str]) -> list[GrepQuery]:
    """The whole-tree questions of ``new``'s later steps, asked while the script runs."""
    return [peer_files(peers), first_peer_mentions(peers)]


@dataclass
class GrepCache:
    """Early answers to :class:`GrepQuery` questions in the work tree at ``root``."""

    root: Path
    _answers: dict[GrepQuery, frozenset[str]] = field(default_factory=dict)
    _asking: threading.Thread | None = None

    def ask_early(self, queries: list[GrepQuery]) -> None:
        """Start answering ``queries`` in a thread (call after the snapshot, before the changes)."""
        self._asking = threading.Thread(
            target=self._ask, args=(queries,), name="hs-scaffold-grep", daemon=True
        )
        self._asking.start()

    def _ask(self, queries: list[GrepQuery]) -> None:
        for query in queries:
            try:
                self._answers[query] = frozenset(query.run(self.root))
            except Exception:  # asked again when needed
                continue

    def wait(self) -> None:
        """Until the early questions are answered (or given up)."""
        if self._asking is not None:
            self._asking.join()
            self._asking = None

    def files(self, query: GrepQuery, touched: Collection[str] | None) -> list[str]:
        """The answer to ``query`` now, given ``touched``: every path created, modified or removed
        since the snapshot (None: unknown, the whole tree is searched)."""
        self.wait()
        early = self._answers.get(query)
        if early is None or touched is None:
            return query.run(self.root)
        again = sorted(p for p in touched if query.covers(p) and (self.root / p).is_file())
        found = early.difference(touched).union(query.run(self.root, again) if again else [])
        return sorted(found)

    def asker(self, touched: Collection[str] | None) -> Ask:
        """:meth:`files` with ``touched`` fixed: what the steps that grep are given."""
        return lambda query: self.files(query, touched)
