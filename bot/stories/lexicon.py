"""Word lists for headline analysis: stop words, generic domain words, name cues, aliases.

Promise: plain frozensets and one dict, read once at import from `data/` and never changed;
no logic. The hand-kept lists are `data/lexicon.txt` (one `[section]` per list, each stating
its general source: the grammar and newswriting of English, German, Spanish, Portuguese and
French, and how organisations are named); the common words are generated from `wordfreq`
frequencies by bench/make_common_words.py (`data/common_words.txt` and
`data/frequent_words.txt`, whose headers name the version and cut-offs). No word is there for
one company's story. A capitalized word that is not a common word is a possible party, so an
unknown company counts like a known one; the one-word names of the sourced organisation term
files (`data/org_names.txt`, bench/make_org_names.py) are taken out of the common words, so a
famous company ("Microsoft", frequent in any language) counts at least like an unknown one.
`DICTIONARY` holds the frequent words that frequency cannot tell from names, as frequent in
every language ("data", "privacy"), but that a dictionary writes in lower case only (the
common words file's "en-dictionary" section): plain where a headline's capitals say nothing.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data"
_SECTION_RE = re.compile(r"\[([a-z][a-z_ ]*)\]")


@functools.cache
def sections(name: str) -> dict[str, tuple[str, ...]]:
    """The sections of a data file, in file order: `[name]` opens one, its lines follow (line
    ends removed, nothing else); lines starting with "# " and blank lines are comments. Read
    once per process (several modules read cues.txt's sections); callers only read it."""
    out: dict[str, list[str]] = {}
    current: list[str] = []
    with open(_DATA / name, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n")
            if not line.strip() or line.startswith("# "):
                continue
            if match := _SECTION_RE.fullmatch(line):
                current = out.setdefault(match[1], [])
            else:
                current.append(line)
    return {section: tuple(lines) for section, lines in out.items()}


def _words(name: str) -> frozenset[str]:
    """The words of a generated data file (one a line; `#` lines are its header)."""
    with open(_DATA / name, encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip() and not line.startswith("#"))


_LISTS = {name: " ".join(lines).split() for name, lines in sections("lexicon.txt").items()}


def _word_set(name: str) -> frozenset[str]:
    return frozenset(_LISTS[name])


# Clinical areas: each line of `[areas]` is one area, its first word naming it.
AREAS = {line.split()[0]: tuple(line.split()) for line in sections("lexicon.txt")["areas"]}
DIAGNOSTIC_AREAS = frozenset(sections("lexicon.txt")["diagnostic areas"])
STOP = _word_set("stop")
GENERIC = _word_set("generic")
# One-word names of the sourced organisation term files (bench/make_org_names.py): frequency
# lists hold the most famous company names ("microsoft", "lilly"), which must not count as
# common words, or the best-known parties would be the ones story matching misses.
ORG_NAMES = _words("org_names.txt") - STOP - GENERIC
# ... those no language writes as a word: a name in lower case too ("insitro")
LOWER_BRANDS = _words("org_names_lower.txt") - STOP - GENERIC


def _by_first_word(phrases: frozenset[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases as word tuples under their first word, the longest first."""
    out: dict[str, tuple[tuple[str, ...], ...]] = {}
    for words in sorted((tuple(p.split()) for p in phrases), key=len, reverse=True):
        out[words[0]] = (*out.get(words[0], ()), words)
    return out


# and their names of several words ("johns hopkins", "mount sinai"), by first word
ORG_PHRASES = _by_first_word(_words("org_phrases.txt"))


def names_listed(title: str) -> bool:
    """Whether a headline may write a listed organisation's name of several words (a word of
    it opens one): only then does the story read it again with `names.analyze(listed=True)`."""
    return any(w.lower() in ORG_PHRASES for w in title.split())


def _words_by_language(name: str) -> dict[str, frozenset[str]]:
    """The words of a generated file per language section ("# language en: ..."), read once."""
    out: dict[str, set[str]] = {}
    current: set[str] = set()
    with open(_DATA / name, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("# language "):
                current = out.setdefault(line[len("# language ") :].split(":", 1)[0], set())
            elif line.strip() and not line.startswith("#"):
                current.add(line.strip())
    return {lang: frozenset(words) for lang, words in out.items()}


_COMMON_BY_LANGUAGE = _words_by_language("common_words.txt")
# The words a dictionary writes in lower case that are about as frequent in the other
# languages as in English ("data", "software", "privacy"): plain words where capitals say
# nothing (a headline's first word), but inside a sentence-case headline a capitalized one
# may be a brand ("Tandem"), as a name is about as frequent in every language.
DICTIONARY = _COMMON_BY_LANGUAGE.pop("en-dictionary", frozenset()) - ORG_NAMES
# A capitalized word that is not a common word of the headline languages is a name, a
# possible party of the news.
COMMON = (frozenset().union(*_COMMON_BY_LANGUAGE.values()) - ORG_NAMES) | STOP | GENERIC
# English's own common words (clearly more frequent in English than in the other languages):
# a lower-case one in a headline says it is written in English sentence case
ENGLISH = _COMMON_BY_LANGUAGE["en"] - ORG_NAMES
del _COMMON_BY_LANGUAGE
# The plain top of each language's word frequencies, names included: in a Title Case headline
# a word among them is a name only when the summary capitalizes it too.
FREQUENT = (_words("frequent_words.txt") - ORG_NAMES) | COMMON
# Currency codes (ISO 4217: those of `cues.txt`'s other currencies, and the dollar's and the
# euro's) before or after a figure ("USD 180 million") name no organisation.
_CURRENCY_CODES = frozenset(line.split()[-1].casefold() for line in sections("cues.txt")["foreign currencies"])
NOT_NAMES = _word_set("not_names") | _CURRENCY_CODES | {"usd", "eur"}
# Given names (bench/make_given_names.py, from general national name lists): a first and last
# name opening a headline is a person, no party.
GIVEN_NAMES = _words("given_names.txt")
ORG_SUFFIXES = _word_set("org_suffixes")
GERMAN_ORG_NOUNS = _word_set("org_nouns german")
ORG_NOUNS = _word_set("org_nouns") | GERMAN_ORG_NOUNS


def german_kind(word: str) -> bool:
    """Whether a word of a German headline names a kind of organisation, alone ("Start-up",
    "Anbieter") or as the head of a compound ("Softwarefirma"): the name after it is the
    organisation, the kind no part of it."""
    low = word.lower()
    if low in ORG_NOUNS:
        return True
    if "-" in low:  # "KI-Anbieter", "Gesundheits-Start-up": a hyphened compound's head
        parts = low.split("-")
        if any("-".join(parts[k:]) in ORG_NOUNS for k in range(1, len(parts))):
            return True
    return any(low.endswith(noun) and len(low) > len(noun) + 2 for noun in GERMAN_ORG_NOUNS)


CONNECTORS = _word_set("connectors")
# German function words only German writes: one of them makes a headline German
GERMAN = _word_set("german") - _word_set("german shared")
ALIASES = dict(zip(_LISTS["aliases"][::2], _LISTS["aliases"][1::2], strict=True))
_MAKER_LISTS = {name: [tuple(line.split("\t")) for line in lines] for name, lines in sections("makers.txt").items()}
# (product, maker) as written, every list of data/makers.txt, the longest product first
MAKER_NAMES = sorted((row for rows in _MAKER_LISTS.values() for row in rows), key=lambda row: len(row[0]), reverse=True)
# one-word products that are nothing else, folded -> the maker's first word ("dax" -> "nuance")
MAKERS = {
    product.casefold(): maker.casefold().split()[0]
    for product, maker in _MAKER_LISTS["names"]
    if " " not in product and "-" not in product
}
JOINERS = _word_set("joiners")
OBJECT_CUES = _word_set("object_cues")
DEAL_OBJECTS = _word_set("deal_objects")
REFERENCE_CUES = _word_set("reference_cues")
DEAL_NOUNS = _word_set("deal_nouns")
PERSON_TITLES = _word_set("person_titles")
AUTHORITIES = _word_set("authorities")
REGULATORS = _word_set("regulators")
# offices of the state and the conferences news is announced at: who acted, or where; no party
NOT_PARTIES = AUTHORITIES | _word_set("events")
SPEECH_VERBS = _word_set("speech_verbs")
