"""The maker of an AI product a headline names without naming its maker.

Promise: `maker(product)` gives the maker of a product name as a headline writes it ("DAX
Copilot", "GPT-4", "Gemini-based"), from `data/makers.txt` (read once at import): the longest
listed product the name starts with, at a word boundary, case-insensitive; None for a product
the table does not know. Pure.
"""

from __future__ import annotations

import re
from pathlib import Path

_DATA = Path(__file__).with_name("data") / "makers.txt"


def _load() -> list[tuple[str, str]]:
    rows = []
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            product, maker = line.split("\t")
            rows.append((product.casefold(), maker))
    return sorted(rows, key=lambda row: len(row[0]), reverse=True)  # the longest name first


_MAKERS = _load()
_BOUNDARY = re.compile(r"(?:$|[\W\d_])")  # "GPT-4", "GPT4", "Gemini-based": the name ends there


def maker(product: str) -> str | None:
    """The maker of `product`, or None."""
    name = product.casefold()
    for known, who in _MAKERS:
        if name.startswith(known) and _BOUNDARY.match(name, len(known)):
            return who
    return None
