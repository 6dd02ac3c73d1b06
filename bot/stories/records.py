"""A story's profile as JSON-ready data and back (the store keeps live stories this way).

Promise: `from_record(to_record(story))` is the same story, field for field; version-1 records
(word strings, key strings, from before word hashing) are read too, their words hashed and
their MinHash signatures dropped (another permutation family).
"""

from __future__ import annotations

from array import array
from datetime import datetime
from typing import Any

import numpy as np

from bot.stories.minhash import word_hash
from bot.stories.profile import StoryProfile
from bot.stories.signature import display, key_hash, names_hashes


def to_record(s: StoryProfile) -> dict[str, Any]:
    """JSON-ready form of a story; `from_record` restores it exactly."""
    return {
        "version": 2,
        "id": s.id,
        "lead": s.lead,
        "title": s.title,
        "first_seen": s.first_seen.isoformat(),
        "last_seen": s.last_seen.isoformat(),
        "roundup": s.roundup,
        "lead_names": [list(n) for n in s.lead_names],
        "names": [[list(n), display(n)] for n in s.names],
        "words": s.words.tolist(),
        "tokens": s.tokens.tolist(),
        "title_tokens": s.title_tokens.tolist(),
        "amounts": sorted(s.amounts),
        "title_amounts": sorted(s.title_amounts),
        "years": sorted(s.years),
        "rounds": sorted(s.rounds),
        "phases": sorted(s.phases),
        "sigs": s.signatures().tolist(),
        "keys": [[k, m] for k, m in zip(s.keys, s.key_members, strict=True)],
        "title_keys": list(s.title_keys),
        "outlets": list(s.outlets),
        "members": list(s.members),
    } | ({"foreign": True} if s.foreign else {}) | ({"kinds": sorted(s.kinds)} if s.kinds else {}) | ({"places": sorted(s.places)} if s.places else {}) | ({"title_upfront": sorted(s.title_upfront)} if s.title_upfront else {}) | ({"other_money": sorted(s.other_money)} if s.other_money else {}) | ({"posts": list(s.posts)} if s.posts else {}) | _heads(s) | ({} if s.core is None else {"core": s.core.tolist(), "core_names": [list(n) for n in s.identity_names]})

def _heads(s: StoryProfile) -> dict[str, Any]:
    """The lead names' word hashes when they hold more than the names' own words (a head word
    such as "Kaiser" of "Kaiser Permanente", `ItemSignature.party_hashes`), else nothing."""
    return {} if s.lead_hashes == names_hashes(s.lead_names) else {"lead_hashes": [list(h) for h in s.lead_hashes]}


def from_record(rec: dict[str, Any]) -> StoryProfile:
    """Restore `to_record` output; version-1 records (word strings, key strings) are hashed."""
    v1 = int(rec.get("version", 1)) < 2
    column = (lambda ws: array("I", sorted({word_hash(w) for w in ws}))) if v1 else (
        lambda ws: array("I", ws)
    )
    keys = list(rec.get("keys", {}).items()) if v1 else rec.get("keys", [])
    # Version-1 signatures used another permutation family: dropped, the words still match.
    sigs = [] if v1 else [list(map(int, s)) for s in rec.get("sigs", [])]
    return StoryProfile(
        id=str(rec["id"]),
        lead=str(rec["lead"]),
        title=str(rec.get("title", "")),
        first_seen=datetime.fromisoformat(rec["first_seen"]),
        last_seen=datetime.fromisoformat(rec["last_seen"]),
        roundup=bool(rec.get("roundup", False)),
        foreign=bool(rec.get("foreign", False)),
        lead_names=tuple(tuple(n) for n in rec.get("lead_names", [])),
        lead_hashes=tuple(tuple(int(x) for x in h) for h in rec.get("lead_hashes", [])),
        names=tuple(tuple(name) for name, _ in rec.get("names", [])),
        words=column(rec.get("words", [])),
        tokens=column(rec.get("tokens", [])),
        title_tokens=column(rec.get("title_tokens", [])),
        amounts=frozenset(int(a) for a in rec.get("amounts", [])),
        title_amounts=frozenset(int(a) for a in rec.get("title_amounts", [])),
        title_upfront=frozenset(int(a) for a in rec.get("title_upfront", [])),
        other_money=frozenset(int(a) for a in rec.get("other_money", [])),
        years=frozenset(rec.get("years", [])),
        rounds=frozenset(rec.get("rounds", [])),
        phases=frozenset(rec.get("phases", [])),
        kinds=frozenset(rec.get("kinds", [])),
        places=frozenset(rec.get("places", [])),
        sigs=np.asarray(sigs, dtype=np.uint32).tobytes() if sigs else b"",
        width=len(sigs[0]) if sigs else 0,
        keys=tuple(key_hash(k) if v1 else int(k) for k, _ in keys),
        key_members=tuple(str(m) for _, m in keys),
        title_keys=tuple(key_hash(k) if v1 else int(k) for k in rec.get("title_keys", [])),
        outlets=tuple(rec.get("outlets", [])),
        members=tuple(rec.get("members", [])),
        core=array("I", rec["core"]) if "core" in rec else None,
        core_names=tuple(tuple(n) for n in rec["core_names"]) if "core_names" in rec else None,
        posts=tuple(rec.get("posts", [])),
    )
