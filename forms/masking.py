"""Personal numbers shown masked: enough to recognise a document, not to copy it.

What stays visible is what is easy to guess anyway or needed to tell two apart: a resident
ID's first 3 digits (the province and city of issue) and its check character, a passport's
last 3 characters, a mobile's country code and last 4 digits. The sequence digits of a
resident ID, the part not derivable from its holder's birthplace and birthday, stay hidden.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Literal

from forms.personal import is_removed

Kind = Literal["resident_id", "passport", "mobile"]
HIDDEN = "*"  # a plain character: CJK fonts draw U+2022 full-width

# Where each sensitive number sits in an answers document.
SENSITIVE: Mapping[tuple[str, ...], Kind] = {
    ("admin", "id_number"): "resident_id",
    ("admin", "passport_number"): "passport",
    ("admin", "mobile"): "mobile",
}


def mask(kind: Kind, value: str) -> str:
    if is_removed(value):
        return value  # removed by a purge: nothing left to hide
    if kind == "resident_id":
        return value[:3] + HIDDEN * max(len(value) - 4, 0) + value[-1:] if len(value) > 4 \
            else HIDDEN * len(value)
    if kind == "passport":
        return HIDDEN * max(len(value) - 3, 0) + value[-3:]
    return _mask_mobile(value)


def _mask_mobile(value: str) -> str:
    """'+8613912345678' -> '+86 *** **** 5678' (spaced as the country writes it)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return HIDDEN * max(len(value) - 4, 0) + value[-4:]
    spaced = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    code = f"+{number.country_code}"
    rest = spaced[len(code):]
    digits = sum(c.isdigit() for c in rest)
    shown, out = 0, []
    for char in rest:
        if char.isdigit():
            shown += 1
            out.append(char if shown > digits - 4 else HIDDEN)
        else:
            out.append(char)
    return code + "".join(out)


def masked(path: tuple[str, ...], value: Any) -> Any:
    """The value of the answer at `path` as screens and documents show it by default."""
    kind = SENSITIVE.get(path)
    return mask(kind, value) if kind and isinstance(value, str) else value


def masked_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of an answers document with every sensitive number masked."""
    out = copy.deepcopy(dict(answers))
    for (part, key), kind in SENSITIVE.items():
        holder = out.get(part)
        if isinstance(holder, dict) and isinstance(holder.get(key), str):
            holder[key] = mask(kind, holder[key])
    return out
