"""The client's printable checklist: built as plain data, rendered by Jinja2 templates
(HTML, Markdown) and printed to PDF; `checklist_for` decides which one a registration gets."""

from onboarding.checklist.documents import (
    SUFFIXES,
    NotReady,
    checklist_for,
    default_path,
    from_answers,
)
from onboarding.checklist.model import Checklist, Consultant, build, build_draft
from onboarding.checklist.render import FORMATS, render

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "Checklist",
    "Consultant",
    "NotReady",
    "build",
    "build_draft",
    "checklist_for",
    "default_path",
    "from_answers",
    "render",
]
