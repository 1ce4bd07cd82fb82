"""`onboarding key show|rotate`: the store's key, which lives outside the database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from onboarding.commands import SUMMARIES, open_portfolio
from onboarding.errors import EXIT_OK, EXIT_USAGE
from onboarding.i18n import _
from onboarding.store import KeyProblem, NotFound
from onboarding.store.keysource import OLD, KeySource, companion, read_key_file, staged_files
from onboarding.store.migrations import recorded_fingerprint
from onboarding.store.rotation import rotate_key
from onboarding.term import plain

if TYPE_CHECKING:
    from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "key",
        help=_(SUMMARIES["key"]),
        description=_("The store seals personal data (ID, passport and mobile numbers, names, "
        "emails, WeChat IDs) with a key kept outside the database: ONBOARDING_KEY, the "
        "key_file setting, or a key file in the user config folder. `key show` prints its "
        "fingerprint, where it lives and whether it opens the store; `key rotate` seals "
        "everything with a new key in one transaction (the old key opens nothing after)."),
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help=_("the key's fingerprint and where it lives"),
                              description=_("Print where the key lives, its fingerprint and "
                              "the fingerprint the store expects. Exit 2 when they differ."))
    show.set_defaults(run=run_show)
    rotate = actions.add_parser(
        "rotate", help=_("seal everything with a new key"),
        description=_("Make a new key and seal the whole store with it in one transaction. A "
        "key file is replaced (the old key is kept as KEYFILE.old for backups made before); "
        "a key given in ONBOARDING_KEY cannot be replaced by this program: -o FILE receives "
        "the new key. Every consultant sharing the store needs the new key afterwards."))
    rotate.add_argument("-o", "--output", metavar="FILE",
                        help=_("a new file for the new key (when the key is in ONBOARDING_KEY)"))
    rotate.set_defaults(run=run_rotate)


def run_show(args: argparse.Namespace) -> int:
    source = KeySource()
    key, path = source.find(), source.path()
    print(_("key:         {where}").format(where=plain(source.where())))
    if key is not None:
        print(_("fingerprint: {value}").format(value=key.fingerprint))
    elif path is not None and _beside(path):
        print(_("fingerprint: none: the key file does not exist"))
    else:
        print(_("fingerprint: none yet (made when a store is created)"))
    try:
        where, expected = recorded_fingerprint(args.db)
    except NotFound:
        print(_("store:       not created yet"))
        return EXIT_OK
    print(_("store:       {where} expects {value}")
            .format(where=plain(where), value=expected or _('(no key recorded: an older store)')))
    finishes = False
    for other, found in _beside(path) if path is not None else ():
        if isinstance(found, Exception):
            print(_("found:       {problem}").format(problem=plain(found)))
        elif found == expected and (key is None or key.fingerprint != expected):
            finishes = True
            print(_("found:       {file} holds the key {fingerprint}, the one the store expects: "
                    "a rotation stopped before it was finished, and the next command that "
                    "opens the store finishes it").format(file=plain(other), fingerprint=found))
        elif other.name.endswith(".old"):
            print(_("found:       {file} holds the previous key {fingerprint}, for backups made "
                    "before the last rotation").format(file=plain(other), fingerprint=found))
        else:
            print(_("found:       {file} holds the key {fingerprint}, which the store does not "
                    "expect (left by a stopped rotation)")
                  .format(file=plain(other), fingerprint=found))
    if expected and not finishes and (key is None or key.fingerprint != expected):
        print(_("onboarding: error: this key does not open the store: it expects the key "
                "{expected}").format(expected=expected), file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _beside(path: Path) -> list[tuple[Path, str | Exception]]:
    """The key files a rotation keeps or leaves beside the key file, with their keys'
    fingerprints (or why one cannot be read)."""
    found: list[tuple[Path, str | Exception]] = []
    for other in (*staged_files(path), companion(path, OLD)):
        try:
            key = read_key_file(other)
        except KeyProblem as exc:
            found.append((other, exc))
            continue
        if key is not None:
            found.append((other, key.fingerprint))
    return found


def run_rotate(args: argparse.Namespace) -> int:
    store = open_portfolio(args)
    done = rotate_key(store, Path(args.output).expanduser() if args.output else None)
    print(_("rotated the key of {where}: {old} -> {new}")
            .format(where=plain(store.where), old=done.old, new=done.new))
    print(_("the new key is in {key_file}").format(key_file=plain(done.key_file)))
    if done.kept_old is not None:
        print(_("the previous key is kept in {kept_old} for backups made before now; delete it "
                "when they are gone").format(kept_old=plain(done.kept_old)))
    print(_("every consultant sharing this store needs the new key now (the old one opens "
            "nothing in it)"))
    return 0
