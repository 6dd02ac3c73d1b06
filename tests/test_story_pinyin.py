"""Chinese names by their Hanyu Pinyin spelling: a Chinese headline and Latin-script coverage of
one mainland company meet, in either order, when they tell its one-off development."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from bot.stories.index import StoryIndex
from bot.stories.pinyin import latin_keys, pinyin_keys
from tests.support.stories import first_and_second
from tests.support.stories import story_item as item

ROOT = Path(__file__).resolve().parent.parent


def test_a_chinese_headline_is_spelled_by_its_stretches_of_characters() -> None:
    keys = pinyin_keys("康纳科技今日在港交所挂牌上市")
    assert keys["^kangna"] == "康纳" and "^kangnakeji" in keys
    assert all(len(k) - 1 >= 4 for k in keys)  # two letters a syllable at least: "^an" is no key
    assert pinyin_keys("康纳のAI、東京で発売") == {}  # kana: Japanese reads its kanji otherwise
    assert latin_keys(("ping", "an")) == ("^ping", "^pingan")


@pytest.mark.parametrize("chinese_first", [True, False])
def test_a_listing_told_in_chinese_and_in_english_is_one_story_in_either_order(chinese_first: bool) -> None:
    chinese, english = "康纳科技今日在港交所挂牌上市", "Kangna Tech shares soar in Hong Kong trading debut"
    first, second = first_and_second(*((chinese, english) if chinese_first else (english, chinese)), hours=3)
    assert second.story_id == first.story_id


def test_a_pinyin_spelling_alone_joins_no_other_development() -> None:
    first, second = first_and_second("康纳科技今日在港交所挂牌上市", "Kangna Tech signs AI pact with Brintella Health")
    assert second.story_id != first.story_id
    index = StoryIndex()  # nor a Japanese headline, whose kanji are read otherwise
    a = index.assign(item("a", "Kangna Tech shares soar in Hong Kong trading debut"))
    assert index.assign(item("b", "康纳の株、東京で上場", hours=2)).story_id != a.story_id


def test_the_pinyin_table_is_generated_from_the_han_readings() -> None:
    spec = importlib.util.spec_from_file_location("make_pinyin", ROOT / "bench" / "make_pinyin.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.OUT.read_text(encoding="utf-8") == module.render(), "run python bench/make_pinyin.py"


def test_a_one_party_approval_told_in_chinese_and_in_english_is_one_story() -> None:
    first, second = first_and_second("康纳医疗AI软件获批三类证", "Kangna Medical wins Chinese approval for AI software",
                                     hours=5)
    assert second.story_id == first.story_id
    # a deal with another party is no approval of the one company's product
    first, second = first_and_second("康纳医疗AI软件获批三类证", "Kangna Medical and Brintella sign AI pact", hours=5)
    assert second.story_id != first.story_id


def test_latin_items_look_pinyin_keys_up_only_while_a_chinese_story_is_filed_under_them() -> None:
    index = StoryIndex()
    chinese = index.assign(item("a", "康纳科技今日在港交所挂牌上市"))
    assert index._by_name.pinyin == 1
    index.assign(item("b", "Kang Na Tech shares soar in Hong Kong trading debut", hours=2))
    assert index._by_name.pinyin == 1  # a Latin-script story's keys count no Chinese story
    later = index.assign(item("c", "Brintella signs AI pact with Qubrix", hours=24 * 60))  # both evicted
    assert index._by_name.pinyin == 0 and chinese.story_id not in index.story_ids() and later.is_new
