"""The client's printable checklist: built as plain data, rendered by Jinja2 templates."""

from onboarding.checklist.model import Checklist, build
from onboarding.checklist.render import FORMATS, render

__all__ = ["FORMATS", "Checklist", "build", "render"]
