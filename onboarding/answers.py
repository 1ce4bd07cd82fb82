"""Reading and writing answers files (YAML or JSON), with one-line reasons on failure."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class _AnswersLoader(_Loader):
    """Days stay text, as in JSON: the forms parse them, so 2026-02-30 is a field error."""


_AnswersLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


class AnswersError(Exception):
    """The file could not be read as an answers document (exit 2, not a validation error)."""


def parse_answers(text: str, name: str = "<answers>", *, json_only: bool = False) -> dict[str, Any]:
    try:
        data = json.loads(text) if json_only else yaml.load(text, Loader=_AnswersLoader)
    except json.JSONDecodeError as exc:
        raise AnswersError(f"{name}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise AnswersError(f"{name}: not valid YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise AnswersError(f"{name}: an answers file must be a mapping of keys, this is {kind}")
    return data


def load_answers(path: Path) -> dict[str, Any]:
    """Parse an answers file; JSON by its .json suffix, YAML otherwise."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise AnswersError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AnswersError(f"{path}: is a directory, not an answers file") from None
    except OSError as exc:
        raise AnswersError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswersError(f"{path}: not UTF-8 text") from None
    return parse_answers(text, str(path), json_only=path.suffix.lower() == ".json")


# Answers that are days; a store keeps them as ISO text, a YAML file as plain dates.
DATE_KEYS = frozenset({"registered_on", "verified_on", "added_on"})


def _with_dates(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _with_dates(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_dates(v) for v in value]
    if key in DATE_KEYS and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def dump_answers(data: dict[str, Any], fmt: str = "yaml") -> str:
    """An answers file's text; YAML writes days unquoted, as a person would."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    return yaml.dump(_with_dates(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False)
