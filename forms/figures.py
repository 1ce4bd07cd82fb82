"""The rulebook's numbers as people read them: one wording for money and periods.

Texts that state a platform number (help, backend actions, checklist sentences) name the
rulebook constant as a `{NAME}` placeholder; `fill` puts in the number when the text is
shown, so a change in `forms/rulebook.py` reaches every screen and document. Money reads
"300 RMB" or "US$99"; a constant named `..._DAYS`, `..._WORKING_DAYS`, `..._MONTHS` or
`..._YEARS` is also offered without that ending as a period ("30 days", "1 month"). A text
is translated first, then filled, with the figures in the same language ("30天").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from forms import rulebook
from forms.rulebook import Money
from forms.words import N_, N_plural, Translate, english, ngettext
from forms.words import fill as _fill

_CURRENCIES = {"CNY": N_("{amount} RMB"), "USD": N_("US${amount}")}
# (ending, singular, plural): the msgids of a period, chosen by its count.
_UNITS = (
    ("_WORKING_DAYS", *N_plural("{count} working day", "{count} working days")),
    ("_DAYS", *N_plural("{count} day", "{count} days")),
    ("_MONTHS", *N_plural("{count} month", "{count} months")),
    ("_YEARS", *N_plural("{count} year", "{count} years")),
)


def money(value: Money, translate: Translate = english) -> str:
    """'300 RMB', 'US$99', 'US$99.50' (in Chinese '300元'): the one way an amount is written."""
    amount = value.amount.quantize(Decimal(1)) if value.amount == value.amount.to_integral() \
        else value.amount
    return translate(_CURRENCIES[value.currency]).format(amount=amount)


def period(count: int, singular: str, plural: str, translate: Translate = english) -> str:
    """'30 days', '1 month', '15 working days' from a unit's msgids."""
    return ngettext(translate, singular, plural, count).format(count=count)


def figure(name: str, translate: Translate = english) -> Any:
    """One rulebook constant as a text shows it, read now (a test may change one): money
    written out, and `X` for a period constant `X_DAYS`, `X_MONTHS`..."""
    value = getattr(rulebook, name, None)
    if isinstance(value, Money):
        return money(value, translate)
    if name.isupper() and value is not None:
        return value
    for ending, singular, plural in _UNITS:
        count = getattr(rulebook, name + ending, None)
        if isinstance(count, int):
            return period(count, singular, plural, translate)
    raise KeyError(name)


def fill(text: str, translate: Translate = english) -> str:
    """A text (already in `translate`'s language) with its `{NAME}` placeholders replaced by
    the rulebook's current figures."""
    return _fill(text, translate)
