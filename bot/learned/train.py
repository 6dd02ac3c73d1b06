"""Train a rule's learned stage from labeled items, and measure it out of sample.

Promise: `fit(examples, rule_held)` trains an L2-regularised logistic regression
(scikit-learn, balanced class weights) on the hashed features of labeled examples and picks
the decision threshold by cross-validation inside those examples only: the threshold that
maximises F1 of the configured combination (e.g. `rule OR model >= t`) on out-of-fold
scores. For the veto form `(rule AND model >= V) OR model >= T`, T is chosen so for
`rule OR model >= T`, and V is half the highest veto that refuses no positive on those
out-of-fold scores (`veto_threshold`). `out_of_fold(examples, k)` gives every example a score
from a model that never saw it. Nothing here reads a config or a file; `newsbot train` and `bench/relevance.py` do.
scikit-learn is imported lazily: only training needs it (`pip install newsbot[learn]`).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from bot.learned.combine import Combine
from bot.learned.model import Example, LinearModel

C = 1.0  # inverse regularisation strength; liblinear's default, not tuned on any labeled set
FOLDS = 5
SEED = 20261205
VETO_MARGIN = 0.5  # V is this share of the highest veto that loses no positive out of fold


@dataclass(frozen=True, slots=True)
class Labeled:
    id: str
    title: str
    label: int
    ids: list[int]  # hashed features (features.extract)
    rule: bool  # the boolean rule's verdict on it
    gated: bool = True  # the stage's gate holds, so the model runs on it (and trains on it)

    def seen(self, score: float) -> float | None:
        """What the combination sees: the score, or None where the gate keeps the model off."""
        return score if self.gated else None


def _sklearn():  # type: ignore[no-untyped-def]
    try:
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise RuntimeError(
            "training needs scikit-learn: pip install 'newsbot[learn]'"
        ) from None
    return csr_matrix, LogisticRegression


def _train(examples: Sequence[Labeled]) -> tuple[dict[int, float], float]:
    csr_matrix, LogisticRegression = _sklearn()
    examples = [ex for ex in examples if ex.gated]
    # Columns are the feature ids that occur, renumbered densely: the solver's cost then
    # follows the data, not the 2**20 hash space.
    used = sorted({i for ex in examples for i in ex.ids})
    column = {i: c for c, i in enumerate(used)}
    rows = [r for r, ex in enumerate(examples) for _ in ex.ids]
    cols = [column[i] for ex in examples for i in ex.ids]
    x = csr_matrix(([1.0] * len(cols), (rows, cols)), shape=(len(examples), len(used)))
    y = [ex.label for ex in examples]
    if len(set(y)) < 2:
        raise ValueError("training needs labeled examples of both classes (label 1 and 0) that pass the gate")
    clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=1000, random_state=SEED)
    clf.fit(x, y)
    coef = clf.coef_[0]
    return {i: float(coef[column[i]]) for i in used}, float(clf.intercept_[0])


def folds(n: int, k: int, seed: int = SEED) -> list[list[int]]:
    """k disjoint index folds of range(n), shuffled with a fixed seed."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def out_of_fold(examples: Sequence[Labeled], k: int = FOLDS) -> list[float]:
    """Each example's score from a model trained on the other folds."""
    scores = [0.0] * len(examples)
    for fold in folds(len(examples), min(k, len(examples))):
        held_out = set(fold)
        train = [ex for i, ex in enumerate(examples) if i not in held_out]
        weights, bias = _train(train)
        model = LinearModel(weights, bias, (), 0.5)
        for i in fold:
            scores[i] = model.score(examples[i].ids)
    return scores


def best_threshold(examples: Sequence[Labeled], scores: Sequence[float], combine: Combine) -> float:
    """The threshold that maximises F1 of `combine` over (example, score) pairs; ties: higher."""
    best, best_t = -1.0, 0.5
    for step in range(5, 100):
        t = step / 100
        rule = Combine(combine.use_rule, combine.op, t)  # a veto form: its `rule OR model` part
        f1 = prf([rule.decide(ex.rule, ex.seen(s)) for ex, s in zip(examples, scores, strict=True)],
                 [ex.label for ex in examples])[2]
        if f1 >= best:
            best, best_t = f1, t
    return best_t


def veto_threshold(examples: Sequence[Labeled], scores: Sequence[float], threshold: float) -> float:
    """The veto form's V: `VETO_MARGIN` of the highest V (in steps of 0.01, below `threshold`)
    that refuses no positive the rule admits on these out-of-fold scores, rounded down.

    The highest such V is the lowest score a rule-admitted positive got, an extreme that
    jumps from one training set to the next; leave-one-file-out over the tuning files lost
    positives with it and none with half of it (bench/relevance_lofo.py)."""
    kept = [s for ex, s in zip(examples, scores, strict=True)
            if ex.label and ex.rule and ex.gated and s < threshold]
    highest = 0.0
    for step in range(100):
        v = step / 100
        if v >= threshold or any(s < v for s in kept):
            break
        highest = v
    return math.floor(highest * VETO_MARGIN * 100 + 1e-9) / 100


def prf(predicted: Sequence[bool], labels: Sequence[int]) -> tuple[float, float, float]:
    tp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and y)
    fp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and not y)
    fn = sum(1 for p, y in zip(predicted, labels, strict=True) if not p and y)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def fit(
    examples: Sequence[Labeled], lists: Sequence[str], combine: Combine, k: int = FOLDS
) -> LinearModel:
    """A model trained on all `examples`, its threshold (and a veto form's V) chosen on their
    out-of-fold scores."""
    veto = None
    if combine.needs_model:
        scores = out_of_fold(examples, k)
        threshold = best_threshold(examples, scores, combine)
        if combine.veto is not None:
            veto = veto_threshold(examples, scores, threshold)
    else:
        threshold = 0.5
    weights, bias = _train(examples)
    kept = tuple(Example(ex.id, ex.title, ex.label, frozenset(ex.ids)) for ex in examples)
    meta = {"examples": len(examples), "positives": sum(ex.label for ex in examples), "C": C, "folds": k}
    return LinearModel(weights, bias, tuple(lists), threshold, kept, meta, veto)


def cross_validated(
    examples: Sequence[Labeled], lists: Sequence[str], combine: Combine, k: int = FOLDS
) -> list[tuple[bool, float, float]]:
    """Per example, the combined verdict, the model's score and the threshold, from a model
    (and threshold) chosen without it: nested k-fold cross-validation, so out of sample."""
    out: list[tuple[bool, float, float]] = [(False, 0.0, 0.5)] * len(examples)
    for fold in folds(len(examples), min(k, len(examples))):
        held_out = set(fold)
        model = fit([ex for i, ex in enumerate(examples) if i not in held_out], lists, combine, k)
        chosen = combine.with_thresholds(model.threshold, model.veto)
        for i in fold:
            score = model.score(examples[i].ids)
            out[i] = (chosen.decide(examples[i].rule, examples[i].seen(score)), score, model.threshold)
    return out
