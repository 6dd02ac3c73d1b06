"""Money as Japanese, Chinese and Korean write it: a figure, a myriad unit, a currency word.

Promise (pure): `cjk_amounts(text)` yields, for every such figure ("100億円", "1亿元",
"5000万美元", "3억 달러", "197億ドル"), its match (the figure is group 1, at the match's place
in `text`), the multiplier of its myriad unit (万/萬/만 10^4, 億/亿/억 10^8, 兆/조 10^12, 百万
10^6, 千万 10^7; None when none is written) and the currency's ISO 4217 code. The one reading
of these figures for stories (dollar figures compared across scripts) and facts (every
currency, converted at its dated table); each parses the figure its own way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

SCALES = {"万": 1e4, "萬": 1e4, "만": 1e4, "百万": 1e6, "千万": 1e7, "億": 1e8, "亿": 1e8, "억": 1e8,
          "兆": 1e12, "조": 1e12}  # fmt: skip
CURRENCIES = {"円": "JPY", "元": "CNY", "人民币": "CNY", "美元": "USD", "美金": "USD", "ドル": "USD",
              "달러": "USD", "원": "KRW", "ユーロ": "EUR", "欧元": "EUR", "유로": "EUR"}  # fmt: skip
_AMOUNT_RE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")?\s*(?:미국\s*)?("
    + "|".join(sorted(CURRENCIES, key=len, reverse=True)) + ")"
)


def cjk_amounts(text: str) -> Iterator[tuple[re.Match[str], float | None, str]]:
    """(match, myriad multiplier or None, ISO code) of every CJK money figure in `text`."""
    if text.isascii():
        return
    for m in _AMOUNT_RE.finditer(text):
        yield m, SCALES[m.group(2)] if m.group(2) else None, CURRENCIES[m.group(3)]
