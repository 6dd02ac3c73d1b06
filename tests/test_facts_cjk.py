"""Facts: the parties of Chinese headlines written in Traditional characters, which join and
sign with the same words as Simplified ones in their other forms.

Invented organisations throughout."""

from __future__ import annotations

import pytest

from bot.facts import cjk


def names(title: str) -> list[str]:
    return [title[a:b] for a, b in cjk.spans(title)]


@pytest.mark.parametrize(
    ("title", "parties"),
    [
        ("星河科技攜手東山醫院 合作開發AI醫療影像判讀", ["星河科技", "東山醫院"]),
        ("東山醫院與星河科技簽署合作備忘錄", ["東山醫院", "星河科技"]),
        ("東山醫院聯手星河科技 推出AI問診", ["東山醫院", "星河科技"]),
        # the same headline in Simplified characters reads the same
        ("星河科技携手东山医院 合作开发AI医疗影像判读", ["星河科技", "东山医院"]),
    ],
)
def test_traditional_characters_join_parties_as_simplified_ones_do(title: str, parties: list[str]) -> None:
    assert names(title) == parties


def test_a_joint_body_in_traditional_characters_is_no_joiner() -> None:
    # 聯合實驗室: a joint lab, as 联合实验室 is, no third party
    assert names("東山醫院與星河科技成立聯合實驗室") == ["東山醫院", "星河科技"]


def test_a_list_mark_after_a_party_adds_the_next_in_chinese_but_not_in_japanese() -> None:
    # Chinese lists a third party after the second with 、
    assert names("東山醫院攜手星河大學、雲海研究院　簽約推動生成式AI智慧醫療") == ["東山醫院", "星河大學", "雲海研究院"]
    assert names("东山医院与星河科技、云海数据签署合作协议") == ["东山医院", "星河科技", "云海数据"]
    # a list of things after a party's verb is no party
    assert names("东山医院与星河科技合作，用AI、大数据提升服务") == ["东山医院", "星河科技"]
    # Japanese writes its comma after the subject with the same mark: no list
    assert names("東山製薬、星河とAI創薬で提携") == ["東山製薬", "星河"]
