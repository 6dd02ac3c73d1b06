"""General kinds the story guards must read right (every organisation here is invented): an
executive's title is no party, "third-party" is no third deal, a German compound names its
company, a licensing deal's ceiling and its upfront payment are one deal's two figures, a
valuation is no round's size, a headline listing several news clauses is a roundup, and an
imaging headline and an organ specialty's headline can report one deal."""

from __future__ import annotations

from bot.stories.cues import (
    ceilings,
    investor_words,
    is_roundup,
    kinds,
    rounds,
    valuations,
)
from bot.stories.index import StoryIndex
from bot.stories.labels import cjk_names, cjk_places
from bot.stories.money import amounts, money
from bot.stories.names import names
from tests.support.stories import first_and_second
from tests.support.stories import story_item as item


def test_an_executive_title_is_no_party() -> None:
    assert names("Varnel Health's CMIO says Quorra won on note quality") == [("varnel",), ("quorra",)]
    assert ("cnio",) not in names("Varnel CNIO: ambient AI comes to nurses next")


def test_third_party_is_no_third_deal_but_a_third_deal_is() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Ashgrove Health picks Tessaly's ambient AI scribe for 40 clinics"))
    why = index.assign(item("b", "Why Ashgrove chose Tessaly's scribe over third-party vendors", hours=30))
    again = index.assign(item("c", "Ashgrove Health signs a third deal with Tessaly, for nurses", hours=40))
    assert why.story_id == first.story_id
    assert again.story_id != first.story_id


def test_a_german_compound_names_the_company_before_its_hyphen() -> None:
    assert names("Ostrava Medical schließt Lumenic-Übernahme ab") == [("ostrava",), ("lumenic",)]
    assert names("Nvidia-backed Xaira and Lilly-Nvidia pact") == [("nvidia",), ("xaira",), ("lilly",)]


def test_a_ceiling_is_told_from_a_firm_figure() -> None:
    assert ceilings("Brell licenses antibody for up to US$ 1.2 billion, $40M upfront") == {1_200_000_000}
    assert amounts("Brell licenses antibody for up to US$ 1.2 billion, $40M upfront") == {1_200_000_000, 40_000_000}
    assert ceilings("acuerdo de hasta 300 millones de dolares") == {300_000_000}


def test_a_licensing_deal_reported_by_its_upfront_and_by_its_ceiling_is_one_story() -> None:
    index = StoryIndex()
    upfront = index.assign(item("a", "Aldane pays Ptolemy Bio $120 million upfront for AI-designed bispecific",
                                "Ptolemy Bio's AI-designed bispecific antibody goes to Aldane in a licensing deal."))
    ceiling = index.assign(item("b", "Ptolemy Bio's AI-designed bispecific fetches up to $1.2B from Aldane",
                                "Aldane licenses Ptolemy Bio's AI-designed bispecific antibody.", hours=5))
    other = index.assign(item("c", "Aldane pays Ptolemy Bio $80 million upfront for AI-designed bispecific",
                              "Ptolemy Bio's AI-designed bispecific antibody goes to Aldane in a licensing deal.",
                              hours=9))
    assert ceiling.story_id == upfront.story_id
    assert other.story_id != upfront.story_id  # two firm figures: two deals


def test_a_valuation_is_no_rounds_size() -> None:
    assert valuations("Scribe start-up Quorra reaches $850M valuation with new round") == {850_000_000}
    assert valuations("Quorra raises $100M, $1B valuation") == {1_000_000_000}  # the figure by the word
    assert valuations("Quorra, valued at $2 billion, raises $300 million") == {2_000_000_000}
    assert valuations("Quorra raises $150 million Series C") == set()
    # what it is now worth, in the other languages' words too
    assert valuations("Quorra valued above $1 billion after new funding") == {1_000_000_000}
    assert valuations("Quorra lève 500 millions et vaut désormais 5,8 milliards") == {5_800_000_000}
    assert valuations("Quorra, now worth $2 billion, buys Brell") == {2_000_000_000}
    assert valuations("Quorra được định giá 11 tỷ USD") == {11_000_000_000}
    assert valuations("Quorra signs deal worth $1 billion") == set()  # a deal's worth is its size
    index = StoryIndex()
    size = index.assign(item("a", "Quorra banks $150M to build out generative AI for medical notes"))
    worth = index.assign(item("b", "AI scribe start-up Quorra reaches $850M valuation with new round",
                              "Quorra banks $150M for generative AI medical notes.", hours=3))
    assert worth.story_id == size.story_id


def test_a_headline_listing_several_news_clauses_is_a_roundup() -> None:
    assert is_roundup("Where health systems stand on AI: Varnel scales a scribe, Ostra forms a collaborative, "
                      "Lumen adds oversight")
    assert is_roundup("Trade headlines: Aldane's $2B Ptolemy buy, Varnel expands AI scribes")
    # names alone are no clauses: one three-party deal
    assert not is_roundup("Varnel Health, Ostra Labs and Lumenic to build an oncology AI model")
    assert not is_roundup("Varnel, Ostra, Lumenic Partner on Imaging AI, Add Pathology Next Year")


def test_imaging_and_an_organ_specialty_can_be_one_deal_but_two_organs_are_two() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Varnel Health turns to Tessaly's AI to speed up imaging in its emergency rooms"))
    brain = index.assign(item("b", "Varnel Health's ER doctors say Tessaly's AI flags brain bleeds first",
                              "Varnel Health turns to Tessaly's AI to speed up imaging in its emergency rooms.",
                              hours=20))
    assert brain.story_id == first.story_id
    index = StoryIndex()
    heart = index.assign(item("a", "Varnel Health picks Tessaly's AI for cardiology clinics"))
    cancer = index.assign(item("b", "Varnel Health picks Tessaly's AI for oncology clinics", hours=20))
    assert cancer.story_id != heart.story_id


def test_japanese_and_chinese_headlines_name_their_places() -> None:
    index = StoryIndex()
    north = index.assign(item("a", "JCHO北海道病院など4者、生成AIでカルテ下書き"))
    west = index.assign(item("b", "JCHO大阪病院と富士通Japan、生成AI活用で協定", hours=30 * 24))
    assert west.story_id != north.story_id  # one network, two hospitals, two deals
    assert cjk_places("東京都立病院") == {"tokyo"}  # the longest name: not Kyoto inside it
    assert cjk_places("AI 대전환 시대") == frozenset()  # a word, not Daejeon
    assert cjk_places("上海瑞金医院") == {"shanghai"}


def test_one_announcement_called_an_expansion_by_one_outlet_is_one_story() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Marrow Bio and Corvant Cloud team up on AI for first-in-human trials"))
    widened = index.assign(item("b", "Marrow Bio widens Corvant Cloud tie-up to bring AI into its trials", hours=6))
    assert widened.story_id == first.story_id
    # weeks later an expansion is a development of its own
    later = index.assign(item("c", "Marrow Bio expands Corvant Cloud partnership to manufacturing AI",
                              hours=24 * 40))
    assert later.story_id != first.story_id
    # "another" customer named by the vendor alone shares one party only: kept apart
    index = StoryIndex()
    deal = index.assign(item("a", "Quorra AI and Brell Health sign ambient scribe deal"))
    another = index.assign(item("b", "Quorra AI signs another health system for its ambient scribe", hours=4))
    assert another.story_id != deal.story_id


def test_figures_in_other_currencies_are_not_dollars() -> None:
    assert amounts("Lunit to take over Volpara in a deal worth about 252.5 billion won") == set()
    assert amounts("a ¥10 billion deal") == set() and amounts("a £21m fund") == set()
    assert amounts("a $40M round, €400M deal") >= {40_000_000, 400_000_000}
    assert amounts("a $40M round") == {40_000_000} and amounts("900 triệu USD") == {900_000_000}
    # a currency's code first, or another dollar's sign: no US dollars either
    assert amounts("Quorra to buy Brell in AUD 292 million deal") == set() == amounts("A$1.15 a share")
    assert amounts("Quorra bids US$193 million for Brell") == {190_000_000}
    assert amounts("Quorra to buy Brell in $600 mln deal") == {600_000_000}  # wire-service style
    # the everyday abbreviations of dirhams, rupiah and ringgit, and Indonesian and Turkish units
    assert amounts("Quorra makes market debut after Dh3.67 billion IPO") == set()
    assert money("Dh3.67 billion IPO")[1] == money("AED 3.67 billion IPO")[1] != set()
    assert money("Quorra kantongi pendanaan Rp920 miliar")[1] == money("IDR 920 billion")[1] != set()
    assert amounts("Quorra raises RM500 million") == set()
    assert valuations("AI scribe Quorra reportedly valued near $850 million") == {850_000_000}


def test_an_upfront_payment_and_a_deals_total_are_one_deal_two_upfronts_are_two() -> None:
    index = StoryIndex()
    upfront = index.assign(item("a", "Aldane pays Ptolemy Bio $110 million upfront in AI discovery pact"))
    total = index.assign(item("b", "Ptolemy Bio's AI platform wins Aldane discovery pact worth $5.2bn", hours=5))
    other = index.assign(item("c", "Aldane pays Ptolemy Bio $60 million upfront in AI discovery pact", hours=9))
    assert total.story_id == upfront.story_id
    assert other.story_id != upfront.story_id


def test_an_upfront_payment_is_told_so_in_the_rules_other_languages() -> None:
    from bot.stories.cues import upfronts

    assert upfronts("Ptolemy Bio与Aldane达成AI药物研发合作，获1.1亿美元首付款") == {110_000_000}
    assert upfronts("首付款为1.1亿美元") == {110_000_000}
    assert upfronts("Aldane pagará US$ 110 milhões antecipados à Ptolemy Bio") == {110_000_000}
    assert upfronts("Aldane verse un paiement initial de 110 millions de dollars") == {110_000_000}
    assert upfronts("Ptolemy Bio erhält eine Vorabzahlung von 110 Millionen Dollar") == {110_000_000}
    assert upfronts("Ptolemy Bio recauda 110 millones de dólares") == set()  # a round: no payment at signing
    index = StoryIndex()
    upfront = index.assign(item("a", "Aldane pagará US$ 110 milhões antecipados à Ptolemy Bio em pacto de IA"))
    total = index.assign(item("b", "Ptolemy Bio's AI platform wins Aldane discovery pact worth $5.2bn", hours=5))
    assert total.story_id == upfront.story_id, total.reason


def test_buying_into_a_company_is_investing_not_buying_it() -> None:
    assert "acquisition" not in kinds("Regeneron and 17 health systems buy into Truveta")
    assert "acquisition" in kinds("Aldane buys Ptolemy Bio for $1 billion")


def test_a_rounds_investors_are_no_parties_of_its_story() -> None:
    assert investor_words("Ostra raises $30 million from Spark Capital and Lumen Ventures to expand") >= {
        "spark", "capital", "lumen", "ventures"}
    index = StoryIndex()
    round_ = index.assign(item("a", "AI scribe start-up Quorra raises $30M Series B"))
    led = index.assign(item("b", "Spark Capital leads $30M Series B for AI scribe Quorra", hours=3))
    other = index.assign(item("c", "Spark Capital leads $30M Series B for AI scribe Tessaly", hours=5))
    assert led.story_id == round_.story_id
    assert other.story_id != round_.story_id  # another company's round: the investor is no bridge


def test_an_earlier_round_a_report_recalls_is_no_round_of_its_news() -> None:
    assert rounds("Quorra banks $150M just four months after its Series B") == set()
    assert rounds("Quorra raises $150M Series C after a $30 million Series B") == {"series c"}
    assert rounds("Quorra last month closed a $50M Series B") == {"series b"}


def test_a_cjk_headline_naming_two_parties_in_its_script_joins_their_story() -> None:
    assert cjk_names("루닛, 마이크로소프트와 AI 암 진단 협력") == ("Lunit", "Microsoft")
    index = StoryIndex()
    english = index.assign(item("a", "Lunit and Microsoft team up to take AI cancer diagnostics global"))
    korean = index.assign(item("b", "루닛, 마이크로소프트와 AI 암 진단 글로벌 협력", hours=8))
    assert korean.story_id == english.story_id
    # one name alone in its own script may be any of that company's deals: kept apart
    index = StoryIndex()
    deal = index.assign(item("a", "Microsoft and Varnel Health sign generative AI pact"))
    other = index.assign(item("b", "마이크로소프트, 국내 대학병원과 생성형 AI 협력", hours=8))
    assert other.story_id != deal.story_id


def test_openai_as_japanese_and_korean_news_write_it_is_openai() -> None:
    # Nikkei and Kyodo write "オープンAI", Yonhap "오픈AI": the listed company, not the word "open"
    assert cjk_names("仏サノフィ、米オープンAIと提携") == ("Sanofi", "OpenAI")
    assert cjk_names("사노피, 오픈AI와 신약 개발 협력") == ("Sanofi", "OpenAI")
    index = StoryIndex()
    english = index.assign(item("a", "Sanofi, Formation Bio and OpenAI announce an AI collaboration for drug development"))
    japanese = index.assign(item("b", "仏サノフィ、米オープンAIと提携　新薬開発を生成AIで加速", hours=8))
    assert japanese.story_id == english.story_id, japanese.reason


def test_two_cjk_reports_naming_one_party_in_their_script_share_that_name() -> None:
    # Two Korean reports of one listing the same day: the name both write in Hangul is a name
    # in common, as a Latin name two English reports share is
    index = StoryIndex()
    first = index.assign(item("a", "의료 AI 기업 루닛, 코스닥 상장…첫날 거래 시작"))
    second = index.assign(item("b", "루닛 코스닥 입성…대표 \"해외 시장 공략 속도\"", hours=5))
    assert second.story_id == first.story_id, second.reason
    # another company's listing that day stays apart
    other = index.assign(item("c", "의료 AI 기업 뷰노, 코스닥 상장…거래 시작", hours=6))
    assert other.story_id != first.story_id, other.reason


def test_a_korean_name_ends_at_its_particle_not_inside_a_longer_name() -> None:
    # a particle or the rest of a compound name may follow a name; one more syllable that is
    # no particle makes another name ("소니오", Sonio, is no "소니", Sony)
    assert cjk_names("소니가 의료 AI 기업에 투자") == ("Sony",)
    assert cjk_names("루닛의 볼파라 인수") == ("Lunit",)
    assert cjk_names("삼성메디슨, 프랑스 AI 기업 소니오 인수") == ("Samsung",)
    assert cjk_names("ソニーグループ、医療AIに出資") == ("Sony",)


def test_a_round_by_its_size_is_funding_and_its_lead_investor_no_party() -> None:
    assert "funding" in kinds("Spark Capital leads $24M round for Paris medtech Quorra")
    assert "funding" not in kinds("Varnel and Ostra hold a first round of talks on AI")
    index = StoryIndex()
    led = index.assign(item("a", "Spark Capital leads $24M round for Paris medtech Quorra"))
    banked = index.assign(item("b", "Quorra banks $24M Series B as its AI note-taker grows", hours=5))
    assert banked.story_id == led.story_id


def test_a_french_headline_is_not_read_as_german_for_its_des() -> None:
    # "des" is a French article as well as a German one: alone it makes no headline German,
    # where every capitalized noun would need a party position to be a name
    assert names("Ostrava Pharma s'allie à Quorra pour des anticancéreux") == [("ostrava",), ("quorra",)]
    assert names("Ostrava Pharma s'allie à Quorra pour les anticancéreux") == [("ostrava",), ("quorra",)]


def test_a_german_kind_noun_before_a_name_makes_it_a_party() -> None:
    # German capitalizes the kind ("KI-Anbieter", "Start-up"): the name after it is the partner
    assert ("datavis",) in names("Varnel Kliniken schließen Partnerschaft mit KI-Anbieter Datavis")
    assert ("quorra",) in names("Varnel kooperiert mit dem Start-up Quorra")
    assert ("radiona",) in names("Ostrava setzt auf KI-Spezialist Radiona")


def test_a_kicker_names_what_the_story_is_about_but_no_party() -> None:
    from bot.stories.names import LABEL, name_runs

    # an acronym or CamelCase name before a kicker's colon labels the story (a trial, a
    # project); a conference's edition and a label word do not
    assert name_runs("VARNEL interim: AI cuts reading workload") == [(("varnel",), LABEL)]
    assert names("VARNEL interim: AI cuts reading workload") == []  # no party, for the facts
    assert name_runs("HIMSS23: Quorra on GPT-4")[0] == (("quorra",), 1)
    assert names("EXCLUSIVE: Quorra to buy Varnel") == [("quorra",), ("varnel",)]
    # a report naming the trial only in its kicker finds the trial's story ...
    trial, kicker = first_and_second("AI in the VARNEL trial spots more breast cancers in mammography screening",
                                     "VARNEL trial: AI support spots more cancers as radiologists read fewer screens")
    assert kicker.story_id == trial.story_id
    # ... and one naming another trial there is another story, however alike the words
    trial, other = first_and_second("AI in the VARNEL trial spots more breast cancers in mammography screening",
                                    "QUORRA trial: AI spots more breast cancers in mammography screening without more "
                                    "false alarms")
    assert other.is_new


def test_german_nouns_joined_by_und_are_no_pair_of_names() -> None:
    # German capitalizes its nouns: a joiner makes names of a pair only where neither side is
    # common words alone
    assert names("Varnel leitet Patientinnen und Patienten zur passenden Versorgung") == [("varnel",)]
    assert names("Ärzte und Pflegekräfte testen KI-Assistenten") == []
    assert names("Charité und Quorra entwickeln KI für die Notaufnahme") == [("charite",), ("quorra",)]


def test_a_german_headline_opening_with_a_name_of_two_words_one_unknown_names_it() -> None:
    # "Novo" is a common Portuguese word, "Quantix" no common word: at the head of a German
    # headline the run is its subject, a name
    assert names("Novo Quantix baut KI-Allianz mit Quorra Health aus") == [("quantix",), ("quorra",)]
    assert names("Neue Studie zeigt Nutzen von KI") == []  # common words only: no name


def test_a_summary_labelled_as_commentary_in_another_language_is_commentary() -> None:
    from bot.stories.cues import is_commentary

    for label in ("Komentář k nové spolupráci", "Commento: la nuova alleanza", "Análise: o acordo",
                  "Chronique : l'accord", "분석] 협력의 의미", "解説:提携の狙い", "分析:此次合作"):
        assert is_commentary("Varnel and Quorra: the deal", label), label
    assert not is_commentary("Varnel and Quorra sign AI deal", "Nova parceria anunciada hoje")


def test_a_periodic_kicker_or_a_newsletters_also_inside_makes_a_roundup() -> None:
    assert is_roundup("Ambient AI week: Quorra signs Varnel Health, Ostrava Clinic and Harlow")
    assert is_roundup("Quorra signs Varnel Health", "Three systems chose Quorra. Also inside: pilots turning into contracts.")
    assert not is_roundup("Quorra raises $250M in a week: investors pile in")
    index = StoryIndex()
    deal = index.assign(item("a", "Varnel Health picks Quorra for an enterprise rollout after its trial"))
    weekly = index.assign(item("b", "Ambient AI week: Quorra signs Varnel Health, Ostrava Clinic and Harlow", hours=30))
    assert weekly.story_id != deal.story_id


def test_names_in_rivalry_quotes_elisions_and_kind_words_are_no_parties() -> None:
    # a rival the deal is chasing is the background, and so is the name listed with it
    assert names("Varnel lands Quorra in cloud deal as it chases Ostrava and Harlow") == [
        ("varnel",), ("quorra",), ("ostrava",), ("harlow",)]
    from bot.stories.names import NAME, name_runs

    kinds = dict(name_runs("Varnel lands Quorra in cloud deal as it chases Ostrava and Harlow"))
    assert kinds[("ostrava",)] == kinds[("harlow",)] == NAME
    # a quotation's words
    assert names("'Focus on patient care': Varnel's chief on its Quorra rollout") == [("varnel",), ("quorra",)]
    # a Title Case headline stays Title Case when its quotation is lowered: its other
    # capitalized words are no names for that ("Hybrid Cloud", "Focused")
    assert names("Qubrix, Varnel Health Launch 'Better Care Together' Program Focused On AI, Hybrid Cloud "
                 "And Quantum Computing") == [("qubrix",), ("varnel",)]
    # a French or Italian elided article ("l'IA" is "the AI")
    assert names("L'IA de Quorra repère des maladies") == [("quorra",)]
    # a kind of company alone, and a compound naming the kind before a name
    assert names("Chipmaker's platforms headed for Varnel operating rooms") == [("varnel",)]
    assert names("Ostrava übernimmt Krebsdaten-Spezialisten Quorra") == [("ostrava",), ("quorra",)]


def test_a_product_named_for_its_maker_is_no_other_party() -> None:
    index = StoryIndex()
    deal = index.assign(item("a", "Varnel staff built 750 custom GPTs since partnering with OpenAI"))
    rollout = index.assign(item("b", "Varnel rolls out ChatGPT Enterprise across the company", hours=3))
    assert rollout.story_id == deal.story_id
    other = index.assign(item("c", "Varnel rolls out Claude Enterprise across the company", hours=4))
    assert other.story_id != deal.story_id


def test_a_report_naming_one_party_joins_within_the_news_cycle_when_it_states_the_same_development() -> None:
    deal, target = first_and_second("Quorra agrees to buy imaging AI firm Ostrava for $190 million",
                                    "Ostrava shares jump 43% after accepting takeover offer", hours=4)
    assert target.story_id == deal.story_id
    # two days later the same words are another development's, as far as the evidence goes
    deal, later = first_and_second("Quorra agrees to buy imaging AI firm Ostrava for $190 million",
                                   "Ostrava shares jump 43% after accepting takeover offer", hours=50)
    assert later.story_id != deal.story_id


def test_an_opening_reference_clause_names_no_party_and_hands_the_news_to_the_next_name() -> None:
    from bot.stories.names import NAME, PARTY, name_runs

    kinds = dict(name_runs("After Ostrava, Varnel picks up control of e-pharmacy Quorra"))
    assert kinds[("ostrava",)] == NAME and kinds[("varnel",)] == PARTY
    # "Sciences" ends an organisation's name like "Biosciences": "PRA Health Sciences" is PRA
    assert names("Ostrava agrees to buy PRA Health Sciences for $12 billion") == [("ostrava",), ("pra",)]
    assert is_roundup("Healthtech brief: Varnel buys into Quorra, Ostrava swallows Harlow")


def test_a_german_compound_is_no_pair_of_names() -> None:
    from bot.stories.cues import is_multi_deal

    assert not is_multi_deal("Symptom-Check per App: Ostrava führt 90-Millionen-Runde bei Quorra an", 3)
    assert not is_multi_deal("KI im Mammographie-Screening: Ostrava-Studie zeigt mehr Funde", 2)  # compounds
    assert is_multi_deal("Varnel-Quorra and Ostrava-Harlow pacts", 4)
    # hyphenated place and hospital names, with no deal spoken of, are no pairs of deals
    assert not is_multi_deal("Vernay-Lacombe : l'hôpital Nord-Vallée paralysé par une cyberattaque", 4)


def test_a_country_in_two_forms_is_one_place() -> None:
    from bot.stories.labels import PLACE_CANON

    assert PLACE_CANON["korean"] == PLACE_CANON["korea"] == "south korea"
    deal, other = first_and_second("Ostrava agrees to cash takeover by Korea's Quorra",
                                   "Wellington's Ostrava to be bought by Korean imaging-AI firm Quorra", hours=5)
    assert other.story_id == deal.story_id
    deal, other = first_and_second("Texas system Varnel taps Quorra for ambient notes",
                                   "Ohio system Varnel taps Quorra for ambient notes", hours=5)
    assert other.story_id != deal.story_id  # two places are still two developments


def test_a_seller_and_a_product_named_beside_the_party_are_no_parties() -> None:
    from bot.stories.names import NAME, OWNER, name_runs

    kinds = dict(name_runs("Mubadala-backed Quorra agrees to buy Ostrava's dialysis chain Harlow"))
    assert kinds[("ostrava",)] == OWNER  # the seller owns the chain: it stands behind it
    kinds = dict(name_runs("Varnel partners with Ozempic maker Quorra Nordvik on AI"))
    assert kinds[("ozempic",)] == NAME  # what the maker makes


def test_a_round_in_euros_and_its_dollar_conversion_are_one_figure() -> None:
    # a US outlet converts the euro figure at the day's rate: the same round, not another
    assert 170_000_000 in amounts("Quorra lève 150 millions d'euros") and 170_000_000 not in amounts("$150M")
    index = StoryIndex()
    euros = index.assign(item("a", "Quorra lève 150 millions d'euros pour son logiciel de rendez-vous médicaux"))
    dollars = index.assign(item("b", "Quorra raises $170 million for its doctor-booking software", hours=2))
    other = index.assign(item("c", "Quorra raises $300 million for its doctor-booking software", hours=3))
    assert dollars.story_id == euros.story_id != other.story_id



def test_a_german_compound_ending_in_a_kind_of_company_is_no_part_of_the_name() -> None:
    # German writes the trade and the kind as one word ("Softwarefirma"): the name follows it
    assert names("Varnel kauft Softwarefirma Quorra für 5,1 Milliarden Dollar") == [("varnel",), ("quorra",)]
    assert names("Terminplattform Quorra sammelt 500 Millionen Euro ein") == [("quorra",)]
    # a compound that is no kind of company stays a word of the name it opens
    assert names("Universitätsklinikum Varnel und Quorra schließen KI-Partnerschaft")[0] != ("varnel",)


def test_a_title_case_headline_in_another_language_names_only_what_its_summary_capitalizes() -> None:
    # Indonesian capitalizes every word of a headline, and the word lists hold its frequent
    # words, not its inflected verbs ("Kantongi": pockets); past the opening word a name is
    # one the summary capitalizes too
    assert names("Quorra Kantongi Pendanaan Seri D Senilai US$100 Juta",
                 "Putaran pendanaan dipimpin Varnel dengan partisipasi investor lama; dana akan dipakai "
                 "memperluas layanan kesehatan digital.") == [("quorra",)]
    assert names("Quorra Gandeng Varnel Bangun Layanan Kesehatan Berbasis Kecerdasan Buatan",
                 "Perusahaan patungan Quorra dan Varnel akan menghadirkan konsultasi dokter, janji temu, "
                 "dan pengantaran obat lewat aplikasi Quorra.") == [("quorra",), ("varnel",)]


def test_a_dictionary_word_opening_a_headline_is_no_name_but_a_capitalized_one_inside_is() -> None:
    # "Privacy", "Digital": words English shares with the other languages, so frequency alone
    # does not call them common; capitals opening a headline say nothing of them
    assert names("Privacy advocates alarmed as Qubrix takes over Varnel's health app") == [("qubrix",), ("varnel",)]
    assert names("Digital health's biggest deal: Qubrix snaps up Varnel") == [("qubrix",), ("varnel",)]
    # inside a sentence-case headline a capital makes the word a name ("Tandem"), and the
    # summary capitalizing an opening one mid-sentence makes that one a name ("Zoom")
    assert ("tandem",) in names("Varnel Health taps Tandem for ambient notes")
    assert ("zoom",) in names("Zoom workplace for clinicians will run on Qubrix AI",
                              "The video company Zoom said its clinicians' workplace will use Qubrix.")
    index = StoryIndex()
    deal = index.assign(item("a", "Qubrix takes over Varnel's health app as the two combine"))
    alarm = index.assign(item("b", "Privacy advocates alarmed as Qubrix takes over Varnel's health app", hours=5))
    assert alarm.story_id == deal.story_id, alarm.reason


def test_a_german_headline_is_sentence_case_however_many_nouns_it_capitalizes() -> None:
    from bot.stories.case import is_title_case

    # German capitalizes its nouns, so capitals say as much as in sentence case: a city that
    # is a frequent German word after an organisation's kind is the name's ("Kinderspital
    # Zürich"), where Title Case would read it as a plain word
    headline = "Kinderspital Zürich startet KI-Pilot mit Quorra und dem Start-up Varnel"
    assert not is_title_case(headline.split())
    assert names(headline) == [("kinderspital", "zurich"), ("quorra",), ("varnel",)]
    assert is_title_case(["Varnel", "Health", "Partners", "With", "Quorra", "On", "Ambient", "AI"])  # English Title Case stays


def test_a_german_compound_ending_in_a_kind_of_company_leads_to_the_name() -> None:
    # "Gesundheits-Start-up" is one noun whose head is "Start-up": what it describes is named after it
    assert names("Berliner Gesundheits-Start-up Quorra sammelt 90 Millionen Dollar ein") == [("quorra",)]


def test_a_one_letter_part_of_a_hyphened_name_is_an_initial_of_it() -> None:
    # "T-Mobile", Korean "Dong-A": a single letter is no name of its own, so the word is one
    # name, and its split part no longer makes the headline look like Title Case
    assert names("T-Mobile and Varnel Clinic team up on AI") == [("t-mobile",), ("varnel",)]
    assert ("dong-a", "st") in names("Dong-A ST joins Quorra University in AI drug discovery pact")
    assert names("Lilly-Quorra pact") == [("lilly",), ("quorra",)]  # two names, each of a word or more


def test_a_german_compound_with_a_linking_s_is_one_noun() -> None:
    # "Universitäts-" (-tät plus the linking s German word formation requires) modifies the
    # noun after it: "Universitäts-Kinderspital Zürich" is one hospital, not two names
    found = names("Universitäts-Kinderspital Zürich startet KI-Pilot mit Quorra und Varnel")
    assert found[0] == ("universitats-kinderspital", "zurich")
    assert ("universitats",) not in found


def test_a_compound_ending_in_lower_case_is_no_name_mid_headline() -> None:
    # Dutch "IC-patiënten" (intensive-care patients), "X-ray": a thing the headline is about
    found = names("Varnel UMC en Quorra ontwikkelen AI die helpt bij ontslag van IC-patiënten")
    assert found == [("varnel", "umc"), ("quorra",)]
    # an English participle of who made or backs it keeps the name before the hyphen
    assert names("Qubrix adopts Varnel-developed sepsis AI") == [("qubrix",), ("varnel",)]


def test_german_function_words_beyond_the_commonest_make_a_headline_german() -> None:
    # "ohne", "mehr": German prepositions and adverbs (closed classes of German grammar), so
    # the capitalized nouns of the headline are nouns, not names ("Studie", "Entdeckungsrate")
    found = names("Quorra-Studie zeigt höhere Entdeckungsrate ohne mehr Wiedereinbestellungen")
    assert found == [("quorra",)]


def test_two_names_joined_in_a_german_headline_stay_two_names() -> None:
    # "Samsung" ends like a German noun derived by -ung, and is a name all the same: two
    # uncommon capitalized words joined by "und" or a hyphen are a pair of names
    assert names("Samsung und Philips starten KI-Partnerschaft für Kliniken") == [("samsung",), ("philips",)]
    assert names("Samsung-Philips-Pakt für KI in Kliniken") == [("samsung",), ("philips",)]


def test_a_headline_figure_summing_two_figures_of_the_story_is_its_deal_counted_whole() -> None:
    index = StoryIndex()
    lead = index.assign(item("a", "Aldane takes $180M stake in Ptolemy Bio, commits $90M to joint cancer research"))
    whole = index.assign(item("b", "Aldane buys into Ptolemy Bio with a $270M package", hours=6))
    assert whole.story_id == lead.story_id, whole.reason
    other = index.assign(item("c", "Aldane buys into Ptolemy Bio with a $300M package", hours=7))
    assert other.story_id != lead.story_id and "amounts differ" in other.reason


def test_a_figures_unit_word_is_no_name() -> None:
    assert names("Telmira raises $65 Mn in Series D") == [("telmira",)]
    assert names("Telmira lands Rs 500 Cr from Quorvo") == [("telmira",), ("quorvo",)]


def test_a_brand_with_inner_capitals_shortened_to_them_is_the_same_party() -> None:
    # outlets shorten such a brand to its capitals ("AZ", "GSK"): the same party, one story
    first, second = first_and_second("Telmira and QuorvoZenith collaborate to create AI-designed antibody",
                                     "QZ and generative AI firm Telmira strike $247m oncology antibody deal")
    assert second.story_id == first.story_id
    # ... and capitals that are not the brand's stay another party
    first, second = first_and_second("Telmira and QuorvoZenith collaborate to create AI-designed antibody",
                                     "QX and generative AI firm Telmira strike $247m oncology antibody deal")
    assert second.story_id != first.story_id


def test_a_former_employer_before_ex_is_no_party() -> None:
    assert names("Ex-Telmira scientist's Quorvo Labs raises $50m for protein design") == [("quorvo",)]
    assert names("Quorvo hires ex-Telmira executive as chief medical officer") == [("quorvo",)]


def test_hebrew_and_thai_figures_are_money() -> None:
    assert amounts("קורבנו מגייסת 150 מיליון דולר") == {150_000_000}
    assert money("โรงพยาบาลควอร์วาโน ลงทุน 500 ล้านบาท")[1]  # baht: a figure in its own currency


def test_two_reports_in_a_caseless_script_sharing_only_a_year_are_no_copies() -> None:
    # Arabic words were no words at all: two MoUs of one department with two partners, in
    # Arabic, shared nothing but "2023" and were one story by their shingles
    index = StoryIndex()
    first = index.assign(item("a", "دائرة الصحة في كورفانو توقع مذكرة تفاهم مع تيلميرا لتعزيز الذكاء الاصطناعي",
                              "وقعت الدائرة على هامش معرض 2023 مذكرة تفاهم مع تيلميرا"))
    second = index.assign(item("b", "«الصحة – كورفانو» و«كوارفكس القابضة» تتعاونان لتوظيف الذكاء الاصطناعي في الطوارئ",
                               "وقعت الدائرة مذكرة تفاهم مع كوارفكس القابضة خلال معرض 2023", hours=40))
    assert second.story_id != first.story_id


def test_words_of_a_caseless_script_leave_the_latin_names_read_as_before() -> None:
    # Hebrew words are words to compare texts by, no part of the name finder's reading: the
    # Title Case name after them keeps its every word
    assert names("קורבנו רוכשת את Telmira Medical Vision") == [("telmira", "vision")]
