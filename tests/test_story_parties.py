"""Who the parties of a headline are, and how an item naming only some of them is judged.

Every organisation here is invented: the rules must hold for companies no list has heard of.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from bot.stories.index import StoryIndex
from bot.stories.names import analyze, names, parties
from tests.support.stories import first_and_second
from tests.support.stories import story_item as item

ROOT = Path(__file__).resolve().parent.parent


def test_a_name_after_a_time_or_comparison_word_is_background_not_a_party() -> None:
    assert parties("Qubrix unveils Scribeline days after Nerovia's health launch") == [("qubrix",)]
    assert ("nerovia",) in parties("Qubrix and Nerovia unveil Scribeline")


def test_an_opening_possessive_written_in_lower_case_by_the_summary_is_no_party() -> None:
    summary = "A consultant's recap highlights the keynote demo of Qubrix."
    assert ("consultant",) not in parties("Consultant's recap of Qubrix summit", summary)
    assert parties("Brintella's recap of Qubrix summit", "Brintella wrote it.")[0] == ("brintella",)


def test_a_background_name_does_not_block_the_story_it_belongs_to() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Qubrix for Clinics: Vostrel adds AI tools and medical data connectors",
                              "Vostrel adds Qubrix connectors to claims data and prior authorization review."))
    ref = index.assign(item("b", "Vostrel unveils Qubrix for Clinics days after Nerovia's health launch",
                            "Vostrel adds Qubrix connectors to claims data and prior authorization review.", hours=4))
    assert ref.story_id == first.story_id


def _joint_deal(index: StoryIndex) -> str:
    return index.assign(item("a", "Novexa and Brintella sign AI drug discovery pact for small molecules",
                             "Brintella will design small molecules against three targets for Novexa.")).story_id


def test_one_party_of_a_joint_deal_stating_the_same_deal_joins() -> None:
    index = StoryIndex()
    story = _joint_deal(index)
    ref = index.assign(item("b", "Brintella inks AI drug discovery pact for small molecules",
                            "Brintella will design small molecules against three targets.", hours=3))
    assert ref.story_id == story


def test_one_party_without_a_deal_word_or_with_another_live_story_stays_apart() -> None:
    index = StoryIndex()
    story = _joint_deal(index)
    launch = index.assign(item("b", "Brintella launches AI drug discovery engine for small molecules",
                               "Brintella will design small molecules against three targets.", hours=3))
    assert launch.is_new and launch.story_id != story
    index = StoryIndex()
    story = _joint_deal(index)
    other = index.assign(item("c", "Brintella and Halvora sign AI imaging pact for cardiology", hours=1))
    ref = index.assign(item("d", "Brintella inks AI drug discovery pact for small molecules",
                            "Brintella will design small molecules against three targets.", hours=3))
    assert ref.is_new and ref.story_id not in (story, other.story_id)


def test_a_model_family_names_its_maker_and_no_other() -> None:
    summary = "Qubrix's copilot drafts oncology workups from patient history; a clinician reviews each one."
    index = StoryIndex()
    first = index.assign(item("a", "Qubrix Health builds GPT-4o copilot for cancer workups", summary))
    ref = index.assign(item("b", "OpenAI and Qubrix Health team up on copilot for cancer workups", summary, hours=2))
    assert ref.story_id == first.story_id
    index = StoryIndex()
    first = index.assign(item("a", "Qubrix Health builds Gemini copilot for cancer workups", summary))
    ref = index.assign(item("b", "OpenAI and Qubrix Health team up on copilot for cancer workups", summary, hours=2))
    assert ref.is_new and "Openai new to the story" in ref.reason


def test_an_ampersand_before_a_brands_own_capitals_joins_two_parties() -> None:
    assert names("Glooko & DreaMed Diabetes Partner on AI Insulin Dosing") == [("glooko",), ("dreamed",)]
    assert names("Varnel Health & CHI merge") == [("varnel",), ("chi",)]
    assert names("Marsh & McLennan buys Qubrix") == [("m&m",), ("qubrix",)]  # one firm, keyed by its initials
    assert names("Johnson & Johnson MedTech taps Qubrix")[0] == ("j&j", "medtech")


def test_a_title_case_and_between_two_names_keeps_them_two_parties() -> None:
    assert parties("Varnel Clinic And QBX Launch Discovery Accelerator") == [("varnel",), ("qbx",)]
    assert parties("Varnel Clinic and QBX launch a discovery accelerator") == [("varnel",), ("qbx",)]


def test_title_case_deals_with_two_famous_vendors_stay_two_stories() -> None:
    # Frequency lists hold the best-known company names; taken as common words, a Title Case
    # headline lost them as parties and the same customer's two vendors became one story.
    index = StoryIndex()
    first = index.assign(item("a", "Varnel Clinic Partners With Google On Generative AI For Clinicians"))
    second = index.assign(item("b", "Varnel Clinic Partners With Microsoft On Generative AI For Clinicians", hours=6))
    assert first.story_id != second.story_id
    assert parties("Walgreens Taps Microsoft For AI Pharmacy Assistant") == [("walgreens",), ("microsoft",)]


def test_a_headline_with_a_lower_case_english_verb_is_sentence_case_however_many_names() -> None:
    # most words capitalized, being names; "picks" and "sold" say the capitals are names'
    assert names("Varnel Scott & White Health picks Qubrix") == [("varnel", "scott", "white"), ("qubrix",)]
    assert ("brell", "genetics") in parties("Aliso Viejo's Brell Genetics sold to Chicago's Qubrix")
    # a Title Case headline stays one, and a German one keeps its nouns out
    assert names("Varnel Health Picks Qubrix For Ambient Notes") == [("varnel",), ("qubrix",)]
    assert names("Varnel Medical schließt Qubrix-Übernahme ab") == [("varnel",), ("qubrix",)]


def test_a_title_case_deal_verb_ends_the_opening_name_and_names_its_subject() -> None:
    # "Acquires" is no part of a name; a frequent word right before a deal verb is its subject
    assert names("Olive Acquires Qubrix Health") == [("olive",), ("qubrix",)]
    assert ("prudential",) in names("Prudential Taps Qubrix To Bring AI Checks To Customers Across Asia")
    assert names("Joint Commission And CHAI Issue Guidance") == [("joint", "commission"), ("chai",)]


def test_title_case_inflections_of_frequent_words_are_no_names() -> None:
    # frequency lists hold "leverage" and "system", not "Leverages" or "Systemwide"
    assert names("Varnel Health Leverages Qubrix Agents To Cut Denials") == [("varnel",), ("qubrix",)]
    assert names("Varnel Health Rolls Out Qubrix Systemwide After Pilot") == [("varnel",), ("qubrix",)]
    # nor "personalize" or "summarization", made with -ize from "personal" and "summarize"
    assert names("Varnel Health Taps Qubrix To Personalize Care") == [("varnel",), ("qubrix",)]
    assert names("Varnel Adds Qubrix Summarization To Its EHR") == [("varnel",), ("qubrix",)]


def _bench_script(name: str) -> ModuleType:
    """A generator script of bench/ (not a package), loaded as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_known_names_file_is_generated_from_the_term_files() -> None:
    module = _bench_script("make_org_names")
    assert module.OUT.read_text(encoding="utf-8") == module.render(ROOT / "config" / "lexicon"), (
        "run python bench/make_org_names.py after changing config/lexicon"
    )
    assert module.PHRASES_OUT.read_text(encoding="utf-8") == module.render_phrases(ROOT / "config" / "lexicon"), (
        "run python bench/make_org_names.py after changing config/lexicon"
    )
    assert module.LOWER_OUT.read_text(encoding="utf-8") == module.render_lower(ROOT / "config" / "lexicon"), (
        "run python bench/make_org_names.py after changing config/lexicon"
    )


def test_a_listed_name_of_frequent_words_is_a_name_in_a_title_case_headline() -> None:
    # "Johns Hopkins": both words frequent, no summary naming it; the term files list the name
    title = "Sepsis Detection System Developed at Johns Hopkins Lowers Deaths by 20%"
    assert ("johns", "hopkins") in [key for key, _ in analyze(title, listed=True)[2]]
    assert ("johns", "hopkins") not in names(title)  # the reading the relevance model was fitted on
    # and the name goes on as the finder's runs do ("Blue Shield of California")
    runs = [key for key, _ in analyze("Blue Shield of California Teams With Quorvo on Prior Auth", listed=True)[2]]
    assert ("blue", "shield", "california") in runs
    # so a listed name a later headline adds keeps it apart, as an unknown company's does
    for customer in ("Velmora", "Mount Sinai"):
        first, second = first_and_second("Quorvo Signs Sepsis AI Deal", f"Quorvo Signs Sepsis AI Deal With {customer}", hours=3)
        assert second.story_id != first.story_id, (customer, second.reason)


def test_the_city_list_is_generated_from_geonames_without_listed_organisations() -> None:
    module = _bench_script("make_places")
    text = module.PLACES.read_text(encoding="utf-8")
    assert text == module.render(text), "run python bench/make_places.py after changing config/lexicon"
    assert "New Orleans" in text.split(f"\n{module.SECTION}\n")[1]
    assert "\nProvidence\n" not in text  # a city that is also a listed health system stays a name
    assert module.WITHIN.read_text(encoding="utf-8") == module.within(text), "run python bench/make_places.py"


def test_every_countrys_other_forms_are_generated_from_general_sources() -> None:
    module = _bench_script("make_place_forms")
    assert module.OUT.read_text(encoding="utf-8") == module.render(), "run python bench/make_place_forms.py"
    # a nationality adjective beyond the hand-made lists, and a name in another language,
    # are the country, never a name
    assert names("Ransomware attack cripples Romanian hospitals") == []
    assert names("Irlanda desconecta los sistemas de su sanidad") == []
    # a nationality adjective is one however frequent an English word it is, and so is that
    # of a country outside ISO 3166 ("Scottish")
    assert names("Qubrix and NHS boards join Scottish centre for AI in diagnostics") == [("qubrix",), ("nhs",)]
    assert names("Qubrix opens Egyptian and Nigerian AI hubs with Varnel") == [("qubrix",), ("varnel",)]
    index = StoryIndex()
    first = index.assign(item("a", "Qubrix signs imaging pact with Romanian hospital group"))
    same = index.assign(item("b", "Qubrix signs imaging pact with hospital group in Rumänien", hours=3))
    assert same.story_id == first.story_id, same.reason


@pytest.mark.parametrize(
    ("first", "second", "one"),
    [
        # a city and its country, a country and its continent: one place
        ("Qubrix buys two Canadian machine-learning start-ups for $80M", "Qubrix buys Toronto and Montreal AI start-ups for $80M", True),
        ("Qubrix raises $80M to expand its booking service across Europe", "French booking firm Qubrix raises $80M", True),
        # a city and its country's continent: one place, two steps apart
        ("Qubrix raises $25M to map genomes across Africa", "Lagos genomics start-up Qubrix raises $25M", True),
        # two cities, two countries: two places
        ("Qubrix buys Toronto machine-learning start-up for $80M", "Qubrix buys Houston machine-learning start-up for $80M", False),
        ("French booking firm Qubrix raises $80M", "Brazilian booking firm Qubrix raises $80M", False),
    ],
)
def test_a_place_and_the_place_it_lies_in_are_one_two_places_apart_are_two(first: str, second: str, one: bool) -> None:
    index = StoryIndex()
    story = index.assign(item("a", first))
    other = index.assign(item("b", second, hours=3))
    assert (other.story_id == story.story_id) is one, other.reason
    assert one or "places differ" in other.reason


def test_a_city_naming_where_a_system_is_is_no_party() -> None:
    index = StoryIndex()
    first = index.assign(item("a", "Varnel Health starts pilot of AI-drafted replies in its patient portal"))
    second = index.assign(item("b", "New Orleans system Varnel pilots generative AI to draft replies to patients", hours=40))
    assert second.story_id == first.story_id
    assert parties("Providence picks Quorra for ambient notes") == [("providence",), ("quorra",)]


def test_a_partys_head_word_alone_names_it_and_survives_a_restart() -> None:
    # "Kaiser" is a common (German) word, so the key of "Kaiser Quorvane" is "quorvane"; a report
    # writing "Kaiser" alone still names that party
    index = StoryIndex()
    deal = index.assign(item("a", "Kaiser Quorvane brings Ostrava's ambient AI to 600 offices"))
    again = StoryIndex()
    again.load(index.export())
    short = again.assign(item("b", "Kaiser adopts Ostrava AI documentation tool across its system", hours=4))
    assert short.story_id == deal.story_id
    other = again.assign(item("c", "Varnel adopts Ostrava AI documentation tool across its system", hours=5))
    assert other.story_id != deal.story_id


def test_a_romance_language_adjective_after_the_organisation_noun_keeps_the_name_a_party() -> None:
    assert parties("La start-up parisienne Qubrix rachetée par un géant coréen") == [("qubrix",)]
    assert parties("La start-up Qubrix rachetée par un géant coréen") == [("qubrix",)]


def test_a_report_naming_one_party_and_a_place_the_story_wrote_joins_the_merger() -> None:
    summary = "Qubrix holders get 0.8 Brintella shares each, valuing the Oxford company at $600m."
    index = StoryIndex()
    first = index.assign(item("a", "Brintella and Qubrix agree to combine in all-stock deal", summary))
    index.assign(item("b", "Brintella to buy Qubrix for $600 million", summary, hours=1))
    partial = index.assign(item("c", "Oxford AI drugmaker Qubrix agrees to US takeover",
                                "The Oxford company joins a Utah rival in an all-share deal.", hours=3))
    assert partial.story_id == first.story_id, partial.reason
    other = index.assign(item("d", "Oxford AI drugmaker Qubrix signs AI pact with Vantor", hours=4))
    assert other.story_id != first.story_id


def test_an_office_of_government_is_no_party() -> None:
    assert ("secretary",) not in parties("Health Secretary opens fund for Qubrix trusts to adopt AI")
    assert ("minister",) not in parties("Prime Minister pledges lab for Qubrix")


def test_the_given_names_file_is_generated_from_national_name_lists() -> None:
    module = _bench_script("make_given_names")
    assert module.OUT.read_text(encoding="utf-8") == module.render(), "run python bench/make_given_names.py"


def test_a_given_name_and_a_surname_opening_a_headline_are_a_person_not_a_party() -> None:
    assert parties("Ali Qorvani takes Brintella to Wall Street in $4bn deal") == [("brintella",)]
    assert ("charles", "river") in parties("Charles River and Qubrix launch AI discovery offering")


def test_a_brand_written_as_its_lower_case_web_address_is_a_party() -> None:
    assert parties("qubrix.ai raises $112 million Series C to scale radiology AI") == [("qubrix",)]
    index = StoryIndex()
    first = index.assign(item("a", "qubrix.ai raises $112 million Series C to scale radiology AI"))
    second = index.assign(item("b", "Sydney medical AI firm qubrix.ai lands big Series C", hours=2))
    assert second.story_id == first.story_id, second.reason


def test_a_place_after_of_inside_a_title_case_name_is_the_names() -> None:
    title = "Qubrix Announces Largest AI Deployment With The University of Kansas Health System"
    assert ("kansas",) in parties(title)
    index = StoryIndex()
    first = index.assign(item("a", title))
    second = index.assign(item("b", "University of Kansas Health System rolls out Qubrix note-writing", hours=1))
    assert second.story_id == first.story_id, second.reason


def test_a_name_describing_an_unnamed_company_is_no_party_and_the_summary_names_it() -> None:
    # "Harwick AI drug firm lands ...": where the company is from, not who it is
    assert ("harwick",) not in names("Harwick AI drug firm lands $100m upfront from a drugmaker")
    assert ("qubrix",) in parties("Harwick start-up Qubrix raises $5m")  # the kind names Qubrix
    assert ("brintella",) in parties("Brintella unit signs AI deal with a hospital")  # an owner's unit
    assert ("farmavida",) in parties("Laboratorios Farmavida firma un acuerdo con Biomatica")  # a verb
    summary = "Qubrix, based at the Harwick Science Park, will design drug candidates for Nerovia."
    index = StoryIndex()
    deal = index.assign(item("a", "Qubrix and Nerovia sign AI drug discovery pact worth up to $5.2 billion",
                             "Nerovia pays $100 million upfront for Qubrix to design drug candidates."))
    later = index.assign(item("b", "Harwick AI drug firm lands $100m upfront from big pharma", summary, hours=9))
    assert later.story_id == deal.story_id


def test_a_short_title_case_headline_is_read_as_title_case() -> None:
    # few words of four letters or more: its three-letter words tell the style
    assert parties("Qubrix And Nerovia Set Up AI Innovation Lab") == [("qubrix",), ("nerovia",)]
    assert ("set",) not in names("Qubrix And Nerovia Set Up AI Innovation Lab")


def test_an_ampersand_between_a_complete_name_and_another_joins_two_parties() -> None:
    assert parties("Qubrix Health & Nerovia launch an AI pathology venture") == [("qubrix",), ("nerovia",)]
    assert names("Halvorsen & Halvorsen MedTech and Nerovia sign MoU")[0] == ("h&h", "medtech")
    assert names("Brintella & Corvane taps AI") == [("b&c",)]  # nothing says two: one name, by its initials


def test_a_turkish_case_ending_after_an_apostrophe_is_no_part_of_the_name() -> None:
    assert names("Brintella ve Qubrix Cloud'dan radyolojide yapay zekâ iş birliği")[1] == ("qubrix", "cloud")
    assert ("nerovia",) in names("Halcyon, onkoloji araştırmalarında Nerovia'yı kullanacak")
    assert ("nerovia",) in names("Halcyon'dan Nerovia'ya yatırım")


def test_an_opening_compound_with_a_lower_case_part_describes_the_name_after_it() -> None:
    # "Symptom-checker Ada": the compound says what Ada is; it leads into no name
    assert parties("Symptom-checker Vostrel raises $90M as Qubrix leads round") == [("vostrel",)]
    lead, ref = first_and_second(
        "Vostrel raises $90 million Series B led by Qubrix",
        "Symptom-checker Vostrel raises $90M as Qubrix leads round",
        hours=5,
    )
    assert ref.story_id == lead.story_id, ref.reason



def test_a_capital_after_a_semicolon_is_a_name_the_summary_writes() -> None:
    # English capitalizes nothing after a semicolon but a name: the summary's "; Nova says"
    # tells that the Title Case headline's frequent opening word (Portuguese "new") is the company
    title = "Nova Closes $40M Series B to Grow Its Triage Platform"
    assert ("nova",) in names(title, "The round is led by Qubrix; Nova says it will hire in Europe.")
    # after a full stop a capital says nothing: the word stays unread as a name
    assert ("nova",) not in names(title, "The round is led by Qubrix. Nova says it will hire in Europe.")


def test_a_title_case_headline_in_another_language_keeps_only_its_names() -> None:
    # Indonesian Title Case: its own words are words there, however capitalized
    found = names("Qubrix Raih Pendanaan Seri D Senilai US$100 Juta")
    assert found == [("qubrix",)]
    # a word of that language is a name where the summary capitalizes it mid-sentence
    summary = "Perusahaan farmasi Kimia Farma dan Qubrix menandatangani kerja sama layanan kesehatan."
    headline = "Kimia Farma Jalin Kerja Sama Dengan Qubrix"
    assert names(headline, summary)[0][:2] == ("kimia", "farma")
    assert "kimia" not in names(headline)[0]  # no summary says so: "kimia" (chemistry) is a word
    # and in another language's headline it is a brand ("Tata" is a word in Indonesian)
    assert names("Tata Digital buys majority stake in Qubrix") == [("tata", "digital"), ("qubrix",)]
    # mid-sentence in sentence case a capital still makes a name ("Region Hovedstaden")
    assert ("hovedstaden",) in names("Region Hovedstaden tager AI fra Qubrix i brug")


def test_an_indonesian_report_of_a_round_joins_the_english_story() -> None:
    deal, report = first_and_second("Qubrix raises $100 million Series D led by Vostrel Capital",
                                    "Qubrix Raih Pendanaan Seri D Senilai US$100 Juta", hours=6)
    assert report.story_id == deal.story_id, report.reason


def test_the_local_words_file_is_generated_from_general_word_frequencies() -> None:
    import pytest

    pytest.importorskip("wordfreq")  # development dependencies, as for the other generated lists
    pytest.importorskip("english_words")
    module = _bench_script("make_common_words")
    text = (ROOT / "bot" / "stories" / "data" / "local_words.txt").read_text(encoding="utf-8")
    assert text == module.render_local(), "run python bench/make_common_words.py"


def test_the_dictionary_words_are_those_the_dictionary_writes_in_lower_case_only() -> None:
    import pytest

    pytest.importorskip("wordfreq")
    pytest.importorskip("english_words")
    module = _bench_script("make_common_words")
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in (ROOT / "bot" / "stories" / "data" / "common_words.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# language "):
            current = sections.setdefault(line[len("# language "):].split(":", 1)[0], [])
        elif line and not line.startswith("#"):
            current.append(line)
    dictionary = sections.pop("en-dictionary")
    # the languages' own words as the file holds them: the dictionary section is what is left
    kept = {word for words in sections.values() for word in words}
    assert dictionary == module.dictionary_words(kept), "run python bench/make_common_words.py"
    assert {"privacy", "software", "digital"} <= set(dictionary)
    assert not {"google", "microsoft", "china", "oracle"} & set(dictionary)  # names stay names


def test_a_hospital_named_for_a_saint_is_one_party_and_its_city_tells_it_apart() -> None:
    melbourne = parties("St Oswin's Hospital Melbourne signs AI deal with Qubrix")
    sydney = parties("St Oswin's Hospital Sydney signs AI deal with Qubrix")
    assert melbourne[0] == ("st", "oswin", "melbourne") and melbourne[0] != sydney[0]
    assert parties("St. Oswin's Health System deploys Qubrix")[0] == ("st", "oswin")
    # a company's possessive before its product still owns it
    assert parties("Brintella's Scribeline goes live at Qubrix")[0] == ("brintella",)


def test_a_label_ending_in_a_kind_of_company_describes_the_name_after_it() -> None:
    assert parties("Virtual MSK company Qubrix Health banks $300M") == [("qubrix",)]
    # a name with its own kind word, or a possessive, before a start-up is its owner or backer
    assert ("brintella",) in parties("Brintella Health startup Qubrix raises $20M")


def test_a_common_word_before_a_companys_lower_case_legal_form_names_the_company() -> None:
    assert parties("Pathways plc and Quillon Health team up on AI for cancer screening") == [
        ("pathways",), ("quillon",)]
    assert ("pathways",) in names("Vertex Taps Pathways plc's Machine Learning to Mine Human Genetics")
    # without its legal form a Title Case headline's common word is no name
    assert ("pathways",) not in names("Vertex Taps Pathways Machine Learning to Mine Human Genetics")
    assert ("pathways",) in names("Vertex Taps Pathways plc Machine Learning to Mine Human Genetics")


def test_a_conference_is_where_the_news_was_told_a_name_but_no_party() -> None:
    title = "What Qubrix's UGM demos mean for how medicine is practiced"
    assert ("ugm",) in names(title)  # evidence to compare reports by
    assert parties(title) == [("qubrix",)]
    assert parties("HIMSS previews: Zentora Health picks Qubrix's AI scribe") == [("zentora",), ("qubrix",)]


def test_a_title_case_institution_named_by_its_kind_and_place_is_a_party() -> None:
    # "Children's Hospital <Place>": Title Case capitalizes every word, so the common words and
    # the place are read as the hospital's name by their sequence, as sentence case reads them
    sentence = parties("Qubrix partners with Children's Hospital Springfield on ambient AI")
    title = parties("Qubrix Partners With Children's Hospital Springfield to Bring Ambient AI to Pediatric Care")
    assert title == sentence == [("qubrix",), ("springfield",)]
    assert ("mercy", "springfield") in parties("Qubrix Partners With Mercy Hospital Springfield on Ambient AI")
    # without a place after the kind, the Title Case words stay plain words
    assert parties("Qubrix Partners With Children's Hospital to Bring Ambient AI") == [("qubrix",)]


def test_a_title_case_report_naming_the_hospital_by_its_place_joins_the_deal_story() -> None:
    index = StoryIndex()
    a = index.assign(item("a", "Qubrix Partners With Children's Hospital Springfield to Bring Ambient AI to Pediatric Care",
                          "The hospital's clinicians will use Qubrix's ambient assistant."))
    b = index.assign(item("b", "Children's Hospital Springfield becomes an early pediatric adopter of ambient AI notes",
                          "Pediatric visits include parents in the room, the hospital says.", hours=3))
    assert b.story_id == a.story_id, b.reason


def test_a_party_named_with_its_owner_before_it_is_the_same_party() -> None:
    # "Parent Brand" for "Brand": the owner's or a kind's word before a party's name
    index = StoryIndex()
    a = index.assign(item("a", "Regulator finds Oswin Royal hospital broke data law when it shared records with Quorvane",
                          "The watchdog said the trust's deal with Quorvane was unlawful."))
    b = index.assign(item("b", "Watchdog rules hospital's patient-data deal with Brintel Quorvane was unlawful", hours=2))
    assert b.story_id == a.story_id, b.reason
    # a name's last words are its own: a word after the party's name makes another name
    index = StoryIndex()
    a = index.assign(item("a", "Regulator finds Oswin Royal hospital broke data law when it shared records with Quorvane"))
    b = index.assign(item("b", "Watchdog rules hospital's patient-data deal with Quorvane Brintel was unlawful", hours=2))
    assert b.story_id != a.story_id, b.reason


def test_a_name_opening_with_two_words_joined_by_an_ampersand_is_its_initials_too() -> None:
    # "Johnson & Johnson" is also written "J&J": both spellings are one party
    assert names("Brennick & Brennick MedTech and Quorvane sign AI pact")[0] == ("b&b", "medtech")
    assert names("B&B MedTech's digital chief on its Quorvane tie-up")[0] == ("b&b", "medtech")
    index = StoryIndex()
    a = index.assign(item("a", "B&B MedTech's digital chief on its Quorvane tie-up for surgical video AI"))
    b = index.assign(item("b", "Brennick & Brennick MedTech and Quorvane sign MoU to scale AI for surgery", hours=2))
    assert b.story_id == a.story_id, b.reason
    # an ampersand further in joins two names as often: they stay two
    assert ("quillon", "river") not in names("Quillon River & Valtor Health launch an AI drug discovery venture")


def test_the_name_a_company_signs_is_the_other_party_of_its_deal() -> None:
    assert ("brintella",) in parties("Halcyon Pharma Signs Brintella to AI Discovery Pact Worth Up to $600M")
    # The same customer signing two vendors the same day: two deals, two stories, even when
    # the second report mentions the first deal in its summary.
    first, second = first_and_second(
        "Qubrix Enters AI Discovery Collaboration With Halcyon Pharma",
        "Halcyon Pharma Signs Brintella to AI Discovery Pact Worth Up to $600M", hours=3,
        summary="Qubrix gets milestones of up to $500 million from Halcyon Pharma.")
    assert second.story_id != first.story_id, second.reason


def test_a_title_case_word_a_kind_of_company_names_is_a_name_however_frequent() -> None:
    # Title Case trusts a frequent word as a name only when the summary capitalizes it; right
    # after a kind of company ("Startup", "Firm", "Maker") the word is the company's name.
    assert ("odin",) in names("Halcyon Medical To Buy London AI Endoscopy Startup Odin Optics")
    assert ("notable",) in names("AI Imaging Firm Notable Raises $30M")
    # the headline's verb after the kind stays a verb
    assert names("AI Startup Partners With Qubrix on Imaging") == [("qubrix",)]


def test_descriptors_ending_in_a_kind_of_company_label_the_name_after_them() -> None:
    # "Beachwood Imaging Software Firm MIM": where the company is and what it does, then its
    # name; the opening word is no party the story's other reports must name
    assert parties("Lakeford Imaging Software Firm Qubrix to Be Acquired by Halcyon Medical") == [
        ("qubrix",), ("halcyon",)]
    # a function word between them keeps the opening name a party: the buyer
    assert parties("Halcyon to buy imaging software firm Qubrix") == [("halcyon",), ("qubrix",)]


def test_a_name_made_of_common_words_with_its_kind_keeps_them_all() -> None:
    # "Ardent" and "Services" are English words; with the kind ("Health") between them they are
    # a name, not the last common word left over
    assert names("Ardent Health Services hit by ransomware, diverting ambulances") == [("ardent", "services")]
    assert names("Ardent Health Services signs AI pact with Qubrix")[0] == ("ardent", "services")
    assert names("Former Stanford dean joins Qubrix")[0] == ("stanford",)  # a common word opening a name


def test_a_dollars_country_letters_are_no_name() -> None:
    assert names("Wellington's Volpara agrees to Korean takeover at NZ$1.15 a share") == [("volpara",)]
    assert names("Qubrix buys Vantor for HK$2 billion") == [("qubrix",), ("vantor",)]


def test_a_listed_brand_no_language_writes_as_a_word_is_a_name_in_lower_case() -> None:
    # "insitro" is listed (config/lexicon) and no word of any language: a party wherever it stands
    assert names("Gilead signs insitro to apply machine learning to liver disease") == [("gilead",), ("insitro",)]
    # ... a lower-case word of the language stays a word ("tempus" is Latin, "ambience" English)
    assert names("Doctors praise the ambience of Quorvo Health's new clinic") == [("quorvo",)]
