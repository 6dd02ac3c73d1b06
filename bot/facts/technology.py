"""Names that are a kind of technology, not an organisation.

Promise: `named(name)` says whether a name is made of general technology terms alone
(`data/technology-terms.txt`: "AI", "ICT", "Agentic AI", "Cloud"), the technology a
headline writes in capitals or Title Case, not a party to the deal. Pure.
"""

from __future__ import annotations

from pathlib import Path

_PATH = Path(__file__).with_name("data") / "technology-terms.txt"
_TERMS = frozenset(
    line.strip().casefold() for line in _PATH.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#"))
_LONGEST = max(len(term.split()) for term in _TERMS)


def named(name: str) -> bool:
    """Whether `name` is one or more technology terms and nothing else."""
    words = name.casefold().split()
    at = 0
    while at < len(words):  # the longest term at each word first ("big data" before "data")
        for n in range(min(_LONGEST, len(words) - at), 0, -1):
            if " ".join(words[at : at + n]) in _TERMS:
                at += n
                break
        else:
            return False
    return bool(words)
