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

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    """LSH over MinHash signatures: `bands` x `rows` must equal the signature length."""

    def __init__(self, bands: int = 16, rows: int = 4) -> None:
        self.bands, self.rows = bands, rows
        # One odd 64-bit multiplier per row, to fold a band's rows into one bucket number.
        self._mult = np.random.default_rng(7).integers(1, 1 << 62, rows, dtype=np.uint64) | 1
        self._buckets: dict[tuple[int, int], set[str]] = {}
        self._keys: dict[str, list[tuple[int, int]]] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def _band_keys(self, sig: Signature) -> list[tuple[int, int]]:
        if sig[0] == _EMPTY and bool((sig == _EMPTY).all()):
            return []  # an empty text matches nothing
        rows = sig.astype(np.uint64).reshape(self.bands, self.rows)
        folded = (rows * self._mult).sum(axis=1, dtype=np.uint64)
        return list(enumerate(folded.tolist()))

    def add(self, key: str, sig: Signature) -> None:
        """Index `sig` under `key` (a key may hold several signatures)."""
        bands = self._band_keys(sig)
        for band in bands:
            self._buckets.setdefault(band, set()).add(key)
        self._keys.setdefault(key, []).extend(bands)

    def remove(self, key: str) -> None:
        """Forget `key` and every bucket entry it had."""
        for band in self._keys.pop(key, ()):
            bucket = self._buckets.get(band)
            if bucket is not None:
                bucket.discard(key)
                if not bucket:
                    del self._buckets[band]

    def query(self, sig: Signature) -> set[str]:
        """Keys sharing at least one band with `sig`."""
        found: set[str] = set()
        for band in self._band_keys(sig):
            bucket = self._buckets.get(band)
            if bucket:
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


_LEDE_WORDS = 45  # the lede: enough of the summary to carry the news, not the boilerplate


def sign_item(title: str, summary: str, outlet: str | None, hasher: MinHasher) -> ItemSignature:
    """Compute the `ItemSignature` of a headline and its (clean text) summary."""
    headline = titles.strip_outlet(title, outlet)
    key = titles.title_key(headline)
    if titles.title_key(summary).startswith(key):
        summary = ""  # Google News descriptions only repeat the headline and the outlet
    lede = " ".join(summary.split()[:_LEDE_WORDS])
    title_tokens = titles.tokens(headline)
    tokens = title_tokens + titles.tokens(lede)
    text = f"{headline}. {summary}"
    runs = titles.name_runs(headline, summary)
    if not runs and summary:
        runs = titles.name_runs(lede.split(". ")[0])[:3]
    found = [key for key, _ in runs]
    display = {name: " ".join(name).title() for name in found}
    return ItemSignature(
        title=headline,
        title_key=key,
        tokens=frozenset(tokens),
        title_tokens=frozenset(title_tokens),
        words=frozenset(titles.fold(w) for w in titles.words(text)),
        names=tuple(found),
        parties=tuple(key for key, party in runs if party),
        display=display,
        amounts=frozenset(titles.amounts(text)),
        title_amounts=frozenset(titles.amounts(headline)),
        years=frozenset(titles.years(headline)),
        rounds=frozenset(titles.rounds(text)),
        phases=frozenset(titles.phases(f"{headline}. {lede}")),
        roundup=titles.is_roundup(headline, summary),
        minhash=hasher.signature(shingles(tokens)),
    )
