"""A learned second opinion on the deal type, where the headline names no specific cue.

Promises:
- `features(title, summary, headline_cues, summary_cues, procedure)` gives an item's hashed
  feature ids: its folded words and word pairs (the headline's apart), the cue kinds of the
  headline and of the summary and their pairs, and the written procedure's own answer
  (`deal.decide`). Pure; hashed as the learned stage hashes (`bot.learned.features`), the
  ids of the latest words and cue sets kept (bounded: hashing is most of its time).
- `DealModel` is a multinomial linear model stored as JSON (no pickle): `predict(ids)` gives
  the deal type with the highest score. `load(path)` refuses a file of another feature set.
- `train(examples)` fits it with scikit-learn (balanced classes), imported only when
  training; `cross_validated(examples, k)` scores every example with a model that never saw
  it, for honest figures.

`FactsExtractor` asks the model unless the headline tells how the money is structured
(licensing with upfront or milestones, an investment): there the written procedure is surest.
Elsewhere (building together or putting a product to work, a deal named as a partnership or
joint work, or not named at all) labellers read the headline's and the summary's work
differently from deal to deal, which examples teach better than a rule: over the 967 labeled
deals of the tuning sets, by 10-fold cross-validation, the shipped combination decides 0.85
right where the procedure alone decides 0.72.
"""

from __future__ import annotations

import functools
import json
import random
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from pathlib import Path

import numpy as np

from bot.learned.features import DIM, LONG_WORD
from bot.rules.text import prepare, word_tokens

FEATURES = "deal-v1: title words and pairs, summary words and pairs, cue kinds and pairs, procedure"
DEFAULT_PATH = Path(__file__).with_name("data") / "deal-types.json"
SEED = 20261206
_MASK = DIM - 1
_WORDS_REMEMBERED = 16384  # (word, place) pairs whose feature ids are kept: a few days of news's words


def features(title: str, summary: str, headline_cues: Iterable[str], summary_cues: Iterable[str],
             procedure: str) -> list[int]:
    """The hashed feature ids of one item (see the module doc)."""
    t = word_tokens(prepare(title)) if title else []
    s = word_tokens(prepare(summary)) if summary else []
    out: set[int] = set()
    for w in t:
        out.update(_word_ids(w, "t:"))
    for w in s:
        out.update(_word_ids(w, "w:"))
    out.update(zlib.crc32(f"tb:{a} {b}".encode()) & _MASK for a, b in pairwise(t))
    out.update(zlib.crc32(f"b:{a} {b}".encode()) & _MASK for a, b in pairwise(s))
    out.update(_cue_ids(frozenset(headline_cues), frozenset(summary_cues), procedure))
    return sorted(out)


def _id(name: str) -> int:
    """A feature's id: its name hashed as the learned stage hashes."""
    return zlib.crc32(name.encode("utf-8")) & _MASK


@functools.lru_cache(maxsize=1024)  # a few kinds of cue: their sets and answers recur
def _cue_ids(headline_cues: frozenset[str], summary_cues: frozenset[str], procedure: str) -> tuple[int, ...]:
    """The ids of the cue kinds of the headline and of the summary, their pairs, the
    procedure's answer and the bias."""
    cues = sorted({f"h_{k}" for k in headline_cues} | {f"s_{k}" for k in summary_cues})
    names = [f"c:{k}" for k in cues] + [f"c2:{a}&{b}" for a, b in combinations(cues, 2)]
    return tuple(_id(name) for name in (*names, f"p:{procedure}", "bias"))


@functools.lru_cache(maxsize=_WORDS_REMEMBERED)
def _word_ids(word: str, prefix: str) -> tuple[int, ...]:
    """The ids of a word's own feature (`prefix` "t:" in the headline, "w:" in the summary)
    and, for a long word, of its character 4-grams (morphology the words miss: German
    compounds, inflections). Hashing is most of the features' time and news words recur from
    item to item: the latest words' ids are kept (bounded)."""
    grams = [f"g:{word[i : i + 4]}" for i in range(len(word) - 3)] if len(word) >= LONG_WORD else []
    return tuple(_id(name) for name in (prefix + word, *grams))


@dataclass(frozen=True)
class DealModel:
    """The weights as one row a feature (`ids[r]` -> `matrix[r]`, one column a class) and the
    biases as the last row: one lookup an id, one sum to score every class."""

    classes: tuple[str, ...]
    ids: tuple[int, ...]
    matrix: np.ndarray
    meta: dict[str, object] = field(default_factory=dict)
    _keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), init=False, repr=False,
                              compare=False)

    def __post_init__(self) -> None:
        # the sorted feature ids as an array: an item's ids are found by one binary search
        # over all of them (`np.searchsorted`), not one dictionary lookup each
        object.__setattr__(self, "_keys", np.asarray(self.ids, dtype=np.int64))

    @classmethod
    def of(cls, classes: Sequence[str], weights: dict[str, dict[int, float]], bias: dict[str, float],
           meta: dict[str, object] | None = None) -> DealModel:
        """From each class's weights by feature id and its bias."""
        ids = sorted({i for ws in weights.values() for i in ws})
        matrix = np.zeros((len(ids) + 1, len(classes)))
        for r, i in enumerate(ids):
            matrix[r] = [weights[k].get(i, 0.0) for k in classes]
        matrix[-1] = [bias[k] for k in classes]
        return cls(tuple(classes), tuple(ids), matrix, dict(meta or {}))

    @property
    def size(self) -> int:
        """The non-zero weights."""
        return int(np.count_nonzero(self.matrix[:-1]))

    def predict(self, ids: Sequence[int]) -> str:
        keys = self._keys
        wanted = np.asarray(ids, dtype=np.int64)
        at = np.searchsorted(keys, wanted)
        at[at == len(keys)] = 0  # past the last id: checked (and dropped) below
        rows = at[keys[at] == wanted] if len(keys) else at[:0]
        scores = self.matrix[rows].sum(axis=0) + self.matrix[-1]
        return self.classes[int(scores.argmax())]

    def dump(self, path: Path) -> None:
        weights = {k: {str(i): round(float(w), 6) for i, w in zip(self.ids, self.matrix[:-1, c], strict=True) if w != 0.0}
                   for c, k in enumerate(self.classes)}
        bias = {k: float(self.matrix[-1, c]) for c, k in enumerate(self.classes)}
        data = {"features": FEATURES, "classes": list(self.classes), "bias": bias, "weights": weights, "meta": self.meta}
        path.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def load(path: Path) -> DealModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("features") != FEATURES:
        raise ValueError(f"{path}: a deal-type model of another feature set ({data.get('features')!r}); retrain it")
    weights = {k: {int(i): float(w) for i, w in ws.items()} for k, ws in data["weights"].items()}
    return DealModel.of(data["classes"], weights, {k: float(b) for k, b in data["bias"].items()}, data.get("meta"))


def train(examples: Sequence[tuple[list[int], str]], meta: dict[str, object] | None = None) -> DealModel:
    """Fit on (feature ids, deal type) pairs."""
    try:
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise RuntimeError("training needs scikit-learn: pip install 'newsbot[learn]'") from None
    used = sorted({i for ids, _ in examples for i in ids})
    column = {i: c for c, i in enumerate(used)}
    rows = [r for r, (ids, _) in enumerate(examples) for _ in ids]
    cols = [column[i] for ids, _ in examples for i in ids]
    x = csr_matrix(([1.0] * len(cols), (rows, cols)), shape=(len(examples), len(used)))
    y = [kind for _, kind in examples]
    clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000, random_state=SEED)
    clf.fit(x, y)
    classes = tuple(str(c) for c in clf.classes_)
    coef = clf.coef_ if len(classes) > 2 else np.array([-clf.coef_[0], clf.coef_[0]])
    intercept = clf.intercept_ if len(classes) > 2 else np.array([-clf.intercept_[0], clf.intercept_[0]])
    matrix = np.vstack([np.asarray(coef, dtype=float).T, np.asarray(intercept, dtype=float)])
    return DealModel(classes, tuple(used), matrix, {"examples": len(examples), **(meta or {})})


def cross_validated(examples: Sequence[tuple[list[int], str]], k: int = 10) -> list[str]:
    """Each example's predicted deal type from a model trained on the other folds."""
    order = list(range(len(examples)))
    random.Random(SEED).shuffle(order)
    out = [""] * len(examples)
    for n in range(k):
        held = set(order[n::k])
        model = train([ex for i, ex in enumerate(examples) if i not in held])
        for i in held:
            out[i] = model.predict(examples[i][0])
    return out
