"""Reading and writing answers files (YAML or JSON), refusing hostile documents at the door.

An answers file can come from anywhere (a client's mail, a script, a pipe). Before any
rule runs, the loader checks what it is (a regular file, or standard input, of at most
`MAX_BYTES`) and parses only the plain data an answers document holds: mappings with
text keys, lists, text, numbers, yes/no and null. YAML aliases and tags (`*a`, `!!binary`,
`!!set`, `!!int x`...), nesting deeper than `MAX_DEPTH` and numbers longer than
`MAX_NUMBER_DIGITS` are refused with one line (`AnswersError`: the command could not run,
exit 2) -- never a hang, a blown memory or a traceback. YAML and JSON come out as the same
JSON-shaped data, so `validate`, `import` and the store all judge one and the same document.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import sys
from datetime import date
from pathlib import Path
from typing import Any, cast

import yaml

from forms import controls
from onboarding.i18n import _

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1_000_000  # a real answers file is a few kB; 1 MB leaves room for notes
MAX_DEPTH = 16  # an answers file nests 3 deep (operators -> one operator -> a field)
MAX_NUMBER_DIGITS = 100  # no answer is a number this long; Python refuses > 4,300 digits
STDIN = "-"  # the file name that means standard input


class AnswersError(Exception):
    """The file could not be read as an answers document (exit 2, not a validation error)."""


class _AnswersLoader(_Loader):
    """Days stay text, as in JSON: the forms parse them, so 2026-02-30 is a field error.

    Keys are taken as written (`on:` is the key "on", `1:` the key "1"), as JSON has them.
    """

    def construct_mapping(  # type: ignore[override]  # keys are text here, as in JSON
        self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be text, not a list or a mapping",
                    key_node.start_mark)
            mapping[key_node.value] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        _short_number(node.value, node.start_mark)
        return super().construct_yaml_int(node)


_AnswersLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(cast(yaml.ScalarNode, node)),
)
_AnswersLoader.add_constructor("tag:yaml.org,2002:int", _AnswersLoader.construct_yaml_int)


def _short_number(text: str, mark: Any = None) -> None:
    if sum(c.isdigit() for c in text) > MAX_NUMBER_DIGITS:
        where = _("line {n}: ").format(n=mark.line + 1) if mark is not None else ""
        raise _Refused(_("{where}a number of {count:,} digits; no answer is that long")
                         .format(where=where, count=len(text)))


class _Refused(Exception):
    """A document feature the loader does not accept; becomes an AnswersError."""


def _tag_name(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _check_yaml_features(text: str) -> None:
    """Refuse aliases, tags and deep nesting from the parser's events, before building.

    The events come one at a time (libyaml does not recurse), so a 396-byte alias bomb or
    `[` nested 5,000 deep is refused before it costs anything.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = _("line {n}: ").format(n=event.start_mark.line + 1) if event.start_mark else ""
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(_("{line}YAML aliases (*{anchor}) are not accepted in an answers "
                             "file; write the value out").format(line=line, anchor=event.anchor))
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise _Refused(_("{line}YAML tags ({tag}) are not accepted in an answers file; "
                             "write plain values").format(line=line, tag=_tag_name(tag)))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(_("{line}nested more than {MAX_DEPTH} levels deep; an answers "
                                 "file is a few levels at most")
                                 .format(line=line, MAX_DEPTH=MAX_DEPTH))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _json_constant(name: str) -> Any:
    raise _Refused(_("{name} is not a JSON number").format(name=name))


def _json_int(text: str) -> int:
    _short_number(text)
    return int(text)


def _check_plain(data: Any) -> None:
    """What any parser gave must be plain JSON-shaped data, nested at most MAX_DEPTH."""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise _Refused(_("nested more than {MAX_DEPTH} levels deep; an answers file is "
                                 "a few levels at most").format(MAX_DEPTH=MAX_DEPTH))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in key):
                    raise _Refused(_("a key holds an unpaired surrogate (not a character)"))
                stack.append((item, depth + 1))
        elif isinstance(value, str):
            if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
                raise _Refused(_("a value holds an unpaired surrogate (\\ud800-\\udfff), which "
                                 "is not a character"))
        elif isinstance(value, float) and not math.isfinite(value):
            raise _Refused(_("{value} is not a number an answer can hold").format(value=value))
        elif value is not None and not isinstance(value, bool | int | float):
            raise _Refused(_("a {kind} is not an answer value")
                             .format(kind=type(value).__name__))


def parse_answers(text: str, name: str = "<answers>", *, json_only: bool = False) -> dict[str, Any]:
    """Parse an answers document's text; every way it can fail is one AnswersError line."""
    try:
        if json_only:
            data = json.loads(text, parse_int=_json_int, parse_constant=_json_constant)
        else:
            _check_yaml_features(text)
            data = yaml.load(text, Loader=_AnswersLoader)  # a safe loader, features checked
        _check_plain(data)
    except _Refused as exc:
        raise AnswersError(_("{name}: {reason}").format(name=name, reason=exc)) from None
    except json.JSONDecodeError as exc:
        raise AnswersError(_("{name}: not valid JSON (line {lineno}: {msg})")
                             .format(name=name, lineno=exc.lineno, msg=exc.msg)) from None
    except RecursionError:
        raise AnswersError(_("{name}: nested more than {MAX_DEPTH} levels deep; an answers file "
                             "is a few levels at most")
                             .format(name=name, MAX_DEPTH=MAX_DEPTH)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _(" (line {n})").format(n=mark.line + 1) if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        if isinstance(exc, yaml.reader.ReaderError):
            where = _(" (character {n:,})").format(n=exc.position + 1)
            problem = f"{exc.reason} ({controls.code_point(chr(exc.character))})"
        raise AnswersError(_("{name}: not valid YAML{where}: {problem}")
                             .format(name=name, where=where, problem=problem)) from None
    if not isinstance(data, dict):
        kind = _("empty") if data is None else _("a {kind}").format(kind=type(data).__name__)
        raise AnswersError(_("{name}: an answers file must be a mapping of keys, this is {kind}")
                             .format(name=name, kind=kind))
    return data


def _too_big(name: str) -> AnswersError:
    return AnswersError(_("{name}: larger than {value} MB; an answers file is a few kB (is this "
                          "the right file?)").format(name=name, value=MAX_BYTES // 1_000_000))


def _read_file(path: Path) -> bytes:
    """The file's bytes, after checking it is a regular file of at most MAX_BYTES.

    The type is checked before opening (a FIFO would block, /dev/zero never ends) and
    again on the open descriptor, in case the name was swapped in between.
    """
    name = str(path)
    try:
        before = path.stat()
        _check_kind(name, before.st_mode, before.st_size)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise AnswersError(_("{name}: no such file").format(name=name)) from None
    except PermissionError:
        raise AnswersError(_("{name}: cannot read (permission denied)").format(name=name)) from None
    except OSError as exc:
        raise AnswersError(_("{name}: cannot read ({strerror})")
                             .format(name=name, strerror=exc.strerror)) from None
    except ValueError:  # a NUL in the name: no file can have it
        raise AnswersError(_("{name}: not a file name")
                             .format(name=controls.printable(name))) from None
    with os.fdopen(fd, "rb") as handle:
        now = os.fstat(handle.fileno())
        _check_kind(name, now.st_mode, now.st_size)
        try:
            raw = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise AnswersError(_("{name}: cannot read ({strerror})")
                                 .format(name=name, strerror=exc.strerror)) from None
    if len(raw) > MAX_BYTES:
        raise _too_big(name)
    return raw


def _check_kind(name: str, mode: int, size: int) -> None:
    if stat.S_ISDIR(mode):
        raise AnswersError(_("{name}: is a directory, not an answers file").format(name=name))
    if not stat.S_ISREG(mode):
        raise AnswersError(_("{name}: not a regular file (a pipe, device or socket); give an "
                             "answers file, or {STDIN} to read standard input")
                             .format(name=name, STDIN=STDIN))
    if size > MAX_BYTES:
        raise _too_big(name)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswersError(_("{name}: not UTF-8 text (byte {start:,})")
                             .format(name=name, start=exc.start)) from None


def load_answers(path: Path) -> dict[str, Any]:
    """Parse an answers file; JSON by its .json suffix, YAML otherwise."""
    text = _decode(_read_file(path), str(path))
    return parse_answers(text, str(path), json_only=path.suffix.lower() == ".json")


def read_answers(name: str) -> dict[str, Any]:
    """An answers document named on the command line: a file, or `-` for standard input."""
    if name != STDIN:
        return load_answers(Path(name))
    try:
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    except (OSError, ValueError) as exc:  # closed, or not readable (a detached terminal)
        raise AnswersError(_("<stdin>: cannot read ({reason})").format(reason=exc)) from None
    if len(raw) > MAX_BYTES:
        raise _too_big("<stdin>")
    return parse_answers(_decode(raw, "<stdin>"), "<stdin>")


def shown_name(name: str) -> str:
    """A document's name in messages: `-` reads as <stdin>; control characters escaped."""
    return "<stdin>" if name == STDIN else controls.printable(name)


# Answers that are days; a store keeps them as ISO text, a YAML file as plain dates.
DATE_KEYS = frozenset({"registered_on", "verified_on", "paid_on", "submitted_on", "added_on"})
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _with_dates(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _with_dates(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_dates(v) for v in value]
    if key in DATE_KEYS and isinstance(value, str) and _ISO_DAY.fullmatch(value):
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
