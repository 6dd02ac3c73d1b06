"""The learned second opinion for a rule: a small linear model over an item's words and the
rule's term lists, trained from labeled examples, combined with the boolean rule per config.

    LinearModel.load(path) / .save(path)        a JSON file that ships with the config
    LinearModel.score(features) -> float        probability that the item is relevant
    features.extract(title, summary, lists)     hashed feature ids (pure, stable across runs)
    Combine.parse("rule OR model >= 0.6")       how rule and model decide together
    train.fit(records, lists_of) -> LinearModel (needs scikit-learn: the `learn` extra)

Scoring needs nothing beyond the standard library; only training imports scikit-learn.
"""

from __future__ import annotations

from bot.learned.combine import Combine
from bot.learned.model import LinearModel, ModelError

__all__ = ["Combine", "LinearModel", "ModelError"]
