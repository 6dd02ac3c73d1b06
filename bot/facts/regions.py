"""Nordic health regions: "Region Skåne", "Region Hovedstaden", "Region Örebro län".

Promise: `placed(title, found)` returns the name spans `found` with each name written after
the word "Region" given that word ("Region Hovedstaden" opening a headline, where the name
finder leaves the capitalized first word out) and, before a lower-case word, without the
genitive -s Swedish, Danish and Norwegian write onto a name with no apostrophe ("Region
Gävleborgs upphandling": the procurement of Region Gävleborg); a name with the word "län"
after it keeps it (the county: "Region Jönköpings län", "Region Örebro län" is the name).
`REGION` matches such a name. Pure.

In Sweden and Denmark the regions run the public health service (hospitals, primary care,
screening): a "Region X" that is party to a health-AI deal is a healthcare organisation
(`sides` reads it so).
"""

from __future__ import annotations

import re

Span = tuple[int, int]
REGION = re.compile(r"Region\s+[^\W\d_]")
_BEFORE = re.compile(r"\bRegion\s+$")
_ONE_NAME = re.compile(r"Region\s+[^\W\d_][\w-]*s")  # "Region" and one word in -s
_LOWER_AFTER = re.compile(r"\s+(?!län\b)(\w)")
_COUNTY = re.compile(r"\s+län\b")


def placed(title: str, found: list[Span]) -> list[Span]:
    if "Region" not in title:
        return found
    out = []
    for start, end in found:
        before = _BEFORE.search(title, max(0, start - 8), start)
        if before and title[start : start + 1].isupper():
            start = before.start()
        after = _LOWER_AFTER.match(title, end)
        if after and after.group(1).islower() and _ONE_NAME.fullmatch(title, start, end):
            end -= 1  # its genitive -s
        elif county := _COUNTY.match(title, end):
            end = county.end()
        out.append((start, end))
    return out
