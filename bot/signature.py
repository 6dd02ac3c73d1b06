"""Near-duplicate signatures: MinHash over word shingles, and a banded LSH index.

Promises: signatures are deterministic across processes and restarts (shingles are hashed
with CRC-32, never Python's salted `hash`), so a signature exported to the store and loaded
again still matches new items. `BandIndex` finds the keys whose signatures agree with a query
on at least one band; with 16 bands of 4 rows, pairs at Jaccard 0.5 are found with
probability 1 - (1 - 0.5**4)**16 = 0.64 and at 0.7 with 0.98 (the usual LSH S-curve,
Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", section 3.4). Removing a key
removes its band entries too, so memory follows the number of live keys. `sign_item` computes
an item's whole matching signature: the MinHash plus the guard keys (named parties, amounts,
years, rounds, phases) that `bot.cluster` compares.
"""

from __future__ import annotations

import re
import sys
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from bot import titles

Signature = npt.NDArray[np.uint32]

_PRIME = (1 << 31) - 1  # Mersenne prime: h * a stays below 2**63 for 32-bit h and a.
_EMPTY = np.uint32(_PRIME)


def shingles(tokens: Sequence[str], sizes: tuple[int, ...] = (1, 2)) -> set[str]:
    """Word n-grams of `tokens` for each n in `sizes` (unigrams and bigrams by default)."""
    out: set[str] = set()
    for n in sizes:
        for i in range(len(tokens) - n + 1):
            out.add(" ".join(tokens[i : i + n]))
    return out


class MinHasher:
    """`num_perm` universal hash functions h(x) = (a*x + b) mod p, drawn once from `seed`."""

    def __init__(self, num_perm: int = 64, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self._a = rng.integers(1, _PRIME, num_perm, dtype=np.uint64)
        self._b = rng.integers(0, _PRIME, num_perm, dtype=np.uint64)

    def signature(self, items: Iterable[str]) -> Signature:
        """The MinHash signature of a set of strings; an empty set gives an all-max signature."""
        hashes = np.fromiter(
            (zlib.crc32(s.encode("utf-8")) & 0x7FFFFFFF for s in set(items)), dtype=np.uint64
        )
        if hashes.size == 0:
            return np.full(self.num_perm, _EMPTY, dtype=np.uint32)
        values = (hashes[:, None] * self._a + self._b) % _PRIME
        return values.min(axis=0).astype(np.uint32)


def jaccard(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity: the share of agreeing minima (0 when either is empty)."""
    if (a[0] == _EMPTY and bool((a == _EMPTY).all())) or (b[0] == _EMPTY and bool((b == _EMPTY).all())):
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


class BandIndex:
    """LSH over MinHash signatures: `bands` x `rows` must equal the signature length.

    Memory is kept lean because 100,000 live stories each hold `bands` entries: a bucket is
    one int key, and its value is a bare story key until a second key shares it.
    """

    def __init__(self, bands: int = 16, rows: int = 4) -> None:
        self.bands, self.rows = bands, rows
        # One odd 64-bit multiplier per row, to fold a band's rows into one bucket number.
        self._mult = np.random.default_rng(7).integers(1, 1 << 62, rows, dtype=np.uint64) | 1
        self._band_ids = np.arange(bands, dtype=np.uint64)
        self._buckets: dict[int, str | set[str]] = {}
        self._keys: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def _band_keys(self, sig: Signature) -> list[int]:
        if sig[0] == _EMPTY and bool((sig == _EMPTY).all()):
            return []  # an empty text matches nothing
        rows = sig.astype(np.uint64).reshape(self.bands, self.rows)
        folded = (rows * self._mult).sum(axis=1, dtype=np.uint64)
        # The band number goes in the low bits: equal rows in different bands never collide.
        keys: list[int] = ((folded << np.uint64(6)) | self._band_ids).tolist()
        return keys

    def add(self, key: str, sig: Signature) -> None:
        """Index `sig` under `key` (a key may hold several signatures)."""
        bands = self._band_keys(sig)
        for band in bands:
            bucket = self._buckets.get(band)
            if bucket is None:
                self._buckets[band] = key
            elif isinstance(bucket, str):
                if bucket != key:
                    self._buckets[band] = {bucket, key}
            else:
                bucket.add(key)
        self._keys.setdefault(key, []).extend(bands)

    def remove(self, key: str) -> None:
        """Forget `key` and every bucket entry it had."""
        for band in self._keys.pop(key, ()):
            bucket = self._buckets.get(band)
            if bucket is None:
                continue
            if isinstance(bucket, str):
                if bucket == key:
                    del self._buckets[band]
                continue
            bucket.discard(key)
            if len(bucket) == 1:
                self._buckets[band] = next(iter(bucket))
            elif not bucket:
                del self._buckets[band]

    def query(self, sig: Signature) -> set[str]:
        """Keys sharing at least one band with `sig`."""
        found: set[str] = set()
        for band in self._band_keys(sig):
            bucket = self._buckets.get(band)
            if bucket is None:
                continue
            if isinstance(bucket, str):
                found.add(bucket)
            else:
                found |= bucket
        return found


@dataclass(frozen=True, slots=True)
class ItemSignature:
    """Everything about one item that story matching compares, computed once per item.

    `words` are all folded words of title and summary (to ask "is this name mentioned at
    all?"); `tokens` are the content words of title and lede (for similarity); `names` are the
    parties named in the title, with a display form for explanations.
    """

    title: str
    title_key: str
    tokens: frozenset[str]
    title_tokens: frozenset[str]
    words: frozenset[str]
    names: tuple[tuple[str, ...], ...]
    parties: tuple[tuple[str, ...], ...]
    display: dict[tuple[str, ...], str]
    amounts: frozenset[int]
    title_amounts: frozenset[int]
    years: frozenset[str]
    rounds: frozenset[str]
    phases: frozenset[str]
    roundup: bool
    minhash: Signature


MAX_SIGS, _MAX_WORDS, _MAX_TOKENS, _MAX_NAMES = 4, 800, 300, 24  # per story: bounded memory
_LEDE_WORDS = 45  # the lede: enough of the summary to carry the news, not the boilerplate


def sign_item(title: str, summary: str, outlet: str | None, hasher: MinHasher) -> ItemSignature:
    """Compute the `ItemSignature` of a headline and its (clean text) summary."""
    headline = titles.strip_outlet(title, outlet)
    key = titles.title_key(headline)
    if titles.title_key(summary[: len(headline) + 20]).startswith(key):
        summary = ""  # Google News descriptions only repeat the headline and the outlet
    head_words = [titles.fold(w) for w in titles.words(headline)]
    body_words = [titles.fold(w) for w in titles.words(summary)]
    lede = " ".join(summary.split()[:_LEDE_WORDS])
    title_tokens = titles.content_words(head_words)
    tokens = title_tokens + titles.content_words(body_words[:_LEDE_WORDS])
    text = f"{headline}. {summary}"
    head_amounts = amounts(headline)
    runs = titles.name_runs(headline, summary)
    if not runs and summary:
        runs = titles.name_runs(lede.split(". ")[0])[:3]
    found = [key for key, _ in runs]
    display = {name: " ".join(name).title() for name in found}
    return ItemSignature(
        title=headline,
        title_key=key,
        tokens=frozenset(map(sys.intern, tokens)),
        title_tokens=frozenset(title_tokens),
        words=frozenset(map(sys.intern, head_words + body_words)),
        names=tuple(found),
        parties=tuple(key for key, party in runs if party),
        display=display,
        amounts=frozenset(head_amounts | amounts(summary)),
        title_amounts=frozenset(head_amounts),
        years=frozenset(years(headline)),
        rounds=frozenset(rounds(text) if ("eries" in text or "eed" in text) else ()),
        phases=frozenset(phases(f"{headline}. {lede}")),
        roundup=is_roundup(headline, summary),
        minhash=hasher.signature(shingles(tokens)),
    )


_PHASES: tuple[tuple[str, str], ...] = (
    (
        "closed",
        r"\b(?:complet(?:es|ed|ing)?|closes|closed|finali[sz]e[sd]?)\b.{0,40}"
        r"\b(?:acquisition|merger|deal|purchase|buyout|takeover|transaction)\b"
        r"|\b(?:acquisition|merger|deal|takeover)\b.{0,20}\b(?:completed|closed|took effect)\b",
    ),
    (
        "agreed",
        r"\b(?:agree[sd]? to|to acquire|to buy|will acquire|definitive agreement|to take \w+(?: \w+){0,4} private"
        r"|agrees? to \w+ buyout|buyout offer)\b",
    ),
    ("preview", r"\bwhat to expect\b|\bwho speaks\b|^preview\b|\bpreview of (?:the|its)\b|\bahead of (?:the|its|this) \w*\s*(?:meeting|conference|summit|event)"),
    ("pilot", r"\b(?:pilots?|piloting|test-drive|test drive|trial run)\b"),
    ("rollout", r"\b(?:rolls? out|rollout) (?:to|across) (?:all|every)\b|\bsystem-?wide\b"),
)
PHASE_PATTERNS = tuple((name, re.compile(p)) for name, p in _PHASES)
# Most headlines carry no phase cue at all: one cheap scan spares the five patterns.
_PHASE_GATE = re.compile(r"complet|clos|finali|agree|acqui|buy|private|expect|speaks|preview|ahead of|pilot|test|trial|roll|system")
# Pairs of phases that cannot describe one development.
EXCLUSIVE_PHASES = (("closed", "agreed"), ("preview", ""), ("pilot", "rollout"))

ROUNDUP_TITLE = tuple(
    re.compile(p)
    for p in (
        r"\bweekly\b|\bmonthly\b|\bnewsletter\b|\bdigest\b|\bround-?up\b|\bround up\b",
        r"\bweek in review\b|\bthis week in\b|\btop \d+\b|#\d+|\bin brief\b|\band more$",
        r"\b\d+ (?:[\w-]+ ){0,3}(?:partnerships|deals|collaborations|stories|startups|companies"
        r"|acquisitions|announcements|trends|things|launches|updates)\b",
    )
)
ROUNDUP_SUMMARY = tuple(
    re.compile(p)
    for p in (
        r"^(?:newsletter|weekly|monthly|roundup|round-up|digest)\b",
        r"\bnewsletter issue\b|\bmonthly list\b|\bweekly list\b|\bamong (?:\w+ )?other (?:stories|news|items)\b",
        r"\band other (?:tech|health|news)?\s?(?:stories|items)\b|\bround-?up of\b",
    )
)
_ROUNDUP_TITLE_RE = re.compile("|".join(p.pattern for p in ROUNDUP_TITLE))
_ROUNDUP_SUMMARY_RE = re.compile("|".join(p.pattern for p in ROUNDUP_SUMMARY))


_MULT = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1e6, "mio": 1e6,
    "millones": 1e6, "millon": 1e6, "milhoes": 1e6, "milhao": 1e6, "millionen": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "mrd": 1e9, "milliarden": 1e9,
    "bilhoes": 1e9, "bilhao": 1e9, "milliard": 1e9, "milliards": 1e9, "trillion": 1e12,
}
_AMOUNT_RE = re.compile(
    r"(?:(?:us|u\.s\.)?\$|€|£|usd|eur)\s?(\d[\d.,]*)\s?([a-z]+)?\.?"
    r"|(\d[\d.,]*)\s?([a-z]+)\.?\s?(?:(?:us\s?-?\s?)?\$|dollars?|usd|euros?|de dolares|de reais)?",
)


def amounts(text: str) -> set[int]:
    """Money amounts in `text`, in whole units, rounded to 2 significant digits.

    Reads "$50M", "$50 million", "US$ 200 milhões", "210 Mio. Dollar", "12.000 millones":
    the same figure in any of these spellings gives the same number.
    """
    found: set[int] = set()
    for m in _AMOUNT_RE.finditer(titles.fold(text)):
        number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        has_currency = bool(m.group(1)) or bool(re.search(r"\$|dollar|usd|euro|reais", m.group(0)))
        mult = _MULT.get(unit or "")
        if mult is None and not has_currency:
            continue
        if mult is None and unit:
            mult = 1.0  # "$2.35 per share": the unit word is not a multiplier
        value = _parse_number(number, big_unit=mult is not None and mult >= 1e6)
        if value is None:
            continue
        if mult is not None and mult >= 1e6 and unit in {"millones", "milhoes"} and value >= 1000:
            pass  # "12.000 millones" is 12 billion: the multiplication below handles it
        total = value * (mult or 1.0)
        if total > 0:
            found.add(_round2(total))
    return found


def _parse_number(text: str, *, big_unit: bool) -> float | None:
    text = text.rstrip(".,")
    if not text:
        return None
    if "," in text and "." in text:
        # 1,016.5 (English) or 1.016,5 (continental): the last separator is the decimal one.
        dec = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if dec == "," else ",", "").replace(dec, ".")
    elif "," in text:
        head, _, tail = text.rpartition(",")
        text = text.replace(",", "") if len(tail) == 3 else head.replace(",", "") + "." + tail
    elif text.count(".") == 1 and big_unit and len(text.split(".")[1]) == 3:
        text = text.replace(".", "")  # "12.000 millones": a thousands separator
    elif text.count(".") > 1:
        text = text.replace(".", "")
    try:
        return float(text)
    except ValueError:
        return None


def _round2(value: float) -> int:
    digits = len(str(int(value))) - 2
    return int(round(value, -digits)) if digits > 0 else round(value)


_YEAR_RE = re.compile(r"(?<![\d$.,])(20[0-4]\d)(?![\d%])")
_ROUND_RE = re.compile(r"\bseries\s+([a-h])\b|\b(seed|pre-seed)\s+(?:round|funding|financing)\b")


def years(text: str) -> set[str]:
    """Four-digit years 2000-2049 (UGM 2024 vs UGM 2025 are different events)."""
    return set(_YEAR_RE.findall(text))


def rounds(text: str) -> set[str]:
    """Funding round labels: "series b", "seed"."""
    out = set()
    for m in _ROUND_RE.finditer(titles.fold(text)):
        out.add(f"series {m.group(1)}" if m.group(1) else "seed")
    return out


def phases(text: str) -> set[str]:
    """Development-stage cues that separate look-alike stories about the same parties.

    "agreed" (a deal announced) vs "closed" (the deal completed); "preview" (before an event)
    vs the event itself; "pilot" vs "rollout"; "results" of a deployment vs its start.
    """
    low = titles.fold(text)
    if not _PHASE_GATE.search(low):
        return set()
    return {phase for phase, pattern in PHASE_PATTERNS if pattern.search(low)}


def is_roundup(title: str, summary: str = "") -> bool:
    """A newsletter, digest, list or multi-deal headline: a story of its own, never merged."""
    t = titles.fold(title)
    if _ROUNDUP_TITLE_RE.search(t):
        return True
    if ";" in title and sum(bool(titles.names(part)) for part in title.split(";")) >= 2:
        return True
    return bool(_ROUNDUP_SUMMARY_RE.search(titles.fold(summary[:300])))


@dataclass(slots=True)
class StoryProfile:
    """What a live story remembers to match future items: the union of its members' signatures."""

    id: str
    lead: str
    title: str
    first_seen: datetime
    last_seen: datetime
    roundup: bool = False
    lead_names: list[tuple[str, ...]] = field(default_factory=list)
    names: list[tuple[str, ...]] = field(default_factory=list)
    display: dict[tuple[str, ...], str] = field(default_factory=dict)
    words: set[str] = field(default_factory=set)
    tokens: set[str] = field(default_factory=set)
    title_tokens: set[str] = field(default_factory=set)
    # Small and usually empty: frozensets, so every story shares the one empty instance.
    amounts: frozenset[int] = frozenset()
    title_amounts: frozenset[int] = frozenset()
    years: frozenset[str] = frozenset()
    rounds: frozenset[str] = frozenset()
    phases: frozenset[str] = frozenset()
    sigs: list[Signature] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # exact key -> member fingerprint
    title_keys: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)

    def absorb(self, sig: ItemSignature) -> None:
        """Add a member's text to what future items are compared with (bounded)."""
        for name in sig.names:
            if name not in self.names and len(self.names) < _MAX_NAMES:
                self.names.append(name)
                self.display.setdefault(name, sig.display.get(name, " ".join(name)))
        if len(self.words) < _MAX_WORDS:
            self.words |= sig.words
        if len(self.tokens) < _MAX_TOKENS:
            self.tokens |= sig.tokens
            self.title_tokens |= sig.title_tokens
        self.amounts |= sig.amounts
        self.title_amounts |= sig.title_amounts
        self.years |= sig.years
        self.rounds |= sig.rounds
        self.phases |= sig.phases

    def to_record(self) -> dict[str, Any]:
        """JSON-ready form; `from_record` restores it exactly."""
        s = self
        return {
            "version": 1,
            "id": s.id,
            "lead": s.lead,
            "title": s.title,
            "first_seen": s.first_seen.isoformat(),
            "last_seen": s.last_seen.isoformat(),
            "roundup": s.roundup,
            "lead_names": [list(n) for n in s.lead_names],
            "names": [[list(n), s.display.get(n, " ".join(n))] for n in s.names],
            "words": sorted(s.words),
            "tokens": sorted(s.tokens),
            "title_tokens": sorted(s.title_tokens),
            "amounts": sorted(s.amounts),
            "title_amounts": sorted(s.title_amounts),
            "years": sorted(s.years),
            "rounds": sorted(s.rounds),
            "phases": sorted(s.phases),
            "sigs": [sig.tolist() for sig in s.sigs],
            "keys": dict(s.keys),
            "title_keys": list(s.title_keys),
            "outlets": list(s.outlets),
            "members": list(s.members),
        }

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> StoryProfile:
        story = cls(
            id=str(rec["id"]),
            lead=str(rec["lead"]),
            title=str(rec.get("title", "")),
            first_seen=datetime.fromisoformat(rec["first_seen"]),
            last_seen=datetime.fromisoformat(rec["last_seen"]),
            roundup=bool(rec.get("roundup", False)),
            lead_names=[tuple(n) for n in rec.get("lead_names", [])],
            words=set(rec.get("words", [])),
            tokens=set(rec.get("tokens", [])),
            title_tokens=set(rec.get("title_tokens", [])),
            amounts=frozenset(int(a) for a in rec.get("amounts", [])),
            title_amounts=frozenset(int(a) for a in rec.get("title_amounts", [])),
            years=frozenset(rec.get("years", [])),
            rounds=frozenset(rec.get("rounds", [])),
            phases=frozenset(rec.get("phases", [])),
            sigs=[np.asarray(sig, dtype=np.uint32) for sig in rec.get("sigs", [])],
            keys={str(k): str(v) for k, v in rec.get("keys", {}).items()},
            title_keys=list(rec.get("title_keys", [])),
            outlets=list(rec.get("outlets", [])),
            members=list(rec.get("members", [])),
        )
        for name, text in rec.get("names", []):
            story.names.append(tuple(name))
            story.display[tuple(name)] = text
        return story
