"""`onboarding show ID`: one registration in full."""

from __future__ import annotations

import argparse

from onboarding.commands import registration_id


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "show",
        help="show one registration: status, deadlines, answers",
        description="Show a stored registration: its status and progress, lifecycle dates, "
        "deadlines, what still needs fixing if it is a draft, and its answers (ID, "
        "passport and mobile numbers masked unless --reveal).",
    )
    p.add_argument("id", type=registration_id, metavar="ID", help="registration ID (see list)")
    p.add_argument("--reveal", action="store_true",
                   help="print ID, passport and mobile numbers in full")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from forms.clock import today
    from forms.masking import masked_answers
    from forms.schedule import days_text
    from onboarding.answers import dump_answers
    from onboarding.commands import open_registration
    from onboarding.term import paint, plain

    _, record = open_registration(args)
    on = today()
    wizard = record.wizard()
    status = record.status(on)
    print(paint(f"#{record.id} {record.client}", "bold"))
    print(f"  path:       {plain(record.flow or 'not chosen yet')}")
    print(f"  status:     {paint(status, 'red') if status == 'overdue' else status}")
    print(f"  progress:   {record.progress_text()} steps" + (
        f", at {record.step_title()}" if record.is_draft else ""))
    if record.edit is not None:
        print(f"  editing:    an unfinished edit, at {record.step_title()} (resume "
              f"{record.id} continues it; until then the answers below stand)")
    print(f"  registered: {record.registered_on or '-'}")
    print(f"  verified:   {record.verified_on or '-'}")
    print(f"  updated:    {record.updated_at:%Y-%m-%d %H:%M}")
    if record.purged:
        print(f"  personal data removed on {record.purged} (only keyed hashes are kept)")
    deadlines = record.deadlines()
    if deadlines:
        print("deadlines:")
        for d in deadlines:
            when = f"{d.due} ({days_text(d.days_left(on) or 0)})" if d.due else d.rule
            print(f"  - {plain(d.title)}: {plain(when)}")
    if record.is_draft:
        issues = [i for step in wizard.path for i in wizard.check(step)]
        if issues:
            print("still to answer or fix:")
            for issue in issues:
                print(f"  - {plain(issue)}")
    answers = wizard.registration_answers()
    if not args.reveal:
        answers = masked_answers(answers)
    print("answers:")
    for line in dump_answers(answers).splitlines():
        print(f"  {plain(line)}")
    return 0
