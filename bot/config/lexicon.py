"""Term lists kept as data files: `{file: lexicon/x.txt}` entries of `terms:` expanded in place.

Promise: `expand_terms(terms, base)` returns the same mapping with every `{file: PATH}` entry
of a list replaced by the terms of that file (PATH relative to `base`, the config file's
folder), in file order; plain strings are kept as they are. A file holds one term per line,
in the query language's term syntax (`word`, `prefix*`, `=CaseSensitive`, `two words`); `#`
starts a comment and blank lines are skipped. Named entities live in such files so each can
say at its top where its names come from (a ranking, a registry), apart from the rule.
A named organisation a file lists is also matched as Japanese, Chinese and Korean headlines
write it ("Sanofi": "サノフィ", "赛诺菲", "사노피"): its forms in those scripts from the
stories' table of them (bot/stories/data/names_cjk.txt, whose English side is these files'
names), added after the file's own terms, for the sources that publish in those languages.

Problems raise `LexiconError` with the key path (`terms`, list name, index) of the entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.stories.labels import native_forms

MAX_BYTES = 2_000_000  # a term file is a list of names, never a data dump


class LexiconError(ValueError):
    def __init__(self, message: str, at: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.message, self.at = message, at


def read_terms(path: Path) -> list[str]:
    """The terms of one file: one a line, `#` comments and blank lines skipped."""
    if path.stat().st_size > MAX_BYTES:
        raise ValueError(f"is larger than {MAX_BYTES:,} bytes")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        term = line.split("#", 1)[0].strip()
        if term:
            out.append(term)
    return out


def expand_terms(terms: Any, base: Path) -> Any:
    """`terms` with `{file: PATH}` entries replaced by the file's terms (see the module doc)."""
    if not isinstance(terms, dict):
        return terms
    out: dict[Any, Any] = {}
    for name, values in terms.items():
        if isinstance(values, dict):  # the whole list from one file
            values = [values]
        if not isinstance(values, list):
            out[name] = values
            continue
        expanded: list[Any] = []
        for n, entry in enumerate(values):
            if isinstance(entry, dict):
                expanded.extend(_from_file(entry, base, ("terms", name, n)))
            else:
                expanded.append(entry)
        out[name] = expanded
    return out


def _from_file(entry: dict[str, Any], base: Path, at: tuple[str | int, ...]) -> list[str]:
    if set(entry) != {"file"} or not isinstance(entry["file"], str):
        raise LexiconError("a term list entry is a term, or `{file: PATH}` naming a term file", at)
    path = base / entry["file"]
    try:
        found = read_terms(path)
    except FileNotFoundError:
        raise LexiconError(f"term file {entry['file']} not found next to the config", at) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise LexiconError(f"term file {entry['file']}: {exc}", at) from None
    if not found:
        raise LexiconError(f"term file {entry['file']} lists no term", at)
    # a term's own syntax ("=UPMC", "Philips*") around the name the table is keyed by
    native = [_as_term(form) for term in found for form in native_forms(term.lstrip("=").rstrip("*"))]
    return found + [form for form in dict.fromkeys(native) if form not in found]


def _as_term(form: str) -> str:
    """A native form as a term: matched as written where it holds Latin capitals ("GE医疗",
    "SK电讯"), as the names it stands for are."""
    return f"={form}" if any("A" <= c <= "Z" for c in form) else form
