"""`onboarding flows [NAME] [--diagram]`: the registration paths and their steps."""

from __future__ import annotations

import argparse

from onboarding.i18n import _


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "flows",
        help="list the registration paths and their steps",
        description="List the registration flows (statechart documents) and their steps, "
        "or print one flow's diagram as Mermaid text.",
    )
    p.add_argument("name", nargs="?", help="a flow name, e.g. china or overseas")
    p.add_argument("--diagram", action="store_true", help="print NAME's Mermaid state diagram")
    p.set_defaults(run=run, parser=p)


def run(args: argparse.Namespace) -> int:
    from forms.registry import START, STEP
    from forms.words import Term
    from onboarding.errors import CommandError, NotThere, reason
    from onboarding.flow import PATHS, FlowError, registration_flow
    from onboarding.term import paint

    if args.diagram and not args.name:
        args.parser.error(_("--diagram needs a flow NAME"))
    if args.name and args.name not in PATHS:  # not there, like an unknown ID
        raise NotThere(_("no flow named {name!r} (known: {flow_names})")
                         .format(name=args.name, flow_names=', '.join(PATHS)))
    try:
        flow = registration_flow()
        paths = flow.paths()
    except FlowError as exc:
        raise CommandError(reason(exc)) from None
    if args.diagram:
        print(flow.mermaid())
        return 0
    for name, path in paths.items():
        if args.name and name != args.name:
            continue
        print(f"{paint(name, 'bold')}: {flow.described()}")
        for i, step in enumerate([s for s in path if s != START], 1):
            title = Term(STEP[step].en, STEP[step].zh).render(_)
            print(f"  {i}. {step:<15} {title}")
    return 0
