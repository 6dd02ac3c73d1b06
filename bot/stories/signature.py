"""What story matching compares of an item: its signature (a live story's compact profile,
the union of its members' signatures, is `bot.stories.profile`).

Promises: `sign_item` reads a headline and its summary once (one tokenization shared by the
word sets, the content words, the MinHash shingles and the guard cues) and returns an
`ItemSignature`. Words are kept as stable 31-bit CRC-32 hashes (`bot.stories.minhash.word_hash`), so a
`profile.StoryProfile` stores them as flat `array('I')` columns (4 bytes a word instead of a set entry
and a string), its member MinHash signatures as one 2-D numpy array, and its identity keys as
64-bit BLAKE2b numbers. Everything a profile holds is bounded per story, and `to_record` /
`from_record` round-trip it exactly through JSON (version-1 records of word strings still load).

The MinHash tools and guard cues live in `bot.stories.minhash` and `bot.stories.cues`; they are re-exported
here for callers that know them from this module.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.stories.cues import (
    EXCLUSIVE_PHASES,
    ceilings,
    investor_words,
    is_commentary,
    is_interview,
    is_multi_deal,
    is_roundup,
    kinds,
    phases,
    rounds,
    upfronts,
    valuations,
    years,
)
from bot.stories.headline import (
    content_form,
    content_word,
    fold,
    folded_words,
    strip_outlet,
    title_key,
)
from bot.stories.labels import cjk_places, run_place_key
from bot.stories.lexicon import AREAS, COMMON, GENERIC, MAKERS, REGULATORS, STOP, names_listed
from bot.stories.memo import memo
from bot.stories.minhash import (
    BandIndex,
    MinHasher,
    Signature,
    jaccard,
    shingles,
    word_hash,
)
from bot.stories.money import amounts, money
from bot.stories.names import NAME, OWNER, PARTY, PLACE, analyze, name_runs
from bot.stories.runs import initials
from bot.stories.scripts import NATIVE, SOUND, native_names, native_sounds

__all__ = [
    "CORE_ITEMS",
    "EXCLUSIVE_PHASES",
    "MAX_SIGS",
    "BandIndex",
    "ItemSignature",
    "MinHasher",
    "Name",
    "Signature",
    "amounts",
    "distinct_hashes",
    "is_roundup",
    "jaccard",
    "key_hash",
    "lead_hashes",
    "name_hashes",
    "names_hashes",
    "phases",
    "rounds",
    "shingles",
    "sign_item",
    "years",
]

Name = tuple[str, ...]  # the key words of a named party: ("mayo",), ("joint", "commission")

MAX_SIGS = 4  # MinHash signatures a story keeps (`profile.StoryProfile`)
# A story's identity (the words and names later items are judged against) comes from its first
# items only: later coverage adds outlets and similarity evidence, never new parties.
CORE_ITEMS = 3
_LEDE_WORDS = 45  # the lede: enough of the summary to carry the news, not the boilerplate
_LEDE_CHARS = 300  # the same, in characters, for the cue patterns


# Headline word hash (as in `ItemSignature.title_tokens`) -> the clinical area it names.
AREA_OF = {word_hash(content_word(w)): area for area, words in AREAS.items() for w in words}
_AREA_HASHES = frozenset(AREA_OF)


def key_hash(key: str) -> int:
    """A stable 64-bit number for an identity key or a normalized headline."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def _name_hashes(name: Name) -> tuple[int, ...]:
    """The word hashes of a name's key words (what word sets are asked about)."""
    return tuple(word_hash(part) for part in name)


def _distinct_hashes(name: Name) -> tuple[int, ...]:
    """The word hashes of a name's distinctive key words (not common words): those a text must
    contain to name it. A name made only of common words ("Joint Commission") needs them all."""
    return tuple(word_hash(part) for part in name if part not in COMMON) or name_hashes(name)


def _content_hash(word: str) -> int | None:
    """The hash of a folded word's content form (`headline.content_word`), None for a stop or
    generic word: one memoized look-up per word instead of one for the form and one for its hash
    (the form is computed, not looked up: this is the memo entry of the word, and a word new to
    it is mostly new to every memo, so a look-up of its form would only miss as well)."""
    token = content_form(word)
    return word_hash(token) if token else None


# Memoized (`memo`): names and words repeat across headlines.
name_hashes = memo(_name_hashes, 1 << 16)


def names_hashes(names: tuple[Name, ...]) -> tuple[tuple[int, ...], ...]:
    """`name_hashes` of each name: a story's lead hashes as its names alone give them."""
    return tuple([name_hashes(n) for n in names])
distinct_hashes = memo(_distinct_hashes, 1 << 16)
_token_hash = memo(_content_hash, 1 << 16)


def lead_hashes(sig: ItemSignature) -> tuple[tuple[int, ...], ...]:
    """The word hashes a story led by this item keeps of its parties: `party_hashes`, or else
    `names_hashes(sig.parties)` read off `name_hashes` (a new story's parties are mostly names
    no story had: a memo entry of theirs would be one more miss to compute)."""
    if sig.party_hashes or not sig.parties:
        return sig.party_hashes
    of_name = dict(zip(sig.names, sig.name_hashes, strict=True))
    return tuple([of_name[name] for name in sig.parties])


def display(name: Name) -> str:
    """A name as explanations print it: "Joint Commission"."""
    return " ".join(name).title()


@dataclass(slots=True)
class ItemSignature:
    """Everything about one item that story matching compares, computed once per item.

    `words` are hashes of all folded words of title and summary (to ask "is this name
    mentioned at all?"); `tokens` are hashes of the content words of title and lede (for
    similarity); `names` are the names in the title, `parties` those that are parties, and
    `guard_names` those a story must already know for the item to join it (every name but
    owners, "Flagship's", and model or product numbers, "GPT-4").
    Treat it as immutable (not frozen only because frozen dataclasses build slower).
    """

    title: str
    title_key: str
    tokens: frozenset[int]
    title_tokens: frozenset[int]
    words: frozenset[int]
    names: tuple[Name, ...]
    name_hashes: tuple[tuple[int, ...], ...]  # the word hashes of each name, in order
    parties: tuple[Name, ...]
    guard_names: tuple[Name, ...]
    amounts: frozenset[int]
    title_amounts: frozenset[int]
    title_upfront: frozenset[int]  # the headline's firm figures that are an upfront payment
    years: frozenset[str]
    rounds: frozenset[str]
    phases: frozenset[str]
    kinds: frozenset[str]  # development kinds its headline states (`cues.kinds`)
    places: frozenset[str]  # places its headline names ("texas", "new york"): no names, no parties
    roundup: bool
    commentary: bool
    interview: bool
    minhash: Signature
    bands: tuple[int, ...] = ()
    title_hash: int = 0  # `key_hash(title_key)`: computed once, asked twice per item
    title_words: int = 0  # words in `title_key`
    foreign: bool = False  # a headline in another script (CJK, Devanagari, Arabic, Hebrew)
    # the organisations such a headline writes in its own script, as their English name keys
    # ("루닛" -> ("lunit",)): evidence across scripts only, never a guard of its own script
    native_names: tuple[Name, ...] = ()
    # the other words such a headline spells by sound (볼파라, ボルパラ), each as a one-word name,
    # and their consonant skeletons (`sounds`): evidence across scripts only
    sounds: tuple[Name, ...] = ()
    sound_keys: tuple[str, ...] = ()
    # per party, its key words' hashes and those of a capitalized common word its headline wrote
    # before it ("Kaiser" of "Kaiser Permanente", whose key is "permanente"): a report writing
    # that word alone ("Kaiser adopts X") names the party (empty: none such)
    party_hashes: tuple[tuple[int, ...], ...] = ()
    areas: frozenset[str] = frozenset()  # clinical areas its headline names (`AREA_OF`)
    # figures in other currencies (`money.foreign_key`), in its headline and summary, and in its
    # headline: evidence only ("1790億円" and "179 billion yen"), never a guard
    other_money: frozenset[int] = frozenset()
    title_other: frozenset[int] = frozenset()
    # its names come from its summary's first sentence: its headline names nobody ("Hospital
    # near Paris hit by cyberattack"; the summary names the hospital); such names are no
    # parties and guard nothing
    lede_named: bool = False


def sign_item(
    title: str, summary: str, outlet: str | None, hasher: MinHasher, bands: BandIndex | None = None
) -> ItemSignature:
    """Compute the `ItemSignature` of a headline and its (clean text) summary."""
    headline = strip_outlet(title, outlet)
    if (
        summary
        and fold(summary[:12]) == fold(headline[:12])
        and title_key(summary[: len(headline) + 20]).startswith(title_key(headline))
    ):
        summary = ""  # Google News descriptions only repeat the headline and the outlet
    # a listed organisation's name of several words is a name in a Title Case headline (the
    # story reads it; the relevance model's name features keep the reading they were fitted on)
    key, head_words, runs = analyze(headline, summary, listed=names_listed(headline))
    # one country in any of its forms ("Korea's X", "Korean X") is one place
    # (keyed as the place lists are: "A Los Angeles" and "Los Angeles", "New Zealand" opening a
    # headline or inside it, are one key)
    places = frozenset([run_place_key(name) for name, kind in runs if kind == PLACE])
    if places:
        runs = [run for run in runs if run[1] != PLACE]  # where the news happens, not who
    places |= cjk_places(headline)
    head_kinds = kinds(headline)
    foreign = not headline.isascii() and len(_OTHER_SCRIPT_RE.findall(headline)) >= _OTHER_SCRIPT_CHARS
    regulated = False
    if "approval" in head_kinds and runs and not foreign:
        # "FDA lets ... onto the market": the regulator acts on a product, whose maker (the
        # summary names it) is the news's party, as the maker's own report ("X wins De Novo
        # clearance") names it
        kept = [run for run in runs if not set(run[0]) <= REGULATORS]
        regulated, runs = len(kept) < len(runs), kept
    if "funding" in head_kinds and runs:
        # a round's investors stand behind the news like owners: no party of the round
        investors = investor_words(headline)
        runs = [(name, OWNER if kind == PARTY and set(name) <= investors else kind) for name, kind in runs]
    body_words = folded_words(summary) if summary else []
    title_tokens = [h for h in map(_token_hash, head_words) if h is not None]
    token_hashes = title_tokens + [h for h in map(_token_hash, body_words[:_LEDE_WORDS]) if h is not None]
    lede_named = False
    if (not runs or regulated) and summary:
        lede = " ".join(summary.split()[:_LEDE_WORDS])
        # names to find and compare stories by, no parties: the lede names more than the news's
        # parties (a researcher's university, a town, the outlet's source), and a guard of
        # them would split the headline's story from its other reports (nor a regulator:
        # every approval's report names it)
        lede_runs = [(key, NAME) for key, kind in name_runs(lede.split(". ")[0])
                     if kind != PLACE and not set(key) <= REGULATORS][:3]
        lede_named = not runs and bool(lede_runs)
        runs = runs + [run for run in lede_runs if run not in runs]
    head_amounts, head_other = money(headline)
    body_amounts, body_other = money(summary) if summary else (set(), set())
    text = f"{headline}. {summary[:_LEDE_CHARS]}"
    # A text the word pattern reads a word or two of (Cyrillic or Greek: only its figures and
    # Latin-script names are words) has no shingles to compare: two such reports of different
    # news share "2023" and would be copies by their Jaccard.
    few = len(token_hashes) < _MIN_WORDS or (len(token_hashes) < 2 * _MIN_WORDS and len(set(token_hashes)) < _MIN_WORDS)
    minhash = hasher.from_tokens(() if few else token_hashes)
    parties = tuple([name for name, kind in runs if kind == PARTY])
    all_words = {*head_words, *body_words}
    all_words.update(_extra_words(all_words))
    all_words.update(_spacing_variants(headline))
    if "&" in headline:
        all_words.update(initials(headline))  # "Johnson & Johnson" names "J&J"
    native = native_names(headline) if foreign else ()
    sounds = native_sounds(headline) if foreign else {}
    if foreign:
        all_words.update([NATIVE + w for name in native for w in name])
        all_words.update([SOUND + s for s in sounds])
    return ItemSignature(
        title=headline,
        title_key=key,
        tokens=frozenset(token_hashes),
        title_tokens=frozenset(title_tokens),
        words=frozenset(map(word_hash, all_words)).union(token_hashes),
        names=tuple([name for name, _ in runs]),
        name_hashes=tuple([tuple(map(word_hash, name)) for name, _ in runs]),  # names rarely repeat: no cache
        parties=parties,
        # a product named for its maker ("ChatGPT Enterprise") is that maker as a party
        guard_names=tuple([(MAKERS[name[0]],) if name[0] in MAKERS else name
                           for name, kind in runs if kind == PARTY and not _numbered(name)]),
        amounts=frozenset(head_amounts | body_amounts),
        # The headline's firm figures: a ceiling ("up to $1.2B") and an upfront payment
        # ("$120M") are two figures of one licensing deal, not two deals; nor is a valuation
        # ("$850M valuation") the size of the round another report headlines
        title_amounts=frozenset(head_amounts - ceilings(headline) - valuations(headline)) if head_amounts else frozenset(),
        title_upfront=frozenset(head_amounts & upfronts(headline)) if head_amounts else frozenset(),
        years=frozenset(years(headline)),
        rounds=frozenset(rounds(text) if ("eries" in text or "eed" in text) else ()),
        phases=frozenset(phases(text)),
        kinds=head_kinds,
        places=places,
        roundup=is_roundup(headline, summary) or is_multi_deal(headline, len(runs)),
        commentary=is_commentary(headline, summary),
        interview=is_interview(headline, summary),
        minhash=minhash,
        bands=tuple(bands.band_keys(minhash)) if bands is not None else (),
        title_hash=key_hash(key),
        title_words=len(key.split()),
        areas=frozenset([AREA_OF[h] for h in _AREA_HASHES.intersection(title_tokens)]),
        foreign=foreign,
        native_names=native,
        sounds=tuple((word,) for word in sounds.values()),
        sound_keys=tuple(sounds),
        party_hashes=_party_hashes(headline, parties) if parties and not foreign else (),
        other_money=frozenset(head_other | body_other) if head_other or body_other else frozenset(),
        title_other=frozenset(head_other) if head_other else frozenset(),
        lede_named=lede_named,
    )


def _party_hashes(headline: str, parties: tuple[Name, ...]) -> tuple[tuple[int, ...], ...]:
    """`ItemSignature.party_hashes`, or () when no party has such a word before it."""
    heads: list[str] = []
    lower = headline.lower()
    for name in parties:
        head = _word_before(headline, lower, name[0]).lower()
        heads.append(head if head in COMMON and head not in GENERIC and head not in STOP and head not in name else "")
    if not any(heads):
        return ()  # most headlines: nothing to add, no hashes computed
    return tuple((*name_hashes(name), word_hash(head)) if head else name_hashes(name)
                 for name, head in zip(parties, heads, strict=True))


def _word_before(headline: str, lower: str, word: str) -> str:
    """The capitalized word of letters right before `word` in the headline (`lower`: the
    headline in lower case), or "" (string searches: this runs for every party of every item)."""
    at = lower.find(word)
    if at < 2 or headline[at - 1] != " ":
        return ""
    before = headline[: at - 1].rsplit(" ", 1)[-1]
    return before if before[:1].isupper() and before.isalpha() else ""


_MIN_WORDS = 3  # content words below which a text's shingles are no evidence of a copy


def _extra_words(words: set[str]) -> list[str]:
    """Words a text names without writing them: "suki" for "suki.ai" (a brand written with its
    web suffix names the brand) and "openai" for "gpt-4o" (a text naming a model family names
    its maker, `lexicon.MAKERS`, so "OpenAI and Color" is no new party to "Color builds GPT-4o
    copilot")."""
    out = [MAKERS[w] for w in _MAKER_WORDS.intersection(words)]  # no maker word has a hyphen
    joined = " ".join(words)
    if "." in joined or "-" in joined:  # one substring test instead of two a word
        for w in words:
            if "." in w:
                out.append(w.split(".", 1)[0])
            if "-" in w:
                maker = MAKERS.get(w.split("-", 1)[0])
                if maker is not None:
                    out.append(maker)
    return out


_MAKER_WORDS = frozenset(MAKERS)
# A brand written as one word with inner capitals ("NotreDame", "HealthPartners")
_CAMEL_RE = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b")
_CAMEL_PART_RE = re.compile(r"[A-Z][a-z]+")
# What every such brand has, a capital between lower-case letters: a plain character-class scan
# rules most headlines out much faster than `_CAMEL_RE` (a word boundary tried at every place)
_INNER_CAPITAL_RE = re.compile(r"[a-z][A-Z][a-z]")


def _spacing_variants(headline: str) -> list[str]:
    """The words of a headline's one-word brands with inner capitals written apart: "NotreDame
    Intermédica" names "Notre Dame Intermedica", whose key keeps "dame" ("notre" is a common
    word). Outlets space such a brand or not, and the text writing it one way names it; and
    they shorten it to its capitals ("AZ" for AstraZeneca, "GSK" for GlaxoSmithKline)."""
    if not _INNER_CAPITAL_RE.search(headline):
        return []
    out = []
    for m in _CAMEL_RE.finditer(headline):
        parts = _CAMEL_PART_RE.findall(m.group(0))
        out += [fold(part) for part in parts]
        out.append("".join(part[0] for part in parts).lower())  # its capitals: "AZ" for "AstraZeneca"
    return out


def _numbered(name: Name) -> bool:
    """Whether a name has a digit ("GPT-4"): a model or product number, no party to guard.
    A word of letters only has none (no character is both), one C call instead of a loop."""
    for part in name:  # noqa: SIM110 - a plain loop: any() over a generator costs a frame per call
        if not part.isalpha() and any(c.isdigit() for c in part):
            return True
    return False


# Han, kana and Hangul: a headline with a few of these is written in another script, and shares
# with Latin-script coverage only its names in Latin letters, its figures and its date.
# CJK, and the alphabets whose names `sounds` reads: Devanagari, Arabic, Hebrew (Cyrillic news
# keeps foreign names in Latin letters as often as not: its capitals are compared as names)
_OTHER_SCRIPT_RE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af\u0900-\u097f\u0600-\u06ff\u0590-\u05ff]")
_OTHER_SCRIPT_CHARS = 4
