"""Settings: the checkout's hs-scaffold.toml or pyproject.toml, over the user's file, over the defaults."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scaffold import settings
from scaffold.errors import UsageError
from tests.helpers import hs_scaffold, make_sandbox


@pytest.fixture
def user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    (folder / "hs-scaffold").mkdir(parents=True)
    return folder / "hs-scaffold" / "config.toml"


def test_defaults_come_from_the_schema(tmp_path: Path, user_config: Path) -> None:
    found = settings.load(tmp_path)
    assert found["hook.generated"] == "pass" and found["new.register"] is True
    assert found["new.repair_drift"] is True and found["new.renderer"] == "native"
    assert found["hook.leftover_patterns"] == ["*-e", "*.rej", "*.orig"]
    assert set(found.sources.values()) == {"default"} and found.files == []
    assert all(key.type in ("bool", "string", "list") for key in settings.schema().values())


def test_layers_and_where_each_value_came_from(tmp_path: Path, user_config: Path) -> None:
    user_config.write_text('[hook]\ngenerated = "block"\nstale_spec = "block"\n[new]\nregister = false\n')
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.hs-scaffold.hook]\nstale_spec = "ignore"\n'
    )
    (tmp_path / "hs-scaffold.toml").write_text('[hook]\ngenerated = "pass"\n')
    found = settings.load(tmp_path)
    assert found.files == [
        str(user_config),
        str(tmp_path / "pyproject.toml"),
        str(tmp_path / "hs-scaffold.toml"),
    ]
    assert (found["hook.generated"], found.sources["hook.generated"]) == (
        "pass",
        str(tmp_path / "hs-scaffold.toml"),
    )
    assert (found["hook.stale_spec"], found.sources["hook.stale_spec"]) == (
        "ignore",
        str(tmp_path / "pyproject.toml"),
    )
    assert (found["new.register"], found.sources["new.register"]) == (False, str(user_config))
    assert found.sources["new.renderer"] == "default"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[hook]\ngenerate = "block"\n', "unknown setting `hook.generate`"),
        ("[nosuch]\nx = 1\n", "unknown setting `nosuch`"),
        ('[hook.kinds]\ntodo = "loud"\n', "cannot be 'loud'"),
        ('[new]\nregister = "yes"\n', "must be true or false"),
        ('[hook]\nleftover_patterns = "*.orig"\n', "must be a list of strings"),
        ("[hook\n", "is not valid TOML"),
    ],
)
def test_bad_settings_are_one_line_errors(tmp_path: Path, user_config: Path, text: str, message: str) -> None:
    (tmp_path / "hs-scaffold.toml").write_text(text)
    with pytest.raises(UsageError, match=r"hs-scaffold\.toml") as info:
        settings.load(tmp_path)
    assert message in info.value.one_line() and "\n" not in info.value.one_line()


def test_config_prints_the_merged_settings_with_their_source(tmp_path: Path) -> None:
    root = make_sandbox(tmp_path / "hyperswitch")
    (root / "hs-scaffold.toml").write_text('[new]\nrenderer = "cargo-generate"\n')
    done = hs_scaffold("config", cwd=root)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert len(lines) == len(settings.schema())
    renderer = next(line for line in lines if line.startswith("new.renderer"))
    assert '"cargo-generate"' in renderer and renderer.endswith(f"# {root / 'hs-scaffold.toml'}")
    assert next(line for line in lines if line.startswith("new.register ")).endswith("# default")
    data = json.loads(hs_scaffold("config", "--json", cwd=root).stdout)
    assert data["settings"]["new.renderer"] == {
        "value": "cargo-generate",
        "source": str(root / "hs-scaffold.toml"),
    }
    (root / "hs-scaffold.toml").write_text("[new]\nrenderr = 1\n")
    bad = hs_scaffold("config", cwd=root)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "did you mean `new.renderer`" in bad.stderr


def test_the_renderer_setting_is_what_new_uses(tmp_path: Path) -> None:
    if shutil.which("cargo-generate"):
        pytest.skip("cargo-generate is installed: the setting would not show by failing")
    root = make_sandbox(tmp_path / "hyperswitch")
    (root / "hs-scaffold.toml").write_text('[new]\nrenderer = "cargo-generate"\n')
    done = hs_scaffold("new", "acmepay", "https://api.acmepay.test/", "--no-build", cwd=root)
    assert done.returncode == 1 and "`cargo generate --path" in done.stderr  # the real one: not installed
    native = hs_scaffold(
        "new", "acmepay", "https://api.acmepay.test/", "--no-build", "--renderer", "native", cwd=root
    )
    assert native.returncode == 0, native.stderr
