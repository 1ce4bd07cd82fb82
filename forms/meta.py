"""Field metadata shared by the wizard, the checklist and the JSON Schema.

A field's English label is its pydantic `title`, its help is the `description`, and the
Chinese term as the WeChat backend shows it, the widget hint and choice labels ride in
`json_schema_extra`. One source, so the TUI and the checklist never disagree. Help and
choice labels may name rulebook figures as `{NAME}`: they are filled when read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field
from pydantic.fields import FieldInfo

from forms.figures import fill

# value -> (English, Chinese as shown in the WeChat backend)
Choices = dict[str, tuple[str, str]]


def meta(
    en: str,
    zh: str,
    help: str = "",
    *,
    widget: str = "text",
    choices: Choices | None = None,
    example: str | None = None,
    **kwargs: Any,
) -> Any:
    """A pydantic Field carrying the labels and hints every face of the product uses."""
    extra: dict[str, Any] = {"zh": zh, "widget": widget}
    if choices:
        extra["choices"] = {k: list(v) for k, v in choices.items()}
    if example is not None:
        extra["example"] = example
    return Field(title=en, description=help or None, json_schema_extra=extra, **kwargs)


@dataclass(frozen=True)
class FieldMeta:
    """Read-side view of a field's metadata."""

    name: str
    en: str
    zh: str
    help: str
    widget: str
    choices: Choices
    example: str | None
    required: bool

    def choice_label(self, value: Any) -> str:
        en_zh = self.choices.get(str(value))
        return f"{en_zh[0]} ({en_zh[1]})" if en_zh else str(value)


def field_meta(name: str, info: FieldInfo) -> FieldMeta:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    choices = {k: (fill(v[0]), fill(v[1])) for k, v in dict(extra.get("choices") or {}).items()}
    return FieldMeta(
        name=name,
        en=info.title or name.replace("_", " ").capitalize(),
        zh=str(extra.get("zh", "")),
        help=fill(info.description or ""),
        widget=str(extra.get("widget", "text")),
        choices=choices,
        example=extra.get("example"),  # type: ignore[arg-type]
        required=info.is_required(),
    )
