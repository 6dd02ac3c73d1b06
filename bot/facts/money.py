"""Money in headlines: the headline amount of a deal, in US dollars.

Promise: `headline_amount(title, summary)` finds stated amounts ("$1.2 billion", "US$500M",
"€140 million", "£21m", "¥10 billion", "5,3 Mrd. Euro", "2 milliards d'euros", "50 millones
de dólares", "CHF 50 million", "Rs 500 crore", "100億円", "1亿元", "1억 달러") and returns
the first one of the title (its total where it also gives the upfront payment: "$60M upfront
in a deal worth up to $2.7B" is $2.7B), else the largest of the summary's amounts that a deal's payment
words stand next to ("$110M upfront", "worth $3B", "up to $400M in milestones", "a budget of
€70M", "총 357억 원을 투입": not "an earlier $100M commitment", not "a £40M machine"), converted to US dollars at the dated table
below; None when none is stated. Pure; no network, no clock.
"""

from __future__ import annotations

import re
import unicodedata

from bot.stories.headline import fold, unaccented
from bot.stories.money import priced
from bot.stories.myriad import cjk_amounts, figure

# Yearly average reference rates, US dollars per unit, for 2024: the US Federal Reserve's H.10
# release (annual averages) for the currencies it quotes; the dirham and the riyal at their
# dollar pegs (3.6725 and 3.75 to the dollar); the zloty, shekel, rupiah and lira from the
# European Central Bank's 2024 average euro reference rates, crossed through its dollar rate.
# A dated table, not live rates: an amount in a headline is itself rounded, and the same story
# must convert the same way every time. Every currency the reader names has a rate here.
RATES_DATE = "2024 annual average"
USD_PER = {
    "USD": 1.0, "EUR": 1.082, "GBP": 1.278, "JPY": 0.00661, "CNY": 0.1389, "KRW": 0.000734,
    "CHF": 1.136, "INR": 0.01196, "CAD": 0.730, "AUD": 0.660, "DKK": 0.1451, "SEK": 0.0947,
    "NOK": 0.0930, "NZD": 0.6085, "HKD": 0.1282, "SGD": 0.7483, "BRL": 0.1855, "MXN": 0.0546,
    "ZAR": 0.0546, "MYR": 0.2186, "THB": 0.02835, "AED": 0.2723, "SAR": 0.2667, "PLN": 0.2514,
    "ILS": 0.2707, "IDR": 0.0000631, "TRY": 0.0304,
}  # fmt: skip


def amounts(text: str) -> list[float]:
    """Every stated amount in `text`, in US dollars, in order of appearance."""
    return [usd for _, usd, _, _ in _located(text)]


def _located(text: str) -> list[tuple[int, float, str, str]]:
    """(place, US dollars, clause, what follows) of every stated amount, in order: the clause
    is the amount with `_NEAR` characters either side, in the form the amount was read in."""
    wide = text if text.isascii() else unicodedata.normalize("NFKC", text)
    if not _DIGIT.search(wide):
        # every figure has a digit (CJK ones too), and NFKC makes all a text's digits ("²",
        # "①", full-width ones): folding makes no new one, so a text without has no figure
        return []
    return _read_located(text)


def _read_located(text: str) -> list[tuple[int, float, str, str]]:
    """`_located`, every figure pattern run."""
    found = []
    folded = fold(text)
    for start, end, value, code in priced(folded):
        found.append((start, _usd(value, code), folded[max(0, start - _NEAR) : end + _NEAR], folded[end:]))
    # Japanese, Chinese and Korean: 100億円, 1亿元, 5000万美元, 1억 달러, 3000억원 (in NFKC, the
    # form `fold` starts from, which keeps the Hangul syllables whole)
    wide = unicodedata.normalize("NFKC", text)
    for m, unit, code in cjk_amounts(wide):
        value = figure(m.group(1)) * (unit or 1.0)
        found.append((m.start(), _usd(value, code), wide[max(0, m.start() - _NEAR) : m.end() + _NEAR], wide[m.end() :]))
    return sorted(found, key=lambda f: f[0])


_DIGIT = re.compile(r"\d")


def _usd(value: float, code: str) -> float:
    """`value` of the currency `code` in US dollars (cents)."""
    return round(value * USD_PER[code], 2)


# The words that tie an amount to the deal's payments in deal reporting (English, German,
# French, Spanish, Portuguese and Italian): what is paid and how (upfront, milestones,
# royalties), what the deal is worth or totals, committing (the verb: "an earlier commitment"
# is no payment of this deal), investing, funding, a stake or a round, the budget of a joint
# project (a consortium's amount).
_PAYMENT = re.compile(unaccented(
    r"\b(?:up[ -]?front|milestones?|royalt\w*|worth|valued|pay|pays|paying|paid|deal|agreement"
    r"|pact|contract|invest\w*|stake|funding|funds|funded|up to|total|commits|committing|committed|round|series [a-h]"
    r"|budget\w*|bis zu|jusqu'à|hasta|até|fino a|Vorauszahlung|vorab|zahlt|zahlen|Zahlung\w*|Meilenstein\w*"
    r"|Investition\w*|förder\w*|\w*runde|investissement\w*|participation|financement|paiement\w*|versement\w*"
    r"|inversi[oó]n\w*|participaci[oó]n|financiaci[oó]n|ronda|presupuesto|pago\w*|pagamento\w*|rodada|orçamento"
    r"|investimento|participação|finanziament\w*)\b"
).lower())
# ... and in Japanese, Chinese and Korean (written without spaces: no word boundary), in the
# form their figures are read in (NFKC): investing (出資, 投資, 投资, 투자, 투입), a contract or
# agreement (契約, 合同, 协议, 계약), a total (総額, 总额, 총액), an upfront payment (一時金,
# 首付款), milestones (マイルストン, 里程碑, 마일스톤), a budget (予算, 预算, 예산), funding (融资, 資金調達)
_PAYMENT_CJK = re.compile(r"出資|投資|投资|투자|투입|契約|合同|协议|계약|総額|总额|총액|一時金|首付款|マイルストン|里程碑"
                          r"|마일스톤|予算|预算|예산|融资|資金調達")
_NEAR = 40  # characters on either side of an amount: the same clause


# "$60M upfront", "$60 million up front", "$20M initial payment": the part paid at signing
_UPFRONT_AFTER = re.compile(r"\s*(?:in\s+)?(?:up[ -]?front|initial payment)\b", re.IGNORECASE)


def headline_amount(title: str, summary: str = "") -> float | None:
    """The title's first amount that is no upfront payment beside the deal's total, else the
    largest deal payment of the summary (see the module doc)."""
    in_title = _located(title or "")
    if in_title:
        # "pays $60M upfront in a deal worth up to $2.7B": the deal's amount is its total
        totals = [usd for _, usd, _, after in in_title if not _UPFRONT_AFTER.match(after)]
        return totals[0] if totals else in_title[0][1]
    paid = [usd for _, usd, clause, _ in _located(summary or "") if _PAYMENT.search(clause) or _PAYMENT_CJK.search(clause)]
    return max(paid) if paid else None
