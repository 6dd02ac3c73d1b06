"""Headline text for story matching: normalized titles, name keys, amounts, event cues.

Promises (all pure, no I/O, deterministic across processes):

- `strip_outlet(title, outlet)` removes a trailing " - Outlet" (Google News appends the
  publisher) and `title_key(title)` folds case, accents and punctuation, so two copies of one
  headline compare equal.
- `tokens(text)` gives lower-case content words (stop words and domain-generic words such as
  "ai" or "partnership" removed, plurals folded) for similarity.
- `names(text)` finds the named parties of a headline (capitalized runs, acronyms, CamelCase)
  as tuples of key words with generic org suffixes ("Health", "Clinic", "Labs") removed, so
  "Mayo Clinic" and "Mayo" give the same key.
- `parties(text)` keeps the names that are parties of the news (not products or places).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.wordlists import (
    COMMON,
    CONNECTORS,
    DEAL_NOUNS,
    DEAL_OBJECTS,
    GENERIC,
    JOINERS,
    KNOWN_ORGS,
    NOT_NAMES,
    OBJECT_CUES,
    ORG_SUFFIXES,
    STOP,
)

_WORD_RE = re.compile(
    r"\$?[0-9A-Za-z\u00C0-\u024F]+(?:['’.\-+&][0-9A-Za-z\u00C0-\u024F]+)*|[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]"
)
_DASH_SUFFIX_RE = re.compile(r"\s+[-–—|]\s+([^-–—|]{2,60})$")
_POSSESSIVE_RE = re.compile(r"['’]s$")
_CAMEL_RE = re.compile(r"[a-z][A-Z]")
_KEY_DROP = ORG_SUFFIXES | CONNECTORS | GENERIC | STOP  # words that never identify an org
_HYPHEN_LOWER_RE = re.compile(r"-[a-z]")
_HYPHEN_UPPER_RE = re.compile(r"-[A-Z]")
# "Nvidia-backed", "Hassabis-led": the name is the part before the hyphen.
_ATTRIBUTIVE_RE = re.compile(r"-(?:led|backed|based|built|owned|powered|funded|made|run)$", re.I)


def fold(text: str) -> str:
    """NFKC, lower case, accents removed: the form every comparison uses."""
    if text.isascii():
        return text.lower()  # the common case, and 50 times faster than the general one
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).lower().replace("’", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def strip_outlet(title: str, outlet: str | None = None) -> str:
    """The headline without a trailing " - Outlet".

    Google News titles always end in " - Publisher". Other feeds sometimes do too, so a
    suffix is removed when it names the outlet, or when it is short and reads like a name
    (every word capitalized), which a sentence fragment such as " - Epic to launch ..." is not.
    """
    title = " ".join(title.split())
    if "-" not in title and "|" not in title and "–" not in title and "—" not in title:
        return title  # no separator, no suffix: substring tests are cheaper than the search
    match = _DASH_SUFFIX_RE.search(title)
    if not match:
        return title
    suffix = match.group(1).strip()
    if outlet and title_key(suffix) == title_key(outlet):
        return title[: match.start()].strip()
    words = suffix.split()
    looks_like_name = len(words) <= 5 and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in {"of", "the", "and", "&", "for"} for w in words
    )
    return title[: match.start()].strip() if looks_like_name else title


def title_key(title: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a headline, for exact matching."""
    found = _WORD_RE.findall(fold(title))
    if "'" in title or "’" in title:
        return " ".join(w.strip("'’") for w in found)
    return " ".join(found)


def words(text: str) -> list[str]:
    """Words as written (case kept), possessives removed, "Lilly-Nvidia" split in two."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    out = []
    for token in _WORD_RE.findall(text):
        if "-" not in token and "'" not in token and "’" not in token:
            out.append(token)  # the common case: a plain word
            continue
        parts = _split_hyphen(token) if "-" in token else (token,)
        for part in parts:
            if part == "-":
                continue
            if part.endswith(("'s", "’s")):
                part = part[:-2]
            if "-" in part:
                part = _ATTRIBUTIVE_RE.sub("", part)
            out.append(part)
    return out


def _stem(word: str) -> str:
    # Plural folding only: "partnerships" -> "partnership", "agents" -> "agent".
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Content words for similarity: folded, stemmed, no stop words or generic domain words."""
    return content_words([fold(w) for w in words(text)])


def content_words(folded: list[str]) -> list[str]:
    """`tokens` for words already split and folded."""
    return [stem for stem in map(content_word, folded) if stem]


@lru_cache(maxsize=65_536)
def content_word(word: str) -> str:
    """The stemmed content form of one folded word, or "" for a stop or generic word."""
    word = word.strip("'’.-")
    if not word or word in STOP or word in GENERIC:
        return ""
    stem = _stem(word)
    return "" if stem in GENERIC else stem


def folded_words(text: str) -> list[str]:
    """`words(text)` in folded form: what word sets and content words are built from."""
    if text.isascii():
        if "-" not in text and "'" not in text:
            # No hyphen or possessive to split: the words of the lower-cased text are the same
            # (ASCII case changes no word boundary), without a pass per word.
            return _WORD_RE.findall(text.lower())
        return [w.lower() for w in words(text)]
    return [fold(w) for w in words(text)]


def _is_title_case(ws: list[str]) -> bool:
    long_words = upper = 0
    for w in ws[1:]:
        if len(w) > 3 and w[0].isalpha():
            long_words += 1
            upper += w[0].isupper()
    return long_words >= 3 and upper >= 0.7 * long_words


# Ordered: a class below _STRONG is never a name word, one above it may be one in context.
_PLAIN, _NEVER, _STRONG, _COMMON_CAP, _OTHER_CAP = range(5)
Run = tuple[tuple[str, ...], bool]  # a name's key words, and whether it is a party of the news


@lru_cache(maxsize=65_536)
def _word_class(word: str) -> int:
    """What a word is on its own, before context: cached, since headlines repeat words."""
    if not word or not word[0].isalnum():
        return _PLAIN
    camel = _CAMEL_RE.search(word) is not None
    if not word[0].isupper() and not camel:
        return _PLAIN
    low = word.lower()
    if low in NOT_NAMES:
        return _NEVER
    if (word.isupper() and len(word) >= 2) or camel or low in KNOWN_ORGS or low in ORG_SUFFIXES:
        return _STRONG  # acronym (CHAI), CamelCase (OpenAI), known org, org suffix
    if low in STOP or low in COMMON or low in GENERIC:
        return _COMMON_CAP
    return _OTHER_CAP


def _name_word(word: str, *, initial: bool, title_case: bool, ctx: _Context) -> bool:
    kind = _word_class(word)
    if kind in (_PLAIN, _NEVER):
        return False
    if kind == _STRONG:
        return True
    low = word.lower()
    if initial and (("-" in word and _HYPHEN_LOWER_RE.search(word)) or ctx.has_lower(low)):
        return False  # "Consultant's recap", "Long-awaited FDA draft": an ordinary first word
    if title_case:
        # In Title Case every word is capitalized; trust it only if the summary capitalizes
        # it mid-sentence too, or if it is not a common headline word.
        caps, lower = ctx.sets()
        if low in lower and low not in caps:
            return False  # the summary writes it in lower case: a plain word
        return low in caps or kind == _OTHER_CAP
    return not (initial and kind == _COMMON_CAP)


def names(title: str, context: str = "") -> list[tuple[str, ...]]:
    """The names in `title`: runs of name words, as tuples of key words.

    `context` (the summary) helps decide which words of a Title Case headline are names.
    Generic org suffixes are dropped from the key ("Duke Health" -> ("duke",)); a run made
    only of generic words ("Health AI") gives nothing.
    """
    return [key for key, _ in name_runs(title, context)]


def parties(title: str, context: str = "") -> list[tuple[str, ...]]:
    """The names that are parties of the news, not objects or labels.

    A party is a known organization or carries an org suffix ("Mayo Clinic", "Isomorphic
    Labs"), is joined to another name ("X and Y", "X, Y", "X with Y", "X-Y"), owns something
    ("Epic's"), names a deal ("Microsoft partnership"), or opens the headline. Products
    ("GPT-4"), places and outlets in the middle of a headline are not parties.
    """
    return [key for key, party in name_runs(title, context) if party]


_TOKEN_RE = re.compile(rf"(?:{_WORD_RE.pattern})|[,:;]")
def name_runs(title: str, context: str = "") -> list[Run]:
    """(key, is_party) for every name run in `title`, in order, without duplicates."""
    return analyze(title, context)[2]


def analyze(title: str, context: str = "") -> tuple[str, list[str], list[Run]]:
    """`title_key(title)`, `folded_words(title)` and `name_runs(title, context)`, from one
    tokenization (the title key is tokenized again only for non-ASCII headlines)."""
    if title.isascii() and "-" not in title and "'" not in title:
        return _analyze_plain(title, context)
    return _analyze_general(title, context)


def _analyze_plain(title: str, context: str) -> tuple[str, list[str], list[Run]]:
    # ASCII, nothing to split or strip (most headlines): tokens are the words, and hold no space.
    raw = _TOKEN_RE.findall(title)
    kicker = 0
    for i, tok in enumerate(raw[:4]):
        if tok == ":":
            kicker = i + 1
    key = " ".join([t for t in raw if t not in _BREAKS]).lower()
    words = raw[kicker:] if kicker else raw
    return key, key.split(), _name_keys(words, [False] * len(words), context, ascii_only=True)


def _analyze_general(title: str, context: str) -> tuple[str, list[str], list[Run]]:
    raw = _TOKEN_RE.findall(title if title.isascii() else unicodedata.normalize("NFKC", title))
    words: list[str] = []
    owns: list[bool] = []  # possessive or attributive: owns or backs something
    kicker = 0
    for i, tok in enumerate(raw):
        if "-" not in tok and "'" not in tok and "’" not in tok:
            words.append(tok)
            owns.append(False)
            if tok == ":" and i < 4:
                kicker = len(words)  # "HIMSS23: ...", "Recap: ...": a kicker, not a party
            continue
        for part in _split_hyphen(tok):
            base = part[:-2] if part.endswith(("'s", "’s")) else part
            word = _ATTRIBUTIVE_RE.sub("", base) if "-" in base else base
            words.append(word)
            owns.append(word != part)
    plain = [w for w in words if w not in _BREAKS and w != "-"]
    if title.isascii():
        folded = [w.lower() for w in plain]
        key = " ".join([t for t in raw if t not in _BREAKS]).lower()
        if "'" in key:
            key = " ".join(w.strip("'") for w in key.split())
    else:
        folded, key = [fold(w) for w in plain], title_key(title)
    return key, folded, _name_keys(words[kicker:], owns[kicker:], context)


def _name_keys(words: list[str], owns: list[bool], context: str, *, ascii_only: bool = False) -> list[Run]:
    """(key, is_party) of a headline's name runs; `owns`: "Epic's", "Nvidia-backed" words."""
    title_case = _is_title_case([w for w in words if w not in _BREAKS])
    ctx = _Context(context, full=title_case)
    runs = _runs(words, title_case, ctx)
    out: dict[tuple[str, ...], bool] = {}
    size = len(words)
    for n, (a, b) in enumerate(runs):
        run = words[a:b]
        folded = [w.lower() for w in run] if ascii_only else list(map(fold, run))
        key = tuple([k for k in folded if k not in _KEY_DROP])
        if not key:
            continue
        before = words[a - 1].lower() if a > 0 else ""
        after = words[b].lower() if b < size else ""
        joined = (before in JOINERS and n > 0 and runs[n - 1][1] == a - 1) or (
            after in JOINERS and n + 1 < len(runs) and runs[n + 1][0] == b + 1
        )
        party = (
            not _ORG_WORDS.isdisjoint(folded)
            or joined
            or owns[b - 1]
            or after in DEAL_NOUNS
            or before in OBJECT_CUES
            or (before == "of" and a > 1 and words[a - 2].lower() in DEAL_OBJECTS)
            or (a == 0 and _strong_opening(run, ctx))
        )
        out[key] = out.get(key, False) or party
    return list(out.items())


_ORG_WORDS = KNOWN_ORGS | ORG_SUFFIXES
_BREAKS = frozenset({",", ":", ";"})
_INNER = frozenset({"of", "&", "for"})


def _runs(words: list[str], title_case: bool, ctx: _Context) -> list[tuple[int, int]]:
    """(start, end) of every run of name words ("Mayo Clinic", "Bank of America")."""
    classes = list(map(_word_class, words))
    size = len(words)
    runs: list[tuple[int, int]] = []
    end = 0
    for i, kind in enumerate(classes):
        # A run starts only at a name word: most words are plain and are passed over at once.
        if i < end or kind < _STRONG:
            continue
        j = i
        while j < size:
            kind = classes[j]
            name = kind == _STRONG or (
                kind > _STRONG
                and _name_word(words[j], initial=j == 0, title_case=title_case, ctx=ctx)
            )
            if not name and not (j > i and j + 1 < size and words[j].lower() in _INNER):
                break
            j += 1
        if j > i:
            runs.append((i, j))
            end = j
    return runs


def _strong_opening(run: list[str], ctx: _Context) -> bool:
    # A headline's first word is capitalized anyway: it is a party only when it looks like a
    # name on its own (several words, an acronym, CamelCase, or capitalized in the summary).
    first = run[0]
    if len(run) > 1 or first.isupper() or _CAMEL_RE.search(first) or ctx.has_caps(first):
        return True
    low = fold(first)
    return low not in COMMON and low not in STOP and low not in GENERIC and not ctx.has_lower(low)


class _Context:
    """How the summary writes words (computed on first use: most headlines never ask)."""

    def __init__(self, text: str, *, full: bool) -> None:
        self.text = text[:_CONTEXT_CHARS]
        self._sets = _context_case(text) if full else None

    def sets(self) -> tuple[set[str], set[str]]:
        if self._sets is None:
            self._sets = _context_case(self.text)
        return self._sets

    def has_lower(self, low: str) -> bool:
        # A substring test first: most words never occur in the summary at all.
        return low in self.text and low in self.sets()[1]

    def has_caps(self, word: str) -> bool:
        return word[1:].lower() in self.text.lower() and word.lower() in self.sets()[0]


def _split_hyphen(token: str) -> list[str]:
    # "Lilly-Nvidia", "Joint Commission-CHAI": two names; "GPT-4", "co-led": one word.
    if "-" in token and token[0].isupper() and _HYPHEN_UPPER_RE.search(token):
        parts = token.split("-")
        out: list[str] = []
        for k, part in enumerate(parts):
            if k:
                out.append("-")
            out.append(part)
        return [p for p in out if p]
    return [token]


def _context_case(text: str) -> tuple[set[str], set[str]]:
    """Words the summary capitalizes mid-sentence, and words it writes in lower case."""
    caps: set[str] = set()
    lower: set[str] = set()
    sentence_start = True
    for raw in text.split():
        if raw.isalpha() and raw[0].islower():
            lower.add(raw)  # a plain lower-case word, most of a summary: nothing to strip
            sentence_start = False
            continue
        word = raw.strip(_PUNCT)
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if word[:1].islower():
            lower.add(word)
        elif word[:1].isupper() and not sentence_start:
            caps.add(word.lower())
        sentence_start = raw.endswith((".", "!", "?", ":", ";"))
    return caps, lower


_PUNCT = ".,;:!?()[]{}\"'“”‘’«»"
_CONTEXT_CHARS = 400  # the lede says how the summary writes the headline's words
