"""`onboarding flows [NAME] [--diagram]`: the registration paths and their steps."""

from __future__ import annotations

import argparse

from onboarding.i18n import _


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "flows",
        help=_("list the registration paths and their steps"),
        description=_("List the registration flows (statechart documents) and their steps, "
        "or print one flow's diagram as Mermaid text."),
    )
    p.add_argument("name", nargs="?", help=_("a flow name, e.g. china or overseas"))
    p.add_argument("--diagram", action="store_true", help=_("print NAME's Mermaid state diagram"))
    p.set_defaults(run=run, parser=p)


def run(args: argparse.Namespace) -> int:
    from forms.registry import STEP
    from forms.words import Term
    from onboarding.errors import CommandError, NotThere, reason
    from onboarding.flow import FlowError, flow_names, load_flow, load_flows
    from onboarding.term import paint

    if args.diagram and not args.name:
        args.parser.error(_("--diagram needs a flow NAME"))
    if args.name and args.name not in flow_names():  # not there, like an unknown ID
        raise NotThere(_("no flow named {name!r} (known: {flow_names})")
                         .format(name=args.name, flow_names=', '.join(flow_names())))
    try:
        flows = [load_flow(args.name)] if args.name else load_flows()
    except FlowError as exc:
        raise CommandError(reason(exc)) from None
    for flow in flows:
        if args.diagram:
            print(flow.mermaid())
            continue
        print(f"{paint(flow.name, 'bold')}: {flow.described()}")
        conditions = flow.conditions()
        for i, step in enumerate(flow.steps, 1):
            title = Term(STEP[step].en, STEP[step].zh).render(_)
            when = _("  [only when {condition}]").format(condition=conditions[step]) \
                if step in conditions else ""
            print(f"  {i}. {step:<15} {title}{paint(when, 'dim')}")
    return 0
