"""A foreign company's name as Korean and Japanese headlines spell it by sound is the same name
(every organisation here is invented): its consonant skeleton survives the spelling, counts as
evidence across scripts only beside another shared name, and finds the story either way round."""

from __future__ import annotations

from bot.stories.index import StoryIndex
from bot.stories.sounds import latin_skeletons, native_skeletons
from tests.support.stories import first_and_second
from tests.support.stories import story_item as item


def test_hangul_and_katakana_spellings_keep_the_consonants_of_the_latin_name() -> None:
    assert latin_skeletons("volpara") == ("PLPL",)
    assert set(native_skeletons("볼파라를 인수")) == {"PLPL", "iNSu"}  # the object particle is no part of it
    assert set(native_skeletons("ボルパラ買収へ")) == {"PLPL"}  # the katakana word ends at the kanji
    assert native_skeletons("買収へ") == {}  # kanji and hiragana spell no foreign name
    # a post-vocalic r may be kept or dropped (노바티스 but ノバルティス): both forms are kept
    assert set(latin_skeletons("novartis")) == {"NPLTS", "NPTS"}
    assert set(native_skeletons("노바티스")) <= set(latin_skeletons("novartis"))
    assert set(native_skeletons("ノバルティス")) <= set(latin_skeletons("novartis"))
    assert set(native_skeletons("메드트로닉 メドトロニック")) == set(latin_skeletons("medtronic"))
    assert set(native_skeletons("에이브리지")) == set(latin_skeletons("abridge"))  # the soft g of -dge
    # ン before b, p or m is an m (traditional Hepburn): テンパス is "Tempus", not "Tenpus"
    assert set(native_skeletons("テンパス")) == set(latin_skeletons("tempus")) == {"TMPS"}
    assert set(native_skeletons("クランボ")) == set(latin_skeletons("krambo"))
    assert set(native_skeletons("ケンタロ")) == {"KNTL"}  # before other consonants it stays n


def test_devanagari_arabic_and_hebrew_spellings_keep_the_consonants_too() -> None:
    assert "TLKN" in native_skeletons("तारकानो") and "TLKN" in latin_skeletons("tarkano")
    assert "TLKL" in native_skeletons("थायरोकेयर") and "TLKL" in latin_skeletons("thyrocare")
    assert "STL" in native_skeletons("أستر") and "STL" in latin_skeletons("aster")
    assert "PLT" in native_skeletons("بيورهيلث") and "PLT" in latin_skeletons("purehealth")
    assert "KPTL" in native_skeletons("كابيتال") and "KPTL" in latin_skeletons("capital")
    assert "TLMN" in native_skeletons("טלמין") and "TLMN" in latin_skeletons("telmin")
    assert native_skeletons("पड़ताल") == {"PLTL": "पड़ताल"}  # a nukta's flap is an r


def test_a_hindi_report_spelling_both_parties_joins_and_one_sound_alone_does_not() -> None:
    index = StoryIndex()
    deal = index.assign(item("a", "Tarkano to buy 66% of diagnostics chain Telmiracare for $600 million"))
    hindi = index.assign(item("b", "तारकानो खरीदेगी टेल्मिराकेयर में 66% हिस्सेदारी", hours=5))
    assert hindi.story_id == deal.story_id, hindi.reason
    lone, other = first_and_second("Tarkano signs AI imaging deal with Varnel Health",
                                   "तारकानो और एक अस्पताल के बीच एआई समझौता", hours=5)
    assert other.story_id != lone.story_id, other.reason


def test_short_skeletons_are_no_evidence() -> None:
    # "KL": too many words share it; a short name is read with its vowels instead
    assert [s for s in latin_skeletons("google") if s.isupper()] == []
    assert latin_skeletons("aidoc") == ("aiToK",)
    assert [s for s in native_skeletons("구글") if s.isupper()] == []
    assert latin_skeletons("mayo") == ()  # one class ("M"): no reading at all


def test_ti_before_a_vowel_is_also_read_sh() -> None:
    # English says "-tion", "-tia" with "sh", and katakana often spells it so; Hangul may not
    assert set(latin_skeletons("quorscentia")) == {"KLSNT", "KLSNS", "KSNT", "KSNS"}  # r kept or dropped
    assert set(native_skeletons("クオルセンシア")) <= set(latin_skeletons("quorscentia"))
    assert set(native_skeletons("쿼르센티아")) <= set(latin_skeletons("quorscentia"))
    assert latin_skeletons("tempus") == ("TMPS",)  # a "t" before a consonant: one reading
    index = StoryIndex()
    deal = index.assign(item("a", "Telmira to acquire Quorscentia in all-stock deal"))
    japanese = index.assign(item("b", "米テルミラ、英クオルセンシアを買収へ", hours=8))
    assert japanese.story_id == deal.story_id, japanese.reason


def test_a_short_name_is_read_with_its_vowels() -> None:
    # Hangul and katakana write every vowel of the name: two classes and their vowels
    assert latin_skeletons("tovio") == ("ToPio",)
    assert native_skeletons("토비오 인수")["ToPio"] == "토비오"
    assert native_skeletons("뷰노") == {"PuNo": "뷰노"} and latin_skeletons("vuno") == ("PuNo",)  # a glide adds nothing
    # the vowel Japanese adds after a lone consonant is read in a second reading only
    assert latin_skeletons("ikas") == ("iKaS",)
    assert set(native_skeletons("イカス")) == {"iKaSu", "iKaS"}
    assert "LuMo" in native_skeletons("ルモ") and latin_skeletons("lumo") == ("LuMo",)
    # other vowels are another name
    assert "ToPio" not in native_skeletons("토바 인수") and "ToPio" not in native_skeletons("타비오")


def test_a_korean_report_naming_a_short_name_by_sound_joins_the_deal() -> None:
    index = StoryIndex()
    deal = index.assign(item("a", "Quorvano agrees to buy French prenatal AI start-up Tovio"))
    korean = index.assign(item("b", "쿼르바노, 프랑스 태아 AI 스타트업 토비오 인수", hours=6))
    assert korean.story_id == deal.story_id, korean.reason
    # the same headline about another target is another deal
    deal, other = first_and_second("Quorvano agrees to buy French prenatal AI start-up Tovio",
                                   "쿼르바노, 프랑스 태아 AI 스타트업 토마 인수", hours=6)
    assert other.story_id != deal.story_id


def test_a_korean_report_naming_the_target_by_sound_joins_the_deal() -> None:
    index = StoryIndex()
    deal = index.assign(item("a", "Lunit agrees to buy breast-imaging AI company Quorvano for $190 million"))
    korean = index.assign(item("b", "루닛, 유방암 AI 기업 쿼르바노 인수", hours=6))
    assert korean.story_id == deal.story_id
    assert "쿼르바노" in korean.reason
    # the same headline about another target is another deal: the sound does not match it
    deal, other = first_and_second("Lunit agrees to buy breast-imaging AI company Quorvano for $190 million",
                                   "루닛, 유방암 AI 기업 텔미라 인수", hours=6)
    assert other.story_id != deal.story_id


def test_a_sound_alone_is_not_enough() -> None:
    deal, korean = first_and_second("Quorvano signs AI imaging deal with Varnel Health", "쿼르바노, 국내 병원과 AI 영상 협력",
                                    hours=6)
    assert korean.story_id != deal.story_id


def test_an_english_report_finds_a_story_a_japanese_headline_began() -> None:
    index = StoryIndex()
    japanese = index.assign(item("a", "マイクロソフトとクオルバノ、医療AIで提携", hours=0))
    english = index.assign(item("b", "Microsoft and Quorvano sign medical AI partnership", hours=5))
    assert english.story_id == japanese.story_id
    # another partner of Microsoft's: the sound tells it apart
    other = index.assign(item("c", "Microsoft and Telmira sign medical AI partnership", hours=6))
    assert other.story_id != japanese.story_id


def test_a_story_keeps_its_cross_script_keys_through_export_and_load() -> None:
    index = StoryIndex()
    index.assign(item("a", "マイクロソフトとクオルバノ、医療AIで提携"))
    [record] = index.export()
    assert record["posts"]
    again = StoryIndex()
    again.load([record])
    english = again.assign(item("b", "Microsoft and Quorvano sign medical AI partnership", hours=5))
    assert english.story_id == "s-a"


def test_a_japanese_report_spelling_both_parties_by_sound_finds_the_story() -> None:
    # no name of either party is in the native-name table: the story is found by their sounds
    index = StoryIndex()
    deal = index.assign(item("a", "Telmira to acquire Quorvano Genetics for $600 million"))
    japanese = index.assign(item("b", "テルミラ、米遺伝子検査のクオルバノを6億ドルで買収", hours=18))
    assert japanese.story_id == deal.story_id


def test_one_name_across_scripts_joins_with_the_same_dollar_figure() -> None:
    from bot.stories.money import amounts

    assert amounts("어브리지, 3억 달러 유치") == {300_000_000}
    assert amounts("総額197億ドルで買収") == {20_000_000_000}  # two significant digits, as every figure
    assert amounts("185億美元合作") == amounts("worth up to $18.5 billion")
    assert amounts("2500억원 인수") == set()  # won are not dollars
    assert amounts("a $1.2-billion deal") == amounts("$1.2 billion") == {1_200_000_000}
    index = StoryIndex()
    round_ = index.assign(item("a", "Quorvano raises $300 million Series E led by Spark Capital"))
    korean = index.assign(item("b", "의료 AI 쿼르바노, 또 3억 달러 유치", hours=20))
    assert korean.story_id == round_.story_id
    other = index.assign(item("c", "의료 AI 쿼르바노, 병원과 협력", hours=21))  # the name alone: kept apart
    assert other.story_id != round_.story_id


def test_one_figure_in_another_currency_is_one_key_in_any_script() -> None:
    from bot.stories.money import money

    yen = money("富士フイルム、日立の画像診断事業を約1790億円で取得へ")[1]
    assert yen == money("Fujifilm pays ¥179bn for the unit")[1] == money("for about 179 billion yen")[1]
    assert money("Fujifilm pays ¥179bn for the unit")[0] == set()  # no dollar figure: no guard
    assert money("a £179bn plan")[1].isdisjoint(yen)  # pounds are not yen
    assert money("¥500,000 a year")[1] == set()  # under a million units: too common to tell stories apart


def test_a_report_in_another_script_joins_on_the_same_figure_in_its_currency() -> None:
    # one name read from the native-name table needs a second piece of evidence: the figure
    index = StoryIndex()
    deal = index.assign(item("a", "Fujifilm buys Hitachi's imaging unit for about 179 billion yen"))
    japanese = index.assign(item("b", "日立、画像診断事業を約1790億円で売却", hours=6))
    assert japanese.story_id == deal.story_id
    other = index.assign(item("c", "日立、画像診断事業を約900億円で売却", hours=7))  # another figure: apart
    assert other.story_id != deal.story_id


def test_a_korean_figure_counting_its_thousands_reads_as_the_whole_figure() -> None:
    from bot.stories.money import money
    from bot.stories.myriad import figure

    assert figure("1천260") == 1260 and figure("3천") == 3000 and figure("1,790") == 1790
    assert money("지분 100%를 약 1천260억원에 인수")[1] == money("will pay 126 billion won")[1] != set()


def test_hindi_and_arabic_figures_read_with_their_units_and_currencies() -> None:
    from bot.stories.money import money

    assert money("क्योर.एआई ने सीरीज डी में जुटाए 6.5 करोड़ डॉलर")[0] == {65_000_000}  # crore: 10^7
    assert money("जुटाए 65 मिलियन डॉलर")[0] == {65_000_000}
    assert money("करीब 1 अरब डॉलर")[0] == {1_000_000_000}  # arab: 10^9
    assert money("نحو 688 مليون دولار")[0] == money("about $688 million")[0]
    assert money("بقيمة 3.67 مليار درهم")[1] == money("Dh3.67 billion")[1] != set()
    assert money("करीब 4,546 करोड़ रुपये")[1] == money("Rs 45.46 billion")[1] != set()
    assert money("सऊदी अरब में 5 अस्पताल") == (set(), set())  # Arabia, no figure of money


def test_a_hindi_report_of_a_round_joins_on_its_figure_and_its_name() -> None:
    index = StoryIndex()
    round_ = index.assign(item("a", "Tarkano raises $65 million Series D to expand AI imaging"))
    hindi = index.assign(item("b", "एआई कंपनी तारकानो ने सीरीज डी में जुटाए 6.5 करोड़ डॉलर", hours=20))
    assert hindi.story_id == round_.story_id, hindi.reason
    other = index.assign(item("c", "एआई कंपनी तारकानो ने सीरीज डी में जुटाए 9 करोड़ डॉलर", hours=21))
    assert other.story_id != round_.story_id  # another figure: another round
