"""Headline text for story matching: normalized titles, name keys, amounts, event cues.

Promises (all pure, no I/O, deterministic across processes):

- `strip_outlet(title, outlet)` removes a trailing " - Outlet" (Google News appends the
  publisher) and `title_key(title)` folds case, accents and punctuation, so two copies of one
  headline compare equal.
- `tokens(text)` gives lower-case content words (stop words and domain-generic words such as
  "ai" or "partnership" removed, plurals folded) for similarity.
- `names`, `parties`, `name_runs` and `analyze` (the names and parties of a headline) live in
  `bot.stories.names` and are re-exported here.
"""

from __future__ import annotations

import re
import unicodedata

from bot.stories.lexicon import (
    COMMON,
    GENERIC,
    GIVEN_NAMES,
    ORG_NAMES,
    ORG_SUFFIXES,
    PERSON_TITLES,
    SPEECH_VERBS,
    STOP,
)
from bot.stories.memo import memo

# a word the name finder reads: Latin-script words, and CJK characters one by one
NAME_WORD = r"\$?[0-9A-Za-z\u00C0-\u024F]+(?:['’.\-+&][0-9A-Za-z\u00C0-\u024F]+)*|[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]"
_WORD_RE = re.compile(
    NAME_WORD
    # and the caseless alphabets' words (Hebrew, Arabic, Devanagari, Thai): words to compare
    # texts by, never names (the name finder leaves them out: `names`)
    + r"|[\u05d0-\u05ea\u0620-\u064a\u066e-\u06d3\u0900-\u0963\u0e01-\u0e4e]+"
)
_DASH_SUFFIX_RE = re.compile(r"\s+[-–—|]\s+([^-–—|]{2,60})$")
_HYPHEN_LOWER_RE = re.compile(r"-[a-z]")
_HYPHEN_UPPER_RE = re.compile(r"-[^\W\d_a-z]")  # a letter after the hyphen, not ASCII lower case
# "Nvidia-backed", "Hassabis-led", "Mayo-developed": the name is the part before the hyphen
# (English participles of who leads, backs, makes, owns or runs a thing).
_ATTRIBUTIVE_RE = re.compile(r"-(?:led|backed|based|built|owned|powered|funded|made|run|developed|designed|"
                             r"created|founded|operated|sponsored|supported)$", re.I)


def fold(text: str) -> str:
    """NFKC, lower case, accents removed: the form every comparison uses."""
    if text.isascii():
        return text.lower()  # the common case, and 50 times faster than the general one
    return unaccented(unicodedata.normalize("NFKC", text).lower().replace("’", "'"))


def unaccented(text: str) -> str:
    """NFKD with the combining marks removed, case kept: a cue pattern in the form `fold` gives
    the text it is matched against (a pattern's escapes must keep their case)."""
    text = unicodedata.normalize("NFKD", text)
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


def content_form(word: str) -> str:
    """The stemmed content form of one folded word, or "" for a stop or generic word."""
    word = word.strip("'’.-")
    if not word or word in STOP or word in GENERIC:
        return ""
    stem = _stem(word)
    return "" if stem in GENERIC else stem


content_word = memo(content_form, 65_536)  # headlines repeat their words


def folded_words(text: str) -> list[str]:
    """`words(text)` in folded form: what word sets and content words are built from."""
    if text.isascii():
        if "-" not in text and "'" not in text:
            # No hyphen or possessive to split: the words of the lower-cased text are the same
            # (ASCII case changes no word boundary), without a pass per word.
            return _WORD_RE.findall(text.lower())
        return [w.lower() for w in words(text)]
    return [fold(w) for w in words(text)]


# A German compound's first part ending in the linking "s" its suffix requires ("Universitäts-",
# "Forschungs-", "Gesundheits-": -ung, -heit, -keit, -schaft, -ion, -tät, -ling, -tum; German
# word formation) modifies the noun after it: one word, never a pair of names.
_LINKED_RE = re.compile(r"(?:ung|heit|keit|schaft|ion|tät|ling|tum)s$")
# French joins a saint's name to what is named after it with a hyphen ("Hôpital Saint-Vivien",
# "Sainte-Justine", "Saint-Gobain"): one name (French orthography of such names).
_SAINTS = frozenset({"saint", "sainte", "st", "ste"})


def _split_hyphen(token: str) -> list[str]:
    if token[:3].lower() == "ex-" and len(token) > 3:
        # "Ex-DeepMind scientist", "ex-Pfizer executive": a former employer describes a person,
        # no party (the prefix of English and the European languages)
        return [token.lower()]
    # "Lilly-Nvidia", "Joint Commission-CHAI", German "Lumenic-Übernahme": two words (a capital
    # after the hyphen, accented ones included); "GPT-4", "co-led": one word; and so is a
    # compound whose last part is in lower case: German "Gesundheits-Start-up" is one noun,
    # its head "Start-up". So is a name with a one-letter part ("T-Mobile", Korean "Dong-A"):
    # a single letter is an initial of the name, never a name of its own.
    if ("-" in token and token[0].isupper() and any(m.group()[1].isupper() for m in _HYPHEN_UPPER_RE.finditer(token))
            and not token.rsplit("-", 1)[1].islower()):
        parts = token.split("-")
        if (any(len(part) == 1 for part in parts) or any(_LINKED_RE.search(part) for part in parts[:-1])
                or parts[0].lower() in _SAINTS):
            return [token]
        out: list[str] = []
        for k, part in enumerate(parts):
            if k:
                out.append("-")
            out.append(part)
        return [p for p in out if p]
    return [token]


_BRAND_HEAD_RE = re.compile(r"([A-Za-z]\w*):([A-Z]\w*)")
_DOMAIN_RE = re.compile(r"^([a-z0-9]+)\.(?:ai|io|com|co|health|bio|app|net|org|tech|care|med)$")


def brand_keys(runs: list[tuple[tuple[str, ...], int]], brands: dict[str, str]) -> list[tuple[tuple[str, ...], int]]:
    """Brand spellings keyed by their distinctive word: "Name:Name" by its first word, "Name.ai"
    by the name without its web suffix (other coverage writes "Name")."""
    out: dict[tuple[str, ...], int] = {}  # key -> kind (the strongest of its runs)
    for key, kind in runs:
        new = tuple(_DOMAIN_RE.sub(r"\1", k) for k in key)
        for k, word in enumerate(new):
            head = brands.get(word)
            if head is not None:  # the brand's tail: keyed by its head (a common word dropped it)
                new = (*new[:k], head) if head not in new[:k] else new[:k]
                break
        out[new] = max(out.get(new, kind), kind)
    return list(out.items())


_CAMEL_PAIR_RE = re.compile(r"[a-z][A-Z]")


def _person_shape(run: list[str]) -> bool:
    # Plain capitalized words: no acronym, CamelCase, digit or org suffix ("Jane Roe", not "Roe Labs").
    for w in run:
        if w == "-":
            continue
        if not (w[:1].isupper() and w.isalpha() and not w.isupper() and not _CAMEL_PAIR_RE.search(w)):
            return False
        if w.lower() in ORG_SUFFIXES:
            return False
    return 0 < len(run) <= 4


def is_person(run: list[str], before: str, after: str, context: str) -> bool:
    """Whether a name run is a person, told by the words around it or by its shape: a person
    title right before it ("CEO Jane Roe", "Dr. Roe"), a verb of statement right after a first
    and last name ("Jane Roe says"), a given name of the national name lists and a surname that
    is no common word ("Ali Parsa takes ...", not "Charles River"), or a summary that calls the
    person by the surname alone with a verb of statement ("Roe said"), which is how news writes
    people, not companies."""
    if len(run) < 2 and before not in PERSON_TITLES:
        return False  # one word (most runs) is a person only after a title: no shape to read
    if not _person_shape(run):
        return False
    if before in PERSON_TITLES:
        return True
    plain = [w for w in run if w != "-"]
    if len(plain) >= 2 and after in SPEECH_VERBS:
        return True
    if given_and_surname(plain):
        return True  # "Ali Parsa takes ...": a given name and a surname (not "Charles River")
    return len(plain) >= 2 and _called_by_surname(plain[-1], context)


def given_and_surname(words: list[str] | tuple[str, ...]) -> bool:
    """Two or three words, a given name first and no common word or listed organisation's name
    last ("Ali Parsa", "thomas clozel"; not "Charles River", "Eli Lilly"): a person's name, as
    written or as a folded key."""
    last = words[-1].lower()
    # a listed organisation named for its founder is the organisation ("Eli Lilly")
    return 2 <= len(words) <= 3 and fold(words[0]) in GIVEN_NAMES and last not in COMMON and last not in ORG_NAMES


# "Jane Roe on why ...": the interview headline's form, a person and the question she answers
_QUESTION_WORDS = frozenset({"why", "how", "what", "whether", "where", "when"})


def interviewed(run: list[str], after: str, then: str) -> bool:
    """Whether a first and last name opening a headline is a person interviewed: "Jane Roe on
    why ...", "... on how ..." (the interview headline of English newswriting; a company is
    written "Qubrix CEO on why ...")."""
    plain = [w for w in run if w != "-"]
    return 2 <= len(plain) <= 3 and after == "on" and then in _QUESTION_WORDS and _person_shape(run)


def _called_by_surname(surname: str, text: str) -> bool:
    if surname not in text:
        return False
    for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?:'s)? (\w+)", text):
        start = m.start()
        if start and text[start - 1] == " " and text[:start].rstrip().rsplit(" ", 1)[-1][:1].isupper():
            continue  # "Jane Roe says": the full name, counted by the title test
        if m.group(1).lower() in SPEECH_VERBS:
            return True
    return False
