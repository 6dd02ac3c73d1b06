"""Parties of Hindi, Arabic, Hebrew and Thai headlines, which the name finder cannot read.

Promise: `spans(title)` gives the (start, end) spans of the organisations such a headline
names as parties, in headline order; [] for a headline in none of these scripts. Pure.

These scripts have no capitals, so the headline's grammar says where the parties stand (the
conjunctions, postpositions, prepositions and deal verbs of each language's newswriting):
- Hindi: the words before and after "और" ("and"; also तथा, एवं), before "ने" (the subject's
  mark) and before "के साथ" / "के बीच" ("with", "between"), up to the next such word;
  "टीबी की पहचान में एआई:" before a colon is a kicker;
- Arabic and Hebrew: the words before the headline's deal verb, split where a word takes the
  conjunction "و" / "ו" ("and", written onto the next word: "وجي42", "ו-IBM"), and the words
  after "مع" / "עם" ("with") up to the next verb or preposition, split the same way; a
  one-letter Hebrew prefix a hyphen joins to a Latin-script name ("ה-AWS": the AWS) is no part
  of it;
- Thai: the text before and after a joiner (จับมือ "join hands", ร่วมกับ "together with",
  กับ "with", และ "and"), up to the next space.
A candidate of more than 5 words (40 characters in Thai) or of fewer than 2 characters is no
name; a deal's own nouns ("साझेदारी", "مذكرة") end a candidate; a Thai word right before a
Latin-script name is that name's kind ("สตาร์ทอัพ Biotia": the name finder reads Biotia).
"""

from __future__ import annotations

import re

Span = tuple[int, int]
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_HEBREW = re.compile(r"[\u0590-\u05ff]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_WORD = re.compile(r"[^\s:：,،;«»\"“”'‘’()]+")
_MAX_WORDS = 5

# Hindi: conjunctions, the subject's mark, postpositions and the deal's nouns and verbs
_HI_AND = frozenset({"और", "तथा", "एवं", "व"})
_HI_STOP = _HI_AND | frozenset({
    "ने", "के", "की", "का", "को", "में", "से", "पर", "द्वारा", "लिए", "साथ", "बीच", "मिलकर",
    "साझेदारी", "समझौता", "समझौते", "करार", "सहयोग", "एमओयू", "किया", "करेंगे", "करेगा",
})
# Arabic: present and past deal verbs (singular, dual, plural), prepositions after a party
_AR_VERB = re.compile(
    r"^(?:[يت](?:وقع|تعاون|تحالف|طلق|علن|برم|ختار|ستخدم|عتمد|نشر|دمج|ستحوذ|شترك|طور|بني)\w*"
    r"|وقع\w*|أطلق\w*|أعلن\w*|اختار\w*|أبرم\w*|تعاون\w*|تحالف\w*)$")
_AR_STOP = re.compile(r"^(?:مع|في|على|من|عن|حول|بشأن|ل\w+|ب\w+|مذكرة|اتفاقية|شراكة|تعاون)$")
_AR_NOT_AND = frozenset({"وزارة", "وكالة", "وحدة", "ولاية", "واحة", "وادي"})  # nouns spelled with و
# Hebrew: present, past and future deal verbs; prepositions and the deal's nouns
_HE_VERB = frozenset({
    "מטמיעה", "מטמיע", "מטמיעים", "הטמיעה", "משיקה", "משיק", "משיקים", "השיקה", "חותמת", "חותם",
    "חותמים", "חתמה", "חתמו", "בוחרת", "בוחר", "בחרה", "משתפת", "משתף", "משתפים", "משתפות", "ישתפו",
    "מאמצת", "מאמץ", "מצטרפת", "מצטרף", "מודיעה", "הודיעה", "מפתחת", "מפתחים", "יפתחו", "ישיקו",
    # the feminine plural of the present, two companies (feminine nouns) as the subject
    "מטמיעות", "משיקות", "חותמות", "בוחרות", "מאמצות", "מצטרפות", "מודיעות", "מפתחות",
})
# the one-letter Hebrew prefixes (and, the, in, to, from, that, as) a hyphen (or maqaf) joins
# to a name in Latin script (`names` trims them off the name finder's spans too)
HEBREW_PREFIX = re.compile(r"[ובהלמשכ][-־](?=[A-Za-z0-9])")
_HE_STOP = frozenset({"עם", "של", "את", "על", "בין", "לפיתוח", "הסכם", "שיתוף", "שותפות", "מזכר"})
# Thai: joiners, and the verbs that end the party after one
_TH_JOIN = re.compile(r"จับมือ|ร่วมมือกับ|ร่วมกับ|กับ|และ|ผนึก")
_TH_END = re.compile(r"\s|พัฒนา|ใช้|นำ|เปิด|ลงนาม|ลงทุน|ศึกษา|วิจัย|เพื่อ")
_LATIN_NEXT = re.compile(r"\s+[A-Za-z]")


def spans(title: str) -> list[Span]:
    if _DEVANAGARI.search(title):
        found = _hindi(title)
    elif _ARABIC.search(title):
        found = _semitic(title, _arabic_verb, lambda w: bool(_AR_STOP.match(w)), "و", _AR_NOT_AND)
    elif _HEBREW.search(title):
        found = _semitic(title, lambda w: w in _HE_VERB, lambda w: w in _HE_STOP, "ו", frozenset())
        # "עם ה-AWS": a one-letter prefix a hyphen joins to a Latin-script name is no part of it
        found = [(a + 2, b) if HEBREW_PREFIX.match(title, a, b) else (a, b) for a, b in found]
    elif _THAI.search(title):
        found = _thai(title)
    else:
        return []
    return sorted({s for s in found if s[1] - s[0] >= 2})


def _words(title: str) -> list[re.Match[str]]:
    words = list(_WORD.finditer(title))
    colon = title.find(":")
    if 0 < colon < len(title) // 2:  # a kicker: "टीबी की पहचान में एआई: ..."
        words = [m for m in words if m.start() > colon]
    return words


def _hindi(title: str) -> list[Span]:
    words = _words(title)
    text = [m.group(0) for m in words]
    out: list[Span] = []
    for i, word in enumerate(text):
        after = text[i + 1] if i + 1 < len(text) else ""
        if word in _HI_AND or word == "ने" or (word == "के" and after in ("साथ", "बीच")):
            out.extend(_run(words, text, i - 1, -1, _HI_STOP.__contains__))
        if word in _HI_AND:
            out.extend(_run(words, text, i + 1, 1, _HI_STOP.__contains__))
    return out


def _run(words: list[re.Match[str]], text: list[str], at: int, step: int, stop) -> list[Span]:
    """The span of the words from `at` going `step` until a stop word (at most _MAX_WORDS)."""
    k, taken = at, []
    while 0 <= k < len(text) and not stop(text[k]) and len(taken) < _MAX_WORDS:
        taken.append(k)
        k += step
    if not taken or (0 <= k < len(text) and not stop(text[k])):
        return []  # no word, or longer than a name: a phrase
    first, last = min(taken), max(taken)
    return [(words[first].start(), words[last].end())]


def _arabic_verb(word: str) -> bool:
    return bool(_AR_VERB.match(word)) and len(word) > 3


def _semitic(title: str, is_verb, is_stop, conj: str, not_conj: frozenset[str]) -> list[Span]:
    words = _words(title)
    text = [m.group(0) for m in words]
    out: list[Span] = []
    verb = next((i for i, w in enumerate(text) if i and is_verb(w)), None)
    if verb is not None:
        # the subject before the verb: its parties split where a word takes "and"
        start = 0
        for k in range(verb + 1):
            word = text[k] if k < verb else ""
            joined = (k < verb and k > start and word.startswith(conj) and len(word) > 2 and word not in not_conj
                      and not _quoted(title, words[k].start()))
            # "«جي إي هيلثكير» و«أمازون»": "and" standing alone, the names in guillemets
            bare = k < verb and word == conj
            if k == verb or joined or bare:
                if 0 < k - start <= _MAX_WORDS:
                    out.append((words[start].start(), words[k - 1].end()))
                start = k + 1 if bare else k
        out = [(a + _conj_width(title, a, conj), b) if a != words[0].start() else (a, b) for a, b in out]
    for i, word in enumerate(text):
        if word in ("مع", "עם"):
            for a, b in _run(words, text, i + 1, 1, lambda w: is_stop(w) or is_verb(w)):
                out.extend(_split_and(title, words, a, b, conj, not_conj))
    return out


def _split_and(title: str, words: list[re.Match[str]], a: int, b: int, conj: str,
               not_conj: frozenset[str]) -> list[Span]:
    """The names a span after "with" lists, split where a word takes "and" ("مع X وLEAN")."""
    inside = [m for m in words if a <= m.start() and m.end() <= b]
    cuts = [k for k, m in enumerate(inside) if k and m.group(0).startswith(conj) and (len(m.group(0)) > 2
            or m.group(0) == conj) and m.group(0) not in not_conj and not _quoted(title, m.start())]
    if not cuts:
        return [(a, b)]
    out = []
    for lo, hi in zip([0, *cuts], [*cuts, len(inside)], strict=True):
        if lo and inside[lo].group(0) == conj:
            lo += 1  # "and" standing alone: the name starts after it
        if lo >= hi:
            continue
        start = inside[lo].start()
        out.append((start + (_conj_width(title, start, conj) if lo else 0), inside[hi - 1].end()))
    return out


def _quoted(title: str, at: int) -> bool:
    """Whether `at` is inside guillemets, past the first word: Arabic news quotes a company's
    name whole ("«أمازون ويب سيرفيسز»"), so a word there starting with "و" is no "and"."""
    opened = title.rfind("«", 0, at)
    return opened >= 0 and title.rfind("»", 0, at) < opened and title[opened + 1 : at].strip() != ""


def _conj_width(title: str, at: int, conj: str) -> int:
    """How many characters "and" takes at `at`: the letter, and a hyphen after it ("ו-IBM")."""
    if not title.startswith(conj, at):
        return 0
    return 2 if title.startswith("-", at + 1) else 1


def _thai(title: str) -> list[Span]:
    out: list[Span] = []
    for m in _TH_JOIN.finditer(title):
        before = title[: m.start()]
        start = max(before.rfind(" "), before.rfind(":")) + 1
        if m.start() - start <= 40:
            out.append((start, m.start()))
        end = _TH_END.search(title, m.end())
        stop = end.start() if end else len(title)
        if _LATIN_NEXT.match(title, stop):
            continue  # "จับมือสตาร์ทอัพ Biotia": the kind of the Latin-script name after it
        if 0 < stop - m.end() <= 40:
            out.append((m.end(), stop))
    return [(a, b) for a, b in out if title[a:b].strip()]
