"""The public directory of French companies, "Recherche d'entreprises"
(``settings.COMPANY_DIRECTORY_URL``): what it says of one SIREN, to fill the legal name,
address, activity code and headcount band instead of typing them.

One GET with no key, ``settings.COMPANY_DIRECTORY_TIMEOUT`` seconds at most. With the
setting empty nothing is asked. Whatever goes wrong (slow, down, an error, an answer that
cannot be read, a SIREN it does not know) raises ``DirectoryError``: the person types the
details by hand.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from .models import HeadcountBand

# An answer larger than this is not the one asked for.
MAX_ANSWER_BYTES = 1_000_000


class DirectoryError(Exception):
    """``code``: "unavailable" (slow, down, an error or an answer that cannot be read) or
    "unknown" (the directory does not know the SIREN)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class DirectoryCompany:
    siren: str
    legal_name: str
    address: str
    naf_code: str
    headcount_band: str

    def as_fields(self) -> dict[str, str]:
        """The form and model fields it fills, empty values left out."""
        values = {
            "legal_name": self.legal_name,
            "address": self.address,
            "naf_code": self.naf_code,
            "headcount_band": self.headcount_band,
        }
        return {name: value for name, value in values.items() if value}


def directory_enabled() -> bool:
    return bool(settings.COMPANY_DIRECTORY_URL)


def _text(value) -> str:
    return " ".join(value.split())[:300] if isinstance(value, str) else ""


def company_lookup(siren: str) -> DirectoryCompany:
    """What the directory says of ``siren`` (9 digits, already checked). Raises
    DirectoryError. Side effect: one request to the directory."""
    if not directory_enabled():
        raise DirectoryError("unavailable")
    url = (
        settings.COMPANY_DIRECTORY_URL.rstrip("/")
        + "/search?"
        + urllib.parse.urlencode({"q": siren})
    )
    # The URL is a setting that config/settings.py requires to be http or https.
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.COMPANY_DIRECTORY_TIMEOUT
        ) as response:
            answer = json.loads(response.read(MAX_ANSWER_BYTES))
    except (OSError, ValueError):  # URLError, HTTPError and timeouts are OSErrors
        raise DirectoryError("unavailable") from None
    results = answer.get("results") if isinstance(answer, dict) else None
    if not isinstance(results, list):
        raise DirectoryError("unavailable")
    for result in results:
        if isinstance(result, dict) and result.get("siren") == siren:
            siege = result.get("siege") if isinstance(result.get("siege"), dict) else {}
            band = result.get("tranche_effectif_salarie")
            return DirectoryCompany(
                siren=siren,
                legal_name=_text(result.get("nom_complet"))[:200],
                address=_text(siege.get("adresse")),
                naf_code=_text(result.get("activite_principale"))[:6],
                headcount_band=band if band in HeadcountBand.values else "",
            )
    raise DirectoryError("unknown")
