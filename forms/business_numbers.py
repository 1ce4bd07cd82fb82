"""Overseas business registration numbers, checked where python-stdnum knows the format.

The license is the authority: a number stdnum rejects is reported as a warning, never
an error, and a region stdnum has no format for is accepted as written.
"""

from __future__ import annotations

from stdnum.util import get_cc_module

from forms.words import N_, Message, either

# Region -> stdnum modules for the numbers printed on a business license there
# (company register or business numbers; any one that validates is enough).
FORMATS: dict[str, tuple[str, ...]] = {
    "AR": ("cuit",),
    "AT": ("businessid", "uid"),
    "AU": ("abn", "acn"),
    "BE": ("vat",),
    "BR": ("cnpj",),
    "CA": ("bn",),
    "CH": ("uid",),
    "CL": ("rut",),
    "CZ": ("dic",),  # a legal entity's DIČ is its 8-digit IČO
    "DE": ("handelsregisternummer",),
    "DK": ("cvr",),
    "EE": ("registrikood",),
    "ES": ("cif",),
    "FI": ("ytunnus",),
    "FR": ("siren", "siret"),
    "HR": ("oib",),
    "IL": ("hp",),
    "IN": ("gstin", "pan"),
    "IT": ("iva",),
    "JP": ("cn",),
    "KR": ("brn",),
    "MX": ("rfc",),
    "NO": ("orgnr",),
    "NZ": ("ird",),
    "PL": ("regon", "nip"),
    "PT": ("nif",),
    "RU": ("ogrn", "inn"),
    "SE": ("orgnr",),
    "SG": ("uen",),
    "TW": ("ubn",),
    "US": ("ein",),
}


def business_number_issue(region: str, number: str) -> Message | None:
    """A warning text when the number fails every format known for the region, else None."""
    names = FORMATS.get(region.upper())
    if not names:
        return None
    for name in names:
        module = get_cc_module(region.lower(), name)
        if module is not None and module.is_valid(number):
            return None
    return Message(
        N_("does not look like a {region} {formats} number; check it against the license (the "
           "license wins)"),
        region=region.upper(), formats=either([name.upper() for name in names]))
