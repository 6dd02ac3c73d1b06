"""Headline words that look like names but name no party of the news.

Promises (pure, deterministic; `data/places.txt` read once at import):

- `drop_tickers(title)` gives the headline without stock tickers and exchange tags in
  parentheses ("Acme (ACME)", "Acme (NASDAQ: ACME)", "(NYSE:XYZ; TSX: XYZ)") and the text taken
  out. A parenthesis spelling the initials of the words before it ("Coalition for Health AI
  (CHAI)", "Food and Drug Administration (FDA)") is an abbreviation of that name and stays.
- `is_fiscal(word)`: a fiscal period ("Q2", "H1", "FY2024", "3Q25", "FY'25"), a label like a
  date, never part of a name.
- `is_kind_word(word)`: a word that alone states a development ("ransomware", "buyout"), by
  the development-kind patterns of `data/cues.txt`: a common word, however rare.
- `appositive(words)`: whether the words between an owner and a name describe that name as
  an organisation ("Flagship's AI company Generate"): the owner stands behind the party.
- `PLACES`, `place_form`, `PLACE_FORMS`: the place names of `data/places.txt` (countries, US states, large cities, world
  regions and nationality adjectives, each list stating its general source), of
  `data/place_forms_world.txt` and the English names of `data/places_cjk.txt`. A place says
  where the news happens, never who makes it. `PLACE_CANON` gives every other form of a
  country (`data/place_forms.txt`: "Korea", "Korean"; `data/place_forms_world.txt`, generated
  from general sources: every country's nationality adjective and its name in the rules'
  languages, "Romanian", "Rumänien", "Irlanda") the key of its name ("south korea").
- `cjk_names(title)`: the organisations a Japanese, Chinese or Korean headline names in its own
  script (`data/names_cjk.txt`, the sourced organisation lists' names in those scripts), as
  their English names, the longest native name first; `native_forms(english)` gives the forms
  of one such name in those scripts ("Sanofi": "サノフィ", "赛诺菲", "賽諾菲", "사노피").
- `cjk_places(title)`: the places a Japanese, Chinese or Korean headline names
  (`data/places_cjk.txt`), found inside longer words as these scripts write no spaces, each
  under its English key ("大阪" and "Osaka" are one place: "osaka"); `cjk_unknown(title)` is
  the headline without the names and places those tables know.
"""

from __future__ import annotations

import re

from bot.stories.headline import fold, unaccented, words
from bot.stories.lexicon import CONNECTORS, JOINERS, ORG_NOUNS, STOP, sections
from bot.stories.sounds import KO_PARTICLES

# One or more tickers, each optionally tagged with its exchange: "(ACME)", "(NASDAQ: ACME)",
# "(NYSE:XYZ, TSX:XYZ)". A ticker is capitals, digits and a dot or hyphen (BRK.B, RDS-A).
_TAGGED = r"(?:[A-Za-z][A-Za-z ]{0,19}:\s*)?[A-Z][A-Z0-9.\-]{0,9}"
_TICKERS_RE = re.compile(rf"\s*\(\s*({_TAGGED}(?:\s*[,;/]\s*{_TAGGED})*)\s*\)")
_CAPS_WORD_RE = re.compile(r"[A-Za-z][\w&.\-]*")
_FISCAL_RE = re.compile(r"(?:[q][1-4]|h[12]|[1-4]q|[12]h|fy|cy)(?:['’]?\d{2}|\d{4})?|q[1-4]fy\d{2,4}", re.I)

# every country's other forms, generated from general sources (`data/place_forms_world.txt`,
# bench/make_place_forms.py): its nationality adjective and its name in the rules' languages
_WORLD_FORMS = [line.split("|") for line in sections("place_forms_world.txt")["forms"]]
# and the English names of the divisions of Japan, China and Korea (`data/places_cjk.txt`):
# "Tokushima" is the place "徳島" is (of four letters or more, as the generated forms: "Mie" no)
_CJK_ENGLISH = dict.fromkeys(line.split(" ", 1)[1] for lines in sections("places_cjk.txt").values() for line in lines)
PLACES: tuple[str, ...] = (*(p for lines in sections("places.txt").values() for p in lines),
                           *(form for forms in _WORLD_FORMS for form in forms[1:]),
                           *(name for name in _CJK_ENGLISH if len(name) >= 4))


def _kind_words() -> re.Pattern[str]:
    # the development-kind patterns of cues.txt (`cues.KIND_PATTERNS`), in the form `fold` gives
    text = "|".join("".join(lines) for name, lines in sections("cues.txt").items()
                    if name.startswith("kind ") and not name.endswith(" gate"))
    return re.compile(unaccented(text))


_KIND_WORD_RE = _kind_words()


def is_kind_word(low: str) -> bool:
    """Whether a lower-case word alone states a development ("ransomware", "cyberattack",
    "buyout", "partnership"): it says what happened, a common word however rare it is in
    general use, a name only where its place in a name makes it one ("Accord Healthcare")."""
    return _KIND_WORD_RE.fullmatch(fold(low)) is not None


def place_form(folded: list[str]) -> tuple[str, ...]:
    """A name run as the place list is compared with: its folded words but stop words and
    connectors ("New York"; "Bank of America" stays a bank: ("bank", "america") is no place)."""
    return tuple([w for w in folded if w not in STOP and w not in CONNECTORS and w != "-"])


PLACE_FORMS = frozenset(place_form([fold(w) for w in words(place)]) for place in PLACES)


def _place_key(place: str) -> str:
    return " ".join(place_form([fold(w) for w in words(place)]))


# every form of a country (its other names, its nationality adjective) -> the key of its name
PLACE_CANON = {
    _place_key(form): _place_key(forms[0])
    for forms in (*_WORLD_FORMS, *(line.split("|") for line in sections("place_forms.txt")["forms"]))
    for form in forms[1:]
}


def run_place_key(folded: list[str] | tuple[str, ...]) -> str:
    """The key of a headline's place run (its folded words) as the place lists are keyed: its
    place form ("A Los Angeles" and "Los Angeles" are one), a country's other forms under its
    name ("Korean" -> "south korea")."""
    key = " ".join(place_form(list(folded)))
    return PLACE_CANON.get(key, key)


# a city the place lists name -> the key of its country ("toronto" -> "canada"), for telling a
# city and its country apart from two places (data/place_within.txt, from GeoNames)
PLACE_WITHIN = {
    _place_key(city): PLACE_CANON.get(_place_key(country), _place_key(country))
    for city, country in (line.split("|", 1) for line in sections("place_within.txt")["within"])
}


def _chain(place: str) -> tuple[str, ...]:
    found: list[str] = []
    outer = PLACE_WITHIN.get(place)
    while outer and outer not in found:
        found.append(outer)
        outer = PLACE_WITHIN.get(outer)
    return tuple(found)


# a place -> every place it lies in, nearest first ("lagos" -> ("nigeria", "africa")): a city
# lies in its country's continent too
PLACE_WITHIN_ALL = {place: _chain(place) for place in PLACE_WITHIN}


def places_apart(one: frozenset[str], other: frozenset[str]) -> bool:
    """Whether two headlines' places are different places: none in common, and none within a
    place the other names ("Canadian" and "Toronto" are one place, "Africa" and "Lagos" too;
    "Texas" and "Ohio" two)."""
    if not one.isdisjoint(other):
        return False
    for a, b in ((one, other), (other, one)):
        for place in a:
            if not b.isdisjoint(PLACE_WITHIN_ALL.get(place, ())):
                return False
    return True


def _longest_first(names: dict[str, str]) -> re.Pattern[str]:
    """One alternation of `names`, the longest first at each position: these scripts write no
    spaces, so "東京都" must be Tokyo, not Kyoto (京都) inside it."""
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)) or "(?!)")


# native form -> the English key the other headlines' place runs give ("osaka", "hong kong")
_CJK_PLACE = {
    native: _place_key(english)
    for lines in sections("places_cjk.txt").values()
    for native, english in (line.split(" ", 1) for line in lines)
}
_CJK_PLACE_RE = _longest_first(_CJK_PLACE)
# native form -> the organisation's English name as the lexicon files write it
_NATIVE = {native: english for native, english in (
    line.split("\t", 1) for lines in sections("names_cjk.txt").values() for line in lines)}
# A Korean name runs into the particle it takes ("루닛의", "엔비디아와", "소니가") or into the
# rest of a compound name ("삼성메디슨"), but a name followed by one more syllable that is no
# particle ends another, longer name: "소니오" (Sonio) is no "소니" (Sony).
_KO_PARTICLES = "".join(p for p in KO_PARTICLES if len(p) == 1)
_HANGUL = r"\uac00-\ud7af"  # the Hangul syllables
_NATIVE_RE = re.compile(f"(?:{_longest_first(_NATIVE).pattern})(?!(?![{_KO_PARTICLES}])[{_HANGUL}](?![{_HANGUL}]))")
_CJK_CHAR_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def cjk_names(title: str) -> tuple[str, ...]:
    """The English names of the organisations a CJK headline writes in its own script."""
    if not _CJK_CHAR_RE.search(title):
        return ()
    return tuple(dict.fromkeys(_NATIVE[m.group(0)] for m in _NATIVE_RE.finditer(title)))


def _forms_by_name() -> dict[str, tuple[str, ...]]:
    forms: dict[str, list[str]] = {}
    for native, english in _NATIVE.items():
        forms.setdefault(english, []).append(native)
    return {english: tuple(found) for english, found in forms.items()}


_FORMS = _forms_by_name()  # English name -> its native forms, in file order


def native_forms(english: str) -> tuple[str, ...]:
    """The Japanese, Chinese and Korean forms of an organisation's English name, as
    `data/names_cjk.txt` gives them, in file order (none for a name it does not list)."""
    return _FORMS.get(english, ())


def cjk_unknown(title: str) -> str:
    """A CJK headline without the organisations and places the native tables know: what is
    left may spell other names by their sound (`sounds.native_skeletons`)."""
    return _CJK_PLACE_RE.sub(" ", _NATIVE_RE.sub(" ", title))


def cjk_places(title: str) -> frozenset[str]:
    """The places a headline names in Japanese, Chinese or Korean script, as English keys."""
    if not _CJK_CHAR_RE.search(title):
        return frozenset()
    return frozenset([_CJK_PLACE[m.group(0)] for m in _CJK_PLACE_RE.finditer(title)])


def appositive(between: list[str]) -> bool:
    """Whether the words between an owner and a name call that name an organisation the owner
    has ("Flagship's [AI company] Generate", "Alphabet's [drug discovery unit] Isomorphic")."""
    return 0 < len(between) <= 4 and between[-1].lower() in ORG_NOUNS and not any(
        w in ",:;" or w.lower() in JOINERS for w in between
    )


def is_fiscal(word: str) -> bool:
    """Whether a word is a fiscal period: "Q2", "H1", "FY2024", "FY25", "3Q25", "Q3FY25"."""
    return len(word) <= 8 and _FISCAL_RE.fullmatch(word) is not None


def drop_tickers(title: str) -> tuple[str, str]:
    """The headline without its ticker parentheses, and the text of those (space separated)."""
    if "(" not in title:
        return title, ""
    removed: list[str] = []

    def _drop(match: re.Match[str]) -> str:
        inner = match.group(1)
        if ":" not in inner and _abbreviates(inner, title[: match.start()]):
            return match.group(0)
        removed.extend(tag.split(":")[-1].strip() for tag in re.split(r"[,;/]", inner))
        return ""

    clean = _TICKERS_RE.sub(_drop, title)
    return clean, " ".join(removed)


def _abbreviates(inner: str, before: str) -> bool:
    """Whether `inner` is made of the initials of the words right before it (an acronym word
    counting whole: "Health AI" gives "HAI"), in order, ending on the last word's."""
    letters = inner.replace(".", "").replace("-", "").upper()
    if not letters.isalpha() or len(letters) < 2:
        return False
    words = _CAPS_WORD_RE.findall(before)[-len(letters) - 3 :]
    initials = "".join(w if w.isupper() else w[0] for w in words).upper()
    rest = iter(initials)
    return len(words) >= 2 and initials.endswith(letters[-1]) and all(ch in rest for ch in letters)
