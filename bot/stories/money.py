"""Money figures as news writes them, read once for stories and for facts.

Promises (pure, deterministic): `amounts` reads one dollar or euro figure the same in any
spelling ("$50M", "$50 million", "US$ 200 milhões", "210 Mio. Dollar", "12.000 millones") and
`money` adds the figures in other currencies as keys of figure and currency, so stories compare
a figure only with the same figure in its own currency; `priced` gives every figure with the
ISO 4217 code of its currency, which facts converts at its dated table. The vocabulary is data:
`[amount units]` and `[foreign currencies]` of data/cues.txt, each with its general source.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from bot.stories.headline import fold
from bot.stories.lexicon import sections
from bot.stories.myriad import CURRENCIES, cjk_amounts, figure

_CUES = sections("cues.txt")
# a figure, its unit word ("50m", "1.2-billion") and a dollar or euro sign, code or word
MULT = {unit: float(value) for unit, value in (line.split() for line in _CUES["amount units"])}
AMOUNT_RE = re.compile(
    r"(?:(?:us|u\.s\.)?\$|€|£|usd|eur)\s?(\d[\d.,]*)[\s-]?([a-z]+)?\.?"
    r"|(\d[\d.,]*)[\s-]?([a-z]+)\.?\s?(?:(?:us\s?-?\s?)?\$|dollars?|usd|euros?|de dolares|de reais)?",
)

_DIGIT_RE = re.compile(r"\d")
_STATED_IN_RE = re.compile(r"\$|dollar|dolar|usd|euro|reais")  # a currency within a figure's match
_CURRENCY = dict(line.split() for line in _CUES["foreign currencies"])  # name or sign -> ISO 4217
_FOREIGN = frozenset(_CURRENCY)
# the letters of a currency's abbreviation or code written before a figure ("Dh" of "Dh3.67
# billion", "Rs", "RM", "AUD"): the figure is money, the word no name
SIGNS = frozenset(sign for sign in _CURRENCY if len(sign) <= 3 and sign.isascii() and sign.isalpha())
# the other currencies' codes, with those the CJK figures name ("円", "원"): each a slot
CURRENCY_CODES = sorted((set(_CURRENCY.values()) | set(CURRENCIES.values())) - {"USD", "EUR"})
_CODE_SLOT = {code: i + 1 for i, code in enumerate(CURRENCY_CODES)}  # a foreign figure's code, in its key
_NEXT_WORD_RE = re.compile(r"\s*([^\W\d_]+|[^\w\s])")
# a currency code or a dollar sign's country letters right before a figure ("aud 292", "a$1")
_CODE_BEFORE_RE = re.compile(r"(?<![a-z])([a-z]{1,3})(\s?)$")# a figure's dollar or euro stated after its unit in Romance languages or English
# ("2 milliards d'euros", "300 milioni di dollari", "50 million of euros")
_STATED_AFTER_RE = re.compile(r"\s*(?:of|de|di|d')?\s*(dollars?|dolares|dollari|usd|euros?|eur)\b")


def _read(folded: str) -> Iterator[tuple[re.Match[str], float, str, bool]]:
    """(match, figure in whole units, other currency's code or "", whether a dollar or euro
    sign or word is part of the match) of every figure in folded text that a unit word or a
    currency makes money ("5m", "$5", "5 million euros"; not "5 patients")."""
    for m in AMOUNT_RE.finditer(folded):
        number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        currency = _foreign(folded, m)
        has_currency = bool(currency) or bool(m.group(1)) or bool(_STATED_IN_RE.search(m.group(0)))
        mult = MULT.get(unit or "")
        if mult is None and not has_currency:
            continue
        if mult is None and unit:
            mult = 1.0  # "$2.35 per share": the unit word is not a multiplier
        value = _parse_number(number, big_unit=mult is not None and mult >= 1e6)
        if value is None:
            continue
        total = value * (mult or 1.0)  # "12.000 millones" is 12 billion: 12000 x 1e6
        if total > 0:
            yield m, total, currency, has_currency


def amounts(text: str) -> set[int]:
    """Dollar and euro figures of `text` (and those of no stated currency with a unit word),
    in whole units, rounded to 2 significant digits: the same figure in any spelling gives
    the same number; a euro figure also gives its dollar values (`_EUR_USD`)."""
    return money(text)[0]


# A foreign figure under a million units of its currency is too common to tell stories apart.
_FOREIGN_MIN = 1e6
# Dollars per euro, over the range of the ECB's reference rates since 2015 (about 1.0 to 1.2)
_EUR_USD = (1.05, 1.1, 1.15, 1.2)


def money(text: str) -> tuple[set[int], set[int]]:
    """`amounts`, and the figures of `text` in other currencies as keys of figure and currency
    (`foreign_key`): "¥179bn", "179 billion yen" and "1790億円" give one key, "£250m" another.
    No rate is applied: a figure is only ever compared with the same figure in its own currency."""
    found: set[int] = set()
    other: set[int] = set()
    if not _DIGIT_RE.search(text):
        return found, other
    folded = fold(text)
    for m, total, currency, stated in _read(folded):
        if not currency:
            found.add(_round2(total))
            if total >= _FOREIGN_MIN and _dollar_or_euro(folded, m, stated) == "EUR":
                # the same figure as an outlet converting it to dollars reports it ("€150
                # million", "$170 million"): at the rates the euro has traded at since 2015
                found.update(_round2(total * rate) for rate in _EUR_USD)
        elif currency in _CODE_SLOT and total >= _FOREIGN_MIN:
            other.add(foreign_key(total, currency))  # "252.5 billion won": no dollar figure
    if text.isascii():
        return found, other
    # Korean, Japanese and Chinese figures with their myriad unit ("3억 달러", "197億ドル", "1790億円"),
    # Hindi and Arabic ones with theirs ("6.5 करोड़ डॉलर", "688 مليون دولار")
    for m, unit, currency in cjk_amounts(unicodedata.normalize("NFKC", text)):
        if unit is None:
            continue
        total = figure(m.group(1)) * unit
        if currency == "USD":
            found.add(_round2(total))
        elif currency in _CODE_SLOT and total >= _FOREIGN_MIN:
            other.add(foreign_key(total, currency))
    return found, other


def priced(folded: str) -> list[tuple[int, int, float, str]]:
    """(start, end, figure, ISO 4217 code) of every figure of `folded` (`fold`'s form) whose
    currency is stated, in order: the code of its sign, code or name ("USD" for "$", "dollars",
    "US$"; "EUR" for "€", "euros"; "BRL" for "R$" and "reais"). Figures of no stated currency
    ("a 5m-patient network") are left out. CJK figures are `myriad.cjk_amounts`'."""
    out = []
    for m, total, currency, has_currency in _read(folded):
        code = currency or _dollar_or_euro(folded, m, has_currency)
        if code:
            out.append((m.start(), m.end(), total, code))
    return out


def _dollar_or_euro(folded: str, m: re.Match[str], in_match: bool) -> str:
    """The dollar, euro or real a figure of no other currency is stated in, or ""."""
    text = m.group(0)
    if in_match:
        if "reais" in text or folded[max(0, m.start() - 1) : m.start()] == "r":
            return "BRL"  # "R$ 200 milhoes", "200 milhoes de reais"
        return "EUR" if "€" in text or "eur" in text else "USD"
    after = _STATED_AFTER_RE.match(folded, m.end())
    if after is None:
        return ""
    return "EUR" if after.group(1).startswith("eur") else "USD"


def foreign_key(total: float, currency: str) -> int:
    """One number for a figure in a currency other than the dollar and the euro: the figure
    rounded to 2 significant digits, and the currency's slot in the low bits."""
    return _round2(total) * 64 + _CODE_SLOT[currency]


def _foreign(folded: str, m: re.Match[str]) -> str:
    """The ISO code of a figure stated in a currency other than the dollar and the euro
    (`[foreign currencies]`): its sign right before it, or its name right after it or after
    its unit word ("" for a dollar or euro figure, or none)."""
    before = folded[max(0, m.start() - 2) : m.start()].strip()
    if before and before[-1] in _FOREIGN:
        return _CURRENCY[before[-1]]
    if m.group(0).startswith("£"):
        return "GBP"
    code = _CODE_BEFORE_RE.search(folded, max(0, m.start() - 5), m.start())
    if code is not None:
        if code.group(1) in _FOREIGN:
            return _CURRENCY[code.group(1)]  # "AUD 292 million"
        if m.group(0)[0] == "$" and not code.group(2) and code.group(1) + "$" in _FOREIGN:
            return _CURRENCY[code.group(1) + "$"]  # "A$1.15" (not "a $40M round")
    after = _NEXT_WORD_RE.match(folded, m.end())
    if after is not None and after.group(1) in _FOREIGN:
        return _CURRENCY[after.group(1)]
    unit = m.group(4) or m.group(2)
    return _CURRENCY.get(unit, "") if unit is not None else ""


def _parse_number(text: str, *, big_unit: bool) -> float | None:
    text = text.rstrip(".,")
    if not text:
        return None
    if "," in text and "." in text:
        # 1,016.5 (English) or 1.016,5 (continental): the last separator is the decimal one.
        dec = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if dec == "," else ",", "").replace(dec, ".")
    elif "," in text:
        head, _, tail = text.rpartition(",")
        text = text.replace(",", "") if len(tail) == 3 else head.replace(",", "") + "." + tail
    elif text.count(".") == 1 and big_unit and len(text.split(".")[1]) == 3:
        text = text.replace(".", "")  # "12.000 millones": a thousands separator
    elif text.count(".") > 1:
        text = text.replace(".", "")
    try:
        return float(text)
    except ValueError:
        return None


def _round2(value: float) -> int:
    digits = len(str(int(value))) - 2
    return int(round(value, -digits)) if digits > 0 else round(value)
