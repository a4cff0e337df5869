"""The dry run's sparse copy: what its cone covers, and the checkout it reads the rest from."""

from __future__ import annotations

from pathlib import Path

from scaffold.checkout import Checkout, Reference, find_checkout
from scaffold.sparse_cone import FILES_ONLY, Cone, outermost
from tests.fixtures.safety.builders import write_files


def test_a_cone_covers_whole_folders_folders_own_files_and_the_files_above() -> None:
    cone = Cone(("config", f"crates/router/src/{FILES_ONLY}", "crates/router/tests/connectors"))
    covered = [
        "Cargo.toml",  # the root's files always come
        "config/development.toml",
        "config/deployments/sandbox.toml",  # below a whole folder
        "crates/router/src/lib.rs",  # a files-only folder's own file
        "crates/router/Cargo.toml",  # a folder above an entry: its own files
        "crates/router/tests/connectors/main.rs",
    ]
    left_out = [
        "crates/router/src/core/admin.rs",  # a subfolder of a files-only folder
        "crates/api_models/src/enums.rs",
        "configs/x.toml",  # a prefix of an entry's name is not that entry
        "crates/router/tests/other/main.rs",
    ]
    assert [p for p in covered if not cone.covers(p)] == []
    assert [p for p in left_out if cone.covers(p)] == []


def test_outermost_drops_folders_inside_others() -> None:
    assert outermost({"a", "a/b", "a/b/c", "ab", f"d/{FILES_ONLY}"}) == {"a", "ab", f"d/{FILES_ONLY}"}


def _pair(tmp_path: Path) -> tuple[Checkout, Checkout]:
    """A checkout and a copy holding only its connectors folder's own files and the new connector."""
    from tests.helpers import make_sandbox

    user = find_checkout(make_sandbox(tmp_path / "user"))
    connectors = user.layout.connectors_dir.as_posix()
    cone = Cone((f"{connectors}/{FILES_ONLY}",))
    copy_root = tmp_path / "copy"
    for path in (p for p in user.root.rglob("*") if p.is_file() and ".git" not in p.parts):
        rel = path.relative_to(user.root).as_posix()
        if cone.covers(rel):
            write_files(copy_root, {rel: path.read_text()})
    return user, Checkout(copy_root, user.layout, Reference(user.root, cone.covers))


def test_readers_find_what_the_copy_left_out_in_the_checkout(tmp_path: Path) -> None:
    from scaffold import trait_contracts

    user, copy = _pair(tmp_path)
    traits = "crates/hyperswitch_interfaces/src/api/payments.rs"
    assert not copy.path(traits).exists()
    assert copy.source(traits) == user.path(traits)
    assert copy.connector_names() == user.connector_names()
    assert [copy.rel(p) for p in copy.connector_files("abacus")] == [
        user.rel(p) for p in user.connector_files("abacus")
    ]
    found, expected = trait_contracts.load_traits(copy), trait_contracts.load_traits(user)
    assert {n: t.file for n, t in found.items()} == {n: t.file for n, t in expected.items()} and found


def test_the_copys_own_files_win_and_what_it_covers_is_never_taken_from_the_checkout(tmp_path: Path) -> None:
    user, copy = _pair(tmp_path)
    connectors = user.layout.connectors_dir
    write_files(
        copy.root, {f"{connectors}/acmepay/transformers.rs": "// new\n", "crates/x/src/a.rs": "// a\n"}
    )
    assert copy.connector_files("acmepay") == [copy.path(f"{connectors}/acmepay/transformers.rs")]
    assert "acmepay" in copy.connector_names() and "acmepay" not in user.connector_names()
    (copy.path(connectors / "abacus.rs")).unlink()  # covered: gone from the copy is gone
    assert copy.source(connectors / "abacus.rs") == copy.path(connectors / "abacus.rs")
    assert [copy.rel(p) for p in copy.connector_files("abacus")] == [f"{connectors}/abacus/transformers.rs"]
    assert copy.source_files("crates/x/src") == [copy.path("crates/x/src/a.rs")]
    assert not user.path("crates/x").exists()
