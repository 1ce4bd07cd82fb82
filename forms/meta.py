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
    counter: int | None = None,
    weighted: bool = False,
    **kwargs: Any,
) -> Any:
    """A pydantic Field carrying the labels and hints every face of the product uses.

    `counter`: the most characters the answer may have, shown as it is typed ("12/30");
    `weighted`: counted as WeChat counts an account name (a Chinese character is 2).
    """
    extra: dict[str, Any] = {"zh": zh, "widget": widget}
    if choices:
        extra["choices"] = {k: list(v) for k, v in choices.items()}
    if example is not None:
        extra["example"] = example
    if counter is not None:
        extra["counter"] = {"max": counter, "weighted": weighted}
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
    counter: Counter | None = None

    def choice_label(self, value: Any) -> str:
        en_zh = self.choices.get(str(value))
        return f"{en_zh[0]} ({en_zh[1]})" if en_zh else str(value)


@dataclass(frozen=True)
class Counter:
    """How long an answer is as its rule counts it, against the most it may be."""

    most: int
    weighted: bool = False

    def count(self, text: str) -> int:
        from forms.fields import name_weight

        text = text.strip()
        return name_weight(text) if self.weighted else len(text)

    def shown(self, text: str) -> str:
        """'12/30'."""
        return f"{self.count(text)}/{self.most}"

    def over(self, text: str) -> bool:
        return self.count(text) > self.most


def field_meta(name: str, info: FieldInfo) -> FieldMeta:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    choices = {k: (fill(v[0]), fill(v[1])) for k, v in dict(extra.get("choices") or {}).items()}
    counter = extra.get("counter")
    return FieldMeta(
        name=name,
        en=info.title or name.replace("_", " ").capitalize(),
        zh=str(extra.get("zh", "")),
        help=fill(info.description or ""),
        widget=str(extra.get("widget", "text")),
        choices=choices,
        example=extra.get("example"),  # type: ignore[arg-type]
        required=info.is_required(),
        counter=Counter(int(counter["max"]), bool(counter.get("weighted")))
        if isinstance(counter, dict) else None,
    )
