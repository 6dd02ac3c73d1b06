"""A linear model in a JSON file: load, score, explain, nearest labeled examples.

Promise: `LinearModel.load(path)` reads a file written by `save` (format `newsbot-linear/1`)
and raises `ModelError` with the reason for anything else (a file without a `veto` threshold,
written before the veto form, still loads). `score(ids)` is the logistic of
the bias plus the weights of the item's feature ids. `nearest(ids, k)` gives the labeled
examples the model was trained on whose features overlap the item's most (Jaccard), so a
user can see which past items the score leans on. JSON, not pickle: a model file is data and
loading it runs no code.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "newsbot-linear/1"
FEATURES = "words-lists-names/1"  # what features.extract computes; change it with them


class ModelError(ValueError):
    """A model file that cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    title: str
    label: int
    ids: frozenset[int]


@dataclass
class LinearModel:
    weights: dict[int, float]
    bias: float
    lists: tuple[str, ...]  # the term lists whose hits are features
    threshold: float  # the threshold cross-validation chose (a suggestion for `combine`)
    examples: tuple[Example, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    veto: float | None = None  # the veto threshold cross-validation chose, for the veto form

    def score(self, ids: list[int]) -> float:
        w = self.weights
        z = self.bias + sum(w.get(i, 0.0) for i in ids)
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def nearest(self, ids: list[int], k: int = 3) -> list[tuple[float, Example]]:
        mine = frozenset(ids)
        scored = [
            (len(mine & ex.ids) / (len(mine | ex.ids) or 1), ex) for ex in self.examples
        ]
        scored.sort(key=lambda pair: (-pair[0], pair[1].id))
        return scored[:k]

    def save(self, path: str | Path) -> None:
        data = {
            "format": FORMAT,
            "features": FEATURES,
            "lists": list(self.lists),
            "threshold": round(self.threshold, 4),
            **({"veto": round(self.veto, 4)} if self.veto is not None else {}),
            "bias": round(self.bias, 6),
            "meta": self.meta,
            "weights": {str(i): round(w, 6) for i, w in sorted(self.weights.items()) if abs(w) >= 1e-6},
            "examples": [
                {"id": e.id, "title": e.title, "label": e.label, "ids": sorted(e.ids)}
                for e in self.examples
            ],
        }
        Path(path).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> LinearModel:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelError(f"model file {path} not found (build it with `newsbot train`)") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelError(f"model file {path} cannot be read: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ModelError(f"model file {path} is not a {FORMAT} model (rebuild it with `newsbot train`)")
        if data.get("features") != FEATURES:
            raise ModelError(
                f"model file {path} was trained on features {data.get('features')!r}, this version "
                f"computes {FEATURES!r} (rebuild it with `newsbot train`)"
            )
        try:
            return cls(
                weights={int(k): float(v) for k, v in data["weights"].items()},
                bias=float(data["bias"]),
                lists=tuple(str(x) for x in data["lists"]),
                threshold=float(data["threshold"]),
                examples=tuple(
                    Example(str(e["id"]), str(e["title"]), int(e["label"]), frozenset(e["ids"]))
                    for e in data.get("examples", ())
                ),
                meta=dict(data.get("meta") or {}),
                veto=None if data.get("veto") is None else float(data["veto"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"model file {path} is damaged: {exc!r}") from None
