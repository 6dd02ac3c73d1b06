"""A short extractive summary for a story. Pure: texts in, one string out.

`summarize(texts)` picks the best text the feed gave for a story (the longest one left after
removing boilerplate such as "The post ... appeared first on ...", "Continue reading", "[…]"),
and returns its first sentences: at most `max_sentences` and `max_chars`. Sentences end at
`.`, `!` or `?` followed by a space and a capital, digit or quote, except after known
abbreviations ("Dr.", "U.S.", "Inc.", "Jan."), single initials ("J. Smith") and inside
decimals ("3.5"). When even the first sentence is too long, the cut falls at a word boundary
and ends with an ellipsis; never mid-word.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"

ABBREVIATIONS = frozenset(
    {
        "dr", "mr", "mrs", "ms", "prof", "sr", "jr", "st", "mt", "ft", "gen", "gov", "sen",
        "rep", "rev", "hon", "pres", "lt", "col", "capt", "sgt",  # titles
        "inc", "ltd", "co", "corp", "llc", "plc", "bros", "dept", "univ", "assn",  # bodies
        "no", "vs", "etc", "al", "approx", "est", "fig",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "wed", "thu", "fri", "sat", "sun",
        "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "ph.d", "m.d", "d.c", "n.y", "l.a", "u.s.a",
    }
)

# Boilerplate that feeds append to summaries (WordPress, Google News, "read more" links).
_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bThe post\b.{0,300}?\bappeared first on\b.{0,200}?(?:\.|$)",
        r"\b(?:Continue|Keep) reading\b.{0,120}$",
        r"\bRead (?:more|the full (?:story|article))\b.{0,120}$",
        r"\bClick here\b.{0,120}$",
        r"\[\s*(?:…|\.\.\.|&hellip;)\s*\]",
        r"\bView (?:full coverage|on [A-Z][\w ]+)\b.{0,60}$",
        r"\bThis (?:article|story) (?:was )?(?:originally )?(?:appeared|published) (?:first )?(?:on|in)\b.{0,200}$",
        r"\bSubscribe (?:now|today|to our newsletter)\b.{0,200}$",
    )
]
_SPACE = re.compile(r"\s+")
# A candidate boundary: terminal punctuation (with closing quotes/brackets), then space.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9\u00C0-\u024F])")


def clean(text: str) -> str:
    """One line of text with feed boilerplate removed."""
    text = _SPACE.sub(" ", text).strip()
    for pattern in _BOILERPLATE:
        text = pattern.sub("", text).strip()
    return _SPACE.sub(" ", text).strip(" -–—|")


def _ends_sentence(text: str, end: int) -> bool:
    """Whether the punctuation ending at `end` closes a sentence (not an abbreviation)."""
    head = text[:end].rstrip("\"'”’)]")
    if not head.endswith("."):
        return True  # ! and ? always end sentences
    word = head[:-1].rsplit(" ", 1)[-1].lstrip("(\"'“‘[").lower()
    if word in ABBREVIATIONS:
        return False
    return not (len(word) == 1 and word.isalpha())  # an initial: "J. Smith"


def sentences(text: str) -> list[str]:
    """Split one clean line into sentences (decimals never match: no space after the dot)."""
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        punct_end = match.end() - (len(match.group()) - len(match.group().rstrip()))
        if _ends_sentence(text, punct_end):
            out.append(text[start:punct_end].strip())
            start = match.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def cut_words(text: str, max_chars: int) -> str:
    """At most `max_chars` (ellipsis included), ending on a whole word."""
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - len(ELLIPSIS) + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > 0 else cut[: max_chars - len(ELLIPSIS)]
    return cut.rstrip(" ,;:-–—") + ELLIPSIS


def best_text(texts: list[str], title: str | None = None) -> str:
    """The longest clean text, skipping ones that merely repeat the title (Google News)."""
    norm_title = _SPACE.sub(" ", title or "").strip().lower()
    best = ""
    for raw in texts:
        text = clean(raw or "")
        if norm_title and text.lower().startswith(norm_title) and len(text) < len(norm_title) + 60:
            continue
        if len(text) > len(best):
            best = text
    return best


def summarize(
    texts: list[str], max_sentences: int = 3, max_chars: int = 400, *, title: str | None = None
) -> str:
    """The first whole sentences of the best text, within both limits; "" when nothing is left."""
    text = best_text(texts, title)
    if not text:
        return ""
    chosen: list[str] = []
    for sentence in sentences(text)[:max_sentences]:
        if len(" ".join([*chosen, sentence])) > max_chars:
            break
        chosen.append(sentence)
    if chosen:
        return " ".join(chosen)
    return cut_words(text, max_chars)
