"""Parties of Japanese, Chinese and Korean headlines, which the name finder cannot read.

Promise: `spans(title)` gives the (start, end) spans of the organisations a CJK headline
names as parties, in headline order; [] for a headline without CJK script. Pure.

Names are not capitalized in these scripts, so the headline's grammar says where they are
(the joiners and particles of newswriting in each language):
- Chinese: parties stand before and after a joiner (与, 和, 及, 联手, 携手, 牵手, 联合, 联袂, 、;
  after a party, a list mark 、 adds the next)
  and end at a space, punctuation or a deal verb (成立, 签署, 签订, 达成, 共建, 合作 ..., and the adoption
  verbs 引入, 部署, 采用, 上线, whose subject opens the headline), in Simplified or Traditional
  characters (與, 攜手, 簽署); when the first clause
  (before "，") names two parties, they are the parties;
- Japanese: parties stand before と ("with"), ら ("and others") or が/は (the subject) and
  between 、 (a headline with kana is Japanese, whose 和, 与 and 及 are a name's own
  characters, no joiners: "光和", "昭和"); a segment holding hiragana (の, で, を ...) is a phrase, not a name, except
  the owner right after the subject ("XがYの生成AIを導入": Y's product, Y a party);
- Korean: a word ending in 와/과 ("with") or the headline's first word (past a one-character
  country in Hanja: "美 X,") with its subject or
  topic particle (는/은/이/가) or a comma is a party, the particle removed (the first two words
  when the comma follows the second: "가천대 길병원,"); a first word
  joining two names with a hyphen or a middle dot ("X-Y", "X·Y") is both.
- Japanese newswriting puts a one-character country before a foreign company's name
  written in katakana (米テンパス: Tempus of the US); the country is no part of the name, nor
  is the country or kind that Chinese and Japanese write right before a Latin-script name
  (美国twoXAR, 英国医疗科技公司Medopad).
A candidate longer than 20 characters or shorter than 2 is no name.
"""

from __future__ import annotations

import re
from itertools import pairwise

Span = tuple[int, int]
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_HIRAGANA = re.compile(r"[\u3040-\u309f]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_BREAK = r"[\s、，,。：:；;！!？?「」『』“”\"'（）()【】\[\]・|｜]"
# Chinese joiners and deal verbs; Japanese particles that close a name
# 联合 joins two names ("A联合B发布"), but before a noun or a verb it means "joint(ly)"
# ("联合实验室" a joint lab, "联合发布" jointly launch) or names a body (联合国, 联合会)
# Headlines from Taiwan and Hong Kong write these words in Traditional characters (聯手, 攜手,
# 與, 簽署, 發佈): the simplified characters they use, mapped to their traditional forms as the
# official table of simplified characters (简化字总表) pairs them, give each word's second form
_TRADITIONAL = str.maketrans("联携牵与签订约达发开启动设战采线实验创体会国关养举办报", "聯攜牽與簽訂約達發開啟動設戰採線實驗創體會國關養舉辦報")


def _both_forms(alternation: str) -> str:
    """The alternation and its words in Traditional characters."""
    traditional = alternation.translate(_TRADITIONAL)
    return alternation if traditional == alternation else f"{alternation}|{traditional}"


_ZH_JOINTLY = _both_forms(r"联合(?!实验|研|开发|创新|中心|体|会|国|推出|发布|打造|攻关|建设|共建|培养|举办|主办|申报)")
_ZH_JOIN = rf"{_both_forms('联手|携手|牵手|联袂')}|{_ZH_JOINTLY}|{_both_forms('与')}|和|及"
# Japanese joins names with と, や or 及び: its 和 (Japanese-style, peace: 光和, 昭和), 与 and 及
# are the words' own characters, no joiners
_JA_JOIN = rf"{_both_forms('联手|携手|牵手|联袂')}|{_ZH_JOINTLY}"
_KANA = re.compile(r"[\u3040-\u30ff]")
_ZH_VERB = _both_forms(r"成立|签署|签订|签约|达成|共建|合作|发布|推出|打造|开展|启动|宣布|建设|共同|战略|引入|部署|采用|上线") + "|宣佈|發佈"
_JA_CLOSE = r"らと|と|ら|が(?!ん)|は"  # not がん (cancer: 国立がん研究センター), no word starts with ん
_SEPARATOR, _JA_SEPARATOR = (re.compile(rf"(?:{_BREAK}|{join}|{_ZH_VERB}|{_JA_CLOSE})+") for join in (_ZH_JOIN, _JA_JOIN))
_JOINED_AFTER, _JA_JOINED_AFTER = (re.compile(rf"^(?:{join}|{_JA_CLOSE}|、)") for join in (_ZH_JOIN, _JA_JOIN))
_OPENING_AFTER = re.compile(rf"^(?:{_ZH_VERB})")
_JOINED_BEFORE, _JA_JOINED_BEFORE = (re.compile(rf"(?:{join})$") for join in (_ZH_JOIN, _JA_JOIN))
_KO_WORD = re.compile(r"\S+")
_KO_WITH = re.compile(r"(?:와|과)$")
_KO_SUBJECT = re.compile(r"(?:는|은|이|가|,)$")
_KO_PAIR = re.compile(r"[-·]")
# Korean newswriting puts a one-character country in Hanja before a foreign party, a word of
# its own (美 US, 中 China, 日 Japan, 英 UK, 獨/独 Germany, 佛 France, 印 India, 濠/豪 Australia,
# 加 Canada, 伊 Italy, 露 Russia, 臺/台 Taiwan, 越 Vietnam, 泰 Thailand): no name, nor the first word
_KO_COUNTRY = re.compile(r"[美中日英獨独佛印濠豪加伊露臺台越泰]")
# Japanese: a one-character country before a katakana name (米 US, 英 UK, 独 Germany, 仏 France,
# 韓 Korea, 中 China, 豪 Australia, 加 Canada, 伊 Italy, 蘭 Netherlands, 印 India, 露 Russia, 台 Taiwan)
_JA_COUNTRY = re.compile(r"[米英独仏韓中豪加伊蘭印露台](?=[\u30a0-\u30ff])")
# Chinese and Japanese write a foreign company's country or kind right before its Latin-script
# name ("美国twoXAR", "米twoXAR", "英国医疗科技公司Medopad"): the name is the Latin part
# ("富士通Japan", "ソフトバンクG": a Latin part after any other word is the name's own)
_LATIN_TAIL = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff])[A-Za-z][\w.&-]{2,}(?: [A-Za-z][\w.&-]*)*$")
# a country (the Chinese names of the countries foreign partners most often come from, and
# Japanese newswriting's one-character ones) or a kind of company ending in 公司/企业/会社
_DESCRIBES = re.compile(
    r"^(?:美国|英国|法国|德国|日本|韩国|中国|以色列|瑞士|瑞典|加拿大|澳大利亚|澳洲|印度|新加坡|荷兰|比利时"
    r"|丹麦|芬兰|挪威|西班牙|意大利|米国|米|英|独|仏|韓|豪|加|蘭|印|台)$|(?:公司|企业|企業|会社)$")
# Japanese: the owner of what the subject adopts, between the subject particle and の
_JA_OWNER = re.compile(r"(?<=[がは])([^\s、の]{2,20})(?=の)")


def spans(title: str) -> list[Span]:
    if not _CJK.search(title):
        return []
    if _HANGUL.search(title):
        return _korean(title)
    found = [s for s in _segments(title) if _is_name(title[s[0] : s[1]])]
    owners = [m.span(1) for m in _JA_OWNER.finditer(title) if _is_name(m.group(1))]
    out = sorted({_without_country(title, s) for s in (*found, *owners)})
    clause = title.find("，")
    if clause > 0 and sum(1 for s in out if s[1] <= clause) >= 2:
        # Chinese: the first clause names the parties ("X与Y达成战略合作，用AI与...加速药物研发");
        # a later clause says how or what for, and its "与" joins things, not parties
        out = [s for s in out if s[1] <= clause]
    return out


def _without_country(title: str, span: Span) -> Span:
    start, end = span
    if _JA_COUNTRY.match(title, start, end) and end - start > 2:
        return start + 1, end
    latin = _LATIN_TAIL.search(title, start, end)
    if latin and latin.start() > start and latin.end() == end and _DESCRIBES.search(title[start : latin.start()]):
        return latin.start(), end  # "美国twoXAR", "英国医疗科技公司Medopad": its country or kind first
    return span


def _segments(title: str) -> list[Span]:
    """Runs between breaks, joiners, verbs and closing particles that touch a joiner or a
    particle (or open the headline): the places a party stands."""
    japanese = _KANA.search(title) is not None
    separator, joined_after, joined_before = (
        (_JA_SEPARATOR, _JA_JOINED_AFTER, _JA_JOINED_BEFORE) if japanese else (_SEPARATOR, _JOINED_AFTER, _JOINED_BEFORE))
    cuts = [(0, 0), *(m.span() for m in separator.finditer(title)), (len(title), len(title))]
    out = []
    for (_, start), (end, next_end) in pairwise(cuts):
        if end <= start:
            continue
        before, after = title[:start][-2:], title[end:next_end]
        opens = start == 0 and _OPENING_AFTER.match(after)  # the subject, before its verb
        # Chinese: a list mark right after a party adds the next party ("A攜手B、C"); Japanese
        # writes its comma after the subject with the same mark ("A、Bと提携"), no list
        listed = not japanese and bool(out) and out[-1][1] == start - 1 and title[start - 1] == "、"
        if opens or listed or joined_after.match(after) or joined_before.search(before):
            out.append((start, end))
    return out


def _is_name(text: str) -> bool:
    # hiragana mark a phrase, not a name, except がん (cancer), which names write in kana
    return (2 <= len(text) <= 20 and not _HIRAGANA.search(text.replace("がん", ""))
            and bool(_CJK.search(text) or text.isalnum()))


def _korean(title: str) -> list[Span]:
    out: list[Span] = []
    words = [m for m in _KO_WORD.finditer(title) if not _KO_COUNTRY.fullmatch(m.group(0))]
    for i, m in enumerate(words):
        word = m.group(0)
        if _KO_WITH.search(word) or (i == 0 and _KO_SUBJECT.search(word)):
            out.extend(_ko_parts(title, m.start(), m.end() - 1))
        elif i == 0 and len(pair := _ko_parts(title, m.start(), m.end())) > 1:
            out.extend(pair)
        elif i == 1 and word.endswith(",") and not out and _HANGUL.search(words[0].group(0)):
            # "가천대 길병원, ...": a two-word name opening the headline, its comma after the second
            out.extend(_ko_parts(title, words[0].start(), m.end() - 1))
    return [s for s in out if 2 <= s[1] - s[0] <= 20]


def _ko_parts(title: str, start: int, end: int) -> list[Span]:
    """The names a word joins with a hyphen or a middle dot ("X-Y"), else the word."""
    cuts = [start, *(start + m.start() for m in _KO_PAIR.finditer(title[start:end])), end]
    parts = [(a + (a > start), b) for a, b in pairwise(cuts)]
    if len(parts) == 1 or not _HANGUL.search(title[start:end]) or min(b - a for a, b in parts) < 2:
        return [(start, end)]  # "K-바이오": one name
    return parts
