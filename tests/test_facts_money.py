"""Facts: the amount a summary ties to the deal, in the words of the languages read.

Invented organisations throughout."""

from __future__ import annotations

import pytest

from bot.facts.money import USD_PER, headline_amount


@pytest.mark.parametrize(
    ("summary", "usd"),
    [
        # a joint project's budget is the consortium's amount
        ("The project brings together 40 partners, with a budget of about €70 million.", 70e6 * USD_PER["EUR"]),
        ("Het budget bedraagt ruim 70 miljoen euro.", 70e6 * USD_PER["EUR"]),
        # a round in Spanish and German, a payment up front in German
        ("Quillon codirige una ronda de 320 millones de dólares para Lumora.", 320e6),
        ("Quillon führt die Finanzierungsrunde über 40 Millionen Euro an.", 40e6 * USD_PER["EUR"]),
        ("Der Konzern zahlt Lumora 20 Millionen Euro vorab.", 20e6 * USD_PER["EUR"]),
        # Japanese, Chinese and Korean: investing, a total, a budget
        ("하모니병원 등 25곳이 3년간 총 357억 원을 투입해 AI를 함께 개발한다.", 357e8 * USD_PER["KRW"]),
        ("星河制药将向Lumora投资5000万美元。", 50e6),
        ("事業の予算は総額10億円。", 10e8 * USD_PER["JPY"]),
    ],
)
def test_a_summary_amount_the_deal_pays_is_read(summary: str, usd: float) -> None:
    assert headline_amount("Harlow and Quillon join forces on AI", summary) == pytest.approx(usd)


def test_a_summary_amount_of_no_payment_is_not_the_deals() -> None:
    assert headline_amount("Harlow and Quillon join forces on AI", "Harlow's revenue reached €70 million.") is None
    assert headline_amount("Harlow and Quillon join forces on AI", "하모니병원의 매출은 357억 원이다.") is None
