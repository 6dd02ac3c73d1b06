"""Coverage of one story told differently still makes one story, without folding in a second deal.

Every organisation, product and event here is invented. Each test pairs a kind of coverage that
must join (a product or event the first items never named, only some parties of a joint
announcement) with the look-alike that must stay apart.
"""

from __future__ import annotations

from datetime import timedelta

from bot.stories.cues import kinds
from bot.stories.index import StoryIndex
from bot.stories.judge import Thresholds, judge
from bot.stories.signature import sign_item
from tests.support.stories import story_item as item

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
    deals = item("a", "Vantor Labs signs first drug discovery deals with Brintella and Quarnexo",
                 "Vantor Labs will design small molecules for Brintella and Quarnexo against several targets, "
                 "with upfront payments and milestones.")
    later = item("c", "Vantor Labs signs first $90 million drug discovery deal with Quarnexo on small molecules",
                 hours=6)
    alone = StoryIndex()
    lead = alone.assign(deals)
    assert alone.assign(later).story_id == lead.story_id
    # The same two items, with another live story about Vantor and Quarnexo (a pact of another
    # size): which deal the partial item reports is not certain, so it is kept apart.
    index = StoryIndex()
    other = index.assign(item("b", "Vantor Labs and Quarnexo sign $40 million pact", hours=-2))
    lead = index.assign(deals)
    ref = index.assign(later)
    assert lead.story_id != other.story_id
    assert ref.is_new and ref.reason == f"new story: names only some parties of {lead.story_id}, and {other.story_id} shares a name with it"


def test_a_german_headline_names_its_parties_in_party_positions_only() -> None:
    from bot.stories.names import name_runs

    assert [k for k, _ in name_runs("Roche-Konkurrent Vantor baut mit Qubrix eine KI-Fabrik für die Wirkstoffforschung")][-1:] == [("qubrix",)]
    assert name_runs("Krankenhaus setzt auf neue Software für die Pflege") == []
    index = StoryIndex()
    lead = index.assign(item("a", "Vantor and Qubrix launch AI factory for drug discovery"))
    german = index.assign(item("b", "Vantor baut mit Qubrix eine KI-Fabrik für die Wirkstoffforschung", hours=20))
    assert german.story_id == lead.story_id, german.reason


def test_coverage_in_another_script_joins_by_its_latin_names_when_one_story_fits() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Qubrix、瑞安医院と提携し病理AIモデルを共同開発", "Qubrixのモデルは病理スライドを読む。"))
    latin = index.assign(item("b", "Qubrix and Ruian Hospital build pathology AI model together", hours=10))
    assert latin.story_id == lead.story_id, latin.reason
    # The other way round, with a second live story about Qubrix: not one candidate, kept apart.
    index = StoryIndex()
    deal = index.assign(item("a", "Qubrix and Ruian Hospital build pathology AI model together"))
    other = index.assign(item("b", "Qubrix and Tessaly Clinic build pathology AI model together", hours=2))
    ref = index.assign(item("c", "Qubrix、瑞安医院と提携し病理AIモデルを共同開発", hours=10))
    assert other.story_id != deal.story_id
    assert ref.is_new, ref.reason


def test_coverage_in_another_script_naming_an_unknown_party_stays_apart() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Qubrix and Ruian Hospital build pathology AI model together"))
    ref = index.assign(item("b", "Qubrix、Nerovia与瑞安医院联合发布病理大模型", hours=10))
    assert ref.is_new and ref.story_id != lead.story_id


def test_an_item_leaving_out_the_storys_first_party_is_another_story() -> None:
    # The customer's rollout first; the vendor's own product news does not name the customer.
    index = StoryIndex()
    deal = index.assign(item("a", "Halcyon Health rolls out Qubrix Scribeline ambient AI scribe for nurses"))
    launch = index.assign(item("b", "Qubrix launches Scribeline ambient AI scribe for nurses", hours=4))
    assert launch.is_new and launch.story_id != deal.story_id


def test_an_item_naming_two_parties_of_a_joint_announcement_joins_in_other_words() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Vantor Labs signs first drug discovery deals with Brintella and Quarnexo"))
    german = index.assign(item("b", "Brintella und Vantor Labs vereinbaren KI-Forschungspartnerschaft", hours=20))
    assert german.story_id == lead.story_id, german.reason


def test_a_compound_of_common_words_opening_a_headline_is_not_a_name() -> None:
    from bot.stories.names import name_runs

    assert name_runs("Long-awaited Regulon draft on AI devices lands") == [(("regulon",), 1)]
    index = StoryIndex()
    lead = index.assign(item("a", "Regulon issues draft guidance on AI device submissions"))
    ref = index.assign(item("b", "Long-awaited Regulon draft guidance on AI device submissions lands", hours=5))
    assert ref.story_id == lead.story_id, ref.reason


def test_a_late_analysis_joins_its_story_unless_another_live_story_shares_its_names() -> None:
    analysis = item("c", "What Qubrix's deal with Brintella means for radiologists",
                    "An analysis of the agreement and its effect on reading workloads.", hours=24 * 12)
    index = StoryIndex()
    lead = index.assign(item("a", "Qubrix and Brintella sign AI imaging pact for cardiology",
                             "Brintella will deploy Qubrix's cardiac imaging models across its 40 hospitals."))
    ref = index.assign(analysis)
    assert ref.story_id == lead.story_id, ref.reason
    takeaways = item("c", "Qubrix's imaging device software draft: key takeaways for makers", hours=24 * 20)
    index = StoryIndex()
    lead = index.assign(item("a", "Qubrix issues draft rules on imaging device software"))
    assert index.assign(takeaways).story_id == lead.story_id
    # Another live story of the same issuer, which no guard tells apart: which one the late
    # piece is about rests on its words alone, so it is kept apart.
    index = StoryIndex()
    other = index.assign(item("b", "Qubrix proposes framework for AI used in drug submissions", hours=-24))
    lead = index.assign(item("a", "Qubrix issues draft rules on imaging device software"))
    ref = index.assign(takeaways)
    assert ref.is_new and ref.reason == f"new story: a late follow-up to {lead.story_id}, and {other.story_id} shares its names"


def test_the_same_parties_pact_in_another_clinical_area_is_another_story() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Qubrix and Brintella sign AI imaging pact for cardiology",
                             "Brintella will deploy Qubrix's cardiac imaging models across its hospitals."))
    # Days later, beyond the story window: the same two parties, the same kind of deal, but
    # another area: their next deal, whose alert a merge would swallow.
    ref = index.assign(item("b", "Qubrix and Brintella sign AI pact for oncology", hours=24 * 6))  # headline only
    assert ref.is_new and ref.story_id != lead.story_id, ref.reason
    assert ref.reason.endswith("rejected, clinical areas differ (oncology vs cardiology/radiology)")
    # The same area, told again that late, is still coverage of the first deal.
    again = index.assign(item("c", "Inside Qubrix and Brintella's cardiology AI pact",
                              "How the cardiac imaging deal works.", hours=24 * 7))
    assert again.story_id == lead.story_id, again.reason
    # Within the window too: when unsure, apart (an extra alert, not a missed deal).
    index = StoryIndex()
    lead = index.assign(item("a", "Qubrix and Brintella sign AI imaging pact for cardiology"))
    assert index.assign(item("b", "Qubrix, Brintella ink oncology AI deal", hours=6)).is_new


def test_a_report_naming_nobody_joins_the_story_of_its_figure_within_a_news_cycle() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Qubrix makes $180 million equity investment in Brintella",
                             "Qubrix will invest $180m in the Paris AI company and start an oncology collaboration."))
    bare = index.assign(item("b", "Paris AI start-up joins unicorn club with French drugmaker's backing",
                             "A $180m investment from a French pharma group values the company at more than $1bn.",
                             hours=6))
    assert bare.story_id == lead.story_id, bare.reason
    # two days later the figure is no evidence: another round may state it
    late = index.assign(item("c", "Paris AI start-up joins unicorn club with a drugmaker's backing",
                             "A $180m investment values the company at more than $1bn.", hours=50))
    assert late.is_new, late.reason


def test_a_report_naming_nobody_stays_apart_when_two_stories_state_its_figure() -> None:
    index = StoryIndex()
    one = index.assign(item("a", "Qubrix raises $40 million Series B for imaging AI"))
    two = index.assign(item("b", "Brintella lands $40M from Vostrel to expand its sepsis tools", hours=1))
    assert one.story_id != two.story_id
    bare = index.assign(item("c", "A health AI start-up lands $40 million to grow", hours=3))
    assert bare.is_new and "both state its figure" in bare.reason, bare.reason
    # and a report naming someone else never joins on the figure
    other = index.assign(item("d", "Vostrel raises $40 million Series B for scribes", hours=4))
    assert other.is_new, other.reason


def test_a_report_naming_one_party_joins_on_the_story_figure_within_a_news_cycle() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Vantor Labs signs $1.2 billion AI discovery pact with Quarnexo"))
    one = index.assign(item("b", "Quarnexo pays $1.2 billion for an AI drug hunter's molecules", hours=5))
    assert one.story_id == lead.story_id, one.reason


def test_a_report_naming_nobody_joins_the_story_of_its_one_off_development_within_a_news_cycle() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Zentora Health takes all IT systems offline after ransomware attack",
                             "The Zentora Health service switched off its IT systems after a significant "
                             "ransomware attack; outpatient appointments are cancelled."))
    told = index.assign(item("b", "Irish health service hit by ransomware attack, appointments cancelled", hours=3))
    assert told.story_id == lead.story_id, told.reason
    # two days later a nameless report of an attack may be another attack
    late = index.assign(item("c", "Irish health service hit by ransomware attack, appointments cancelled again",
                             hours=50))
    assert late.is_new, late.reason


def test_a_report_naming_nobody_stays_apart_from_a_development_of_another_kind_or_place() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Zentora Health takes all IT systems offline after ransomware attack",
                             "The Zentora Health service switched off its IT systems after a ransomware attack."))
    # the same words, but a round, not an attack: no evidence
    round_ = index.assign(item("b", "Irish health service start-up raises funding for its IT systems", hours=2))
    assert round_.is_new and round_.story_id != lead.story_id, round_.reason
    index = StoryIndex()
    lead = index.assign(item("a", "Texas hospital takes IT systems offline after ransomware attack"))
    other = index.assign(item("b", "Ohio hospital takes IT systems offline after ransomware attack", hours=2))
    assert other.is_new, other.reason


def test_a_report_naming_nobody_stays_apart_when_two_stories_report_its_development() -> None:
    index = StoryIndex()
    one = index.assign(item("a", "Zentora Health takes IT systems offline after ransomware attack"))
    two = index.assign(item("b", "Brintella Clinic cancels clinics after ransomware attack", hours=1))
    assert one.story_id != two.story_id
    nameless = index.assign(item("c", "Hospital diverts ambulances and cancels surgery after ransomware attack",
                                 hours=3))
    assert nameless.is_new and "both report its development" in nameless.reason, nameless.reason


def test_a_report_naming_nobody_joins_a_story_in_another_script_of_its_development_and_place() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "大阪の総合病院にサイバー攻撃 電子カルテに障害", "救急の受け入れを停止した。"))
    told = index.assign(item("b", "Osaka hospital suspends emergency care after ransomware attack", hours=5))
    assert told.story_id == lead.story_id, told.reason
    # a summary naming the hospital in Latin letters changes nothing: the other script cannot
    # be compared with it, and the headline names nobody
    named = index.assign(item("c", "Osaka hospital halts emergency admissions after ransomware attack",
                              "Zentora General Medical Center said its electronic records were encrypted.", hours=30))
    assert named.story_id == lead.story_id, named.reason
    # the same development elsewhere, or with no place to compare, is no evidence across scripts
    index = StoryIndex()
    lead = index.assign(item("a", "大阪の総合病院にサイバー攻撃 電子カルテに障害"))
    assert index.assign(item("b", "Tokushima hospital suspends care after ransomware attack", hours=5)).is_new
    index = StoryIndex()
    lead = index.assign(item("a", "大阪の総合病院にサイバー攻撃 電子カルテに障害"))
    assert index.assign(item("c", "Hospital suspends emergency care after ransomware attack", hours=6)).is_new


def test_a_report_naming_only_a_rounds_investor_joins_when_it_places_the_company() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Quorra raises $130m Series D led by Varnel to scale remote monitoring"))
    placed = index.assign(item("b", "Varnel's impact fund leads $130M bet on London remote-monitoring startup",
                               hours=20))
    assert placed.story_id == lead.story_id, placed.reason
    # the investor's own news, naming no place, is another story
    own = index.assign(item("c", "Varnel raises $130M for its third fund", hours=22))
    assert own.is_new, own.reason


def test_a_report_naming_nobody_joins_the_story_of_its_place_and_development_within_a_news_cycle() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Prairie Nebraska Health rolls out AI note-writing to 1,500 clinicians",
                             "The Omaha system picked Quorra's generative AI after a pilot."))
    placed = index.assign(item("b", "Nebraska health system brings generative AI documentation to more than 140 locations",
                               hours=5))
    assert placed.story_id == lead.story_id, placed.reason
    # another place, or another development at that place, is another story
    elsewhere = index.assign(item("c", "Iowa health system brings generative AI documentation to more than 140 locations",
                                  hours=6))
    assert elsewhere.is_new and "places differ" in elsewhere.reason, elsewhere.reason
    attacked = index.assign(item("d", "Nebraska health system hit by ransomware attack", hours=7))
    assert attacked.is_new, attacked.reason


def test_an_item_fitting_two_stories_of_one_announcement_joins_one_but_look_alikes_stay_apart() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Quorra to buy Varnel for $19.7 billion to expand its cloud for healthcare"))
    other = index.assign(item("b", "Quorra bets $16 billion on Varnel in push into healthcare AI", hours=2))
    assert other.is_new  # two figures of one deal: kept apart by the figures
    told = index.assign(item("c", "Quorra agrees to acquire speech-AI maker Varnel", hours=4))
    assert told.story_id in (lead.story_id, other.story_id), told.reason
    # the same health system with two partners the same day: two deals, and an item fitting both is neither
    index = StoryIndex()
    index.assign(item("a", "Mayo Clinic and Quorra build a genomic foundation model"))
    index.assign(item("b", "Mayo Clinic and Varnel build a pathology foundation model", hours=2))
    both = index.assign(item("c", "Mayo Clinic builds foundation models", hours=4))
    assert both.is_new and "look-alike" in both.reason, both.reason


def test_a_late_analysis_naming_the_storys_party_joins_without_reopening_its_window() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Quorra shuts down, selling its revenue-cycle AI to two rivals"))
    analysis = index.assign(item("b", "What Quorra's collapse says about AI hype in the revenue cycle", hours=24 * 10))
    assert analysis.story_id == lead.story_id, analysis.reason
    # the party's next development, two days after the analysis, is judged against the news
    news = index.assign(item("c", "Quorra founder starts a new AI company", hours=24 * 12))
    assert news.is_new, news.reason
    # an explainer after a kicker naming the news is an analysis too
    attack = index.assign(item("d", "Varnel Health hit by ransomware attack, systems offline", hours=24 * 20))
    why = index.assign(item("e", "Two weeks after the Varnel hack: why blood testing is still disrupted",
                            hours=24 * 34))
    assert why.story_id == attack.story_id, why.reason


def test_a_report_in_another_script_naming_one_party_by_sound_joins_on_the_storys_one_off_development() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Vorno lists on Kosdaq as medical AI firms tap public market"))
    listed = index.assign(item("b", "의료 AI 기업 보르노, 26일 코스닥 상장…거래 시작", hours=3))
    assert listed.story_id == lead.story_id, listed.reason
    # the same company's product news the same day is another story
    launched = index.assign(item("c", "보르노, 병원 AI 판독 서비스 출시", hours=5))
    assert launched.is_new, launched.reason


def test_a_listing_told_as_entering_a_market_or_listing_on_a_board_joins_across_scripts() -> None:
    # Korean business news writes a listing as entering the market ("코스닥 입성"), Chinese as
    # listing on the Hong Kong or a mainland board ("港股上市"): the same one-off development
    index = StoryIndex()
    lead = index.assign(item("a", "Vorno debuts on Kosdaq as medical AI firms tap public market"))
    entered = index.assign(item("b", "보르노, 코스닥 입성…해외 시장 공략 속도", hours=3))
    assert entered.story_id == lead.story_id, entered.reason
    assert kinds("康纳科技港股上市，首日高开") == {"funding"}
    assert kinds("康纳科技在港交所主板上市") == {"funding"}
    # English business news writes a first trading day as a company that "makes X debut"; a
    # product "makes its debut"
    assert kinds("Medical data firm Kangna Tech makes Hong Kong debut") == {"funding"}
    assert "funding" not in kinds("Kangna's AI scribe makes its debut at HIMSS")


def test_a_round_told_the_same_day_as_a_companys_second_is_one_round() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Quorra raises $300 million Series E to expand its AI note-taker",
                             "The round values the ambient documentation company at $5.3 billion."))
    second = index.assign(item("b", "Quorra's AI note-taker raises a second mega-round in four months", hours=4))
    assert second.story_id == lead.story_id, second.reason
    # two months later, "another round" is another round
    later = index.assign(item("c", "Quorra's AI note-taker raises another mega-round", hours=24 * 60))
    assert later.is_new, later.reason


def test_a_brand_written_as_one_word_or_two_is_one_name() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Qubrix e NovaKlint Zentomédica anunciam fusão das operações"))
    spaced = index.assign(item("b", "Brazil's Qubrix and Nova Klint Zentomedica agree to combine", hours=20))
    assert spaced.story_id == lead.story_id, spaced.reason
    # a name of other words stays new to the story
    other = index.assign(item("c", "Brazil's Qubrix and Nova Brelt Zentomedica agree to combine", hours=21))
    assert other.story_id != lead.story_id and "Brelt" in other.reason


def test_a_brand_that_is_a_common_word_opening_a_headline_is_found_by_a_report_naming_it() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Steady Raises $100 Million to Scale Intelligent Automation Across Health Systems",
                             "Steady, whose software automates patient intake, closed a $100 million Series B "
                             "led by Quarrow Growth."))
    named = index.assign(item("b", "Automation startup Steady banks $100M to push AI deeper into patient intake",
                              hours=2))
    assert named.story_id == lead.story_id, named.reason
    # another figure is another round
    other = index.assign(item("c", "Automation startup Steady banks $40M to push AI deeper into patient intake",
                              hours=3))
    assert other.story_id != lead.story_id and "amounts differ" in other.reason


def test_a_headline_naming_nobody_joins_the_story_of_its_place_and_development_whatever_its_summary_names() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "AI-supported mammography screening is safe and cuts reading workload by 44%, "
                                  "Swedish trial finds",
                             "Interim results from Karvik University's randomised ZOLA trial of 80,000 women, "
                             "published in The Lancet Oncology, show AI-supported reading found more cancers."))
    told = index.assign(item("b", "AI reading of breast scans holds up against two radiologists, Swedish study finds",
                             "The first randomised trial of AI in breast screening used Brelmont's Tesselo to "
                             "triage exams to single or double reading.", hours=1))
    assert told.story_id == lead.story_id, told.reason
    # the same words about a study in another country: another study
    other = index.assign(item("c", "AI reading of breast scans holds up against two radiologists, Danish study finds",
                              "The trial used Brelmont's Tesselo to triage exams to single or double reading.",
                              hours=2))
    assert other.story_id != lead.story_id and "places differ" in other.reason


def test_half_the_words_of_a_report_naming_nobody_make_it_a_rewrite_inside_the_window_only() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Regional hospitals roll out AI sepsis alerts across emergency departments",
                                    "Nurses get an alert when the model flags a patient at risk of sepsis."))
    story = index._stories[first.story_id]
    sig = sign_item("Emergency departments at regional hospitals get AI alerts for sepsis risk",
                    "The tool went live on Monday after a pilot last winter.", None, index._hasher, index._bands)
    share = len(sig.tokens.intersection(story.tokens)) / len(sig.tokens)
    assert 0.4 <= share < 0.6  # half its words, no name, no copy
    two_days = judge(sig, story, timedelta(hours=40), timedelta(days=3), Thresholds())
    assert two_days.accept and two_days.jaccard < Thresholds().jaccard
    # beyond the window a late report needs a copy's share of words: commentary or a new stage
    assert not judge(sig, story, timedelta(hours=100), timedelta(days=3), Thresholds()).accept


def test_a_customer_that_will_use_the_vendors_ai_the_same_day_is_its_rollout() -> None:
    assert "deployment" in kinds("Harlow Clinic doctors to use AI that listens in and drafts visit notes")
    assert "deployment" not in kinds("Harlow Clinic doctors use fewer forms after the merger")
    index = StoryIndex()
    lead = index.assign(item("a", "Harlow Clinic to roll out Quillon Health's AI documentation platform",
                             "After evaluating several ambient AI tools, the clinic will offer Quillon to its clinicians."))
    told = index.assign(item("b", "Harlow Clinic doctors to use AI that listens in and drafts visit notes",
                             "With patient consent, the software records the visit and drafts a note.", hours=5))
    assert told.story_id == lead.story_id, told.reason
    # the same customer's deal with a second vendor that day stays a story of its own
    other = index.assign(item("c", "Harlow Clinic to roll out Vexmoor's AI coding assistant", hours=6))
    assert other.story_id != lead.story_id


def test_a_report_naming_only_the_rounds_investor_joins_the_round_of_its_figure() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Quillon raises $70M Series C to build agentic AI for clinicians",
                             "The Paris-based company's round is led by Harbor Peak Capital."))
    told = index.assign(item("b", "Paris AI scribe startup lands $70m led by Harbor Peak Capital", hours=20))
    assert told.story_id == lead.story_id, told.reason
    founder = index.assign(item("c", "Le laboratoire mise 70 millions de dollars sur la pépite de Thomas Marlowe", hours=21))
    assert founder.story_id == lead.story_id, founder.reason  # a person is no party either
    # another company's round of that figure the same day: which one it reports is not certain
    index = StoryIndex()
    index.assign(item("a", "Quillon raises $70M Series C to build agentic AI for clinicians"))
    index.assign(item("c", "Vexmoor raises $70M to scale its lab robots", hours=1))
    apart = index.assign(item("b", "Paris AI scribe startup lands $70m led by Harbor Peak Capital", hours=20))
    assert apart.is_new


def test_late_commentary_naming_some_parties_joins_the_deal_when_two_are_named() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Brintella, Quorvo Health and Vexmoor Labs sign AI pact for oncology imaging"))
    later = index.assign(item("b", "What the Brintella pact tells health AI founders",
                              "Two weeks on, Quorvo Health's choice of a start-up shows where hospitals buy AI.",
                              hours=24 * 14))
    assert later.story_id == lead.story_id, later.reason
    # late commentary naming only one of them stays apart: that party may have made another deal
    other = index.assign(item("c", "What Brintella's growth tells health AI founders", "Investors weigh its next round.",
                              hours=24 * 15))
    assert other.story_id != lead.story_id


def test_a_latin_report_finds_a_story_whose_first_item_spells_the_company_by_sound() -> None:
    # the Japanese report came first and writes the start-up in katakana, which no table holds
    index = StoryIndex()
    first = index.assign(item("a", "ブリンテラ、AI搭載の咽頭カメラが医療機器として国内承認を取得"))
    english = index.assign(item("b", "Tokyo startup Brintella wins Japanese approval for AI throat camera", hours=10))
    assert english.story_id == first.story_id, english.reason
    other = index.assign(item("c", "Tokyo startup Quorvane wins Japanese approval for AI eye camera", hours=11))
    assert other.story_id != first.story_id
