"""Two reports naming the same parties are one story only when they report the same development.

Every organisation here is invented. Each test pairs a second development of the same two
organisations inside the window (which must stay apart) with a rewrite of the first (which joins).
"""

from __future__ import annotations

from bot.stories.cues import kinds, kinds_conflict, phases
from bot.stories.index import StoryIndex
from tests.support.stories import first_and_second
from tests.support.stories import story_item as item

PACT = "Halcyon Health and Brintella sign generative AI partnership"




def pair(first: str, second: str, hours: float = 30) -> tuple[str, str, str]:
    index = StoryIndex()
    a = index.assign(item("a", first))
    b = index.assign(item("b", second, hours=hours))
    return a.story_id, b.story_id, b.reason


def test_a_rewrite_of_the_same_development_joins() -> None:
    a, b, why = pair(PACT, "Brintella, Halcyon Health team up on generative AI")
    assert a == b, why


def test_buying_the_partner_is_another_development() -> None:
    a, b, why = pair(PACT, "Halcyon Health to acquire Brintella in $300 million deal")
    assert a != b and "developments differ (acquisition vs partnership)" in why


def test_an_expanded_or_second_deal_is_another_development() -> None:
    a, b, why = pair(PACT, "Halcyon Health and Brintella expand generative AI partnership")
    assert a != b and "expansion" in why
    a, b, why = pair(PACT, "Halcyon Health and Brintella sign second generative AI deal")
    assert a != b and "repeat" in why
    # The other way round: the story is the expansion, the item the original signing.
    a, b, _ = pair("Halcyon Health and Brintella extend AI pact to all hospitals", PACT)
    assert a != b


def test_pilot_results_are_not_the_pilot_start() -> None:
    a, b, why = pair("Halcyon Health starts Brintella sepsis AI pilot",
                     "Halcyon Health's Brintella sepsis AI pilot cut deaths by a fifth, study finds")
    assert a != b and "results" in why


def test_a_confirmed_theft_is_not_the_first_incident_report() -> None:
    a, b, why = pair("Halcyon Health detects cyber incident, takes patient portal offline",
                     "Halcyon Health confirms hackers stole patient records", hours=72)
    assert a != b and "breach" in why
    a, b, why = pair("Halcyon Health detects cyber incident, takes patient portal offline",
                     "Halcyon Health cyber incident keeps patient portal offline", hours=20)
    assert a == b, why
    assert "breach" in kinds("Halcyon Health : des pirates ont volé des données") | kinds("Datendiebstahl bei Halcyon Health")


def test_a_lawsuit_or_an_investment_is_not_the_deal() -> None:
    a, b, why = pair(PACT, "Brintella sues Halcyon Health over AI contract")
    assert a != b and "legal" in why
    a, b, why = pair("Brintella invests $50 million in Halcyon Health AI unit", "Brintella to buy Halcyon Health AI unit")
    assert a != b and "acquisition vs funding" in why


def test_kinds_are_general_cues_and_compare_only_when_both_state_one() -> None:
    assert kinds("Vantor and Qubrix prolongent leur partenariat") == {"expansion", "partnership"}
    assert kinds("Qubrix app explains lab results") == frozenset()  # not a study's results
    assert kinds("Deal expands margins by 15%") == frozenset()  # not an expanded deal
    assert kinds_conflict(frozenset({"partnership"}), frozenset()) == ""
    assert kinds_conflict(frozenset({"partnership", "funding"}), frozenset({"funding"})) == ""


def test_the_same_template_about_other_names_is_another_story() -> None:
    a, b, why = pair("AI drug discovery start-up Qoraview raises $1 billion",
                     "AI drug discovery start-up Brintella raises $1 billion", hours=3)
    assert a != b and "no name in common" in why


def test_a_new_deal_told_as_deepening_a_bet_is_no_expansion_and_scooping_up_is_buying() -> None:
    assert "expansion" not in kinds("Halcyon Pharma deepens China bet with AI drug discovery pact")
    assert "expansion" in kinds("Halcyon Pharma deepens AI drug discovery pact with Brintella")
    assert "acquisition" in kinds("Halcyon Health scoops up a pathology AI start-up")


def test_a_rulings_findings_are_no_study_results_and_a_tie_up_is_no_partnership_cue() -> None:
    assert kinds("Regulator finds Halcyon Health broke data protection law in Brintella app test") == {"legal"}
    assert kinds("Halcyon Health deal broke the law, watchdog rules") == {"legal"}
    assert kinds("Regulator finds Halcyon Health did not comply with data law in Brintella app test") == {"legal"}
    assert kinds("Halcyon Health failed to comply with privacy rules, watchdog says") == {"legal"}
    assert "results" in kinds("Halcyon Health study finds Brintella AI cuts deaths")
    assert "partnership" not in kinds("Halcyon-Brintella tie-up forges a bigger rival")  # mergers are tie-ups too


def test_a_cyberattack_and_a_hack_are_an_attack_shown() -> None:
    assert "breach" in kinds("Hospitals cancel appointments as Halcyon cyber attack continues")
    assert "breach" in kinds("Two weeks after the Halcyon hack, tests still disrupted")
    assert "breach" not in kinds("Halcyon Health network outage enters fourth day")


def test_a_case_over_a_breach_is_the_case_and_a_second_day_is_no_second_deal() -> None:
    # the breach a lawsuit is about is no breach of this news; the attack's own probe is
    assert kinds("Privacy watchdog takes Halcyon Health to Federal Court over 2022 hack") == {"legal"}
    assert kinds("Halcyon Health fined for data breach") == {"legal"}
    assert "breach" in kinds("Halcyon hospitals on paper as ransomware probe continues")
    assert "repeat" not in kinds("Halcyon Health servers down for second day after ransomware attack")
    assert "repeat" in kinds("Halcyon Health hit by ransomware for the second time")
    # nor is "another" a second deal when it names a place or a time
    assert kinds("Halcyon hospital hacked, patient taken to another city dies") == {"breach"}
    assert "repeat" in kinds("Quillon AI signs another health system")
    # the same kinds in the rules' other languages and scripts
    assert kinds("Data 279 juta penduduk diduga bocor") == {"breach"}
    assert kinds("Halcyon, 코스닥 상장") == {"funding"}
    assert kinds("ハルシオン病院にサイバー攻撃") == {"breach"}
    # Hebrew, and the Arabic, French and Spanish everyday words for a cyber attack and its criminals
    assert kinds("מתקפת כופרה על בית החולים הלציון") == {"breach"}
    assert kinds("هجوم ببرنامج فدية يعطل أنظمة مستشفى هالسيون") == {"breach"}
    assert kinds("À Halcyon, un hôpital paralysé par une attaque informatique") == {"breach"}
    assert kinds("Los ciberdelincuentes publican datos robados al Hospital Halcyon") == {"breach"}


def test_a_regulators_approval_is_a_one_off_development() -> None:
    assert kinds("Qubrix wins FDA De Novo authorization for its prostate AI") == {"approval"}
    assert kinds("Qubrix receives CE mark for lung nodule AI") == {"approval"}
    assert kinds("キューブリックスの内視鏡AIに国の承認") == {"approval"}
    assert "approval" not in kinds("Qubrix clears the way for Mayo deal")
    # a report naming nobody joins the story of the approval it tells, within two news cycles
    index = StoryIndex()
    lead = index.assign(item("a", "Qubrix wins FDA De Novo authorization for autonomous diabetic eye screening AI"))
    told = index.assign(item("b", "First autonomous AI eye screening device wins US authorization", hours=20))
    assert told.story_id == lead.story_id, told.reason


def test_an_approval_told_by_the_regulator_joins_the_makers_report() -> None:
    assert kinds("FDA permits marketing of first AI device for diabetic eye screening") == {"approval"}
    assert kinds("Regulator lets autonomous eye-screening AI onto the market") == {"approval"}
    # The regulator's headline names only itself; its summary names the maker, whose own
    # report the next day names the maker and not the regulator. One approval, one story.
    lead, told = first_and_second(
        "FDA permits marketing of first AI device for diabetic eye screening",
        "Qubrix wins De Novo clearance for autonomous eye-screening AI", hours=20,
        summary="The agency granted a De Novo request for Qubrix's EyeScan software, which reads retinal photos.")
    assert told.story_id == lead.story_id, told.reason
    # Another maker's clearance the same day is another story.
    _, other = first_and_second(
        "FDA permits marketing of first AI device for diabetic eye screening",
        "Velmora wins De Novo clearance for autonomous eye-screening AI", hours=20,
        summary="The agency granted a De Novo request for Qubrix's EyeScan software, which reads retinal photos.")
    assert other.story_id != lead.story_id, other.reason


def test_a_report_ahead_of_a_plan_is_its_preview_not_the_plan() -> None:
    from bot.stories.cues import phases

    assert phases("ministers trail ai tools ahead of thursday's plan") == {"preview"}
    index = StoryIndex()
    preview = index.assign(item("a", "Halcyon app to get AI scribes, ministers say",
                                "Ahead of Thursday's plan, the government trails AI tools."))
    plan = index.assign(item("b", "Halcyon plan: AI scribes and the Halcyon app at its heart", hours=14))
    assert plan.story_id != preview.story_id, plan.reason


def test_a_one_off_development_told_another_way_the_same_day_joins() -> None:
    assert kinds("San Francisco's Qubrix Health becomes a public company") == {"funding"}
    assert kinds("Qubrix opens higher in Nasdaq debut") == {"funding"}
    index = StoryIndex()
    ipo = index.assign(item("a", "Qubrix Health prices IPO at $19 a share",
                            "The virtual chronic-care provider will trade on Nasdaq as QBRX."))
    listed = index.assign(item("b", "San Francisco's Qubrix Health becomes a public company",
                               "Founded in 2011 by two physicians, the company began trading on Friday.", hours=14))
    assert listed.story_id == ipo.story_id


def test_a_one_off_development_named_again_within_two_news_cycles_joins_and_later_does_not() -> None:
    # as a report naming nobody may, within two news cycles (a report naming the party is the
    # stronger evidence); an attack on the same company days later is another incident
    first, second = first_and_second("Grupo Qubrix sofre ataque hacker e sistemas ficam fora do ar",
                                     "Brazilian diagnostics company Qubrix hit by ransomware attack", hours=39)
    assert second.story_id == first.story_id, second.reason
    first, later = first_and_second("Grupo Qubrix sofre ataque hacker e sistemas ficam fora do ar",
                                    "Brazilian diagnostics company Qubrix hit by ransomware attack", hours=60)
    assert later.story_id != first.story_id


def test_a_report_naming_one_party_of_a_purchase_joins_within_two_news_cycles() -> None:
    # the buyer named, the target described, the day after: the same purchase
    first, second = first_and_second("Qubrix Medison to acquire French AI start-up Telmira",
                                     "Qubrix's ultrasound arm buys Paris start-up that automates scan reports",
                                     hours=30)
    assert second.story_id == first.story_id, second.reason


def test_a_story_knowing_the_names_only_from_background_does_not_take_a_later_deals_report() -> None:
    # a month-old story whose summaries recall the other deal ("weeks after agreeing to buy
    # Nerovia for $2.8 billion") is no home for a report of that deal while its own story is live
    index = StoryIndex()
    capsulon = index.assign(item("a", "Qubrix to acquire Capsulon Systems, a device-data provider",
                                 "Qubrix agreed to buy Capsulon for $635 million, weeks after agreeing to buy "
                                 "Nerovia for $2.8 billion."))
    index.assign(item("b", "Qubrix rondt overname van Nerovia af", "Nerovia gaat op in Qubrix.", hours=26 * 24))
    seal = index.assign(item("c", "Qubrix seals $2.8B Nerovia buy",
                             "It comes shortly after Qubrix announced its purchase of Capsulon.", hours=26 * 24 + 3))
    assert seal.story_id != capsulon.story_id


def test_another_round_of_the_same_figure_the_same_day_is_that_round() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Qubrix lève 24 millions de dollars pour son assistant IA",
                              "La start-up boucle une série B menée par un fonds."))
    again = index.assign(item("b", "Qubrix raises another $24 million for its AI assistant that writes notes",
                              "The assistant drafts notes for clinicians.", hours=5))
    assert again.story_id == first.story_id
    # another figure: another round, kept apart
    other = index.assign(item("c", "Qubrix raises another $40 million for its AI assistant that writes notes",
                              "The assistant drafts notes for clinicians.", hours=6))
    assert other.story_id != first.story_id


def test_a_round_told_as_another_the_next_day_with_its_figure_and_parties_is_that_round() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Symptom-checker Qubrix raises $90M as Halvorsen leads round",
                              "The Berlin start-up plans to expand in the US."))
    again = index.assign(item("b", "Another Halvorsen-backed health round: Berlin's Qubrix raises $90m",
                              "The round follows the fund's bet on a diagnostics firm.", hours=30))
    assert again.story_id == first.story_id, again.reason
    # the same two names and figure a week on: a second round, kept apart
    later = index.assign(item("c", "Another Halvorsen-backed health round: Berlin's Qubrix raises $90m",
                              "The round follows the fund's bet on a diagnostics firm.", hours=30 + 24 * 6))
    assert later.story_id != first.story_id
    # within two news cycles, another figure: another round
    other = index.assign(item("d", "Qubrix raises another $40m as Halvorsen doubles down", hours=32))
    assert other.story_id != first.story_id


def test_a_completed_combination_is_closed_and_an_agreement_recalled_is_no_news_of_one() -> None:
    assert phases("Halcyon Group completes combination of Quillon and Brell Health") == {"closed"}
    assert phases("Brell Health deal closed. The transaction has closed after a ruling") == {"closed"}
    assert phases("Halcyon closes Brell deal; Brell had agreed to sell a unit to Quillon") == {"closed"}
    assert phases("Halcyon agrees to buy Brell Health") == {"agreed"}


def test_partnerships_in_the_plural_and_in_german_compounds_are_the_partnership_kind() -> None:
    assert kinds("Halcyon inks nearly $3bn in first pharma pacts") == {"partnership"}
    assert kinds("Brell und Halcyon vereinbaren KI-Forschungspartnerschaft") == {"partnership"}
    assert kinds("Halcyon signs MoUs with two hospitals") == {"partnership"}



def test_an_expansion_told_before_its_verb_or_as_committing_more() -> None:
    assert "expansion" in kinds("Halcyon adds obesity and diabetes to its Brintella AI alliance")
    assert "expansion" in kinds("Halcyon signs on 12 more programs with Brintella, widening it to 20")
    assert "expansion" in kinds("Halcyon doubles down on Brintella with $190M upfront")
    assert "expansion" in kinds("Halcyon pledges $190M to grow its Brintella partnership")
    assert "expansion" not in kinds("Brintella grows fast after its Halcyon deal")
    # adding a tool to clinics, or features to an app, expands no deal
    assert "expansion" not in kinds("Halcyon Health adds AI scribe to 40 clinics")
    assert "expansion" not in kinds("Brintella adds features to its app")
    # a new deal named after "with" is the news, not more of what one has
    assert kinds("Halcyon doubles down on AI with Brintella buy") == {"acquisition"}


def test_reading_a_case_twice_is_no_second_deal_and_prior_authorization_no_approval() -> None:
    assert "repeat" not in kinds("Brintella results make the case for AI as second reader in mammography")
    assert "repeat" not in kinds("Halcyon Health offers AI second opinions on skin lesions")
    assert "repeat" in kinds("Brintella signs second deal with Halcyon Health")
    assert "approval" not in kinds("Halcyon Plan teams with Brintella to make prior authorization near real-time")
    assert "approval" in kinds("FDA authorizes Brintella's AI triage device")


def test_stealing_the_show_is_no_breach() -> None:
    assert "breach" not in kinds("Brintella recap: Halcyon's AI demo steals the show")
    assert "breach" not in kinds("Halcyon assistant stole the spotlight at the conference")
    assert "breach" in kinds("Hackers steal patient records from Halcyon Health")


def test_a_cyberattack_told_in_the_rules_other_languages_is_a_breach() -> None:
    for title in ("Fakultní nemocnici Kravlin zasáhl kybernetický útok", "Cyberatak na szpital w Kravlinie",
                  "Atac cibernetic la spitalele din Kravlin", "Kibertámadás érte a kravlini kórházat",
                  "Kravlinin sairaalaan kohdistui kyberhyökkäys", "Hackerii cer 3,5 bitcoini spitalului Kravlin"):
        assert "breach" in kinds(title), title
    assert "breach" not in kinds("Kravlin University Hospital shuts IT systems over suspicious network activity")
    # a report in another language joins the breach it tells; not an outage not yet called one
    english, czech = first_and_second("Cyberattack hits Kravlin University Hospital, shutting down its computers",
                                      "Fakultní nemocnici Kravlin zasáhl kybernetický útok, vypnula počítače", hours=5)
    assert czech.story_id == english.story_id, czech.reason
    outage, czech = first_and_second("Kravlin University Hospital shuts IT systems over suspicious network activity",
                                     "Fakultní nemocnici Kravlin zasáhl kybernetický útok, vypnula počítače", hours=5)
    assert czech.story_id != outage.story_id


def test_results_told_so_by_one_outlet_within_the_news_cycle_are_that_announcement() -> None:
    first = ("Oswin Hospital's AI early-warning system linked to fewer unexpected deaths",
             "The early-warning system watches ward patients' vital signs and alerts nurses.")
    later = ("Oswin Hospital AI flags deteriorating ward patients hours earlier, study finds",
             "The system watches vital signs of ward patients and alerts nurses.")
    for hours, joins in ((6, True), (30, False)):
        index = StoryIndex()
        a = index.assign(item("a", *first))
        b = index.assign(item("b", *later, hours=hours))
        # a day and more after the story began, results are a later stage than a report of none
        assert (a.story_id == b.story_id) is joins, b.reason


def test_a_rejection_names_the_guard_that_stopped_the_report_at_its_age() -> None:
    # within the news cycle a results cue does not split: what stops this report is the party
    # it leaves out, and its reason says so
    a, b, why = pair("Oswin Eye Hospital and Quorvane AI matches experts on referral decisions for eye conditions",
                     "Quorvane's eye-scan AI performs on par with specialists, study finds", hours=6)
    assert a != b and "orgs differ" in why and "Oswin" in why, why


def test_buying_a_minority_stake_is_investing_and_more_than_half_is_buying() -> None:
    assert kinds("Halcyon Pharma buys $180M stake in AI biotech Brintella") == {"funding"}
    assert kinds("Halcyon Pharma takes a 10% stake in Brintella") == {"funding"}
    assert kinds("Halcyon Pharma buys 66% stake in Brintella") == {"acquisition"}
    assert kinds("Halcyon Pharma buys majority stake in Brintella") == {"acquisition"}
    assert kinds("Halcyon Pharma buys Brintella for $2B") == {"acquisition"}
    assert "acquisition" not in kinds("Inside Halcyon's AI deal with Brintella: what $100 million upfront buys")
