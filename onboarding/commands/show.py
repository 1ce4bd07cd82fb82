"""`onboarding show ID`: one registration in full."""

from __future__ import annotations

import argparse
from functools import partial
from typing import TYPE_CHECKING

from forms.clock import today
from forms.masking import masked, masked_answers
from forms.requirements import State
from onboarding.answers import dump_answers
from onboarding.commands import SUMMARIES, open_registration, registration_id
from onboarding.i18n import _, said
from onboarding.links import change_lines
from onboarding.portfolio import ANSWERED, EXPIRED, flow_word, state_word, status_word
from onboarding.questions import described
from onboarding.term import paint, plain

if TYPE_CHECKING:
    from onboarding.store import Record, Store


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "show",
        help=_(SUMMARIES["show"]),
        description=_("Show a stored registration: its status and progress, lifecycle dates, "
        "what it still owes and by when (past due first), what still needs fixing if it is "
        "a draft, and its answers (ID, passport and mobile numbers masked unless --reveal)."),
    )
    p.add_argument("id", type=registration_id, metavar="ID", help=_("registration ID (see list)"))
    p.add_argument("--reveal", action="store_true",
                   help=_("print ID, passport and mobile numbers in full"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    _store, record = open_registration(args)
    on = today()
    wizard = record.wizard()
    status = record.status(on)
    print(paint(f"#{record.id} {record.client}", "bold"))
    print(_("  path:       {value}").format(
        value=plain(flow_word(record.flow) or _('not chosen yet'))))
    word = status_word(status)
    print(_("  status:     {value}")
            .format(value=paint(word, "red") if status == "overdue" else word))
    progress = (_("  progress:   {progress} steps, at {step}") if record.is_draft
                else _("  progress:   {progress} steps"))
    print(progress.format(progress=record.progress_text(), step=record.step_title()))
    if record.edit is not None:
        print(_("  editing:    an unfinished edit, at {step_title} (resume {id} continues it; "
                "until then the answers below stand)")
                .format(step_title=record.step_title(), id=record.id))
    print(_("  registered: {value}").format(value=record.registered_on or '-'))
    print(_("  verified:   {value}").format(value=record.verified_on or '-'))
    reg = record.registration()
    if reg is not None and reg.paid_on:
        print(_("  paid:       {value}").format(value=reg.paid_on))
    if reg is not None and reg.submitted_on:
        print(_("  submitted:  {value}").format(value=reg.submitted_on))
    print(_("  updated:    {updated_at:%Y-%m-%d %H:%M}").format(updated_at=record.updated_at))
    if record.purged:
        print(_("  personal data removed on {purged} (only keyed hashes are kept)")
                .format(purged=record.purged))
    still = record.outstanding(on)
    if still:
        print(_("still to do:"))
        for r in still:
            line = _("  - {title}: {when}").format(title=plain(said(r.title)),
                                                   when=plain(said(r.when(on))))
            print(paint(line, "red") if r.state(on) is State.PAST_DUE else line)
    if record.is_draft:
        issues = [i for step in wizard.path for i in wizard.check(step)]
        if issues:
            print(_("still to answer or fix:"))
            for issue in issues:  # by the field's name, as the wizard names it
                print(f"  - {plain(described(wizard.entity, issue, said(issue.message)))}")
    _client_link(_store, record, args.reveal)
    answers = wizard.registration_answers()
    if not args.reveal:
        answers = masked_answers(answers)
    print(_("answers:"))
    for line in dump_answers(answers).splitlines():
        print(f"  {plain(line)}")
    return 0


def _client_link(store: Store, record: Record, reveal: bool) -> None:
    """The registration's client link: its state, and what the client changed (marked)."""
    link = store.link(record.id)
    if link is None:
        return
    status = link.status()
    when = {ANSWERED: link.answered_at, EXPIRED: link.expires_at}.get(status, link.expires_at)
    said = {ANSWERED: _("{state}: sent {when} ({parts})"),
            EXPIRED: _("{state}: since {when} ({parts})")}.get(
        status, _("{state}: until {when} ({parts})"))
    print(_("  client:     {value}").format(value=said.format(
        state=paint(state_word(status), "bold" if status == ANSWERED else ""),
        when=f"{(when or link.expires_at).astimezone():%Y-%m-%d %H:%M}",
        parts=_(", ").join(link.parts))))
    if link.note:
        print(_("  sent back:  {note}").format(note=plain(link.note)))
    before = (record.edit or record.state).get("answers") or {}
    lines = change_lines(record.flow, before, link.answers, link.parts,
                         partial(_value, reveal=reveal))
    if not lines:
        return
    print(_("changed by the client (onboarding link {id} --accept takes them in, --send-back "
            "NOTE returns them):").format(id=record.id))
    for line in lines:
        print(f"  * {plain(line)}")


def _value(path: str, value: object, *, reveal: bool) -> str:
    if value is None or value == "":
        return "-"
    return str(value if reveal else masked(tuple(path.split(".")), value))
