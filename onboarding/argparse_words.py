"""argparse's own error messages in the catalog, so a mistyped command is told in the
interface's language. argparse formats its messages before `Parser.error` sees them: each
is matched against the templates it was made from and made again from the translated
template. `--help` stays English (README, Language).
"""

from __future__ import annotations

import re
from functools import cache

from onboarding.i18n import N_, _, current

TEMPLATES = (  # as argparse writes them (Lib/argparse.py)
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
)
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?([sr])")


@cache
def _pattern(template: str) -> re.Pattern[str]:
    """The template as a pattern: each placeholder a named group (`%s` -> `_0`, ...)."""
    parts, last, n = [], 0, 0
    for found in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last:found.start()]))
        name = found.group(1) or f"_{n}"
        n += 0 if found.group(1) else 1
        parts.append(f"(?P<{name}>.+?)" if found.end() < len(template) else f"(?P<{name}>.+)")
        last = found.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)


def said(message: str) -> str:
    """argparse's `message` in the interface's language (as it is if no template fits)."""
    if current() == "en":
        return message
    for template in TEMPLATES:
        found = _pattern(template).fullmatch(message)
        if found is None:
            continue
        values = found.groupdict()
        if "message" in values:  # "argument ID: <an inner message>"
            values["message"] = said(values["message"])
        # The values are already written out (a %r one with its quotes): put them in as text.
        translated = _PLACEHOLDER.sub(lambda m: f"%({m.group(1)})s" if m.group(1) else "%s",
                                      _(template))
        positional = [values[k] for k in sorted(values) if k.startswith("_")]
        try:
            return translated % (tuple(positional) if positional else values)
        except (KeyError, TypeError, ValueError):
            return message  # a translation that does not fit its template: say it as it is
    return message
