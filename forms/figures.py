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


def figures() -> dict[str, Any]:
    """Every rulebook constant by name, read now (a test may change one), plus periods."""
    found: dict[str, Any] = {}
    for name in dir(rulebook):
        if not name.isupper():
            continue
        value = getattr(rulebook, name)
        if isinstance(value, Money):
            found[name] = money(value)
            continue
        found[name] = value
        for ending, unit in _UNITS:
            if name.endswith(ending) and isinstance(value, int):
                found[name.removesuffix(ending)] = period(value, unit)
                break
    return found


def fill(text: str) -> str:
    """A text with its `{NAME}` placeholders replaced by the rulebook's current figures."""
    return text.format_map(figures()) if "{" in text else text
