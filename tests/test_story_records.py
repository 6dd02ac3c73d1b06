"""A story record written before profiles kept their short fields as tuples loads and matches.

`data/stories/v2-two-members.json` was exported by the code whose profiles held identity and
headline keys in `array('Q')` and names, key members and outlets in lists: the record format
must not have changed, and a restarted index must match with it as before.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.models import Item
from bot.stories.index import StoryIndex
from bot.stories.scripts import sound_keys

_RECORD = json.loads((Path(__file__).parent / "data" / "stories" / "v2-two-members.json").read_text())
_WHEN = datetime(2025, 3, 1, tzinfo=UTC)


def _items() -> list[Item]:
    return [
        Item(fingerprint="a", source="s", title="Mayo Clinic and Microsoft sign $5 million AI deal",
             summary="Mayo Clinic and Microsoft will build AI tools in 2025.", url="https://ex.com/a",
             published_at=_WHEN, outlet="Fierce"),
        Item(fingerprint="b", source="s", title="Microsoft, Mayo Clinic ink $5M generative AI deal",
             summary="The deal covers Mayo Clinic radiology.", url="https://ex2.com/b",
             published_at=_WHEN + timedelta(hours=2), outlet="STAT"),
    ]


def test_the_same_items_export_the_same_record_as_before() -> None:
    """Field for field the old record, but for what later versions added: the index keys of
    its parties' sounds, by which Korean and Japanese reports find it, and of its figures, by
    which a report naming nobody finds it."""
    index = StoryIndex(timedelta(days=3))
    for item in _items():
        index.assign(item)
    [record] = index.export()
    assert record.pop("posts") == [*sound_keys(tuple(tuple(n) for n in _RECORD["lead_names"])), "$5000000"]
    assert record == _RECORD


def test_an_older_record_loads_exports_unchanged_and_matches_by_url_and_by_words() -> None:
    index = StoryIndex(timedelta(days=3))
    assert index.load([_RECORD]) == 1
    assert index.export() == [_RECORD]
    again = index.assign(Item(fingerprint="c", source="s", title="Edited headline", url="https://ex2.com/b",
                              published_at=_WHEN + timedelta(hours=3)))
    assert (again.story_id, again.is_new, again.reason) == ("s-a", False, "same canonical URL as item b")
    rewrite = index.assign(Item(fingerprint="d", source="s", title="Mayo Clinic, Microsoft in $5 million AI deal",
                                summary="Mayo Clinic and Microsoft will build AI tools.", url="https://ex3.com/d",
                                published_at=_WHEN + timedelta(hours=4), outlet="Axios"))
    assert (rewrite.story_id, rewrite.is_new) == ("s-a", False)


def test_an_upfront_payment_survives_export_and_load() -> None:
    index = StoryIndex(timedelta(days=3))
    index.assign(Item(fingerprint="a", source="s", title="Aldane pays Ptolemy Bio $110 million upfront in AI pact",
                      url="https://ex.com/a", published_at=_WHEN))
    record = index.export()[0]
    assert record["title_upfront"] == [110_000_000]
    again = StoryIndex(timedelta(days=3))
    assert again.load([record]) == 1
    total = again.assign(Item(fingerprint="b", source="s", title="Ptolemy Bio wins Aldane AI pact worth $5.2bn",
                              url="https://ex.com/b", published_at=_WHEN + timedelta(hours=4)))
    assert (total.story_id, total.is_new) == ("s-a", False)
