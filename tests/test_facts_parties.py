"""Facts: the deal-type procedure, parties in their places, sides by kind, CJK headlines.

Invented organisations throughout; the shipped config supplies the kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load
from bot.facts import FactsExtractor, acronyms, cjk, deal
from bot.facts.money import USD_PER, amounts, headline_amount
from bot.models import Item

SHIPPED = Path(__file__).resolve().parents[1] / "config" / "newsbot.yaml"


@pytest.fixture(scope="module")
def extractor() -> FactsExtractor:
    # the written procedure alone: its learned second opinion has tests of its own
    # (tests/test_facts_dealmodel.py)
    return FactsExtractor(load(SHIPPED, environ={}, check_models=False).terms, deal_model=None)


def facts(extractor: FactsExtractor, title: str, summary: str = ""):
    return extractor.extract(Item(fingerprint="x", source="s", title=title, summary=summary))


@pytest.mark.parametrize(
    ("headline", "summary", "kind"),
    [
        ({"deployment", "agreement"}, {"licensing_rd"}, "deployment"),  # the headline's kind first
        ({"co_development", "deployment"}, set(), "co_development"),  # building over using
        ({"agreement"}, {"licensing_rd", "co_development"}, "licensing_rd"),  # money told below
        ({"agreement", "formal"}, {"co_development"}, "partnership"),  # the work under a named deal
        ({"agreement"}, {"co_development"}, "co_development"),  # joint work: the summary says which
        (set(), {"deployment"}, "deployment"),  # a silent headline: the summary says
        (set(), set(), "partnership"),
    ],
)
def test_the_deal_type_follows_the_written_procedure(headline: set[str], summary: set[str], kind: str) -> None:
    assert deal.decide(headline, summary) == kind


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Harlow Clinic picks Corvant's AI scribe for its emergency rooms", "deployment"),
        ("Harlow Clinic and Quillon sign pact to scale AI", "partnership"),
        ("Harlow Clinic picks Quillon as cloud and AI partner", "partnership"),
        ("Harlow Clinic brings GPT-4 to its patient portal", "deployment"),
        ("Harlow Clinic and Quillon launch joint imaging platform", "co_development"),
        # a ceiling in a deal about no drug and no making is a budget, no milestones
        ("Harlow Clinic strikes up-to-$300M AI pact with Quillon", "partnership"),
        ("Harlow Clinic strikes up-to-$300M pact with Quillon to build AI drug candidates", "licensing_rd"),
        ("Quillon to invest up to $40M in Harlow Clinic", "investment"),
        ("Harlow Clinic uses Quillon's triage AI in its emergency rooms", "deployment"),
        ("Harlow Clinic uses AI to triage", "partnership"),
        ("Lumora signs AI drug discovery pact with Quillon", "licensing_rd"),
    ],
)
def test_choosing_verbs_and_named_products_decide_deployment(extractor: FactsExtractor, title: str, kind: str) -> None:
    assert facts(extractor, title).deal_type == kind


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Harlow Clinic and Quillon collaborate on AI tools for radiologists", "co_development"),
        ("Harlow Clinic works with Quillon on AI agents for triage", "co_development"),
        ("Harlow Clinic teams with Quillon on software for drug development", "co_development"),
        ("Harlow Clinic partners with Quillon on AI for clinical documentation", "partnership"),
        ("Harlow Clinic and Quillon sign pact on AI screening in Kenya", "partnership"),
        ("Harlow Clinic and Quillon launch AI agent for discharge calls", "co_development"),
        ("Harlow Clinic launches Quillon's AI agent for discharge calls", "deployment"),
    ],
)
def test_a_deal_about_a_thing_built_is_co_development(extractor: FactsExtractor, title: str, kind: str) -> None:
    # a thing built together, unless the launch puts a named partner's product to work
    assert facts(extractor, title).deal_type == kind


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("东山医院与星河科技合作开发医疗大模型", "co_development"),  # co-develop, in Chinese
        ("东山医院引入星河科技AI影像平台", "deployment"),  # introduce (adopt)
        ("东山医院与星河科技成立人工智能实验室", "co_development"),  # establish ... a lab
        ("L'hôpital Harlow et Quillon lancent un laboratoire commun d'IA", "co_development"),
        ("Le CHU de Harlow choisit Quillon pour l'IA en radiologie", "deployment"),  # chooses X
        ("El Hospital Harlow y Quillon firman un acuerdo de inteligencia artificial", "partnership"),
        ("Harlow Pharma zahlt Quillon eine Vorabzahlung für KI-Wirkstoffe", "licensing_rd"),
        ("北山病院と米ホシノ、医療AIの合弁会社を設立へ", "co_development"),  # a joint venture
        ("한빛병원, 누리소프트와 의료 AI 합작법인 설립", "co_development"),
    ],
)
def test_deal_kinds_are_read_in_the_rules_other_languages(extractor: FactsExtractor, title: str, kind: str) -> None:
    assert facts(extractor, title).deal_type == kind


def test_the_summary_changes_a_partnership_only_by_its_money(extractor: FactsExtractor) -> None:
    title = "Harlow Clinic partners with Quillon on AI"
    assert facts(extractor, title, "The two will co-develop triage tools.").deal_type == "partnership"
    assert facts(extractor, title, "Quillon gets $20M upfront and milestones.").deal_type == "licensing_rd"


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Harlow Clinic and Quillon collaborate on AI", "co_development"),
        ("Harlow Clinic enters multiyear AI collaboration with Quillon", "co_development"),
        ("Harlow Clinic teams up with Quillon on AI", "co_development"),
        ("Harlow Clinic signs collaboration agreement with Quillon", "partnership"),
        ("Harlow Clinic and Quillon form AI alliance", "partnership"),
        ("Harlow Clinic and Quillon sign AI MoU", "partnership"),
    ],
)
def test_joint_work_lets_the_summary_tell_the_kind(extractor: FactsExtractor, title: str, kind: str) -> None:
    # joint-work words name no terms of a deal, so the summary's work decides; a formal name
    # (alliance, MoU, a signed agreement) keeps the partnership
    assert facts(extractor, title, "The two plan joint AI research on sepsis.").deal_type == kind


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Harlow Clinic inks enterprisewide agreement for Quillon AI documentation", "deployment"),
        ("Harlow Clinic signs contract for the Quillon AI platform", "deployment"),
        ("Harlow Clinic inks enterprisewide agreement with Quillon", "partnership"),
        ("Harlow Clinic signs deal for Quillon as AI partner", "partnership"),
    ],
)
def test_a_deal_for_a_named_party_is_its_purchase(extractor: FactsExtractor, title: str, kind: str) -> None:
    assert facts(extractor, title).deal_type == kind


@pytest.mark.parametrize(
    ("title", "parties"),
    [
        ("Le CHU de Valdor s'allie à Quillon pour l'IA", ["CHU de Valdor", "Quillon"]),
        ("Harlow Clinic And Quillon Launch AI Accelerator", ["Harlow Clinic", "Quillon"]),
        ("Harlow Clinic names Quillon first partner in its 'Makers and Menders' program",
         ["Harlow Clinic", "Quillon"]),
        ("Harlow Clinic and Freedonia's Quillon form AI task force", ["Harlow Clinic", "Quillon"]),
        ("Harlow Clinic partners with Quillon on AI screening for TB", ["Harlow Clinic", "Quillon"]),
        ("Harlow Clinic and Quillon build Zentrax, a readmission model", ["Harlow Clinic", "Quillon"]),
        ("Harlow Clinic and Quillon form Zentrax to sell AI pathology", ["Harlow Clinic", "Quillon"]),  # a JV
        # the joint venture the deal makes, named after its kind: no party, listed or not
        ("Harlow Clinic and Quillon form joint venture Zentrax.ai to build pathology AI", ["Harlow Clinic", "Quillon"]),
        ("Harlow Clinic and Quillon set up a new company called Zentrax for AI triage", ["Harlow Clinic", "Quillon"]),
        ("Harrison.ai and Harlow Radiology form joint venture Annalise.ai", ["Harrison.ai", "Harlow Radiology"]),
        ("Quillon, Harlow Pharma team up to speed BRCA testing with AI", ["Quillon", "Harlow Pharma"]),  # a gene
        ("Harlow Pharma signs $40M RNA drug pact with Quillon", ["Harlow Pharma", "Quillon"]),
        ("Harlow Pharma signs Genetic Quillon to design drugs with AI", ["Harlow Pharma", "Genetic Quillon"]),
        ("Six Harlow hospitals go live with Quillon's AI triage", ["Harlow", "Quillon"]),  # no first word
        ("Harlow Medicine picks K Health to build clinical AI", ["Harlow Medicine", "K Health"]),  # a letter brand
        ("Seattle Children's Builds Assistant With Quillon", ["Seattle Children's", "Quillon"]),
        ("Harlow Dental taps Quillon for FDA-cleared X-ray analysis", ["Harlow Dental", "Quillon"]),
        ("Fenwick invests $80M in Quillon and opens an AI lab", ["Fenwick", "Quillon"]),
        ("Mayo Clinic, Abridge & Epic co-develop nurse notes", ["Mayo Clinic", "Abridge", "Epic"]),
        ("Quillon AI scribe goes live at Harlow Healthcare", ["Quillon AI", "Harlow Healthcare"]),
        # a place owning the name is where it is from; the abbreviations of general practice
        # and of a disease name nobody; a name with a one-letter part is one name
        ("Harlow launches AI scribe for GP practices powered by Sweden's Quillon Health",
         ["Harlow", "Quillon Health"]),
        ("Harlow Health rolls out Quillon's AI chatbot for COVID-19 questions", ["Harlow Health", "Quillon"]),
        ("K-HARLOW deploys Quillon triage AI across 250 imaging sites", ["K-HARLOW", "Quillon"]),
        ("Harlow-A Pharm joins Quillon University in AI drug discovery pact", ["Harlow-A Pharm", "Quillon University"]),
        # an acronym that is also a company form ("SA", "AG"), with its kind, is a name
        ("SA Health rolls out Quillon's AI chatbot for COVID-19 questions", ["SA Health", "Quillon"]),
        # a place opening the headline before a name's acronym or kind word is the name's
        ("Amsterdam UMC and Quillon develop AI for ICU discharge", ["Amsterdam UMC", "Quillon"]),
        # an imaging test and a hospital unit name nobody
        ("Harlow trust deploys Quillon to prioritise chest X-rays", ["Harlow", "Quillon"]),
        ("HUH taps Quillon's machine learning to forecast A&E demand", ["HUH", "Quillon"]),
        # a name ending in a kind of software or computing product is a thing, no party
        ("Harlow Pharma and Quillon expand AI pact around Denmark's Brellin Supercomputer",
         ["Harlow Pharma", "Quillon"]),
        ("Harlow Healthcare adds Quillon's algorithm to its Thoracic Care Suite", ["Harlow Healthcare", "Quillon"]),
        # and so is one a possessive gives its kind of product, or a kind of product names
        ("Harlow Pharma licenses Quillon's K Pro agents for intelligence work", ["Harlow Pharma", "Quillon"]),
        ("Harlow Health uses Quillon's AI assistant Dora for follow-up calls", ["Harlow Health", "Quillon"]),
    ],
)
def test_names_in_no_party_places_are_left_out(extractor: FactsExtractor, title: str, parties: list[str]) -> None:
    assert list(facts(extractor, title).parties) == parties


def test_a_hospital_named_for_its_region_keeps_the_region(extractor: FactsExtractor) -> None:
    # a German hospital's kind and its place or region, hyphened or not, are its name
    assert facts(extractor, "Klinikum Westfalen-Lippe führt KI-gestützte Sepsis-Früherkennung ein").parties[0] \
        == "Klinikum Westfalen-Lippe"
    assert list(facts(extractor, "Uniklinik Essen führt KI-Konsortium mit Quorra und Varnel").parties) == [
        "Uniklinik Essen", "Quorra", "Varnel"]
    # a hyphen before another name joins two parties, no longer name
    assert "Mount Sinai-Quorra" not in facts(extractor, "Mount Sinai-Quorra AI pact expands to imaging").parties


@pytest.mark.parametrize(
    ("title", "health", "partners"),
    [
        ("RavenHealth and Quillon sign AI pact", ["RavenHealth"], ["Quillon"]),  # a glued kind
        ("Zentrax partners with Quillon.ai", ["Zentrax"], ["Quillon.ai"]),  # an AI domain
        ("Nvidia invests in Quillon", ["Quillon"], ["Nvidia"]),  # an unknown completes the deal
        ("Harlow Health, Zentrax and Quillon AI sign pact", ["Harlow Health", "Zentrax"], ["Quillon AI"]),
        ("Harlow Health and Medtronic partner on surgical AI", ["Harlow Health"], ["Medtronic"]),  # a vendor
        # a listed healthcare organisation and one health only by its name's kind: the latter supplies the AI
        ("Cedars-Sinai launches virtual care app powered by Quillon Health", ["Cedars-Sinai"], ["Quillon Health"]),
        # between technology companies only: the listed technology company is the partner
        ("Microsoft and Quillon AI to build a pathology model", ["Quillon AI"], ["Microsoft"]),
        ("星河科技与东山药业达成AI药物研发合作", ["东山药业"], ["星河科技"]),  # "... Technology" in Chinese
        ("Harlow Health, Medtronic and Quillon AI sign pact", ["Harlow Health", "Medtronic"], ["Quillon AI"]),
        # listed after a name whose possessive the span leaves out: the same side
        ("Quillon AI funds research with Harlow Children's and Zentrax", ["Harlow Children", "Zentrax"], ["Quillon AI"]),
    ],
)
def test_sides_come_from_kinds_then_from_the_deal(extractor: FactsExtractor, title: str,
                                                 health: list[str], partners: list[str]) -> None:
    found = facts(extractor, title)
    assert (list(found.health_orgs), list(found.partners)) == (health, partners)


@pytest.mark.parametrize(
    ("title", "names"),
    [
        ("东山医院联手星河科技 成立医学人工智能联合实验室", ["东山医院", "星河科技"]),
        ("东山医院与星河科技签署战略合作协议", ["东山医院", "星河科技"]),
        ("北山病院、星野システムらと生成AIの活用で協定", ["北山病院", "星野システム"]),
        ("한빛병원, 누리소프트와 의료 AI 공동 개발", ["한빛병원", "누리소프트"]),
        ("한빛병원-누리소프트, AI 진단 협약 체결", ["한빛병원", "누리소프트"]),  # a hyphened pair
        ("한빛병원·누리소프트 AI 협약", ["한빛병원", "누리소프트"]),  # a middle-dotted pair
        ("K-메드, 누리병원과 협약", ["K-메드", "누리병원"]),  # one name with a hyphen
        ("K-메드 AI 시장 성장", []),  # no pair, no particle: no party
        ("东山医院引入星河科技AI影像平台", ["东山医院"]),  # the subject of an adoption verb
        ("北山病院が星野システムの生成AIを導入", ["北山病院", "星野システム"]),  # the product's owner
        ("东山医院联合星河科技发布病理大模型", ["东山医院", "星河科技"]),  # 联合 joining two names
        ("东山医院与星河科技共建AI联合实验室", ["东山医院", "星河科技"]),  # 联合 as "joint": no joiner
        ("东山医院与星河科技签订AI研发合作协议", ["东山医院", "星河科技"]),  # 签订 (sign) ends a name
        ("北山病院と米ホシノ、生成AIで提携", ["北山病院", "ホシノ"]),  # 米: the country, not the name
        ("北山がん研究センターとホシノ、AIで共同研究", ["北山がん研究センター", "ホシノ"]),  # がん is cancer
        ("한빛대 누리병원, 국내 첫 AI 도입", ["한빛대 누리병원"]),  # a two-word name before the comma
        ("美 누리소프트, 中 한빛제약과 AI 신약 공동연구", ["누리소프트", "한빛제약"]),  # 美: the country, a word
        ("北和製薬、ホシノと創薬提携", ["北和製薬", "ホシノ"]),  # Japanese 和 is no joiner ("and" is と)
        ("한빛대 누리병원·누리소프트협회, AI 협약", ["한빛대 누리병원", "누리소프트협회"]),  # and a pair
        # the first clause names the parties; the next one's 与 joins the means
        ("星河科技与东山药业达成战略合作，用AI与量子算法加速药物研发", ["星河科技", "东山药业"]),
        ("Harlow Clinic partners with Quillon", []),
    ],
)
def test_cjk_headlines_place_their_parties(title: str, names: list[str]) -> None:
    assert [title[a:b] for a, b in cjk.spans(title)] == names


def test_a_bracketed_name_is_what_the_deal_makes_not_a_party(extractor: FactsExtractor) -> None:
    found = facts(extractor, "北山病院と米ホシノ、医療AIの合弁会社「KH LABS」設立へ")
    assert "KH LABS" not in found.parties and "北山病院" in found.parties


def test_a_cjk_hospital_is_the_health_side(extractor: FactsExtractor) -> None:
    found = facts(extractor, "东山医院与星河科技签署战略合作协议")
    assert (found.health_orgs, found.partners) == (("东山医院",), ("星河科技",))


@pytest.mark.parametrize(
    ("text", "usd"),
    [
        ("a $1.2-billion deal", 1.2e9),
        ("2 milliards d'euros", 2e9 * USD_PER["EUR"]),
        ("50 millones de dólares", 50e6),
        ("CHF 50 million", 50e6 * USD_PER["CHF"]),
        ("Rs 500 crore", 500e7 * USD_PER["INR"]),
        ("a $600 mln deal", 600e6),  # wire-service style
        ("a $1.2 bln pact", 1.2e9),
        ("100億円を出資", 100e8 * USD_PER["JPY"]),
        ("投资1亿元", 1e8 * USD_PER["CNY"]),
        ("1억 달러 투자", 1e8),
        ("5000万美元", 5e7),
        ("300 milioni di dollari", 300e6),
        ("₹500 crore", 500e7 * USD_PER["INR"]),
        ("Rp 1,5 triliun", 1.5e12 * USD_PER["IDR"]),
        ("Dh 50 million", 50e6 * USD_PER["AED"]),
        ("RM 120 juta", 120e6 * USD_PER["MYR"]),
        ("R$ 200 milhões", 200e6 * USD_PER["BRL"]),
        ("NZ$ 30 million", 30e6 * USD_PER["NZD"]),
        ("120 milyon lira", 120e6 * USD_PER["TRY"]),
        ("900 triệu USD", 900e6),  # Vietnamese units
    ],
)
def test_amounts_in_the_rules_other_languages(text: str, usd: float) -> None:
    assert amounts(text) == pytest.approx([usd])


def test_every_currency_the_figures_name_has_a_dated_rate() -> None:
    # facts read figures with the stories' reader (one vocabulary: data/cues.txt): any
    # currency it can name must convert, or an amount in it would raise instead of showing
    from bot.stories.money import CURRENCY_CODES

    assert set(CURRENCY_CODES) | {"USD", "EUR"} <= set(USD_PER)


def test_a_hospital_is_no_amount_in_korean() -> None:
    assert amounts("10개 병원에 AI 도입") == []


def test_a_summary_amount_counts_only_as_a_deal_payment() -> None:
    assert headline_amount("A and B partner", "It builds on A's earlier $100M commitment.") is None
    assert headline_amount("A and B partner", "B runs on a £40M machine.") is None
    assert headline_amount("A and B partner", "A pays $45M upfront.") == 45e6


@pytest.mark.parametrize(
    ("title", "summary", "kind"),
    [
        ("Lumora partners with Quillon on AI drug design in $400M deal", "", "licensing_rd"),
        ("Lumora and Quillon sign $90M pact", "The two will use AI for drug discovery.", "licensing_rd"),
        ("Lumora partners with Quillon on AI drug design", "", "partnership"),  # no payments told
        ("Harlow Clinic signs $40M AI deal with Quillon", "", "partnership"),  # no drug R&D
        ("Lumora to invest $40M in Quillon for AI drug design", "", "investment"),  # kind named
    ],
)
def test_a_discovery_deal_that_states_its_worth_is_licensing(extractor: FactsExtractor, title: str,
                                                             summary: str, kind: str) -> None:
    assert facts(extractor, title, summary).deal_type == kind


@pytest.mark.parametrize(
    "title",
    [
        "Lumora gains opt-in rights to Quillon's AI antibodies",
        "Lumora takes worldwide rights to Quillon's AI-found molecule",
        "Harlow Pharma verse des redevances à Quillon pour son IA",
        "루모라, 퀼론에 AI 플랫폼 기술이전",
    ],
)
def test_licensing_deal_terms_beyond_licence_and_milestones(extractor: FactsExtractor, title: str) -> None:
    assert facts(extractor, title).deal_type == "licensing_rd"


@pytest.mark.parametrize(
    ("title", "summary", "kind"),
    [
        ("Harlow Clinic works with Quillon on AI notes", "The system will use Quillon to draft notes.", "deployment"),
        ("Harlow Clinic works with Quillon on AI notes", "The system will use AI to draft notes.", "partnership"),
        # a formally named partnership keeps its kind over the work the summary tells
        ("Harlow Clinic partners with Quillon on AI notes", "The system will use Quillon to draft notes.",
         "partnership"),
    ],
)
def test_the_summarys_choice_of_a_named_party_is_deployment(extractor: FactsExtractor, title: str,
                                                            summary: str, kind: str) -> None:
    assert facts(extractor, title, summary).deal_type == kind


def test_a_headline_naming_one_side_takes_the_other_from_the_summary(extractor: FactsExtractor) -> None:
    got = facts(extractor, "Varnel Health to pilot a voice assistant for its physicians",
                "The system will try Suki's assistant in primary care. Dr. Amos Quill leads the pilot.")
    assert got.parties == ("Varnel Health", "Suki")
    assert (got.health_orgs, got.partners) == (("Varnel Health",), ("Suki",))
    # only organisations a list or a kind vouches for: a person or a place in the summary is none
    got = facts(extractor, "Varnel Health to pilot a voice assistant", "Amos Quill of Ostrava says the pilot starts in May.")
    assert got.parties == ("Varnel Health",)
    # a headline naming both sides is not added to
    got = facts(extractor, "Varnel Health picks Suki for its physicians", "Microsoft also bid for the work.")
    assert got.parties == ("Varnel Health", "Suki")


def test_an_owner_or_backer_is_no_party_even_when_listed(extractor: FactsExtractor) -> None:
    assert facts(extractor, "Ostrava Pharma and Nvidia-backed Quorra AI sign discovery pact").parties == (
        "Ostrava Pharma", "Quorra AI")
    got = facts(extractor, "Varnel Health widens its ambient AI rollout",
                "The system is extending Nuance's documentation tool, now part of Microsoft, to 900 doctors.")
    assert got.parties == ("Varnel Health", "Nuance")


def test_a_cjk_name_inside_a_longer_one_is_the_same_party(extractor: FactsExtractor) -> None:
    got = facts(extractor, "JCHO大阪病院、生成AIで退院サマリー作成へ", "大阪病院は富士通Japanなど3社と協定を結んだ。")
    assert "大阪病院" not in got.parties


def test_a_party_the_headline_calls_an_ai_company_is_the_partner(extractor: FactsExtractor) -> None:
    got = facts(extractor, "Harlow Health takes equity stake in AI startup Quillon Health")
    assert (got.health_orgs, got.partners) == (("Harlow Health",), ("Quillon Health",))
    got = facts(extractor, "Harlow Health signs pact with AI care-navigation company Quillon Health")
    assert got.partners == ("Quillon Health",)
    # without the description two health names stay where their kinds put them, unless the
    # headline deals with one of them (tests/test_facts_sides.py)
    got = facts(extractor, "Harlow Health and Quillon Health sign pact")
    assert "Quillon Health" in got.health_orgs


def test_a_country_or_kind_written_before_a_latin_script_name_is_no_part_of_it() -> None:
    def names(title: str) -> list[str]:
        return [title[a:b] for a, b in cjk.spans(title)]

    assert names("东山医院与美国Quorvano合作，用人工智能开发新药") == ["东山医院", "Quorvano"]
    assert names("星河科技与英国医疗科技公司Telmira合作") == ["星河科技", "Telmira"]
    assert names("北山病院、米Quorvanoと AI創薬で提携") == ["北山病院", "Quorvano"]
    # a Latin part after any other word is the name's own ("富士通Japan", "ソフトバンクG")
    assert names("北山病院、星河通信Japanらと生成AI活用で協定")[1] == "星河通信Japan"


def test_an_acronym_the_summary_spells_out_is_named_in_full() -> None:
    summary = "The Quillon team will work with Harlow Valley Medical Center on sepsis alerts."
    assert acronyms.spelled("HVMC", summary) == "HVMC (Harlow Valley Medical Center)"
    assert acronyms.spelled("UCLH", "It joins University College London Hospitals.") == (
        "UCLH (University College London Hospitals)")
    assert acronyms.spelled("HVMC", "Quillon said the work starts in May.") == "HVMC"  # not spelled
    assert acronyms.spelled("Quillon", summary) == "Quillon"  # no acronym


def test_the_facts_name_an_acronym_party_as_the_summary_spells_it(extractor: FactsExtractor) -> None:
    found = extractor.extract(Item(fingerprint="x", source="s", title="HVMC taps Quillon for sepsis alerts",
                                   summary="Harlow Valley Medical Center will run Quillon's model."))
    assert "HVMC (Harlow Valley Medical Center)" in found.parties
    assert "HVMC (Harlow Valley Medical Center)" in found.health_orgs + found.partners



@pytest.mark.parametrize(("title", "health"), [
    ("Children's Hospital Los Angeles picks scribe maker Nabla for its clinics", "Children's Hospital Los Angeles"),
    ("St Vincent's Hospital Melbourne signs AI deal with Harrison.ai", "St Vincent's Hospital Melbourne"),
    ("Children's Hospital of Philadelphia taps Abridge for ambient notes", "Children's Hospital of Philadelphia"),
    ("Brigham and Women's Hospital and Google partner on AI", "Brigham and Women's Hospital"),
])
def test_a_hospital_named_by_a_possessive_is_one_party(extractor: FactsExtractor, title: str, health: str) -> None:
    got = facts(extractor, title)
    assert got.health_orgs == (health,) and len(got.parties) == 2


@pytest.mark.parametrize(("title", "health"), [
    ("Abu Dhabi health department signs generative AI MoU with Quillon", "Abu Dhabi health department"),
    ("Quillon partners with the Irish health service on AI triage", "Irish health service"),
])
def test_a_health_body_named_by_its_place_and_kind_is_a_party(extractor: FactsExtractor, title: str,
                                                              health: str) -> None:
    got = facts(extractor, title)
    assert got.health_orgs == (health,) and got.partners == ("Quillon",)
    # a health system of a named organisation is that organisation ("Duke health system")
    assert facts(extractor, "Varnel health system taps Quillon").health_orgs == ("Varnel",)


def test_a_turkish_case_ending_after_the_apostrophe_is_no_part_of_the_name(extractor: FactsExtractor) -> None:
    got = facts(extractor, "Varnel Sağlık, Quillon'dan yapay zeka desteği alacak")  # "will get AI support from Quillon"
    assert "Quillon" in got.parties
    assert facts(extractor, "Varnel Health's AI deal with Quillon").parties == ("Varnel Health", "Quillon")


def test_a_french_elided_article_and_a_saints_hyphen_leave_the_name_whole(extractor: FactsExtractor) -> None:
    # "L'Hôpital": the elided article is no part of the name; "Saint-Vivien": French joins a
    # saint's name to what is named after it with a hyphen, one name
    found = facts(extractor, "L'Hôpital Saint-Quorra déploie l'IA de Varnel pour la mammographie")
    assert found.health_orgs == ("Hôpital Saint-Quorra",)
    assert found.partners == ("Varnel",)


def test_a_kind_of_company_before_a_name_is_no_party(extractor: FactsExtractor) -> None:
    # "Medtech maker Corvane", "medtech firm X": the kind describes the name after it
    found = facts(extractor, "Medtech firm Varnel leads $28M round in surgical-planning AI startup Quorra")
    assert "Medtech" not in found.parties
    assert {"Varnel", "Quorra"} <= set(found.parties)


def test_a_german_product_from_a_vendor_names_the_vendor(extractor: FactsExtractor) -> None:
    # "KI von Radiona", "KI-Lösung von X": "von" before an uncommon capitalized word is the
    # vendor, though German capitalizes every noun
    found = facts(extractor, "Kreiskliniken Varnel setzen auf KI von Quorra")
    assert found.partners == ("Quorra",)
    assert facts(extractor, "Varnel Pharma lizenziert KI-Plattform von Quorra für bis zu 300 Millionen Euro").partners == ("Quorra",)


def test_the_summary_names_the_partner_a_headline_leaves_out(extractor: FactsExtractor) -> None:
    # "Quorra Health" shares only a kind word ("Health") with the headline's party: another
    # organisation, not the same one said twice
    found = facts(extractor, "Varnel Ridge Health rolls out ambient AI scribe across 40 clinics",
                  "Varnel Ridge Health has deployed Quorra Health's ambient documentation tool to 1,200 clinicians.")
    assert found.partners == ("Quorra Health",)
    # a name owning a kind of product a few words on is its maker
    found = facts(extractor, "Varnel Health scales AI sepsis tool to 17 hospitals",
                  "Varnel Health is expanding its use of Quorra's sepsis prediction model to all 17 hospitals.")
    assert found.partners == ("Quorra",)


@pytest.mark.parametrize("title", [
    # "in" after the nouns of an equity deal names the partner, not a place
    "Varnel Health leads $32 million Series B in Quorra, forms strategic partnership",
    "Varnel Health leads $25 million round in Quorra, signs strategic partnership",
    "Varnel Health makes strategic investment in Quorra, expands partnership",
    # a kind of company names an organisation ("for AI imaging firm X"), and "from X" is who
    # the deal is with, past its topic ("on programs from X")
    "Varnel Health System co-leads $40M raise for AI imaging firm Quorra",
    "Varnel Pharma leads $55 million financing for AI biotech Quorra, pairs it with alliance",
    "Varnel Pharmaceuticals takes option on AI-discovered fibrosis programs from Quorra",
])
def test_the_partner_is_read_past_an_equity_deal_a_kind_or_a_topic(extractor: FactsExtractor, title: str) -> None:
    assert facts(extractor, title).partners == ("Quorra",)


@pytest.mark.parametrize(
    ("title", "parties"),
    [
        # an NHS trust's name lists the places it serves
        ("Quillon signs research agreement with Harwick and Dunmore Hospital NHS Foundation Trust",
         ["Quillon", "Harwick and Dunmore Hospital NHS Foundation Trust"]),
        # ... as does a trust written in lower case
        ("Ashby, Tolland and Crewe trust deploys Quillon to triage chest X-rays",
         ["Ashby, Tolland and Crewe", "Quillon"]),
        # no trust: two parties, whatever the verb's number (headlines write "X and Y expands" too)
        ("Harwick and Dunmore Hospital partner on triage AI", ["Harwick", "Dunmore Hospital"]),
        ("Harwick and Dunmore Hospital joins Quillon's AI research network",
         ["Harwick", "Dunmore Hospital", "Quillon"]),
    ],
)
def test_places_listed_in_one_organisations_name_stay_one_party(extractor: FactsExtractor, title: str,
                                                                parties: list[str]) -> None:
    assert list(facts(extractor, title).parties) == parties


def test_of_two_health_names_the_brand_beside_a_hospital_is_the_partner(extractor: FactsExtractor) -> None:
    # "Health" in a company's name is a brand's word; "Hospital" says who gives the care
    f = facts(extractor, "Harwick Hospital joins Quillon Health's AI research network")
    assert (f.health_orgs, f.partners) == (("Harwick Hospital",), ("Quillon Health",))


@pytest.mark.parametrize(
    ("title", "health", "partners"),
    [
        # a Nordic region runs the public health service; its name opens with "Region"
        ("Region Norrvik väljer Quillon för AI i röntgen", ("Region Norrvik",), ("Quillon",)),
        # Swedish writes the genitive -s onto the name, no apostrophe
        ("Quillon Health vinner Region Norrviks upphandling av AI-journaler", ("Region Norrvik",),
         ("Quillon Health",)),
        # ... but the county is the name's own ("län")
        ("Region Norrviks län inför Quillon i vården", ("Region Norrviks län",), ("Quillon",)),
    ],
)
def test_a_nordic_region_is_named_in_full_and_gives_care(extractor: FactsExtractor, title: str,
                                                         health: tuple[str, ...], partners: tuple[str, ...]) -> None:
    f = facts(extractor, title)
    assert (f.health_orgs, f.partners) == (health, partners)


def test_a_hebrew_prefix_joined_by_a_hyphen_is_no_part_of_the_name(extractor: FactsExtractor) -> None:
    # "ו-" is "and": two parties, not one name running across it
    assert facts(extractor, "קורבנו ו-Telmira ישתפו פעולה בפיתוח פתרונות AI").parties == ("קורבנו", "Telmira")


@pytest.mark.parametrize(
    ("title", "parties"),
    [
        # Swedish, Danish and Norwegian "i" is "in": a place, no party
        ("Quillon startar AI-pilot för röntgen med Harwick Sjukhus i Norrvik", ["Quillon", "Harwick Sjukhus"]),
        ("Ny nationell arena för AI startar i Norrvik med Quillon", ["Quillon"]),
        # Catalan "i" is "and" (no Nordic letter): both are parties
        ("L'Hospital Harwick i Quillon s'alien per la IA", ["Harwick", "Quillon"]),
    ],
)
def test_a_name_after_nordic_i_is_a_place(extractor: FactsExtractor, title: str, parties: list[str]) -> None:
    assert list(facts(extractor, title).parties) == parties


@pytest.mark.parametrize(
    ("title", "parties"),
    [
        # a technology the headline writes like a name is no party ("AI", "ICT", "Agentic AI")
        ("黒崎製薬と白浜電機、合弁会社設立へ　AIとビッグデータで創薬・ヘルスケア事業", ("黒崎製薬", "白浜電機")),
        ("Brindle Pharma Commits Up To $500 Million To Agentic AI Pact With Quorvex Cloud",
         ("Brindle Pharma", "Quorvex")),
        ("로즈데일병원 주축 AI 컨소시엄 출범…병원 12곳·ICT 기업 9곳 참여", ()),
        # a name that only ends in a technology term is an organisation
        ("Harbor Clinic signs IT deal with Quillon AI", ("Harbor Clinic", "Quillon AI")),
    ],
)
def test_a_technology_alone_is_no_party(extractor: FactsExtractor, title: str, parties: tuple[str, ...]) -> None:
    assert facts(extractor, title).parties == parties


def test_technology_terms_are_whole_names_only() -> None:
    from bot.facts import technology

    assert technology.named("AI") and technology.named("Agentic AI") and technology.named("big data")
    assert not technology.named("Quillon AI") and not technology.named("OpenCloud") and not technology.named("")


def test_the_maker_an_attributive_compound_names_is_the_partner(extractor: FactsExtractor) -> None:
    # "Quorvo-developed scribe": who made what the deal puts to work; an owner is no party
    found = facts(extractor, "Lakeshore Health pilots Quorvo-developed AI scribe for its clinics")
    assert (found.health_orgs, found.partners) == (("Lakeshore Health",), ("Quorvo",))
    found = facts(extractor, "Lakeshore Health trials Velora-built voice AI for daily check-ins")
    assert found.partners == ("Velora",)
    found = facts(extractor, "Lakeshore Health adopts Nvidia-backed Quorvo scribe")
    assert found.partners == ("Quorvo",)


def test_a_region_a_compass_word_names_is_no_party(extractor: FactsExtractor) -> None:
    # "across its Northern California hospitals": where, not with whom
    found = facts(extractor, "Lakeshore Health taps Quorvo to spread imaging AI across its Northern California hospitals")
    assert found.parties == ("Lakeshore Health", "Quorvo")
    assert "Northern California" not in facts(extractor, "Lakeshore Health brings AI triage to Southern California").parties


def test_a_brand_written_in_lower_case_is_a_party_of_a_title_case_headline(extractor: FactsExtractor) -> None:
    # Title Case capitalizes every word but the small ones: "quorvix" is a brand styled so
    found = facts(extractor, "Lakeshore Health Selects quorvix For Machine Learning Collaboration In Oncology")
    assert found.parties == ("Lakeshore Health", "quorvix")
    # in sentence case a lower-case word is a word
    assert facts(extractor, "Lakeshore Health rolls out ambient AI to clinicians").parties == ("Lakeshore Health",)


def test_a_party_the_headline_names_twice_is_one_party(extractor: FactsExtractor) -> None:
    # a listed pharma (the shipped lists name it) and an invented partner
    found = facts(extractor, "Takeda and Telmira Networks sign AI pact; Takeda to invest $5M")
    assert list(found.parties) == ["Takeda", "Telmira Networks"]
    assert list(found.health_orgs) == ["Takeda"]


@pytest.mark.parametrize(
    "title",
    [
        "مستشفى كورفانو تعتمد منصة تيلميرا للذكاء الاصطناعي لتوثيق الزيارات",  # Arabic: adopts
        "Szpital Quorvano wdraża narzędzie AI od Telmira",  # Polish: implements
    ],
)
def test_adoption_verbs_of_the_sources_other_languages_tell_a_deployment(extractor: FactsExtractor,
                                                                         title: str) -> None:
    assert facts(extractor, title).deal_type == "deployment"


@pytest.mark.parametrize(
    ("title", "parties"),
    [
        # a programme named with its owner: the owner is the party, the programme no party
        ("Quorvo Health's Lung Screening Initiative teams with Telmira on AI for nodule assessment",
         ["Quorvo Health", "Telmira"]),
        # a project named after its kind ("project NORTHSTAR") is what the parties run
        ("Quorvo Ziekenhuis leidt project NORTHSTAR voor AI in de pathologie met Telmira",
         ["Quorvo Ziekenhuis", "Telmira"]),
    ],
)
def test_a_programme_or_project_is_no_party(extractor: FactsExtractor, title: str, parties: list[str]) -> None:
    assert list(facts(extractor, title).parties) == parties
