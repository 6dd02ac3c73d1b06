"""Money in headlines: the headline amount of a deal, in US dollars.

Promise: `headline_amount(title, summary)` finds stated amounts ("$1.2 billion", "US$500M",
"€140 million", "£21m", "¥10 billion", "5,3 Mrd. Euro", "1억 달러" is not read) and returns
the first one of the title, else the largest of the summary, converted to US dollars at the
dated table below; None when none is stated. Pure; no network, no clock.
"""

from __future__ import annotations

import re

# Yearly average reference rates, US dollars per unit, for 2024 (the US Federal Reserve's
# H.10 release, annual averages; the euro, pound, yen, yuan, won, franc, rupee, Canadian and
# Australian dollars, Danish and Swedish kronor). A dated table, not live rates: an amount
# in a headline is itself rounded, and the same story must convert the same way every time.
RATES_DATE = "2024 annual average"
USD_PER = {
    "USD": 1.0, "EUR": 1.082, "GBP": 1.278, "JPY": 0.00661, "CNY": 0.1389, "KRW": 0.000734,
    "CHF": 1.136, "INR": 0.01196, "CAD": 0.730, "AUD": 0.660, "DKK": 0.1451, "SEK": 0.0947,
}  # fmt: skip
_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "c$": "CAD", "a$": "AUD"}
_CODES = {"usd": "USD", "dollars": "USD", "eur": "EUR", "euro": "EUR", "euros": "EUR",
          "gbp": "GBP", "pounds": "GBP", "jpy": "JPY", "yen": "JPY", "cny": "CNY", "yuan": "CNY",
          "rmb": "CNY", "krw": "KRW", "won": "KRW", "chf": "CHF", "francs": "CHF", "inr": "INR",
          "rupees": "INR", "cad": "CAD", "aud": "AUD", "dkk": "DKK", "sek": "SEK"}  # fmt: skip
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mio": 1e6, "million": 1e6,
           "millionen": 1e6, "millions": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9,
           "mrd": 1e9, "milliarden": 1e9, "milliard": 1e9, "milliards": 1e9, "t": 1e12,
           "trillion": 1e12}  # fmt: skip
_NUMBER = r"(\d{1,3}(?:[,.]\d{3})+|\d+(?:[.,]\d+)?)"
_SCALE = r"\s*(thousand|millions?|millionen|mio|mn|mrd|milliards?|milliarden|billion|bn|trillion|[kmbt])\b\.?"
_BEFORE = re.compile(r"(us\$|c\$|a\$|[$€£¥])\s?" + _NUMBER + rf"(?:{_SCALE})?", re.IGNORECASE)
_AFTER = re.compile(_NUMBER + _SCALE + r"\s*(?:of\s+)?(" + "|".join(_CODES) + r")\b", re.IGNORECASE)


def _number(text: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):  # 1.500.000 (German thousands)
        return float(text.replace(".", ""))
    return float(text.replace(",", "."))  # 1,2 (German decimal) or 1.2


def amounts(text: str) -> list[float]:
    """Every stated amount in `text`, in US dollars, in order of appearance."""
    found: list[tuple[int, float]] = []
    for m in _BEFORE.finditer(text):
        currency = _SYMBOLS[m.group(1).lower()]
        scale = _SCALES.get((m.group(3) or "").lower().rstrip("."), 1.0)
        found.append((m.start(), _number(m.group(2)) * scale * USD_PER[currency]))
    for m in _AFTER.finditer(text):
        currency = _CODES[m.group(3).lower()]
        scale = _SCALES[m.group(2).lower().rstrip(".")]
        found.append((m.start(), _number(m.group(1)) * scale * USD_PER[currency]))
    return [round(v, 2) for _, v in sorted(found)]


def headline_amount(title: str, summary: str = "") -> float | None:
    """The first amount of the title, else the largest of the summary (see the module doc)."""
    in_title = amounts(title or "")
    if in_title:
        return in_title[0]
    in_summary = amounts(summary or "")
    return max(in_summary) if in_summary else None
