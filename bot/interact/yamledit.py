"""A proposal written into the config file, comments and layout kept (ruamel.yaml round trip).

Promises: only the rule's `query` (and, for a term proposal, one plain YAML term list) change;
every other byte the round trip can keep is kept (comments, order, quoting of untouched
values), and block sequences keep the file's indentation (`- ` under its key or indented).
A query holding double quotes is written single-quoted, as a person would. A term list kept in a file (`{file: ...}`) gets the term appended as a line of that
file. The new text is written to a temporary file and renamed over the old one.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import (
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from bot.errors import ConfigError
from bot.interact.suggest import Proposal


def apply(path: Path, rule: str, proposal: Proposal) -> None:
    yaml = YAML()  # round-trip mode
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long query
    text = path.read_text(encoding="utf-8")
    offset = _sequence_offset(text)
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    data: Any = yaml.load(text)
    spec = next((r for r in data.get("rules") or [] if r.get("name") == rule), None)
    if spec is None:
        raise ConfigError(f"{path}: rules: no rule named {rule!r}")
    old, query = spec.get("query"), proposal.query
    if isinstance(old, FoldedScalarString | LiteralScalarString):  # a block query stays one
        query = type(old)(query)
    elif '"' in query and "'" not in query:
        query = SingleQuotedScalarString(query)
    spec["query"] = query
    if proposal.kind == "add_term" and proposal.term_list and proposal.term:
        entries = (data.get("terms") or {}).get(proposal.term_list)
        if entries is None:
            raise ConfigError(f"{path}: terms.{proposal.term_list}: not found in this file")
        _add_term(path, entries, proposal.term)
    out = io.StringIO()
    yaml.dump(data, out)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(out.getvalue(), encoding="utf-8")
    temporary.replace(path)


def _sequence_offset(text: str) -> int:
    """How far the file indents a block sequence's dashes under their key (0 or 2, mostly)."""
    found = re.search(r"^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*( *)- ", text, re.M)
    return max(0, len(found.group(2)) - len(found.group(1))) if found else 0


def _add_term(path: Path, entries: Any, term: str) -> None:
    for entry in entries:
        if isinstance(entry, dict) and "file" in entry:  # a lexicon file: append a line
            target = (path.parent / str(entry["file"])).resolve()
            with target.open("a", encoding="utf-8") as handle:
                handle.write(f"\n{term}\n")
            return
    entries.append(term)
