"""Name and base URL validation: one-line UsageErrors, nothing executed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scaffold.checkout import find_checkout
from scaffold.errors import ExitCode, UsageError
from scaffold.validate import RUST_KEYWORDS, check_base_url, check_name, connector_variants
from tests.fixtures.safety.builders import ENUMS_RS, mini_checkout
from tests.helpers import hs_scaffold

SHELL_META = list("$`\"'\\|&;<>(){}[]*?!#~ \t\n%/.=-+@,:^")


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return find_checkout(mini_checkout(tmp_path_factory.mktemp("v") / "hs"))


@pytest.mark.parametrize("name", ["acmepay", "acme_pay", "ab", "a1", "x" * 40, "pay2go"])
def test_good_names(name: str, checkout) -> None:  # type: ignore[no-untyped-def]
    check_name(name, checkout)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("", "lowercase ASCII letter"),
        ("a", "lowercase ASCII letter"),
        ("x" * 41, "lowercase ASCII letter"),
        ("Acme", "lowercase ASCII letter"),
        ("1pay", "lowercase ASCII letter"),
        ("_pay", "lowercase ASCII letter"),
        ("acme-pay", "lowercase ASCII letter"),
        ("acmé", "lowercase ASCII letter"),
        ("$(touch canary)", "lowercase ASCII letter"),
        ("self", "Rust keyword"),
        ("union", "Rust keyword"),
        ("gen", "Rust keyword"),
        ("utils", "collide"),
        ("pay_", "trailing or doubled"),
        ("abacus", "already exists"),
        ("zeta", "already exists"),
        ("ctp_visa", "already exists"),
        ("ctpvisa", "already exists"),
        ("phonypay", "already exists"),
    ],
)
def test_bad_names(name: str, words: str, checkout) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError) as info:
        check_name(name, checkout)
    message = info.value.one_line()
    assert words in message
    assert "\n" not in message and "e.g." in message
    assert info.value.exit_code == ExitCode.USAGE


def test_enum_variants_are_parsed() -> None:
    assert connector_variants(ENUMS_RS) == ["phonypay", "DummyConnector1", "Abacus", "CtpVisa", "Zeta"]


@pytest.mark.parametrize(
    "url",
    [
        "https://api.acmepay.com",
        "https://api.acmepay.com/v1/",
        "http://localhost:8080/",
        "https://a.b/c%20d/",
    ],
)
def test_good_urls(url: str) -> None:
    check_base_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "api.acmepay.com",
        "ftp://acmepay.com",
        "https://",
        "https:///path",
        "https://a b.com",
        "https://a.com/$(touch canary)",
        "https://a.com/`id`",
        "https://a.com/|x",
        "https://a.com/\\x",
        'https://a.com/"',
        "https://a.com/'",
        "https://a.com/\n",
        "https://a.com/&x",
        "https://a.com/;x",
        "https://u:p@a.com",
        "https://a..com",
        "https://é.com",
        "javascript://a.com",
        "https://a.com:0/",
        "https://a.com:99999/",
        "https://a.com/" + "x" * 3000,
    ],
)
def test_bad_urls(url: str) -> None:
    with pytest.raises(UsageError) as info:
        check_base_url(url)
    assert "\n" not in info.value.one_line() and "e.g." in info.value.one_line()


names = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.sampled_from([*"abcxyz019_", *SHELL_META, "é", "ß", "\u2028"]), max_size=45),
    st.sampled_from([*sorted(RUST_KEYWORDS), "abacus", "zeta", "ctp_visa", "$(touch canary)", "x" * 500]),
)
urls = st.one_of(
    st.text(max_size=80),
    st.builds(
        lambda s: "https://acme.example/" + s,
        st.text(alphabet=st.sampled_from([*SHELL_META, "é"]), max_size=20),
    ),
    st.sampled_from(["https://api.acmepay.com/", "http://localhost:9000", "https://a.com/$(touch canary)"]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, url=urls)
@example(name="$(touch canary)", url="https://x.com/`touch canary`")
def test_any_input_is_accepted_safely_or_rejected_in_one_line(
    name: str,
    url: str,
    checkout,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        for check in (lambda: check_name(name, checkout), lambda: check_base_url(url)):
            try:
                check()
            except UsageError as exc:
                line = exc.one_line()
                assert "\n" not in line and "\r" not in line and line
        assert not (tmp_path / "canary").exists()
    finally:
        os.chdir(cwd)


@settings(max_examples=300, deadline=None)
@given(name=names)
def test_accepted_names_are_inert_in_the_scripts_sed_and_eval(name: str) -> None:
    """Whatever passes is a plain word for bash and sed: no expansion, no special characters."""
    try:
        check_name(name)
    except UsageError:
        return
    done = subprocess.run(
        ["bash", "-c", 'eval "x=\'$1\'"; printf %s "$x"', "-", name], capture_output=True, text=True
    )
    assert done.stdout == name
    assert all(c.isalnum() or c == "_" for c in name) and name.isascii()


@settings(max_examples=300, deadline=None)
@given(url=urls)
def test_accepted_urls_survive_the_scripts_sed(url: str) -> None:
    try:
        check_base_url(url)
    except UsageError:
        return
    script = f'printf "a.base_url = x\\n" | sed -e "s|^a.base_url \\(.*\\)|&\\nb.base_url = \\"{url}\\"|"'
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True).stdout
    assert f'b.base_url = "{url}"' in out


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("api", "already imports `api`"),
        ("errors", "already imports `errors`"),
        ("transformers", "already imports `transformers`"),
        ("payment_gateway", "the script uses `$payment_gateway`"),
        (
            "connector",
            "`$connector` is a placeholder in crates/hyperswitch_connectors/src/default_implementations",
        ),
    ],
)
def test_names_the_scaffolding_already_uses_are_refused(sandbox_repo: Path, name: str, words: str) -> None:
    with pytest.raises(UsageError, match="invalid connector name") as caught:
        check_name(name, find_checkout(sandbox_repo))
    assert words in caught.value.problem


def test_base_url_with_a_query_is_refused() -> None:
    with pytest.raises(UsageError, match="no query or fragment"):
        check_base_url("https://api.acmepay.test:8443/v1?x=1")


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("common_utils", "`use common_utils::...` in mod.rs"),
        ("common_enums", "`use common_enums::...` in"),
        ("hyperswitch_interfaces", "`use hyperswitch_interfaces::...` in mod.rs"),
        ("router", "`use router::...` in test.rs"),
    ],
)
def test_crates_the_template_imports_are_refused(sandbox_repo: Path, name: str, where: str) -> None:
    with pytest.raises(UsageError, match="shadow it") as refused:
        check_name(name, find_checkout(sandbox_repo))
    assert f"the crate `{name}`" in refused.value.problem and where in refused.value.problem


def test_dependencies_of_the_connectors_crate_are_refused(sandbox_repo: Path) -> None:
    manifest = sandbox_repo / "crates/hyperswitch_connectors/Cargo.toml"
    manifest.write_text(manifest.read_text() + 'error-stack = "0.4"\nserde = { version = "1" }\n')
    subprocess.run(
        ["git", "commit", "-qam", "two dependencies"], cwd=sandbox_repo, check=True, env=_git_env()
    )
    before = subprocess.run(
        ["git", "status", "--porcelain"], cwd=sandbox_repo, capture_output=True, text=True
    )
    for name in ("error_stack", "serde"):
        done = hs_scaffold("new", name, "https://api.acmepay.test/", "--no-build", cwd=sandbox_repo)
        assert done.returncode == 2, done.stderr
        lines = [ln for ln in done.stderr.splitlines() if ln.startswith("error:")]
        assert len(lines) == 1 and "crates/hyperswitch_connectors/Cargo.toml" in lines[0]
        assert f"`{name}` is a dependency of the connectors crate" in lines[0]
    after = subprocess.run(["git", "status", "--porcelain"], cwd=sandbox_repo, capture_output=True, text=True)
    assert after.stdout == before.stdout


def _git_env() -> dict[str, str]:
    identity = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid"}
    return {**os.environ, **identity, "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t.invalid"}
