"""validate, schema, flows and start-up, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from onboarding.cli import main
from tests.helpers import EXAMPLES, china

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def write(path: Path, data: dict) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False, default=str))
    return str(path)


def test_validate_valid_files(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(EXAMPLES / "china.yaml"), str(EXAMPLES / "overseas.yaml")]
    assert main(["validate", *files]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{files[0]}: valid", f"{files[1]}: valid"]


def test_validate_lists_each_error_with_its_path(capsys: pytest.CaptureFixture[str]) -> None:
    broken = str(EXAMPLES / "broken.yaml")
    assert main(["validate", broken]) == 1
    out = capsys.readouterr().out
    for path in ("account_type", "email", "region", "admin.passport_number", "admin.mobile",
                 "profile.name", "profile.introduction", "operators[0].wechat_id",
                 "operators[0].term", "operators[0].nickname"):
        assert f"{broken}: {path}: " in out
    assert "\x1b[" not in out  # plain when piped


def test_validate_across_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path / "a.json", china())
    second = write(tmp_path / "b.json", china())
    assert main(["validate", first, second]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{first}: valid"
    assert out[1] == (f"{second}: email: already used by {first}: one email serves one "
                      "Official Account only")


def test_validate_account_name_across_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    twin = china()
    twin["email"] = "twin@lotustea.cn"
    twin["profile"]["name"] = twin["profile"]["name"].upper()  # case does not tell names apart
    files = [write(tmp_path / "a.json", china()), write(tmp_path / "b.json", twin)]
    assert main(["validate", *files]) == 1
    out = capsys.readouterr().out
    assert f"{files[1]}: profile.name: already the name of {files[0]}: an account" in out


def test_validate_admin_limit_across_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = []
    for i in range(6):
        data = china()
        data["email"] = f"a{i}@lotustea.cn"
        data["profile"]["name"] = f"LotusTea{i}"
        data["operators"] = []
        files.append(write(tmp_path / f"{i}.json", data))
    assert main(["validate", *files]) == 1
    out = capsys.readouterr().out
    assert (f"{files[5]}: admin.id_number: this administrator already administers 5 Official "
            f"Accounts ({', '.join(files[:5])}); the limit is 5") in out
    assert f"{files[4]}: valid" in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such file"),
        ("a: [unclosed", "not valid YAML"),
        ("- just\n- a list\n", "must be a mapping"),
        ("", "must be a mapping"),
    ],
)
def test_validate_cannot_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, reason: str
) -> None:
    path = tmp_path / "x.yaml"
    if content is not None:
        path.write_text(content)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_yaml_slips_are_field_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (Path(EXAMPLES) / "china.yaml").read_text(encoding="utf-8")
    text = text.replace("registered_on: 2026-11-20", "registered_on: 2026-02-30")
    text = text.replace('id_number: "310104199001011233"', "id_number: 310104199001011233")
    path = tmp_path / "slips.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "verification.registered_on: 2026-02-30 is not a day on the calendar" in out
    assert "admin.id_number: must be text: put it in quotes" in out


def test_validate_bad_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.json"
    path.write_text("{oops")
    assert main(["validate", str(path)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_bad_pinned_today_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-13-01")
    assert main(["schema"]) == 2
    err = capsys.readouterr().err
    assert "ONBOARDING_TODAY must be a date" in err and len(err.splitlines()) == 1


def test_schema_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].endswith("2020-12/schema")


def test_flows_counts_each_path_as_the_wizard_does(capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    """Issue 23: `flows` said 8 steps where the wizard says "Step 1 of 9"; one definition
    (the statechart's path, the start included); paths by their names, not codes."""
    from forms.steps import ENTITY_CHOICES
    from onboarding.wizard import Wizard

    assert main(["flows"]) == 0
    out = capsys.readouterr().out
    for entity, (en, zh) in ENTITY_CHOICES.items():
        path = Wizard({"client": "Acme", "entity": entity}).path
        assert f"{en} ({zh}): {len(path)} steps" in out
        listed = out[out.index(f"{en} ({zh})"):].split("\n\n")[0]
        numbered = [line.split()[1] for line in listed.splitlines()
                    if line.strip()[:1].isdigit()]
        assert numbered == path
    assert "9 steps" in out and "8 steps" in out
    assert "1. start" in out and "Client & entity (客户与主体)" in out
    assert not [line for line in out.splitlines() if line.startswith(("china", "overseas"))]
    assert "only when Entity is Mainland-China entity" in out  # authentication
    assert ("required within the window: when Entity is Mainland-China entity and "
            "Authentication method is WeChat Verification") in out


def test_flows_lists_one_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flows", "overseas"]) == 0
    out = capsys.readouterr().out
    assert "Non-China (overseas) entity (海外主体): 8 steps" in out
    assert "Mainland-China" not in out and "authentication" not in out
    assert main(["flows", "mars"]) == 1  # asked for what is not there, like an unknown ID


def test_flows_diagram_shows_the_branches(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flows", "--diagram"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("stateDiagram-v2")
    assert 'state "Client & entity" as start' in text
    assert "organization --> authentication : Next [Entity is Mainland-China entity]" in text
    assert "organization --> profile : Next [Entity is Non-China (overseas) entity]" in text
    assert 'state "Verification" as verification {' in text
    assert ("asked --> required : [Entity is Mainland-China entity and Authentication method "
            "is WeChat Verification]") in text
    assert "asked --> declined : [Request WeChat Verification is no]" in text
    assert main(["flows", "overseas", "--diagram"]) == 0  # its path marked
    marked = capsys.readouterr().out
    assert "profile:::active" in marked and "authentication:::active" not in marked


def test_help_and_validate_do_not_import_textual() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from onboarding.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['validate', {str(EXAMPLES / 'china.yaml')!r}])\n"
        "    try:\n        main(['--help'])\n    except SystemExit:\n        pass\n"
        "print('textual' in sys.modules, 'sqlalchemy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    from onboarding.cli import COMMANDS

    for name in COMMANDS:
        command = name.rstrip("_")
        with pytest.raises(SystemExit) as exit_:
            main([command, "--help"])
        assert exit_.value.code == 0
        shown = capsys.readouterr().out
        assert f"usage: onboarding {command}" in shown and "options:" in shown, command


def test_every_commands_help_is_said_in_chinese() -> None:
    """Each command's description and each of its options' help go through the catalog
    (`link` and `serve` were English only): in Chinese, every one holds Chinese."""
    import argparse
    import re

    from onboarding import i18n
    from onboarding.cli import COMMANDS, build_parser

    chinese = re.compile("[\u4e00-\u9fff]")
    english = []
    for name in COMMANDS:
        command = name.rstrip("_")
        with i18n.language("zh"):
            parser = build_parser([command, "--help"])
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        declared = sub.choices[command]
        texts = [declared.description or "", *(a.help for a in declared._actions
                                               if a.help and a.help != argparse.SUPPRESS)]
        english += [f"{command}: {text}" for text in texts if not chinese.search(text)]
    assert not english, english


def test_python_m_onboarding() -> None:
    out = subprocess.run([sys.executable, "-m", "onboarding", "--version"], capture_output=True,
                         text=True)
    assert out.returncode == 0 and "onboarding" in out.stdout
