"""`onboarding link ID`: open a registration's parts to its client by a one-time link; take
the client's answers in (`--accept`), send them back with a note, or revoke the link."""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlsplit

from forms.controls import find, printable
from onboarding.commands import SUMMARIES, open_portfolio, registration_id
from onboarding.errors import CommandError
from onboarding.i18n import _
from onboarding.links import DEFAULT_HOURS, MOST_HOURS, LinkError, changed, parse_parts
from onboarding.links import PARTS as ALL
from onboarding.locations import DEFAULT_PUBLIC_URL, loopback, web_address
from onboarding.settings import SettingsError, settings


def hours(text: str) -> int:
    """argparse type for how long a link lasts: 1 to MOST_HOURS hours."""
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MOST_HOURS:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a number of hours (1 to {most})").format(text=text,
                                                                      most=MOST_HOURS))
    return int(text)


def parts(text: str) -> tuple[str, ...]:
    try:
        return parse_parts(text)
    except LinkError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def base_url(text: str) -> str:
    try:
        return web_address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "link",
        help=_(SUMMARIES["link"]),
        description=_("Print a one-time link (BASE-URL/c/TOKEN) that opens PARTS of a "
                      "registration to its client in a web page (Chinese first, made for a "
                      "phone), served by `onboarding serve`. The link opens once: the first "
                      "visit swaps it for a session in that browser. The client's answers "
                      "stay apart from the registration until you accept them (`show ID` "
                      "lists what they changed). A new link replaces the one before (the "
                      "answers given so far carry over)."),
    )
    p.add_argument("id", type=registration_id, metavar="ID", help=_("registration ID (see list)"))
    p.add_argument("--hours", type=hours, default=DEFAULT_HOURS,
                   help=_("how long the link may be opened and used (default: {hours})")
                   .format(hours=DEFAULT_HOURS))
    p.add_argument("--base-url", type=base_url, metavar="URL",
                   help=_("the address clients reach `onboarding serve` at (default: the "
                          "public_url setting, else {url})").format(url=DEFAULT_PUBLIC_URL))
    p.add_argument("--parts", type=parts, default=None, metavar="PARTS",
                   help=_("what the client fills in, separated by commas (default: {parts})")
                   .format(parts=",".join(ALL)))
    act = p.add_mutually_exclusive_group()
    act.add_argument("--revoke", action="store_true",
                     help=_("close the registration's link: it opens nothing any more"))
    act.add_argument("--accept", action="store_true",
                     help=_("take the answers the client sent into the registration"))
    act.add_argument("--send-back", metavar="NOTE",
                     help=_("send the client's answers back to them with NOTE (the link "
                            "is open again until it expires)"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = open_portfolio(args)
    if args.revoke:
        store.revoke_link(args.id)
        print(_("#{id}: the client link is revoked; it opens nothing any more")
                .format(id=args.id))
        return 0
    if args.accept:
        before = store.get(args.id).answers
        link = store.link(args.id)
        record = store.accept_link(args.id, store.checker(args.id))

        fields = changed(before, link.answers, link.parts) if link else []
        print(_("#{id} {client}: the client's answers are in the registration ({fields})")
                .format(id=record.id, client=printable(record.client),
                        fields=", ".join(fields) or _("nothing changed")))
        return 0
    if args.send_back is not None:
        note = args.send_back.strip()
        if find(note) or len(note) > 500:
            raise CommandError(_("the note must be one line of at most 500 characters"))
        store.send_back_link(args.id, note)
        print(_("#{id}: the client's answers are sent back with your note; the link is open "
                "again until it expires").format(id=args.id))
        return 0

    try:
        base = args.base_url or settings().public_url or DEFAULT_PUBLIC_URL
    except SettingsError as exc:
        raise CommandError(str(exc)) from None
    replaced = store.link(args.id)
    token, info = store.make_link(args.id, args.parts or ALL, args.hours)
    print(f"{base}/c/{token}")
    expires = info.expires_at.astimezone()
    print(_("onboarding: link for #{id} ({parts}); it opens once, until {expires:%Y-%m-%d "
            "%H:%M}; `onboarding serve` serves it").format(
        id=args.id, parts=", ".join(info.parts), expires=expires), file=sys.stderr)
    if replaced is not None:
        print(_("onboarding: note: the link made before opens nothing any more; the client's "
                "answers so far carry over"), file=sys.stderr)
    if base.startswith("http://") and not loopback(urlsplit(base).hostname or ""):
        print(_("onboarding: warning: {base} is not https: the link and the client's answers "
                "would travel unencrypted; serve it behind a TLS reverse proxy (README)")
                .format(base=base), file=sys.stderr)
    return 0

