"""`onboarding advise`: which account type to register, and why (the advisor in forms/)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import cast

from forms.advisor import Advice, advise, has_choice, questions
from forms.figures import fill
from forms.steps import ENTITY_CHOICES, Entity
from forms.words import Term, rendered
from onboarding.answers import dump_answers
from onboarding.commands import NO, SUMMARIES, YES, yes_no
from onboarding.errors import CommandError
from onboarding.i18n import _
from onboarding.lookup import lookup
from onboarding.term import is_interactive, paint

YES_NO = {**dict.fromkeys(YES, True), **dict.fromkeys(NO, False)}  # either language


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "advise",
        help=_(SUMMARIES["advise"]),
        description=_("Ask what decides the account type - the entity, a media business, how "
        "often the client broadcasts, payments or advanced interfaces - and recommend one, "
        "with the reasons. On a terminal it asks what the options do not give; in a script "
        "give them all. Prints the `advice` block to put in the answers file, so the "
        "checklist says why the type was chosen. Exit 0; 2 when an answer is missing."),
    )
    p.add_argument("--entity", choices=("china", "overseas"), help=_("who holds the license"))
    p.add_argument("--media", choices=YES_NO, metavar="yes|no", type=str.lower,
                   help=_("a media or publishing business?"))
    p.add_argument("--broadcasts", choices=("often", "rarely"),
                   help=_("group messages: often (more than a Service account allows a month) "
                   "or rarely"))
    p.add_argument("--advanced", choices=YES_NO, metavar="yes|no", type=str.lower,
                   help=_("WeChat Pay or the advanced interfaces needed?"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(run=run)


def _ask(question: str, choices: dict[str, str]) -> str:
    """One question on the terminal until a listed answer comes (its key returned): its
    number, its key, or for a yes/no question a yes or no word in either language."""
    keys = list(choices)
    print(question, file=sys.stderr)
    for n, key in enumerate(keys, 1):
        print(f"  {n}. {choices[key]}", file=sys.stderr)
    while True:
        try:
            answer = input(_("Choose 1-{last}: ").format(last=len(keys))).strip().lower()
        except EOFError:
            raise CommandError(_("no answer given; nothing recommended")) from None
        if answer.isdigit() and 1 <= int(answer) <= len(keys):
            return keys[int(answer) - 1]
        if answer in keys:
            return answer
        said = yes_no(answer) if set(keys) == {"yes", "no"} else None
        if said is not None:
            return "yes" if said else "no"
        print("  " + _("{answer} is not one of the answers").format(answer=repr(answer)),
              file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    t = lookup()

    def label(en: str, zh: str) -> str:
        """A choice as the reader says it: 'Service account (服务号)', in Chinese '服务号'."""
        return fill(str(rendered(Term(en, zh), t)), t)

    interactive = is_interactive(sys.stdin) and is_interactive(sys.stderr)

    def needed(flag: str, ask: object) -> str:
        if not interactive:
            raise CommandError(_("give --{flag} (or run advise on a terminal to be asked)"
                                 ).format(flag=flag))
        return ask()  # type: ignore[operator]

    entity = args.entity or needed("entity", lambda: _ask(
        _("Who holds the business license?"),
        {key: label(en, zh) for key, (en, zh) in ENTITY_CHOICES.items()}))
    given = {"media": args.media, "broadcasts": args.broadcasts, "advanced": args.advanced}
    answers: dict[str, object] = {}
    if has_choice(entity):
        for meta in questions():
            value = given[meta.name]
            if value is None:
                choices = ({k: label(en, zh) for k, (en, zh) in meta.choices.items()}
                           if meta.choices else {"yes": label("Yes", "是"),
                                                 "no": label("No", "否")})
                question = _("{label}: {help}").format(
                    label=label(meta.en, meta.zh), help=rendered(meta.help, t))
                value = needed(meta.name, lambda q=question, c=choices: _ask(q, c))
            answers[meta.name] = YES_NO.get(value, value) if not meta.choices else value
    advice = Advice.model_validate(answers) if answers else None
    recommendation = advise(cast(Entity, entity), advice or Advice(media=False, broadcasts="rarely",
                                                     advanced=False))
    record = {"advice": advice.model_dump()} if advice else None
    if args.json:
        print(json.dumps({"account_type": recommendation.account_type,
                          "label": rendered(recommendation.label, t),
                          "reasons": [rendered(r, t) for r in recommendation.reasons],
                          **(record or {})}, ensure_ascii=False, indent=2))
        return 0
    print(_("Recommendation: {type}").format(
        type=paint(rendered(recommendation.label, t), "bold")))
    for reason in recommendation.reasons:
        print(f"  - {rendered(reason, t)}")
    if record:
        print("\n" + _("Record it in the answers file (the checklist then says why):") + "\n")
        print(dump_answers(record), end="")
    return 0
