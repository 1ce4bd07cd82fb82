"""`onboarding errors CODE...`: what WeChat's API return codes (返回码) mean."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from forms.words import either, rendered
from onboarding import errorcodes, i18n
from onboarding.commands import SUMMARIES
from onboarding.errors import EXIT_INVALID, EXIT_OK, CommandError
from onboarding.i18n import _
from onboarding.term import json_text, paint, print_table


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "errors",
        help=_(SUMMARIES["errors"]),
        description=_("Explain WeChat's developer return codes: every product line's meaning "
        "when a code has several, with the official Chinese message. Search the Chinese "
        "and English text with --search; narrow to a product line with --platform. "
        "Negative codes go after `--`: onboarding errors -- -1."),
        epilog=_("Exit 0: all found; 1: a code or search found nothing; 2: a CODE is not a "
        "number or the product line is unknown."),
    )
    p.add_argument("codes", nargs="*", metavar="CODE", help=_("numeric code, e.g. 40001"))
    p.add_argument("-s", "--search", metavar="TEXT", help=_("find codes whose text contains TEXT"))
    p.add_argument("-p", "--platform", metavar="NAME",
                   help=_("only this product line (part of its name: oa, wecom, wifi, coupons...)"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    codes = []
    for text in args.codes:
        try:
            codes.append(int(text))
        except ValueError:
            raise CommandError(_("{text!r} is not an error code: codes are numbers such as 40001")
                                 .format(text=text)) from None
    if args.platform and not errorcodes.match_platform(args.platform):
        known = _(", ").join(errorcodes.platform_name(p) for p in errorcodes.platforms())
        raise CommandError(_("no product line matches {platform!r} (known: {known})")
                             .format(platform=args.platform, known=known))

    if not codes and args.search is None and not args.platform:
        counts = {p: 0 for p in errorcodes.platforms()}
        for entry in errorcodes.all_codes():
            counts[entry.platform] += 1
        print_table([_("Product line"), _("Codes")],
                    [[errorcodes.platform_name(p), str(n)] for p, n in counts.items()])
        print(_("\nLook up codes: onboarding errors 40001 40164; search: onboarding errors "
                "--search token"))
        return EXIT_OK

    found, missing = [], []
    for code in codes:
        every = entries = errorcodes.lookup(code)
        if args.platform:
            lines = set(errorcodes.match_platform(args.platform))
            entries = [e for e in entries if e.platform in lines]
        if entries:
            found += entries
        elif every:
            elsewhere = _(", ").join(errorcodes.platform_name(e.platform) for e in every)
            asked = rendered(either(sorted(errorcodes.platform_name(p) for p in lines)), _)
            missing.append(_("{code} has no meaning for {asked} (it is a code of {elsewhere})")
                             .format(code=code, asked=asked, elsewhere=elsewhere))
        else:
            missing.append(_("no error code {code} in the reference").format(code=code))
    if args.search is not None or (args.platform and not codes):
        found += errorcodes.search(args.search or "", args.platform)

    if args.json:
        print(json_text([asdict(e) for e in found]))
    else:
        # WeChat's own words first in a language its backend speaks (Chinese)
        backend = i18n.LANGUAGES[i18n.current()].backend
        for entry in found:
            platform = errorcodes.platform_name(entry.platform)
            print(f"{paint(str(entry.code), 'bold')}  {paint(platform, 'cyan')}")
            first, second = (entry.message_zh, entry.meaning_en) if backend else \
                (entry.meaning_en, entry.message_zh)
            print(f"    {first}")
            print(f"    {paint(second, 'dim')}")
    for reason in missing:
        print(_("onboarding: {reason}").format(reason=reason), file=sys.stderr)
    if not found and (args.search is not None):
        print(_("onboarding: nothing matches {search!r}")
                .format(search=args.search), file=sys.stderr)
    return EXIT_INVALID if missing or not found else EXIT_OK
