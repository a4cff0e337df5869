"""The built-in sandbox: layout, git state, registration anchors, template, and a real offline build."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from scaffold.errors import UsageError
from scaffold.sandbox import COMMIT_MESSAGE, IDENTITY, SANDBOX_DIR, SCRIPT, Layout, materialize

FIXTURES = Path(__file__).parent / "fixtures"
CONNECTORS = ("abacus", "lumapay", "zentra")
CONFIG_TOMLS = (
    "config/development.toml",
    "config/docker_compose.toml",
    "config/config.example.toml",
    "loadtest/config/development.toml",
)
DEPLOYMENT_TOMLS = tuple(
    f"config/deployments/{env}.toml" for env in ("integration_test", "production", "sandbox")
)
CONNECTOR_DIR = {
    "2026": "crates/hyperswitch_connectors/src/connectors",
    "legacy": "crates/router/src/connector",
}
DEFAULT_IMPL_FILES = {
    "2026": (
        "crates/hyperswitch_connectors/src/default_implementations.rs",
        "crates/hyperswitch_connectors/src/default_implementations_v2.rs",
    ),
    "legacy": ("crates/router/src/core/payments/flows.rs",),
}
needs_cargo = pytest.mark.skipif(shutil.which("cargo") is None, reason="needs a Rust toolchain (cargo)")


def _git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its stdout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    done = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True)
    return done.stdout


@dataclass(frozen=True)
class Built:
    """A sandbox materialized once per session and compiled offline."""

    root: Path
    build: subprocess.CompletedProcess[str]
    tests: subprocess.CompletedProcess[str]


@pytest.fixture(scope="session")
def cargo_target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One CARGO_TARGET_DIR for the whole session."""
    return tmp_path_factory.mktemp("cargo-target")


def _build(tmp_path_factory: pytest.TempPathFactory, target: Path, layout: Layout) -> Built:
    root = materialize(tmp_path_factory.mktemp(f"sandbox-{layout}") / "hyperswitch", layout=layout)
    env = {**os.environ, "CARGO_TARGET_DIR": str(target / layout), "CARGO_TERM_COLOR": "never"}

    def cargo(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["cargo", *args, "--offline", "--locked"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    return Built(root, cargo("build"), cargo("test", "--no-run"))


@pytest.fixture(scope="session")
def built_2026(tmp_path_factory: pytest.TempPathFactory, cargo_target: Path) -> Built:
    """The 2026 layout, built."""
    return _build(tmp_path_factory, cargo_target, "2026")


@pytest.fixture(scope="session")
def built_legacy(tmp_path_factory: pytest.TempPathFactory, cargo_target: Path) -> Built:
    """The legacy layout, built."""
    return _build(tmp_path_factory, cargo_target, "legacy")


@pytest.fixture(params=["2026", "legacy"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Layout, Path]:
    """A freshly materialized sandbox of each layout (no build)."""
    layout: Layout = request.param
    return layout, materialize(tmp_path / "hyperswitch", layout=layout)


def _checkout_paths(script: str) -> list[str]:
    """Paths named by the script's main ``git checkout`` line, with ``$conn``/``$src`` expanded."""
    src = re.search(r'^src="([^"]+)"$', script, re.M)
    conn = re.search(r'^conn="([^"]+)"$', script, re.M)
    assert src and conn
    expanded = {"$conn": conn.group(1).replace("$src", src.group(1)), "$src": src.group(1)}
    line = next(line for line in script.splitlines() if line.startswith("git checkout $conn.rs"))
    paths = []
    for word in line.split()[2:]:
        for var, value in expanded.items():
            word = word.replace(var, value)
        paths.append(word)
    return paths


def _trait_methods(text: str) -> list[tuple[int, str, str]]:
    """``(line number, method line, line above)`` for every method declared inside a ``pub trait`` block."""
    lines = text.splitlines()
    found, in_trait = [], False
    for index, line in enumerate(lines):
        if line.startswith("pub trait "):
            in_trait = True
        elif in_trait and line == "}":
            in_trait = False
        elif in_trait and re.match(r"    fn \w+", line):
            found.append((index + 1, line.strip(), lines[index - 1].strip()))
    return found


@needs_cargo
@pytest.mark.parametrize("fixture", ["built_2026", "built_legacy"])
def test_sandbox_builds_offline_and_stays_clean(fixture: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(fixture)
    assert built.build.returncode == 0, built.build.stderr
    assert built.tests.returncode == 0, built.tests.stderr
    assert "warning" not in built.build.stderr, built.build.stderr
    # Cargo.lock is shipped and current; target/ is ignored.
    assert _git(built.root, "status", "--porcelain") == ""


def test_materialize_makes_one_commit_with_fixed_identity(fresh: tuple[Layout, Path]) -> None:
    _, root = fresh
    assert _git(root, "log", "--format=%s|%an|%ae").splitlines() == [
        f"{COMMIT_MESSAGE}|{IDENTITY['user.name']}|{IDENTITY['user.email']}"
    ]
    assert _git(root, "branch", "--show-current").strip() == "main"
    assert _git(root, "ls-files", "-s", SCRIPT).startswith("100755 ")
    assert os.access(root / SCRIPT, os.X_OK)
    assert _git(root, "status", "--porcelain") == ""
    assert (root / ".gitignore").read_text().splitlines() == ["/target"]


def test_materialize_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(UsageError, match="not empty"):
        materialize(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_materialize_accepts_an_existing_empty_folder(tmp_path: Path) -> None:
    assert materialize(tmp_path) == tmp_path
    assert (tmp_path / "Cargo.toml").is_file()


def test_layouts_put_connectors_where_the_script_generates(fresh: tuple[Layout, Path]) -> None:
    layout, root = fresh
    conn = root / CONNECTOR_DIR[layout]
    for name in CONNECTORS:
        assert (conn / f"{name}.rs").is_file()
        assert (conn / name / "transformers.rs").is_file()
    assert (root / "crates/hyperswitch_connectors").exists() == (layout == "2026")
    script = (root / SCRIPT).read_text()
    assert f'conn="{CONNECTOR_DIR[layout]}"' in script.replace("$src", "crates/router/src")
    # The template path is relative to the connectors folder the script cd's into.
    assert "cargo generate --path ../../../../connector-template -n $payment_gateway" in script
    assert (conn / "../../../../connector-template/mod.rs").resolve().is_file()


def test_every_path_the_script_checks_out_exists(fresh: tuple[Layout, Path]) -> None:
    layout, root = fresh
    paths = _checkout_paths((root / SCRIPT).read_text())
    assert f"{CONNECTOR_DIR[layout]}.rs" in paths and "config/development.toml" in paths
    assert [p for p in paths if not (root / p).is_file()] == []


def test_script_has_the_upstream_shape(fresh: tuple[Layout, Path]) -> None:
    _, root = fresh
    script = (root / SCRIPT).read_text()
    assert "set -e" not in script
    assert re.search(r"^    connectors=\(abacus lumapay zentra \"\$1\"\)$", script, re.M)
    assert "eval \"$2='${sorted[i-1]}'\"" in script
    assert "cargo install cargo-generate" in script
    assert "cargo +nightly fmt --all" in script
    assert "cargo test --package router --test connectors -- $payment_gateway" in script
    assert "sed -i '' " not in script  # no BSD-only sed calls


def test_config_tomls_list_every_connector(fresh: tuple[Layout, Path]) -> None:
    layout, root = fresh
    files = CONFIG_TOMLS + (DEPLOYMENT_TOMLS if layout == "2026" else ())
    for rel in files:
        table = tomllib.loads((root / rel).read_text())["connectors"]
        assert [name for name in CONNECTORS if table[name]["base_url"]] == list(CONNECTORS), rel
        base_url_lines = [
            line.split(".")[0] for line in (root / rel).read_text().splitlines() if ".base_url = " in line
        ]
        assert base_url_lines == sorted(base_url_lines), rel
    assert layout == "2026" or not (root / "config/deployments").exists()


def test_connector_configs_tomls_parse(fresh: tuple[Layout, Path]) -> None:
    _, root = fresh
    for env in ("development", "sandbox", "production"):
        doc = tomllib.loads((root / f"crates/connector_configs/toml/{env}.toml").read_text())
        assert set(CONNECTORS) <= set(doc)
        assert "HeaderKey" in doc["abacus"]["connector_auth"]


def test_default_impl_macros_have_one_entry_per_line(fresh: tuple[Layout, Path]) -> None:
    layout, root = fresh
    prefix = "connectors" if layout == "2026" else "connector"
    for rel in DEFAULT_IMPL_FILES[layout]:
        text = (root / rel).read_text()
        blocks = re.findall(r"^default_imp_for_\w+!\(\n((?:    .*\n)*?)\);$", text, re.M)
        assert len(blocks) == text.count("\ndefault_imp_for_") > 0, rel
        for block in blocks:
            assert block.splitlines() == [f"    {prefix}::{name.capitalize()}," for name in CONNECTORS]


def test_registration_anchors_exist(fresh: tuple[Layout, Path]) -> None:
    layout, root = fresh
    conn_rs = (root / f"{CONNECTOR_DIR[layout]}.rs").read_text()
    assert "pub mod abacus;" in conn_rs and conn_rs.rstrip().endswith("};")
    assert (
        "pub abacus: ConnectorParams,"
        in (root / "crates/hyperswitch_domain_models/src/connector_endpoints.rs").read_text()
    )
    auth_rs = (root / "crates/test_utils/src/connector_auth.rs").read_text()
    assert "    pub abacus: Option<HeaderKey>," in auth_rs
    main_rs = (root / "crates/router/tests/connectors/main.rs").read_text()
    assert "mod abacus;\nmod lumapay;\nmod utils;\nmod zentra;" in main_rs
    cargo_toml = tomllib.loads((root / "crates/router/Cargo.toml").read_text())
    assert cargo_toml["test"] == [{"name": "connectors", "path": "tests/connectors/main.rs"}]
    if layout == "2026":
        router_rs = (root / "crates/router/src/connector.rs").read_text()
        assert router_rs.startswith("pub use hyperswitch_connectors::connectors::{")
        assert (
            "pub abacus: Option<ConnectorTomlConfig>,"
            in (root / "crates/connector_configs/src/connector.rs").read_text()
        )


def test_connector_enum_has_an_exhaustive_match_beside_it() -> None:
    text = (SANDBOX_DIR / "crates/common_enums/src/connector_enums.rs").read_text()
    assert "pub enum Connector {\n    Abacus,\n    Lumapay,\n    Zentra,\n}" in text
    assert "pub fn is_separate_authentication_supported(self) -> bool {\n        match self {" in text


def test_workspace_manifest() -> None:
    manifest = tomllib.loads((SANDBOX_DIR / "Cargo.toml").read_text())
    assert manifest["workspace"]["members"] == ["crates/*"]
    assert manifest["workspace"]["resolver"] == "2"
    assert manifest["workspace"]["package"]["rust-version"] == "1.85.0"
    for crate in (SANDBOX_DIR / "crates").iterdir():
        crate_manifest = tomllib.loads((crate / "Cargo.toml").read_text())
        deps = crate_manifest.get("dependencies", {}) | crate_manifest.get("dev-dependencies", {})
        assert all("path" in spec for spec in deps.values()), crate.name  # nothing from crates.io
    assert not (SANDBOX_DIR / "connector-template/cargo-generate.toml").exists()


def test_types_rs_maps_flows_to_router_data_aliases() -> None:
    text = (SANDBOX_DIR / "crates/hyperswitch_domain_models/src/types.rs").read_text()
    aliases = dict(re.findall(r"pub type (\w+)(?:<F>)?\s*=\s*RouterData<(\w+),", text))
    assert aliases == {
        "PaymentsAuthorizeRouterData": "Authorize",
        "PaymentsSyncRouterData": "PSync",
        "PaymentsCaptureRouterData": "Capture",
        "PaymentsCancelRouterData": "Void",
        "PaymentsSessionRouterData": "Session",
        "SetupMandateRouterData": "SetupMandate",
        "RefundsRouterData": "F",
        "RefundExecuteRouterData": "Execute",
        "RefundSyncRouterData": "RSync",
        "RefreshTokenRouterData": "AccessTokenAuth",
        "TokenizationRouterData": "PaymentMethodToken",
    }


def test_interface_trait_methods_are_documented() -> None:
    methods = []
    for path in sorted((SANDBOX_DIR / "crates/hyperswitch_interfaces/src").rglob("*.rs")):
        methods += [(path.name, *method) for method in _trait_methods(path.read_text())]
    assert len(methods) >= 25
    assert [m for m in methods if not m[3].startswith("///")] == []


def test_template_uses_every_filter_spelling() -> None:
    text = "".join(
        (SANDBOX_DIR / "connector-template" / f).read_text() for f in ("mod.rs", "transformers.rs", "test.rs")
    )
    for variant in (
        "{{project-name | downcase | pascal_case}}",
        "{{project-name | downcase}}",
        "{{project-name| downcase}}",
        "{{project-name | downcase }}",
        "{{project-name | upcase}}",
        "{{project-name}}",
    ):
        assert variant in text, variant
    assert set(re.findall(r"\{\{\s*project-name\s*((?:\|\s*\w+\s*)*)\}\}", text)) <= {
        "| downcase | pascal_case",
        "| downcase",
        "| downcase ",
        "| upcase",
        "",
    }


def test_template_carries_every_stub_kind() -> None:
    mod_rs = (SANDBOX_DIR / "connector-template/mod.rs").read_text()
    transformers = (SANDBOX_DIR / "connector-template/transformers.rs").read_text()
    currency_unit = r"fn get_currency_unit\(&self\) -> api::CurrencyUnit \{\n\s+todo!\(\)\n\s+// TODO! Check"
    assert re.search(currency_unit, mod_rs)
    assert "unimplemented!()" in mod_rs
    get_url_stub = 'Err(errors::ConnectorError::NotImplemented("get_url method".to_string()).into())'
    assert mod_rs.count(get_url_stub) == 5
    assert 'NotImplemented("get_request_body method".to_string())' in mod_rs
    assert mod_rs.count("Err(report!(errors::ConnectorError::WebhooksNotImplemented))") == 3
    assert "//TODO: implement sessions flow" in mod_rs and "// Not Implemented (R)" in mod_rs
    empty_access_token_impl = (
        r"ConnectorIntegration<AccessTokenAuth, AccessTokenRequestData, AccessToken>"
        r"\n.*\n\{\n\}"
    )
    assert re.search(empty_access_token_impl, mod_rs)
    assert "//TODO: Fill the struct with respective fields\npub struct" in transformers
    assert "//Todo :" in transformers and "//TODO: Append the remaining status flags" in transformers


def test_no_move_fixture_only_drops_the_test_move() -> None:
    sandbox = (SANDBOX_DIR / SCRIPT).read_text().splitlines()
    variant = (FIXTURES / "add_connector_no_move.sh").read_text().splitlines()
    dropped = [line for line in sandbox if line not in variant]
    assert dropped == [
        "# Put the rendered files in place",
        "mkdir -p ../../../router/tests/connectors",
        'mv "$payment_gateway/test.rs" ../../../router/tests/connectors/$payment_gateway.rs',
    ]
    assert "mv $payment_gateway/mod.rs $payment_gateway.rs" in variant
