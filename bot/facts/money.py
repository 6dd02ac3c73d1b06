"""Money in headlines: the headline amount of a deal, in US dollars.

Promise: `headline_amount(title, summary)` finds stated amounts ("$1.2 billion", "US$500M",
"€140 million", "£21m", "¥10 billion", "5,3 Mrd. Euro", "2 milliards d'euros", "50 millones
de dólares", "CHF 50 million", "Rs 500 crore", "100億円", "1亿元", "1억 달러") and returns
the first one of the title (its total where it also gives the upfront payment: "$60M upfront
in a deal worth up to $2.7B" is $2.7B), else the largest of the summary's amounts that a deal's payment
words stand next to ("$110M upfront", "worth $3B", "up to $400M in milestones": not "an
earlier $100M commitment", not "a £40M machine"), converted to US dollars at the dated table
below; None when none is stated. Pure; no network, no clock.
"""

from __future__ import annotations

import re

from bot.stories.myriad import cjk_amounts, figure

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
_CODES = {"usd": "USD", "dollars": "USD", "dollar": "USD", "dollari": "USD", "dólares": "USD", "eur": "EUR", "euro": "EUR",
          "euros": "EUR", "gbp": "GBP", "pounds": "GBP", "jpy": "JPY", "yen": "JPY", "cny": "CNY",
          "yuan": "CNY", "rmb": "CNY", "krw": "KRW", "won": "KRW", "chf": "CHF", "francs": "CHF",
          "inr": "INR", "rupees": "INR", "rs": "INR", "cad": "CAD", "aud": "AUD", "dkk": "DKK",
          "sek": "SEK", "kronor": "SEK", "kroner": "DKK"}  # fmt: skip
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bln": 1e9, "mio": 1e6, "million": 1e6,
           "millionen": 1e6, "millions": 1e6, "millones": 1e6, "millón": 1e6, "b": 1e9,
           "bn": 1e9, "billion": 1e9, "mrd": 1e9, "milliarden": 1e9, "milliard": 1e9,
           "milliards": 1e9, "mil millones": 1e9, "t": 1e12, "trillion": 1e12, "lakh": 1e5,
           "lakhs": 1e5, "crore": 1e7, "crores": 1e7, "miljoen": 1e6, "miljard": 1e9, "milioni": 1e6,
           "miliardi": 1e9, "mld": 1e9, "miljoner": 1e6, "miljarder": 1e9, "millioner": 1e6,
           "milliarder": 1e9}  # fmt: skip
_NUMBER = r"(\d{1,3}(?:[,.]\d{3})+|\d+(?:[.,]\d+)?)"
# the words of `_SCALES`, the longest first at each position ("millionen" before "million")
_SCALE = r"[\s-]*(" + "|".join(sorted(map(re.escape, _SCALES), key=len, reverse=True)) + r")\b\.?"
_BEFORE = re.compile(r"(us\$|c\$|a\$|[$€£¥])\s?" + _NUMBER + rf"(?:{_SCALE})?", re.IGNORECASE)
# "50 million euros", "2 milliards d'euros", "50 millones de dólares"
_AFTER = re.compile(_NUMBER + _SCALE + r"\s*(?:of\s+|de\s+|di\s+|d['’]\s*)?(" + "|".join(_CODES) + r")\b",
                    re.IGNORECASE)
# "CHF 50 million", "Rs 500 crore": the currency's code first
_CODE_FIRST = re.compile(r"\b(usd|eur|gbp|chf|cad|aud|inr|rs\.?|jpy|cny|rmb|krw|sek|dkk)\s?" + _NUMBER
                         + rf"(?:{_SCALE})?", re.IGNORECASE)
def _number(text: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):  # 1.500.000 (German thousands)
        return float(text.replace(".", ""))
    return float(text.replace(",", "."))  # 1,2 (German decimal) or 1.2


def amounts(text: str) -> list[float]:
    """Every stated amount in `text`, in US dollars, in order of appearance."""
    return [usd for _, _, usd in _located(text)]


def _located(text: str) -> list[tuple[int, int, float]]:
    """(start, end, US dollars) of every stated amount, in order of appearance."""
    found: list[tuple[int, int, float]] = []
    for m in _BEFORE.finditer(text):
        scale = _SCALES.get((m.group(3) or "").lower().rstrip("."), 1.0)
        found.append(_usd(m, _number(m.group(2)) * scale, _SYMBOLS[m.group(1).lower()]))
    for m in _AFTER.finditer(text):
        found.append(_usd(m, _number(m.group(1)) * _SCALES[m.group(2).lower().rstrip(".")], _CODES[m.group(3).lower()]))
    for m in _CODE_FIRST.finditer(text):
        scale = _SCALES.get((m.group(3) or "").lower().rstrip("."), 1.0)
        found.append(_usd(m, _number(m.group(2)) * scale, _CODES[m.group(1).lower().rstrip(".")]))
    # Japanese, Chinese and Korean: 100億円, 1亿元, 5000万美元, 1억 달러, 3000억원
    for m, unit, currency in cjk_amounts(text):
        found.append(_usd(m, figure(m.group(1)) * (unit or 1.0), currency))
    return sorted(found)


def _usd(m: re.Match[str], amount: float, currency: str) -> tuple[int, int, float]:
    """The match's place and `amount` of `currency` in US dollars (cents)."""
    return m.start(), m.end(), round(amount * USD_PER[currency], 2)


# The words that tie an amount to the deal's payments in deal reporting (English, German,
# French, Spanish, Portuguese and Italian): what is paid and how (upfront, milestones,
# royalties), what the deal is worth or totals, committing (the verb: "an earlier commitment"
# is no payment of this deal), investing, funding, a stake or a round.
_PAYMENT = re.compile(
    r"\b(?:up[ -]?front|milestones?|royalt\w*|worth|valued|pay|pays|paying|paid|deal|agreement"
    r"|pact|contract|invest\w*|stake|funding|funds|funded|up to|total|commits|committing|committed|round|series [a-h]"
    r"|bis zu|jusqu'à|hasta|até|fino a|Vorauszahlung|Meilenstein\w*|Investition\w*|förder\w*"
    r"|investissement\w*|participation|financement|inversi[oó]n\w*|participaci[oó]n|financiaci[oó]n"
    r"|investimento|participação|finanziament\w*)\b",
    re.IGNORECASE,
)
_NEAR = 40  # characters on either side of an amount: the same clause


# "$60M upfront", "$60 million up front", "$20M initial payment": the part paid at signing
_UPFRONT_AFTER = re.compile(r"\s*(?:in\s+)?(?:up[ -]?front|initial payment)\b", re.IGNORECASE)


def headline_amount(title: str, summary: str = "") -> float | None:
    """The title's first amount that is no upfront payment beside the deal's total, else the
    largest deal payment of the summary (see the module doc)."""
    in_title = _located(title or "")
    if in_title:
        # "pays $60M upfront in a deal worth up to $2.7B": the deal's amount is its total
        totals = [usd for _, end, usd in in_title if not _UPFRONT_AFTER.match(title, end)]
        return totals[0] if totals else in_title[0][2]
    paid = [usd for at, end, usd in _located(summary or "")
            if _PAYMENT.search(summary[max(0, at - _NEAR) : end + _NEAR])]
    return max(paid) if paid else None
