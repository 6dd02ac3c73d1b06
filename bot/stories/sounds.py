"""Consonant skeletons: a foreign company's name as Korean, Japanese, Hindi, Arabic and Hebrew
headlines spell it.

Korean and Japanese news write a foreign company's name by its sound, in Hangul or katakana
("Volpara" is 볼파라, ボルパラ), and Hindi, Arabic and Hebrew news letter by letter
("PharmEasy" is फार्मईजी, "Aster" أستر), so no table of native names can hold every start-up. What
survives that spelling is the run of consonants: vowels are inserted or changed (Korean adds
"eu", Japanese "u" or "o" after a lone consonant), voicing and l/r are not told apart, and a
post-vocalic r is dropped or kept ("Novartis" is 노바티스 but ノバルティス). So both sides are
reduced to consonant classes, collapsed where two of one class meet:

    P  b p f v (ph)      K  k g c q (ck, hard c)     T  t d (th)     S  s z j (sh, ch, soft c)
    L  l r               M  m                        N  n (ng)        -  vowels, h, w, y

Promises (pure, deterministic):

- `latin_skeletons(word)`: the skeletons of one Latin-script name word (two when it has a
  post-vocalic r: with and without it; two more when it has a "ti" before a vowel, read "t"
  and "sh"), only those of `MIN_CLASSES` classes or more (a short skeleton matches too many
  words to be evidence).
- `native_skeletons(headline)`: the skeletons of every Hangul, katakana, Devanagari, Arabic
  and Hebrew word of a headline (`{skeleton: word}`), a Korean word also without its trailing
  case particle (볼파라를 is 볼파라 + 를).
- A short name, of two classes ("Sonio" 소니오, "Vuno" 뷰노, "Aillis" アイリス), is read with its
  vowels as well ("SoNio"): its consonants alone match too many words, but Hangul and katakana
  write a vowel for every vowel of the name, so the two classes with the vowels between them
  are as telling as a longer skeleton. The vowels are the five of Hangul and katakana
  (`_HANGUL_VOWELS`, `_KANA_VOWELS`: a y- or w- glide adds nothing, as in the Latin word);
  the vowel the spelling adds after a lone consonant (Korean ㅡ "eu", Japanese u, and o after
  t and d) is left out, the Japanese one in a second reading only (ル is "ru" in ルモ, Lumo).
  Devanagari, Arabic and Hebrew leave short vowels unwritten: no such reading.

Hangul syllables are decomposed by the Unicode algorithm (The Unicode Standard, section 3.12:
syllable = 0xAC00 + (initial * 21 + vowel) * 28 + final); the consonant values follow the
Revised Romanization of Korean (2000), a final ㅅ/ㅆ/ㅈ/ㅊ read as t as the standard
pronunciation has it, an initial ㅇ silent and a final ㅇ "ng". Katakana follows modified
Hepburn romanization (ヴ v, フ f, シ sh, チ ch, ツ ts), the small ッ (a doubled consonant) and
ー (a long vowel) adding nothing, and ン before b, p or m is m (as traditional Hepburn writes
it: テンパス is Tempus). The alphabets follow their ISO transliterations (`_ALPHABET_ROWS`),
Devanagari's anusvara a nasal (m before b, p, m). Chinese writes foreign names by meaning as
often as by sound, in
characters whose readings differ by language: it is left to the table of native names.
"""

from __future__ import annotations

import re

from bot.stories.memo import memo

MIN_CLASSES = 3

# Hangul jamo, in Unicode order: initials (19) and finals (28, the first none).
_INITIALS = ("K", "K", "N", "T", "T", "L", "M", "P", "P", "S", "S", "", "S", "S", "S", "K", "T", "P", "")
_FINALS = (
    "", "K", "K", "KS", "N", "NS", "N", "T", "L", "LK", "LM", "LP", "LS", "LT", "LP", "L",
    "M", "P", "PS", "T", "T", "N", "T", "T", "K", "T", "P", "",
)
# Katakana by consonant row (voiced and half-voiced forms alike); vowels, ー, ッ and small
# vowels are not listed and add nothing.
_KANA_ROWS = {
    "K": "カキクケコガギグゲゴヵヶ",
    "S": "サシスセソザジズゼゾチヂ",
    "T": "タテトダデドヅ",
    "TS": "ツ",
    "N": "ナニヌネノン",
    "P": "バビブベボパピプペポフヴ",
    "M": "マミムメモ",
    "L": "ラリルレロ",
}
_KANA = {ch: cls for cls, row in _KANA_ROWS.items() for ch in row}
# Korean case and topic particles written onto a name (a closed class of the grammar).
KO_PARTICLES = ("에서", "으로", "와의", "과의", "이다", "의", "는", "은", "이", "가", "을", "를", "와", "과", "도", "에", "로", "만")
_NATIVE_WORD_RE = re.compile(
    r"[\uac00-\ud7a3]{2,}|[\u30a1-\u30fa\u30fc]{2,}"
    r"|[\u0900-\u0963]{2,}|[\u0620-\u065f\u066e-\u06d3\u06fa-\u06ff]{2,}|[\u05d0-\u05ea]{2,}"
)
# The alphabets that write a foreign name letter by letter, their consonants by class (the
# ISO transliterations: ISO 15919 Devanagari, ISO 233 Arabic and Persian, ISO 259 Hebrew);
# letters not listed (vowels and their signs, h, y, w, the Arabic hamza and ayin, a virama)
# add nothing. Devanagari's व, Arabic's و and Hebrew's ו write both v and w: both forms.
_ALPHABET_ROWS = {
    "K": "कखगघ\u0958\u0959\u095aكقخغگکגכךק",
    "S": "चछजझ\u095bशषसجزسشصژچזסצץש",
    "T": "टठडढतथदधتثدذضطظדטת",
    "P": "पफबभ\u095eبفپבפף",
    "M": "मمמם",
    "N": "ङञणनنנן",
    "L": "रल\u095c\u095dرلרל",
    "V": "वوו",
}
_ALPHABET = {ch: cls for cls, row in _ALPHABET_ROWS.items() for ch in row}
# A nukta after a letter writes another sound (ISO 15919): the flap ड़ ढ़ is an r, the others
# keep their class (क़ ज़ फ़ are q, z, f).
_NUKTA, _FLAPS = "\u093c", "डढ"
_ANUSVARA = "\u0902"  # a nasal: m before b, p, m (as in "Lumbini"), else n

# Latin letters by class; the digraphs and the letters read by the letter after them are
# `_TOKENS` below.
_LETTERS = {
    **dict.fromkeys("bpfv", "P"), **dict.fromkeys("kgqc", "K"), **dict.fromkeys("td", "T"),
    **dict.fromkeys("szj", "S"), **dict.fromkeys("lr", "L"), "m": "M", "n": "N", "x": "KS",
}
_VOWELS = "aeiouy"
# What a Latin word's letters are read as, where a letter's neighbour decides: each token with
# the letters it is told by ("dge" is the soft g of "abridge", 에이브리지; "ce", "ci" and "cy" a
# soft c; "chr" and "chl" a hard ch, Christ and Chloe, any other ch as in "change"; "ng" before
# a vowel is two letters, n and g). A vowel taken along adds nothing, as alone.
_TOKENS = {
    "chr": "KL", "chl": "KL", "ch": "S", "ph": "P", "th": "T", "sh": "S", "ck": "K", "ng": "N",
    "gh": "", "qu": "K", "ts": "TS", "tz": "TS", **dict.fromkeys(("dge", "dgi", "dgy", "ce", "ci", "cy"), "S"),
}
# One left-to-right scan finds the tokens, the longest reading first as the letters are read
# out; a letter in no token is read alone.
_TOKEN_RE = re.compile(rf"ch[rl]?|ph|th|sh|ck|ng(?![{_VOWELS}])|gh|qu|t[sz]|dg[eiy]|c[eiy]")
# A post-vocalic r ("force" is 포스, not pronounced) is dropped in one reading only: that reading
# is the word without it, read as written. No token holds such an r (the r of "chr" follows an
# h) nor has a vowel before its last letter, so none spans the gap a dropped r leaves.
_POST_VOCALIC_R_RE = re.compile(rf"(?<=[{_VOWELS}])r(?![{_VOWELS}])")
# A token is replaced by its classes written as digits (no letter of the word is one), then one
# `str.translate` gives every character its class: a letter its own, a digit the class it
# stands for, anything else (an upper-case letter) none.
_CLASSES = "PKTSLMN"
_DIGITS = str.maketrans(_CLASSES, "0123456")
_CODED = {token: classes.translate(_DIGITS) for token, classes in _TOKENS.items()}
_READ = {**dict.fromkeys(range(128)), **{ord(c): cls for c, cls in _LETTERS.items()},
         **{ord(d): cls for cls, d in zip(_CLASSES, "0123456", strict=True)}}
_REPEAT_RE = re.compile(r"(?<=(.))\1+")  # a class right after itself collapses into one
# The reading with vowels (`_latin_voiced`): a token or one letter at a time; the vowels.
_VOICED_RE = re.compile(rf"{_TOKEN_RE.pattern}|.")
_VOWEL_OF = {"a": "a", "e": "e", "i": "i", "o": "o", "u": "u", "y": "i"}
_TI_RE = re.compile(r"(?<=[aeioun])ti(?=[aeou])")  # "-tia", "-tion", "-tient" after a vowel or n
# The vowels of Hangul's 21 medials in Unicode order (ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ
# ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ), a y- or w- glide dropped, ㅓ (eo) an o, ㅡ (eu) the added vowel: none.
_HANGUL_VOWELS = ("a", "e", "a", "e", "o", "e", "o", "e", "o", "a", "e", "e", "o", "u", "o", "e", "i", "u", "", "i", "i")
# Katakana by vowel (modified Hepburn); the small vowels and ャュョ give the vowel of the kana
# before them.
_KANA_VOWEL_ROWS = {
    "a": "アカサタナハマヤラワガザダバパァャヮ",
    "i": "イキシチニヒミリギジヂビピィヰ",
    "u": "ウクスツヌフムユルグズヅブプゥュヴ",
    "e": "エケセテネヘメレゲゼデベペェヱ",
    "o": "オコソトノホモヨロヲゴゾドボポォョ",
}
_KANA_VOWELS = {ch: vowel for vowel, row in _KANA_VOWEL_ROWS.items() for ch in row}
_SMALL_VOWELS = frozenset("ァィゥェォャュョヮ")


def _collapse(classes: list[str]) -> str:
    return _REPEAT_RE.sub("", "".join(classes))


def _code(m: re.Match[str]) -> str:
    return _CODED[m.group()]


def _latin(word: str, *, drop_r: bool) -> str:
    if drop_r:
        word = _POST_VOCALIC_R_RE.sub("", word)
    return _REPEAT_RE.sub("", _TOKEN_RE.sub(_code, word).translate(_READ))


def _latin_skeletons(word: str) -> tuple[str, ...]:
    if len(word) < 4 or not word.isascii() or not word.isalpha():
        return ()
    kept = _latin(word, drop_r=False)
    # a word without a post-vocalic r reads the same in both readings: read once (the r's
    # are dropped by a plain substitution, no call back into Python a match)
    spoken = _POST_VOCALIC_R_RE.sub("", word) if "r" in word else word
    dropped = kept if spoken == word else _latin(spoken, drop_r=False)
    if dropped == kept:
        return (kept,) if len(kept) >= MIN_CLASSES else ()
    return tuple([s for s in (kept, dropped) if len(s) >= MIN_CLASSES])


def _latin_voiced(word: str) -> str:
    """A Latin word read with its vowels: its consonant classes as `_latin` reads them and the
    vowels a e i o u between them (y a vowel "i" unless a vowel follows it; w and h nothing)."""
    out: list[str] = []
    for m in _VOICED_RE.finditer(word):
        token = m.group()
        if token in _TOKENS:
            out.append(_TOKENS[token])
            if token[-1] in "eiy":  # the vowel that makes a c or g soft is read too
                out.append(_VOWEL_OF[token[-1]])
        elif token == "y":
            out.append("" if word[m.end() : m.end() + 1] in _VOWEL_OF else "i")
        else:
            out.append(_LETTERS.get(token) or _VOWEL_OF.get(token, ""))
    return _collapse(out)


def _latin_sounds(word: str) -> tuple[str, ...]:
    found = _latin_skeletons(word)
    if found and "ti" in word and _TI_RE.search(word):
        # "ti" before a vowel is also read "sh", as English says "-tion" and "-tia" and as
        # katakana and Hangul often spell it (Exscientia: エクセンシア, but 엑스사이언티아)
        found = tuple(dict.fromkeys((*found, *_latin_skeletons(_TI_RE.sub("sh", word)))))
    if found or len(word) < 4 or not word.isascii() or not word.isalpha() or len(_latin(word, drop_r=False)) != 2:
        return found
    voiced = _latin_voiced(word)
    return (voiced,) if _short(voiced) else ()


# The consonant skeletons of a lowercase Latin-script word ("volpara" -> ("PLPL",)), or a short
# one's reading with its vowels ("sonio" -> ("SoNio",)).
latin_skeletons = memo(_latin_sounds, 8192)


def _hangul(word: str, *, vowels: bool = False) -> str:
    classes: list[str] = []
    for ch in word:
        index = ord(ch) - 0xAC00
        initial, rest = divmod(index, 21 * 28)
        classes.append(_INITIALS[initial])
        if vowels:
            classes.append(_HANGUL_VOWELS[rest // 28])
        classes.append(_FINALS[rest % 28])
    return _collapse(classes)


def _katakana_voiced(word: str) -> tuple[str, str]:
    """A katakana word read with its vowels: as written, and without the vowel Japanese adds
    after a lone consonant (u, and o after t or d: アイリス is "aiLiS", Aillis)."""
    spoken: list[list[str]] = []
    for ch, cls in zip(word, _kana_classes(word), strict=True):
        vowel = _KANA_VOWELS.get(ch, "")
        if ch in _SMALL_VOWELS and spoken and spoken[-1][1]:
            spoken[-1][1] = vowel  # キャ is "kya", ファ "fa": the small kana gives the vowel
            continue
        spoken.append([cls, vowel])
    written = _collapse([part for pair in spoken for part in pair])
    ends = [j + 1 == len(spoken) or bool(spoken[j + 1][0]) for j in range(len(spoken))]
    bare = [[cls, "" if lone and _added(cls, vowel) else vowel] for (cls, vowel), lone in zip(spoken, ends, strict=True)]
    return written, _collapse([part for pair in bare for part in pair])


def _added(cls: str, vowel: str) -> bool:
    """Whether katakana writes this vowel only to close a lone consonant: u, or o after t/d."""
    return bool(cls) and (vowel == "u" or (vowel == "o" and cls == "T"))


def _short(voiced: str) -> bool:
    """Whether a key is a short name's reading with vowels: vowels, and two consonants or more
    (a name whose skeleton has two classes: "Sonio" is "SoNio", "Google" "KoKLe")."""
    return not voiced.isupper() and sum(c.isupper() for c in voiced) >= 2


def _kana_classes(word: str) -> list[str]:
    """Each kana's consonant class ("" for none), ン before b, p or m an "m"."""
    classes = [_KANA.get(ch, "") for ch in word]
    for i, ch in enumerate(word[:-1]):
        if ch == "ン" and classes[i + 1] in ("P", "M"):
            classes[i] = "M"  # ン before b, p, m is "m" (traditional Hepburn: テンパス is Tempus)
    return classes


def _katakana(word: str) -> str:
    return _collapse(_kana_classes(word))


def _alphabetic(word: str) -> list[str]:
    """The skeletons of a word of an alphabet (`_ALPHABET_ROWS`): one, or two when it has a
    letter that writes both v and w."""
    classes = [_ALPHABET.get(ch, "") for ch in word]
    for i, ch in enumerate(word):
        if ch == _NUKTA and i and word[i - 1] in _FLAPS:
            classes[i - 1] = "L"
        elif ch == _ANUSVARA:
            classes[i] = "M" if i + 1 < len(word) and _ALPHABET.get(word[i + 1]) in ("P", "M") else "N"
    if "V" not in classes:
        return [_collapse(classes)]
    return [_collapse([("P" if v else "") if c == "V" else c for c in classes]) for v in (True, False)]


def native_skeletons(headline: str) -> dict[str, str]:
    """The consonant skeletons of the Hangul, katakana, Devanagari, Arabic and Hebrew words of a
    headline, each with the word that gave it."""
    out: dict[str, str] = {}
    for m in _NATIVE_WORD_RE.finditer(headline):
        word = m.group(0)
        if "\uac00" <= word[0] <= "\ud7a3":
            forms = [word] + [word[: -len(p)] for p in KO_PARTICLES if word.endswith(p) and len(word) > len(p) + 1]
            for form in forms:
                skeleton = _hangul(form)
                out.setdefault(skeleton, form)
                if len(skeleton) == 2:
                    out.setdefault(_hangul(form, vowels=True), form)
        elif "\u30a1" <= word[0] <= "\u30fc":
            skeleton = _katakana(word)
            out.setdefault(skeleton, word)
            if len(skeleton) == 2:
                for voiced in _katakana_voiced(word):
                    out.setdefault(voiced, word)
        else:
            for skeleton in _alphabetic(word):
                out.setdefault(skeleton, word)
    return {s: w for s, w in out.items() if (len(s) >= MIN_CLASSES and s.isupper()) or _short(s)}
