"""An acronym a headline names, spelled out where the summary writes the name in full.

Promise (pure): `spelled(name, summary)` gives "VUMC (Vanderbilt University Medical Center)"
when `name` is an acronym of two to six capital letters and the summary writes capitalized
words whose initials spell it (the small words of a name, "of", "and", "for", "the", "&",
skipped: "University College London Hospitals" for UCLH); else `name` unchanged. A reader of
the alert learns who "UCLH" is, and a name the summary spells out is the same party however
another report writes it.
"""

from __future__ import annotations

import re

_ACRONYM = re.compile(r"[A-Z]{2,6}")
# capitalized words, with the small words that may sit inside a name between them
_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:(?:of|and|for|the|&)\s+)?[A-Z][\w'’.-]*)+")
_SMALL = frozenset({"of", "and", "for", "the", "&"})


def spelled(name: str, summary: str) -> str:
    """`name`, or "NAME (Full Name)" when the summary spells the acronym out (module doc)."""
    if not summary or not _ACRONYM.fullmatch(name):
        return name
    for run in _RUN.finditer(summary):
        full = _spelling(run.group(0).split(), name)
        if full:
            return f"{name} ({full})"
    return name


def _spelling(words: list[str], acronym: str) -> str:
    """The words (a stretch of `words`) whose initials spell `acronym`, or ""."""
    for start in range(len(words)):
        if words[start] in _SMALL or words[start] == "The":
            continue
        letters = ""
        for end in range(start, len(words)):
            word = words[end]
            if word in _SMALL:
                continue
            letters += word[0]
            if letters == acronym:
                return " ".join(words[start : end + 1]).rstrip(".,;:")
            if not acronym.startswith(letters):
                break
    return ""
