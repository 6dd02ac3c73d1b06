"""Money as Japanese, Chinese, Korean, Hindi, Arabic, Hebrew and Thai write it: a figure, a unit, a currency word.

Promise (pure): `cjk_amounts(text)` yields, for every such figure ("100億円", "1亿元",
"5000万美元", "3억 달러", "197億ドル", "1천260억원"), its match (the figure is group 1, at the
match's place in `text`, read by `figure`), the multiplier of its myriad unit (万/萬/만 10^4,
億/亿/억 10^8, 兆/조 10^12, 百万 10^6, 千万 10^7; Hindi's लाख, करोड़ and अरब, Arabic's مليون and
مليار, Hebrew's מיליון and מיליארד, Thai's ล้าน; None when none is written) and the currency's
ISO 4217 code. The one reading of these figures for stories (the same figure in the same
currency across scripts) and facts (every currency, converted at its dated table).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

SCALES = {"万": 1e4, "萬": 1e4, "만": 1e4, "百万": 1e6, "千万": 1e7, "億": 1e8, "亿": 1e8, "억": 1e8,
          "兆": 1e12, "조": 1e12,
          # Hindi's lakh, crore and arab (10^5, 10^7, 10^9) and its loanwords million and
          # billion; Arabic's million and milliard (singular and plural): their dictionaries' words
          "लाख": 1e5, "करोड़": 1e7, "करोड": 1e7, "अरब": 1e9, "मिलियन": 1e6, "बिलियन": 1e9,
          "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9, "مليارات": 1e9,
          # Hebrew's million and billion (milliard), Thai's million (lan)
          "מיליון": 1e6, "מיליארד": 1e9, "ล้าน": 1e6}  # fmt: skip
CURRENCIES = {"円": "JPY", "元": "CNY", "人民币": "CNY", "美元": "USD", "美金": "USD", "ドル": "USD",
              "달러": "USD", "원": "KRW", "ユーロ": "EUR", "欧元": "EUR", "유로": "EUR",
              # the dollar and the rupee in Hindi; the dollar, dirham, riyal and euro in Arabic
              "डॉलर": "USD", "रुपये": "INR", "रुपए": "INR", "रुपया": "INR",
              "دولار": "USD", "درهم": "AED", "ريال": "SAR", "يورو": "EUR",
              # the dollar, shekel and euro in Hebrew; the dollar and baht in Thai
              "דולר": "USD", "שקל": "ILS", "שקלים": "ILS", "אירו": "EUR", "ดอลลาร์": "USD", "บาท": "THB"}  # fmt: skip
# A figure may count its thousands with 천 or 千 before the rest: "1천260억원" is 1,260억.
_AMOUNT_RE = re.compile(
    r"((?:\d+\s*[천千]\s*)?\d+(?:[.,]\d+)?|\d+\s*[천千])\s*(" + "|".join(sorted(SCALES, key=len, reverse=True))
    + r")?\s*(?:미국\s*)?(" + "|".join(sorted(CURRENCIES, key=len, reverse=True)) + ")"
)
_THOUSANDS_RE = re.compile(r"\s*[천千]\s*")


def figure(text: str) -> float:
    """The number a matched figure (group 1) writes: "1,260", "12.6", "1천260", "3천"."""
    m = _THOUSANDS_RE.search(text)
    if m is None:
        return float(text.replace(",", ""))
    tail = text[m.end() :].replace(",", "")
    return float(text[: m.start()].replace(",", "")) * 1000 + (float(tail) if tail else 0.0)


def cjk_amounts(text: str) -> Iterator[tuple[re.Match[str], float | None, str]]:
    """(match, myriad multiplier or None, ISO code) of every CJK money figure in `text`; the
    figure itself is `figure(match.group(1))`."""
    if text.isascii():
        return
    for m in _AMOUNT_RE.finditer(text):
        yield m, SCALES[m.group(2)] if m.group(2) else None, CURRENCIES[m.group(3)]
