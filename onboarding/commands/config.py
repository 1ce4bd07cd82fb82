"""`onboarding config`: show and change the user's settings."""

from __future__ import annotations

import argparse
import os

from forms.controls import printable
from onboarding import i18n
from onboarding.commands import SUMMARIES
from onboarding.errors import CommandError, reason
from onboarding.i18n import _
from onboarding.settings import SettingsError, file_values, save, settings, settings_path
from onboarding.settings_model import Settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "config",
        help=_(SUMMARIES["config"]),
        description=_("Without arguments, print every setting, its value and where it comes "
        "from (an ONBOARDING_<NAME> variable, the settings file, or the default). "
        "`config NAME VALUE` stores a value in the settings file; `config NAME --unset` "
        "removes it."),
    )
    p.add_argument("name", nargs="?", metavar="NAME", help=_("a setting, e.g. consultant_name"))
    p.add_argument("value", nargs="?", metavar="VALUE", help=_("the new value"))
    p.add_argument("--unset", action="store_true", help=_("remove NAME from the settings file"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    fields = Settings.model_fields
    try:
        if args.name is None:
            current, stored = file_values(), None

            stored = settings()
            print(_("settings file: {settings_path}")
                  .format(settings_path=printable(settings_path())))
            for name, info in fields.items():
                value = getattr(stored, name)
                source = (_("environment") if f"ONBOARDING_{name.upper()}" in os.environ
                          else _("file") if name in current else _("default"))
                shown = "" if value is None else printable(value)
                about = _(info.description) if info.description else ""
                left, right = i18n.writing().brackets
                print(f"{name:<20} {shown or '-':<30} {left.strip()}{source}{right} {about}")
            return 0
        if args.name not in fields:
            raise CommandError(_("no setting named {name!r} (known: {fields})")
                                 .format(name=args.name, fields=', '.join(fields)))
        if args.unset == (args.value is not None):
            raise CommandError(_("give a VALUE or --unset"))
        path = save(**{args.name: None if args.unset else args.value})
    except SettingsError as exc:
        raise CommandError(reason(exc)) from None
    done = _("{name} removed from {path}") if args.unset else _("{name} saved in {path}")
    print(done.format(name=args.name, path=path))
    return 0
