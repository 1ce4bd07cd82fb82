"""`onboarding flows [NAME] [--diagram]`: the registration paths and their steps."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from forms.registry import STEP
from forms.words import Term
from onboarding.commands import SUMMARIES
from onboarding.errors import CommandError, NotThere, reason
from onboarding.flow import PATHS, FlowError, registration_flow
from onboarding.flow_words import mermaid, path_name, state_name, ways_said
from onboarding.i18n import _, ngettext
from onboarding.term import paint

if TYPE_CHECKING:
    from onboarding.flow import Flow


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "flows",
        help=_(SUMMARIES["flows"]),
        description=_("List the registration paths of the statechart (flows/registration.yaml) "
                      "and their steps, counted as the wizard counts them, with the answers that "
                      "decide them; or print the statechart as a Mermaid state diagram, every "
                      "branch labelled."),
    )
    p.add_argument("name", nargs="?", metavar="NAME",
                   help=_("a path: china or overseas (the entity that takes it)"))
    p.add_argument("--diagram", action="store_true",
                   help=_("print the statechart's Mermaid state diagram (NAME's path marked)"))
    p.set_defaults(run=run, parser=p)


def run(args: argparse.Namespace) -> int:
    if args.name and args.name not in PATHS:  # not there, like an unknown ID
        raise NotThere(_("no flow named {name!r} (known: {flow_names})")
                         .format(name=args.name, flow_names=', '.join(PATHS)))
    try:
        flow = registration_flow()
        if args.diagram:
            print(mermaid(flow, args.name), end="")
            return 0
        listed = [_listing(flow, entity) for entity in PATHS if args.name in (None, entity)]
    except FlowError as exc:
        raise CommandError(reason(exc)) from None
    if not args.name:
        print(flow.described() + "\n")
    print("\n\n".join("\n".join(lines) for lines in listed))
    return 0


def _listing(flow: Flow, entity: str) -> list[str]:
    """One path: its name and step count (the wizard's), then each step with the answers
    that bring it (when another path goes without it) and the outcomes it may have."""
    walk = flow.walk({"entity": entity})
    on_every = set.intersection(*(set(path) for path in flow.paths().values()))
    conditions = flow.conditions()
    count = ngettext("{count} step", "{count} steps", len(walk.path)).format(
        count=len(walk.path))
    lines = [_("{path}: {count}").format(path=paint(path_name(entity), "bold"), count=count)]
    for i, step in enumerate(walk.path, 1):
        title = Term(STEP[step].en, STEP[step].zh).render(_)
        when = ""
        if step not in on_every and step in conditions:
            when = "  " + _("only when {condition}").format(
                condition=ways_said(conditions[step]))
        lines.append(f"  {i}. {step:<15} {title}{paint(when, 'dim')}")
        for outcome in flow.outcome_states.get(step, ()):
            if outcome in walk.possible.get(step, ()) and outcome in conditions:
                lines.append(" " * 6 + _("→ {outcome}: when {condition}").format(
                    outcome=state_name(flow, outcome),
                    condition=ways_said(conditions[outcome])))
    return lines
