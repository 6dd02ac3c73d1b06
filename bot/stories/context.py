"""How a headline's summary writes its words: the context that tells a name from a word.

Promise (pure): `Context(summary, full=...)` answers whether the summary's lede (its first 400
characters) writes a word in lower case (`has_lower`: "recap", so a "Recap" opening the
headline is no name) or capitalizes it mid-sentence (`has_caps`: "Mayo", so it is one), and
gives both word sets (`sets`, from `case_sets`: a word right after a sentence end counts as
neither capitalized nor not). The sets are computed on first use, from the lede, unless
`full` asks for them at once, from the whole summary (a Title Case headline always needs
them): most headlines never ask.
"""

from __future__ import annotations


class Context:
    """How the summary writes words (computed on first use: most headlines never ask)."""

    def __init__(self, text: str, *, full: bool) -> None:
        self.text = text[:_CONTEXT_CHARS]
        self._sets = case_sets(text) if full else None
        self._lower: str | None = None

    def sets(self) -> tuple[set[str], set[str]]:
        if self._sets is None:
            self._sets = case_sets(self.text)
        return self._sets

    def has_lower(self, low: str) -> bool:
        # A substring test first: most words never occur in the summary at all.
        return low in self.text and low in self.sets()[1]

    def has_caps(self, word: str) -> bool:
        if self._lower is None:
            self._lower = self.text.lower()  # once, not once a word asked about
        return word[1:].lower() in self._lower and word.lower() in self.sets()[0]


def case_sets(text: str) -> tuple[set[str], set[str]]:
    """Words the summary capitalizes mid-sentence, and words it writes in lower case."""
    caps: set[str] = set()
    lower: set[str] = set()
    sentence_start = True
    for raw in text.split():
        if raw.isalpha() and raw[0].islower():
            lower.add(raw)  # a plain lower-case word, most of a summary: nothing to strip
            sentence_start = False
            continue
        word = raw.strip(PUNCT)
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if word[:1].islower():
            lower.add(word)
        elif word[:1].isupper() and not sentence_start:
            caps.add(word.lower())
        # a semicolon joins two clauses of one sentence: English capitalizes no word after it
        # but a name ("...; Ada says"), so it opens no sentence
        sentence_start = raw.endswith((".", "!", "?", ":"))
    return caps, lower


# What a word may carry around it in running text (stripped before it is classified).
PUNCT = ".,;:!?()[]{}\"'“”‘’«»"
_CONTEXT_CHARS = 400  # the lede says how the summary writes the headline's words
