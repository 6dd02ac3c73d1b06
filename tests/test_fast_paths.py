"""Fast paths of story signing agree with the general code they stand in for.

Each test generates thousands of headlines and summaries from a vocabulary that mixes names,
acronyms, CamelCase, org suffixes, joiners, stop words, figures, possessives and hyphens, and
compares the fast path with the general (or the former) computation: the output must be equal.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from bot.models import Item
from bot.stories import headline as titles
from bot.stories import names as headnames
from bot.stories import runs as headruns
from bot.stories.index import StoryIndex
from bot.stories.judge import Thresholds, guards, judge
from bot.stories.parties import present, shared_names
from bot.stories.profile import StoryProfile
from bot.stories.signature import ItemSignature, MinHasher, sign_item

_NAMES = ["Mayo", "Clinic", "Microsoft", "Epic", "OpenAI", "CHAI", "Joint", "Commission", "Kalomine",
          "Rusaxedro", "Health", "Labs", "Bio", "AI", "Google", "Bank", "America", "Duke", "Nvidia"]
_PLAIN = ["partners", "with", "and", "on", "of", "the", "deal", "for", "&", "acquires", "taps", "new",
          "ambient", "scribe", "launches", "partnership", "in", "to", "pact", "acquisition", "lomi",
          "neru", "raises", "series", "b", "c", "2024", "2025", "closes", "completes", "$50M", "$2.1 billion", "what", "why", "pilot"]
_ODD = ["Epic's", "Nvidia-backed", "Lilly-Nvidia", "GPT-4", "co-led", "Mercy's", "Zürich", "Café"]
_PUNCT = [",", ":", ";", "."]


def headline(rng: random.Random, *, odd: bool) -> str:
    words = []
    for _ in range(rng.randint(1, 16)):
        pool = rng.choice((_NAMES, _NAMES, _PLAIN, _PLAIN, _PLAIN, _PUNCT, _ODD if odd else _PLAIN))
        word = rng.choice(pool)
        words.append(word.lower() if rng.random() < 0.1 else word.title() if rng.random() < 0.1 else word)
    return " ".join(words)


def _reference_runs(words: list[str], owns: list[bool], title_case: bool, ctx: headnames._Context) -> list[tuple[int, int]]:
    """`headruns.find_runs` by its definition: every position tried in turn."""
    classes = [headruns.word_class(w) for w in words]
    size = len(words)
    runs: list[tuple[int, int]] = []
    i = 0
    while i < size:
        placed = title_case and classes[i] > headruns.STRONG and headruns._named_by_place(words, i)
        if placed:  # "Children's Hospital Los Angeles": a place completes the institution's name
            runs.append((i, placed))
            i = placed
            continue
        j, led = i, False
        while j < size:
            kind = classes[j]
            name = kind == headruns.STRONG or (
                kind not in (headruns.PLAIN, headruns.NEVER)
                and (headruns._name_word(words[j], initial=j == 0, title_case=title_case, ctx=ctx)
                     # a place after "of" inside a Title Case name ("University of Kansas")
                     or (title_case and j > i and words[j - 1].lower() == "of"
                         and words[j].lower() in headruns._PLACE_HEADS))
            )
            if not name and j == 0 and kind > headruns.STRONG:
                name = led = owns[0] or headruns._opening_place(words[0]) or (
                    not headruns.described(words[0]) and headruns._leads_name(words, classes, title_case, ctx))
                # the subject of a Title Case deal verb ("Prudential Taps Babylon")
                name = name or (title_case and size > 1 and words[1].lower() in headruns._SUBJECT_VERBS
                                and words[0].lower() not in headnames.GENERIC and words[0].lower() not in headnames.STOP)
            elif (
                led and not name and 0 < j < 3 and kind > headruns.STRONG and words[j][:1].isupper()
                and words[j].lower() not in headnames.JOINERS and headruns.STRONG not in classes[i:j]
            ):
                name = headruns._leads_name(words[j - 1 :], classes[j - 1 :], title_case, ctx)
            if not name and not (j > i and j + 1 < size and words[j].lower() in headruns._INNER):
                break
            if words[j] == "&" and headruns._two_names(words, i, j):
                break
            j += 1
            if owns[j - 1]:
                break
        if j > i:
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def test_plain_ascii_headlines_analyze_as_the_general_path_does() -> None:
    rng = random.Random(5)
    checked = 0
    for _ in range(20_000):
        title, context = headline(rng, odd=False), headline(rng, odd=False)
        if not (title.isascii() and "-" not in title and "'" not in title):
            continue
        assert headnames._analyze_plain(title, context) == headnames._analyze_general(title, context), title
        checked += 1
    assert checked > 15_000


def test_name_runs_skip_plain_words_without_changing_the_runs() -> None:
    rng = random.Random(6)
    for _ in range(20_000):
        title, context = headline(rng, odd=True), headline(rng, odd=True)
        words = headnames._TOKEN_RE.findall(title)
        owns = [rng.random() < 0.1 for _ in words]
        for title_case in (False, True):
            ctx = headnames._Context(context, full=title_case)
            assert headruns.find_runs(words, owns, title_case, ctx) == _reference_runs(words, owns, title_case, ctx), title


def test_signing_hashes_content_words_as_the_former_two_passes_did() -> None:
    from bot.stories.minhash import word_hash

    rng, hasher = random.Random(7), MinHasher(64)
    for _ in range(3_000):
        # "Meanwhile" opens no generated headline: the summary is never dropped as an echo.
        title, summary = headline(rng, odd=True), "Meanwhile " + headline(rng, odd=True)
        sig = sign_item(title, summary, None, hasher)
        head = headnames.analyze(titles.strip_outlet(title), summary)[1]
        head_tokens = titles.content_words(head)
        tokens = head_tokens + titles.content_words(titles.folded_words(summary)[:45])
        assert sig.title_tokens == frozenset(map(word_hash, head_tokens)), title
        assert sig.tokens == frozenset(map(word_hash, tokens)), title


def test_a_headline_without_a_separator_is_only_normalized() -> None:
    rng = random.Random(8)
    for _ in range(5_000):
        title = headline(rng, odd=True) + rng.choice(["", " - Fierce Healthcare", " | STAT", " – CNBC", " —  Axios "])
        normalized = " ".join(title.split())
        if not any(sep in normalized for sep in "-|–—"):  # the gate returns at once
            assert titles._DASH_SUFFIX_RE.search(normalized) is None, title
            assert titles.strip_outlet(title, "STAT") == normalized, title


def _pairs(seed: int, count: int) -> list[tuple[ItemSignature, StoryProfile]]:
    """Generated items paired with live stories built from other generated items."""
    rng, hasher, when = random.Random(seed), MinHasher(64), datetime(2025, 1, 1, tzinfo=UTC)
    index = StoryIndex(timedelta(days=3))
    for n in range(300):
        index.assign(Item(fingerprint=f"i{n}", source="t", title=headline(rng, odd=True),
                          summary=headline(rng, odd=True), url=f"https://x.example/{n}", published_at=when))
    stories = [index._stories[i] for i in index.story_ids()]
    return [
        (sign_item(headline(rng, odd=True), headline(rng, odd=True), None, hasher), rng.choice(stories))
        for _ in range(count)
    ]


def test_a_candidate_blocked_by_a_guard_is_explained_by_that_guard_alone() -> None:
    blocked = 0
    for sig, story in _pairs(9, 10_000):
        verdict = judge(sig, story, timedelta(0), timedelta(days=3), Thresholds())
        if verdict.rejected_by:
            blocked += 1
            explained = judge(sig, story, timedelta(0), timedelta(days=3), Thresholds(), explain=True)
            assert guards(sig, story, verdict.shared) == explained.rejected_by, sig.title
    assert blocked > 100


def test_the_candidate_loop_shortcuts_agree_with_the_plain_definitions() -> None:
    for sig, story in _pairs(10, 5_000):
        shared = tuple(n for n in sig.names if present(n, story.words))
        assert shared_names(sig, story.words) == shared, sig.title
        label, reason = guards(sig, story, shared, explain=False), guards(sig, story, shared)
        assert bool(label) == bool(reason) and label in reason, sig.title


def _reference_context_case(text: str) -> tuple[set[str], set[str]]:
    """The former `titles._context_case`: every word stripped and classified in turn."""
    caps: set[str] = set()
    lower: set[str] = set()
    sentence_start = True
    for raw in text.split():
        word = raw.strip(headnames._PUNCT)
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if word[:1].islower():
            lower.add(word)
        elif word[:1].isupper() and not sentence_start:
            caps.add(word.lower())
        sentence_start = raw.endswith((".", "!", "?", ":"))
    return caps, lower


def test_summary_case_sets_pass_plain_lower_case_words_straight_through() -> None:
    rng = random.Random(11)
    extra = ["ærø", "émile", "«quoted»", "(aside)", "end.", "what?", "'s", "x’s", "Ünited", "ok!", "a:b"]
    for _ in range(10_000):
        words = headline(rng, odd=True).split() + rng.sample(extra, 3)
        rng.shuffle(words)
        text = " ".join(words)
        assert headnames._context_case(text) == _reference_context_case(text), text
