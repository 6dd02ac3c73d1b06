"""A story is its event: the failure kinds that folded a second deal into the first one.

Every organisation here is invented: the guards must hold for companies no list has heard of.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bot.stories.index import StoryIndex, Thresholds
from tests.support.stories import story_item as item


def test_one_vendor_with_two_customers_in_one_week_is_two_stories() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Zentora Health deploys Qubrix ambient AI scribe across its hospitals"))
    index.assign(item("b", "Zentora Health rolls out Qubrix ambient scribe to 4,000 clinicians", hours=5))
    ref = index.assign(item("c", "Malvern Clinic deploys Qubrix ambient AI scribe across its hospitals", hours=72))
    assert ref.is_new and ref.story_id != first.story_id
    assert "orgs differ" in ref.reason


def test_one_customer_with_two_vendors_on_one_day_is_two_stories() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Halcyon Health picks Qubrix for ambient AI documentation"))
    ref = index.assign(item("b", "Halcyon Health picks Nerovia for ambient AI documentation", hours=3))
    assert ref.is_new and ref.story_id != first.story_id
    assert "orgs differ (Nerovia vs Qubrix)" in ref.reason


def test_a_vendors_product_news_and_a_customers_deal_the_same_day_stay_apart() -> None:
    index = StoryIndex()
    launch = index.assign(item("a", "Qubrix launches Scribeline, an ambient AI scribe for nurses",
                               "Qubrix says Scribeline drafts nursing notes from bedside conversations."))
    deal = index.assign(item("b", "Halcyon Health rolls out Qubrix Scribeline ambient AI scribe for nurses", hours=4))
    assert deal.is_new and deal.story_id != launch.story_id
    # And the other way round: the deal first, then the vendor's own product news.
    index = StoryIndex()
    deal = index.assign(item("a", "Halcyon Health rolls out Qubrix Scribeline ambient AI scribe for nurses"))
    launch = index.assign(item("b", "Qubrix launches Scribeline ambient AI scribe for nurses", hours=4))
    assert launch.is_new and launch.story_id != deal.story_id
    assert "does not name Halcyon" in launch.reason


def test_an_unknown_company_blocks_a_merge_wherever_it_stands() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Halcyon Health signs generative AI deal with Brintella"))
    other = index.assign(item("b", "Halcyon Health signs generative AI deal with Quarnexo", hours=2))
    opening = index.assign(item("c", "Vostrel and Halcyon Health sign generative AI deal", hours=3))
    assert other.is_new and opening.is_new
    assert len({first.story_id, other.story_id, opening.story_id}) == 3


def test_a_multi_deal_headline_stays_alone_and_never_bridges_two_stories() -> None:
    index = StoryIndex()
    deal_a = index.assign(item("a", "Halcyon Health and Qubrix sign generative AI pact"))
    digest = index.assign(item("b", "Halcyon-Qubrix and Vantor-Nerovia lead a busy week of AI deals", hours=20))
    deal_b = index.assign(item("c", "Vantor and Nerovia sign generative AI pact", hours=22))
    again_a = index.assign(item("d", "Qubrix and Halcyon Health ink generative AI pact", hours=23))
    assert digest.is_new and "roundup" in digest.reason
    assert deal_b.is_new and len({deal_a.story_id, digest.story_id, deal_b.story_id}) == 3
    assert again_a.story_id == deal_a.story_id


def test_a_headline_naming_two_deals_with_deal_words_is_a_roundup() -> None:
    index = StoryIndex()
    index.assign(item("a", "Halcyon Health and Qubrix sign generative AI pact"))
    ref = index.assign(item("b", "Qubrix's Halcyon AI pact and Nerovia oncology deal: what investors should know",
                            hours=30))
    assert ref.is_new and "roundup" in ref.reason


def test_later_coverage_cannot_widen_the_parties_a_story_is_judged_by() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Halcyon Health and Qubrix sign generative AI pact",
                             "The five-year pact covers documentation and patient messaging."))
    for n, hours in enumerate((2, 4, 6)):
        index.assign(item(f"c{n}", "Qubrix and Halcyon Health sign generative AI pact", outlet=f"Outlet {n}",
                          hours=hours))
    # The fourth member's summary names another customer: it joins, but adds no party.
    widened = index.assign(item("w", "Halcyon Health, Qubrix sign five-year generative AI pact",
                                "Qubrix also works with Vantor Medical on patient messaging.", hours=8))
    assert widened.story_id == lead.story_id
    ref = index.assign(item("v", "Vantor Medical and Qubrix sign generative AI pact", hours=10))
    assert ref.is_new and ref.story_id != lead.story_id


def test_an_interview_weeks_later_is_new_but_an_explainer_joins() -> None:
    index = StoryIndex()
    deal = index.assign(item("a", "Halcyon Health and Qubrix sign $40 million generative AI pact",
                             "Halcyon Health will use Qubrix models for documentation."))
    talk = index.assign(item("b", "Interview: Halcyon Health on its Qubrix generative AI pact", hours=24 * 20))
    explainer = index.assign(item("c", "What the $40 million Halcyon Health and Qubrix pact means for hospitals",
                                  hours=24 * 21))
    assert talk.is_new
    assert explainer.story_id == deal.story_id and explainer.reason.startswith("follow-up to")


def test_names_of_a_summary_standing_in_for_a_nameless_headline_are_evidence_not_guards() -> None:
    # the lede names more than the parties (a researcher's university): no guard of the story
    index = StoryIndex()
    deal = index.assign(item("a", "Quorra Health rolls out AI sepsis alerts across its 12 hospitals"))
    report = index.assign(item("b", "Health system rolls out AI sepsis alerts across its hospitals",
                               "Quorra Health and researchers at Varnel University said the alerts flag "
                               "patients hours earlier.", hours=5))
    assert report.story_id == deal.story_id
    # a lede naming only someone else is still another story
    other = index.assign(item("c", "Health network rolls out AI sepsis alerts across its hospitals",
                              "Ostrava Health said the alerts flag patients hours earlier.", hours=6))
    assert other.is_new


def test_a_breach_reported_weeks_later_is_a_stage_of_its_own_but_commentary_joins() -> None:
    attack = ("Halcyon Health hit by ransomware attack, surgeries postponed",
              "Halcyon Health said a ransomware attack took its patient record systems offline.")
    index = StoryIndex()
    first = index.assign(item("a", *attack))
    leak = index.assign(item("b", "Hackers publish Halcyon Health patient data after ransomware attack",
                             "The ransomware gang posted patient records stolen from Halcyon Health's systems.",
                             hours=24 * 30))
    assert leak.is_new and leak.story_id != first.story_id
    index = StoryIndex()
    first = index.assign(item("a", *attack))
    analysis = index.assign(item("c", "Why the Halcyon Health ransomware attack matters for hospital systems",
                                 hours=24 * 30))
    assert analysis.story_id == first.story_id and analysis.reason.startswith("follow-up to")


def test_an_item_about_as_close_to_two_look_alike_stories_joins_neither() -> None:
    # Two drafts from one agency on one topic; the third item fits both. With `rival` at 0.75
    # an item scoring within 75% of its best story for another one is mixed evidence.
    index = StoryIndex(thresholds=Thresholds(rival=0.75))
    drugs = index.assign(item("a", "Regulon proposes framework for AI used in drug and biologic decisions"))
    devices = index.assign(item("b", "Regulon issues draft guidance on AI-enabled device software functions", hours=20))
    ref = index.assign(item("c", "Regulon drafts on AI in drug decisions and device software: what sponsors should know",
                            hours=30))
    assert devices.is_new and devices.story_id != drugs.story_id
    assert ref.is_new and ref.reason == "new story: as close to s-a as to s-b (look-alike stories kept apart)"
    strict = StoryIndex(thresholds=Thresholds(rival=1.5))  # a rival never counts: the best story wins
    for n, title in enumerate(("Regulon proposes framework for AI used in drug and biologic decisions",
                               "Regulon issues draft guidance on AI-enabled device software functions")):
        strict.assign(item("ab"[n], title, hours=20 * n))
    assert not strict.assign(item("c", "Regulon drafts on AI in drug decisions and device software: what sponsors"
                                        " should know", hours=30)).is_new


def test_a_frozen_identity_survives_export_and_load() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Halcyon Health and Qubrix sign generative AI pact"))
    for n in range(4):
        index.assign(item(f"c{n}", "Qubrix and Halcyon Health sign generative AI pact", outlet=f"Outlet {n}",
                          hours=n + 1, ))
    index.assign(item("w", "Halcyon Health, Qubrix sign generative AI pact", "Qubrix also works with Vantor.",
                      hours=6))
    records = json.loads(json.dumps(index.export()))
    assert "core" in records[0]
    restarted = StoryIndex()
    restarted.load(records)
    assert restarted.export() == records
    ref = restarted.assign(item("v", "Vantor and Qubrix sign generative AI pact", hours=8))
    assert ref.is_new and ref.story_id != lead.story_id


_SCRIPT = """
from datetime import UTC, datetime, timedelta
from bot.stories.index import StoryIndex, Thresholds
from bot.models import Item
t = datetime(2025, 5, 5, tzinfo=UTC)
index = StoryIndex()
heads = ["Halcyon Health and Qubrix sign AI pact", "Vantor and Qubrix sign AI pact",
         "Malvern and Qubrix sign AI pact", "Brintella and Qubrix sign AI pact", "Quarnexo and Qubrix sign AI pact"]
for n, title in enumerate(heads):
    index.assign(Item(fingerprint=f"i{n}", source="s", title=title, published_at=t + timedelta(hours=n)))
print(index.assign(Item(fingerprint="x", source="s", title="Zentora and Qubrix sign AI pact",
                        published_at=t + timedelta(hours=9))).reason)
"""


def test_reasons_do_not_depend_on_string_hashing() -> None:
    reasons = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, check=True)
        reasons.add(out.stdout.strip())
    assert len(reasons) == 1, reasons
