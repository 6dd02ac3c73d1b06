"""Parties of Hindi, Arabic, Hebrew and Thai headlines, by each language's joiners and verbs.

The organisations are invented (written in each script as its press would spell them).
"""

from __future__ import annotations

import pytest

from bot.facts.joiners import spans


def parties(title: str) -> list[str]:
    return [title[a:b] for a, b in spans(title)]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # "and", then the subject's mark ने; a kicker before the colon is no party
        ("क्वोरवानो अस्पताल और टेल्मिरा लैब्स ने एआई केंद्र के लिए समझौता किया", ["क्वोरवानो अस्पताल", "टेल्मिरा लैब्स"]),
        ("कैंसर में एआई: राज्य स्वास्थ्य विभाग और टेल्मिरा एआई के बीच साझेदारी", ["राज्य स्वास्थ्य विभाग", "टेल्मिरा एआई"]),
        ("स्वास्थ्य मंत्रालय ने टेल्मिरा AI के साथ समझौता किया", ["स्वास्थ्य मंत्रालय", "टेल्मिरा AI"]),
        # Arabic: the subject before the dual verb, split where "و" is written onto a word
        ("مستشفى كورفانو وتيلميرا تتعاونان لتطوير الذكاء الاصطناعي", ["مستشفى كورفانو", "تيلميرا"]),
        # ... but not inside a noun spelled with it; and the party after "مع" ("with")
        ("وزارة الصحة توقع اتفاقية مع شركة تيلميرا لتطوير", ["وزارة الصحة", "شركة تيلميرا"]),
        # Hebrew: "ו-" before a Latin-script name, and a singular subject before its verb
        ("קורבנו ו-Telmira ישתפו פעולה בפיתוח", ["קורבנו", "Telmira"]),
        ("שירותי בריאות קורבנו מטמיעה את המערכת של Telmira", ["שירותי בריאות קורבנו"]),
        # ... and a one-letter prefix ("the") a hyphen joins to a Latin-script name after "with"
        ("קורבנו משתפת פעולה עם ה-Telmira", ["קורבנו", "Telmira"]),
        # the names after "with" split where "and" is written onto one, quotation marks dropped
        ("مستشفى كورفانو يطلق مشروعًا بالتعاون مع \"تيلميرا\" وQuorvix", ["مستشفى كورفانو", "تيلميرا", "Quorvix"]),
        # two companies (feminine) as the subject: the feminine plural of the present
        ("קורבנו ומטריקס Telmira מטמיעות בינה מלאכותית", ["קורבנו", "מטריקס Telmira"]),
        # Thai: before and after the joiner; the kind before a Latin-script name is no party
        ("โรงพยาบาลควอร์วาโนจับมือเทลมิรา พัฒนา AI", ["โรงพยาบาลควอร์วาโน", "เทลมิรา"]),
        ("โรงพยาบาลควอร์วาโนจับมือสตาร์ทอัพ Telmira พัฒนา AI", ["โรงพยาบาลควอร์วาโน"]),
        # Arabic news quotes each company whole: "and" standing alone between the guillemets,
        # and a word inside them that starts with "و" ("ويب", web) is no "and"
        ("«كورفانو هيلث» و«تيلميرا ويب سيرفيسز» تتعاونان لتطوير الذكاء الاصطناعي",
         ["كورفانو هيلث", "تيلميرا ويب سيرفيسز"]),
        ("«مستشفى كورفانو» تتعاون مع «تيلميرا» و«كوارفكس»", ["مستشفى كورفانو", "تيلميرا", "كوارفكس"]),
        ("Quorvano and Telmira sign an AI pact", []),  # the name finder's business
    ],
)
def test_the_parties_stand_where_the_grammar_puts_them(title: str, expected: list[str]) -> None:
    assert parties(title) == expected


def test_a_long_phrase_before_a_joiner_is_no_name() -> None:
    assert parties("यह बहुत लंबा वाक्यांश बिलकुल नाम नहीं और टेल्मिरा ने कहा") == ["टेल्मिरा"]
