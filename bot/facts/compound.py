"""One organisation whose name is a list of places: "Chelsea and Westminster Hospital".

Promise: `joined(title, found, bare)` returns `found` (name spans in headline order) with
each run of names that one organisation's name lists merged into one span. `bare(name)`
says whether a name is a single word no list knows and no kind word qualifies (a place, a
founder). Pure.

British hospital trusts and merged health bodies are named by the places they serve, joined
as a list ("Wrightington, Wigan and Leigh", "Barking, Havering and Redbridge University
Hospitals NHS Trust"); the name finder reads each place as a name. Bare names joined by
commas and "and"/"&" before the last name of the run are that name's when the run ends in
an NHS trust's name, or the kind word "trust" follows it in lower case (the run names one
trust). A verb's number says too little: headlines write "X and Y expands" as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Span = tuple[int, int]
_LISTED = re.compile(r"(?:,\s*|\s+(?:and|&)\s+|,\s*and\s+)")
_TRUST = re.compile(r"\bNHS\b.*\bTrust$")
_TRUST_AFTER = re.compile(r"\s+trust\b")


def joined(title: str, found: list[Span], bare: Callable[[str], bool]) -> list[Span]:
    if len(found) < 2:
        return found  # one name or none: no list (most headlines)
    out: list[Span] = []
    i = 0
    while i < len(found):
        j = i  # the run found[i..j]: bare names joined as a list, then any name
        while (j + 1 < len(found) and _LISTED.fullmatch(title[found[j][1] : found[j + 1][0]])
               and _bare(title, found[j], bare)):
            j += 1
        if j > i and _one_organisation(title, found[j]):
            out.append((found[i][0], found[j][1]))
        else:
            out.extend(found[i : j + 1])
        i = j + 1
    return out


def _bare(title: str, span: Span, bare: Callable[[str], bool]) -> bool:
    name = title[span[0] : span[1]]
    return " " not in name and name[:1].isupper() and bare(name)


def _one_organisation(title: str, last: Span) -> bool:
    name, end = title[last[0] : last[1]], last[1]
    return bool(_TRUST.search(name) or _TRUST_AFTER.match(title, end))
