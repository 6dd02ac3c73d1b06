"""Near-duplicate signatures: MinHash over word shingles, and a lean banded LSH index.

Promises: signatures are deterministic across processes and restarts (words and shingles are
hashed with CRC-32 and fixed-seed multiply-shift permutations, never Python's salted `hash`),
so a signature exported to the store and loaded again still matches new items. `BandIndex` finds the keys whose signatures agree with a
query on at least one band; with 16 bands of 4 rows, pairs at Jaccard 0.5 are found with
probability 1 - (1 - 0.5**4)**16 = 0.64 and at 0.7 with 0.98 (the usual LSH S-curve,
Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", section 3.4). Removing a key
removes its band entries too, so memory follows the number of live keys.

Speed and memory: one item's shingles are hashed once and the `num_perm` permutations are
applied to all of them in one numpy expression; the index holds one dict entry per band (a
bare key until a second key shares the bucket; 30-bit numbers, 28 bytes each) and keeps no
per-key lists: removal recomputes the band numbers from the signatures the caller kept. The
keys of shared buckets live in a second, small dict, so the big one holds only numbers and
strings: the garbage collector never tracks it, and its full collections skip its millions
of entries. A
bucket that fills up (`COMMON` keys) stems from shingles most headlines share; like a stop
word it is skipped, which bounds the candidates of any query to bands x `COMMON`.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Iterable, Sequence
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from bot.stories.memo import memo

Signature = npt.NDArray[np.uint32]

_EMPTY = np.uint32(0xFFFFFFFF)  # the signature of an empty text: matches nothing
_MASK = 0x7FFFFFFF
# The bigram mix of `shingle_hashes`, as 0-d arrays: a ufunc takes them as they are, where a
# numpy scalar operand is converted on every call.
_GOLDEN, _MOD = np.array(0x9E3779B1, dtype=np.uint64), np.array(0x7FFFFFFF, dtype=np.uint64)
_LITTLE = sys.byteorder == "little"
_EMPTY_BYTES = b"\xff" * 4
_BAND_MASK = (1 << 26) - 1  # 30-bit bucket numbers: Python's smallest int objects (28 bytes)
COMMON = 16  # keys in one bucket at which the bucket stops meaning "similar"


def _crc_hash(word: str) -> int:
    """A stable 31-bit hash of a word or shingle (CRC-32: the same in every process)."""
    return zlib.crc32(word.encode("utf-8")) & _MASK


# `_crc_hash`, memoized: headline vocabularies repeat, and a hit costs a fraction of a CRC.
word_hash = memo(_crc_hash, 1 << 17)


def shingles(tokens: Sequence[str], sizes: tuple[int, ...] = (1, 2)) -> set[str]:
    """Word n-grams of `tokens` for each n in `sizes` (unigrams and bigrams by default)."""
    out: set[str] = set()
    for n in sizes:
        for i in range(len(tokens) - n + 1):
            out.add(" ".join(tokens[i : i + n]))
    return out


def shingle_hashes(token_hashes: Sequence[int]) -> set[int]:
    """Hashes of the unigram and bigram shingles of a token sequence, from its word hashes.

    Unigrams are the `token_hashes` the caller already computed for its word sets; a bigram
    is a stable mix of its two word hashes (multiply by the 32-bit golden ratio, xor, fold),
    which costs a fraction of hashing the joined string.
    """
    out = set(token_hashes)
    for a, b in pairwise(token_hashes):
        out.add(((a * 0x9E3779B1) ^ b) % 0x7FFFFFFF)
    return out


class MinHasher:
    """`num_perm` hash functions h(x) = (a*x mod 2**64) >> 32, a random odd, drawn from `seed`.

    Multiply-shift hashing (Dietzfelbinger et al., "A reliable randomized algorithm for the
    closest-pair problem", 1997): numpy's wrapping uint64 arithmetic does the mod 2**64 for
    free, so one item costs one multiply and one min over (shingles x num_perm).
    """

    def __init__(self, num_perm: int = 64, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self._a = rng.integers(0, 1 << 63, num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self._buf = np.empty((256, num_perm), dtype=np.uint64)
        self._col = np.empty(256, dtype=np.uint64)

    def signature(self, items: Iterable[str]) -> Signature:
        """The MinHash signature of a set of strings; an empty set gives an all-max signature."""
        return self.from_hashes({word_hash(s) for s in items})

    def from_tokens(self, token_hashes: Sequence[int]) -> Signature:
        """`from_hashes(shingle_hashes(token_hashes))`, equal to it, computed in numpy.

        The bigram mix is the same arithmetic (a < 2**31 and the multiplier < 2**32, so the
        product fits uint64 exactly); repeated shingles are not removed because a minimum does
        not change when a value repeats.
        """
        if not token_hashes:
            return np.full(self.num_perm, _EMPTY, dtype=np.uint32)
        words = np.array(token_hashes, dtype=np.uint64)
        count = 2 * len(words) - 1
        if count > len(self._col):
            self._col = np.empty(count, dtype=np.uint64)
            self._buf = np.empty((count, self.num_perm), dtype=np.uint64)
        column = self._col[:count]
        column[: len(words)] = words
        bigrams = column[len(words) :]
        np.multiply(words[:-1], _GOLDEN, out=bigrams)
        np.bitwise_xor(bigrams, words[1:], out=bigrams)
        np.remainder(bigrams, _MOD, out=bigrams)
        return self._min(column)

    def _min(self, column: npt.NDArray[np.uint64]) -> Signature:
        values = np.multiply(column[:, None], self._a, out=self._buf[: len(column)])  # reused buffer
        low = np.minimum.reduce(values, axis=0)
        if _LITTLE:  # the high 32 bits of each uint64: a strided view, cheaper than a shift and a cast
            return low.view(np.uint32)[1::2].copy()
        return (low >> np.uint64(32)).astype(np.uint32)

    def from_hashes(self, hashes: set[int]) -> Signature:
        """The signature of a set of 31-bit shingle hashes, all permutations at once."""
        if not hashes:
            return np.full(self.num_perm, _EMPTY, dtype=np.uint32)
        count = len(hashes)
        if count > len(self._buf):
            self._buf = np.empty((count, self.num_perm), dtype=np.uint64)
        return self._min(np.fromiter(hashes, dtype=np.uint64, count=count))


def is_empty(sig: Signature) -> bool:
    """True for the signature of an empty text, which must match nothing."""
    return bool(sig[0] == _EMPTY) and bool((sig == _EMPTY).all())


def jaccard(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity: the share of agreeing minima (0 when either is empty)."""
    if is_empty(a) or is_empty(b):
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


def best_jaccard(sig: Signature, stack: Signature) -> float:
    """The highest estimated Jaccard between `sig` and the rows of a 2-D signature stack."""
    if not len(stack) or is_empty(sig):
        return 0.0
    if len(stack) == 1:  # most stories: one member kept, two numpy calls instead of three
        return float(np.count_nonzero(stack[0] == sig)) / len(sig)
    return float((stack == sig).sum(axis=1).max()) / len(sig)


class BandIndex:
    """LSH over MinHash signatures: `bands` x `rows` must equal the signature length."""

    def __init__(self, bands: int = 16, rows: int = 4) -> None:
        if bands > 16:
            raise ValueError("at most 16 bands (the band number takes the low 4 bits)")
        self.bands, self.rows = bands, rows
        # each band's bytes in a signature (`Signature`: uint32, as every hasher and stored
        # record gives it), sliced out by ready-made slice objects
        self._slices = [slice(i * rows * 4, (i + 1) * rows * 4) for i in range(bands)]
        self._buckets: dict[int, str] = {}  # bucket -> its one key, or `_SHARED`
        self._shared: dict[int, list[str]] = {}  # bucket -> its keys, when two or more

    def __len__(self) -> int:
        """Bucket entries held (for memory checks)."""
        return len(self._buckets)

    def band_keys(self, sig: Signature) -> list[int]:
        """The bucket numbers of `sig`, one a band; none for an empty text.

        Python's `hash` of each band's bytes: salted per process, which is fine because bucket
        numbers are never stored (`load` recomputes them from the stored signatures). The band
        number goes in the low bits, so equal rows in different bands never collide.
        """
        buf = sig.tobytes()
        if buf[:4] == _EMPTY_BYTES and buf.count(0xFF) == len(buf):  # `is_empty`, on the bytes
            return []
        return [((hash(buf[band]) & _BAND_MASK) << 4) | i for i, band in enumerate(self._slices)]

    def add(self, key: str, bands: Iterable[int]) -> None:
        """Index `key` under the bucket numbers `bands` (from `band_keys`).

        A bucket holds at most `COMMON` keys: one that full comes from shingles every other
        headline has (a stop word of bands), so it takes no more keys and `query` skips it.
        """
        buckets = self._buckets
        for band in bands:
            bucket = buckets.get(band)
            if bucket is None:
                buckets[band] = key
            elif bucket is _SHARED:
                keys = self._shared[band]
                if len(keys) < COMMON and key not in keys:
                    keys.append(key)
            elif bucket != key:
                buckets[band] = _SHARED
                self._shared[band] = [bucket, key]

    def remove(self, key: str, bands: Iterable[int]) -> None:
        """Forget `key` under the bucket numbers `bands`."""
        buckets = self._buckets
        for band in bands:
            bucket = buckets.get(band)
            if bucket is _SHARED:
                keys = self._shared[band]
                if key in keys:
                    keys.remove(key)
                    if len(keys) == 1:
                        buckets[band] = keys[0]
                        del self._shared[band]
            elif bucket == key:
                del buckets[band]

    def query(self, bands: Iterable[int]) -> set[str]:
        """Keys sharing at least one of the bucket numbers `bands` (common buckets skipped)."""
        found: set[str] = set()
        get = self._buckets.get
        for band in bands:
            bucket = get(band)
            if bucket is None:
                continue
            if bucket is not _SHARED:
                found.add(bucket)
            elif len(keys := self._shared[band]) < COMMON:
                found.update(keys)
        return found

    def holds(self, key: str) -> bool:
        """Whether any bucket still names `key` (a full scan: for tests and checks only)."""
        return key in self._buckets.values() or any(key in keys for keys in self._shared.values())


# The mark of a bucket shared by several keys (told by identity: no key is this object).
_SHARED = "".join(["<", "shared", ">"])
