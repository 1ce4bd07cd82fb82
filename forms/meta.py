"""Field metadata shared by the wizard, the checklist and the JSON Schema.

A field's English label is its pydantic `title`, its help is the `description`, and the
Chinese term as the WeChat backend shows it, the widget hint and choice labels ride in
`json_schema_extra`. One source, so the TUI and the checklist never disagree. Help and
choice labels may name rulebook figures as `{NAME}`: they are filled when read.

Words: a Chinese face shows the `zh` label and a choice's Chinese half as they are (the
backend's own terms); the help is a marked msgid (`meta:3` for Babel), a `Message` on the
read side, said in the reader's language with `meta.help.render(_)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from pydantic import Field
from pydantic.fields import FieldInfo

from forms.figures import fill
from forms.words import Message, Renders, Term, Translate, again, english

# value -> (English, Chinese as shown in the WeChat backend)
Choices = dict[str, tuple[str, str]]


def meta(
    en: str,
    zh: str,
    help: str | None = None,
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
    help: Renders  # a Message, or Sentences composed of the facts in forms.sentences
    widget: str
    choices: Choices
    example: str | None
    required: bool
    counter: Counter | None = None

    def choice_label(self, value: Any) -> str:
        """'Service account (服务号)'; a Term, so a Chinese face says '服务号'."""
        en_zh = self.choices.get(str(value))
        return Term(*en_zh) if en_zh else str(value)

    def label(self, translate: Translate = english) -> str:
        """The field's name in the reader's language: the backend's own Chinese in Chinese."""
        return Term(self.en, self.zh, paired=False).render(translate)


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
    given = cast(dict[str, tuple[str, str]], extra.get("choices") or {})
    choices = {k: (fill(v[0]), fill(v[1])) for k, v in given.items()}
    counter = extra.get("counter")
    help_text = info.description or ""  # a variable: Babel would take "" for a msgid
    said = again(help_text) if isinstance(help_text, Renders) else Message(help_text)
    return FieldMeta(
        name=name,
        en=info.title or name.replace("_", " ").capitalize(),
        zh=str(extra.get("zh", "")),
        help=said,
        widget=str(extra.get("widget", "text")),
        choices=choices,
        example=extra.get("example"),  # type: ignore[arg-type]
        required=info.is_required(),
        counter=Counter(int(cast(int, counter["max"])), bool(counter.get("weighted")))
        if isinstance(counter, dict) else None,
    )
