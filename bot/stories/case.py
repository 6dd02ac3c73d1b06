"""How a headline is capitalized, and which of its capitalized words are plain words.

Promise (pure; word lists read once at import by `lexicon`): `is_title_case(words)` says
whether capitals say little about names in a headline (Title Case), and `frequent_word(low)`
whether a lower-cased word is a frequent word of the headline languages or an English
inflection or derivation of one, which Title Case capitalizes as it does a name. The name
finder (`names`) asks both.
"""

from __future__ import annotations

from bot.stories.labels import is_kind_word
from bot.stories.lexicon import ENGLISH, FREQUENT, GERMAN, STOP
from bot.stories.memo import memo

BREAKS = frozenset({",", ":", ";", "?", "!"})  # punctuation tokens of a headline (`names` too)


def is_title_case(ws: list[str]) -> bool:
    """Most longer words capitalized after the first: a Title Case headline, where capitals
    say little about names."""
    # The first word is capitalized anyway, and punctuation before it is no word: skipped.
    # Punctuation after it is too short to count: no filtered copy of the list is needed.
    start = 0
    while start < len(ws) and ws[start] in BREAKS:
        start += 1
    # Words of three letters count unless they are function words, which styles of Title Case
    # leave in lower case ("and", "for"), and acronyms are capitalized in any case: a short
    # headline ("Novartis And Microsoft Set Up AI Innovation Lab") has few longer words.
    # A lower-case English word of four letters or more that is no function word (a verb, a
    # noun: "Baylor Scott & White Health picks Abridge") is rare in Title Case: with one,
    # nearly all the other words must be capitalized.
    if not GERMAN.isdisjoint(ws):
        # German orthography capitalizes every noun and has no Title Case (headlines follow
        # the ordinary rules): with a function word only German writes ("mit", "und", "für"),
        # capitals say what sentence case says, however many nouns there are
        return False
    long_words = upper = plain = 0
    for w in ws[start + 1 :]:
        if (len(w) > 3 or (len(w) == 3 and not w.isupper() and w.lower() not in STOP)) and w[0].isalpha():
            long_words += 1
            if w[0].isupper():
                upper += 1
            elif len(w) > 3 and w in ENGLISH and w not in STOP:
                plain += 1
    return long_words >= 3 and upper >= (0.85 if plain else 0.7) * long_words


def _frequent(low: str) -> bool:
    """A frequent word, or an English inflection of one ("Leverages", "Expanded", "Scaling")
    or a "-wide" compound of one ("Systemwide"): Title Case capitalizes verbs and adverbs
    that frequency lists hold in their base form (English morphology, nothing fitted)."""
    if low in FREQUENT or is_kind_word(low):
        return True
    if len(low) < 6:
        return False  # "Hims", "Eded": too short to tell an inflection from a name
    if low.endswith("wide"):
        return low[:-4] in FREQUENT
    for suffix, base in _INFLECTIONS:
        if low.endswith(suffix) and (stem := low[: -len(suffix)] + base) in FREQUENT and len(stem) > 3:
            return True
    return any(low.endswith(suffix) and len(low) - len(suffix) > 4 and low[: -len(suffix)] + base in FREQUENT
               for suffix, base in _DERIVED)


frequent_word = memo(_frequent, 65_536)  # Title Case words repeat across headlines


# English inflections to their base: leverages -> leverage, launches -> launch, expanded ->
# expand, scaling -> scale, deploys -> deploy, pilots -> pilot
_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))
# English verbs and nouns made with -ize/-ise from a frequent word: personalize -> personal,
# summarization -> summarize (the suffixes only, whose stems are no names: "-ic" or "-er"
# would read "Limbic" or "Servier" as words)
_DERIVED = (("ization", "ize"), ("isation", "ise"), ("ize", ""), ("ise", ""), ("izes", ""), ("ized", ""),
            ("izing", ""))
