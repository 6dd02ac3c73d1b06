"""Coverage of one story told differently still makes one story, without folding in a second deal.

Every organisation, product and event here is invented. Each test pairs a kind of coverage that
must join (a product or event the first items never named, only some parties of a joint
announcement) with the look-alike that must stay apart.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.cluster import StoryIndex
from bot.models import Item

T0 = datetime(2025, 5, 5, 9, 0, tzinfo=UTC)


def item(fp: str, title: str, summary: str = "", *, hours: float = 0, outlet: str | None = None) -> Item:
    return Item(fingerprint=fp, source="feed", title=title, summary=summary, url=f"https://news.example/{fp}",
                published_at=T0 + timedelta(hours=hours), outlet=outlet)


PACT = "Zentora Health and Qubrix sign generative AI pact for ambient clinical notes"


def test_a_later_item_naming_a_product_or_an_event_joins() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", PACT, "The pact covers ambient notes across Zentora's hospitals."))
    product = index.assign(item("b", "Qubrix and Zentora Health sign ambient notes pact, unveil Scribeline at Vexcon",
                                hours=5))
    assert product.story_id == lead.story_id, product.reason


def test_a_later_item_naming_a_second_customer_as_a_party_does_not_join() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", PACT))
    other = index.assign(item("b", "Qubrix and Zentora Health sign ambient notes pact with Malvern Clinic", hours=5))
    assert other.is_new and other.story_id != lead.story_id
    assert "Malvern new to the story" in other.reason


def test_an_item_naming_some_parties_of_a_joint_announcement_joins() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Vantor Labs signs first drug discovery deals with Brintella and Quarnexo",
                             "Vantor Labs will design small molecules for Brintella and Quarnexo against several "
                             "targets, with upfront payments and milestones."))
    one = index.assign(item("b", "Vantor Labs signs first drug discovery deal with Quarnexo on small molecules",
                            hours=6))
    assert one.story_id == lead.story_id, one.reason


def test_a_partial_naming_stays_apart_when_another_live_story_shares_its_names() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Vantor Labs signs first drug discovery deals with Brintella and Quarnexo",
                             "Vantor Labs will design small molecules for Brintella and Quarnexo against several "
                             "targets, with upfront payments and milestones."))
    other = index.assign(item("b", "Quarnexo opens drug discovery centre for small molecules", hours=2))
    one = index.assign(item("c", "Vantor Labs signs first drug discovery deal with Quarnexo on small molecules",
                            hours=6))
    assert other.story_id != lead.story_id
    assert one.is_new and "names only some parties" in one.reason


def test_an_item_leaving_out_the_storys_first_party_is_another_story() -> None:
    # The customer's rollout first; the vendor's own product news does not name the customer.
    index = StoryIndex()
    deal = index.assign(item("a", "Halcyon Health rolls out Qubrix Scribeline ambient AI scribe for nurses"))
    launch = index.assign(item("b", "Qubrix launches Scribeline ambient AI scribe for nurses", hours=4))
    assert launch.is_new and launch.story_id != deal.story_id
