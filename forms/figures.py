"""The rulebook's numbers as people read them: one wording for money and periods.

Texts that state a platform number (help, backend actions, checklist sentences) name the
rulebook constant as a `{NAME}` placeholder; `fill` puts in the number when the text is
shown, so a change in `forms/rulebook.py` reaches every screen and document. Money reads
"300 RMB" or "US$99"; a constant named `..._DAYS`, `..._WORKING_DAYS`, `..._MONTHS` or
`..._YEARS` is also offered without that ending as a period ("30 days", "1 month").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from forms import rulebook
from forms.rulebook import Money

_SYMBOLS = {"CNY": ("", " RMB"), "USD": ("US$", "")}
_UNITS = (("_WORKING_DAYS", "working day"), ("_DAYS", "day"), ("_MONTHS", "month"),
          ("_YEARS", "year"))


def money(value: Money) -> str:
    """'300 RMB', 'US$99', 'US$99.50': the one way an amount is written."""
    before, after = _SYMBOLS[value.currency]
    amount = value.amount.quantize(Decimal(1)) if value.amount == value.amount.to_integral() \
        else value.amount
    return f"{before}{amount}{after}"


def period(count: int, unit: str) -> str:
    """'30 days', '1 month', '15 working days'."""
    return f"{count} {unit}{'' if count == 1 else 's'}"


def figure(name: str) -> Any:
    """One rulebook constant as a text shows it, read now (a test may change one): money
    written out, and `X` for a period constant `X_DAYS`, `X_MONTHS`..."""
    value = getattr(rulebook, name, None)
    if isinstance(value, Money):
        return money(value)
    if name.isupper() and value is not None:
        return value
    for ending, unit in _UNITS:
        count = getattr(rulebook, name + ending, None)
        if isinstance(count, int):
            return period(count, unit)
    raise KeyError(name)


class _Figures(dict[str, Any]):
    """The figures a text names, each looked up when it is asked for."""

    def __missing__(self, name: str) -> Any:
        return figure(name)


def fill(text: str) -> str:
    """A text with its `{NAME}` placeholders replaced by the rulebook's current figures."""
    return text.format_map(_Figures()) if "{" in text else text
