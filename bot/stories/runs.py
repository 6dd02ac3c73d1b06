"""Where a headline's name runs start and end: what each word is on its own, and the runs.

Promises (pure, deterministic across processes):

- `word_class(word)` says what a word is before context: never a name word (`PLAIN`, `NEVER`:
  a label such as "CEO" or "FY2024"), a name word on its own (`STRONG`: an acronym, CamelCase,
  an org suffix, a brand opening with its number), or one in context (`COMMON_CAP`: a common
  word capitalized; `OTHER_CAP`: any other capitalized word). The classes are ordered: below
  `STRONG` never a name word.
- `find_runs(words, owns, title_case, ctx)` gives the (start, end) of every run of name words
  ("Mayo Clinic", "Bank of America"; with `listed`, a Title Case run opening with a listed
  organisation's name of several words, "Johns Hopkins", however frequent its words); a
  possessive or attributive word (`owns`) ends its run.
- `described(word)`: a compound with a lower-case part ("Symptom-checker") describes a name,
  it is none; `describes_company(words, b, following)`: the run ending at `b` only says where
  or what an unnamed company is ("Oxford AI drug firm lands ..."); `described_after(noun,
  adjective)`: a Romance-language organisation noun and its adjective before a name.
- `common_pair(words, runs, n, classes)`: a German pair of nouns joined by "und", no names.
- `named_for(words, owns)`: a possessive opening a hospital's own name ("St Vincent's
  Hospital", `NAMED_FOR_KINDS`) owns nothing.

`names` keys and kinds the runs; this module only bounds them.
"""

from __future__ import annotations

import re

from bot.stories.case import BREAKS, frequent_word
from bot.stories.context import Context
from bot.stories.headline import _HYPHEN_LOWER_RE, fold
from bot.stories.labels import PLACE_FORMS, is_fiscal, is_kind_word, place_form
from bot.stories.lexicon import (
    COMMON,
    DICTIONARY,
    GENERIC,
    JOINERS,
    LOWER_BRANDS,
    NOT_NAMES,
    OBJECT_CUES,
    ORG_NAMES,
    ORG_NOUNS,
    ORG_PHRASES,
    ORG_SUFFIXES,
    REGULATORS,
    STOP,
)
from bot.stories.memo import memo
from bot.stories.money import MULT, SIGNS

CAMEL_RE = re.compile(r"[a-z][A-Z]")
_DIGIT_BRAND_RE = re.compile(r"\d+([^\W\d_]{4,})\w*")
_SIGNED_FIGURE_RE = re.compile(r"([A-Za-z]{2,3})\d[\d.,]*[a-z]{0,2}")  # "Dh3.67", "Rs500", "RM50m"
# the number words that follow a figure (`data/cues.txt` [amount units])
_NUMBER_WORDS = frozenset(MULT)  # the unit words of money figures ("10million")

# Ordered: a class below STRONG is never a name word, one above it may be one in context.
PLAIN, NEVER, STRONG, COMMON_CAP, OTHER_CAP = range(5)

def _classify(word: str) -> int:
    """What a word is on its own, before context (`word_class`, memoized)."""
    if not word or not word[0].isalnum():
        return PLAIN
    if word[0].isdigit():
        # "54gene", "23andMe": a brand that opens with its number, not a figure with its unit
        # ("25M", "10mg", "1990s": one to three letters) nor with a number word ("10million")
        brand = _DIGIT_BRAND_RE.fullmatch(word)
        return STRONG if brand and brand[1].lower() not in _NUMBER_WORDS else PLAIN
    signed = _SIGNED_FIGURE_RE.fullmatch(word)
    if signed and signed[1].lower() in SIGNS:
        return PLAIN  # a figure after its currency's sign ("Dh3.67 billion"), not a name
    camel = CAMEL_RE.search(word) is not None
    if not word[0].isupper() and not camel:
        return STRONG if word in LOWER_BRANDS else PLAIN  # "insitro": a brand in lower case
    low = word.lower()
    if low in NOT_NAMES or is_fiscal(low):
        return NEVER  # "CEO", "Nasdaq", "Q2", "FY2024": labels, not names
    if "-" in low and _HYPHEN_LOWER_RE.search(word) and low.split("-", 1)[0] in _LABEL_HEADS:
        return NEVER  # "AI-driven", "CEO-led", "FDA-cleared": a label, not a name
    if len(word) > 2 and word[-1] == "s" and word[:-1].isupper():
        return PLAIN  # "BAAs", "GPUs": a plural acronym is a thing, not an organisation
    if (word.isupper() and len(word) >= 2) or camel or low in ORG_SUFFIXES:
        return STRONG  # acronym (CHAI), CamelCase (OpenAI), org suffix
    if low in STOP or low in COMMON or low in GENERIC or is_kind_word(low):
        return COMMON_CAP
    return OTHER_CAP


word_class = memo(_classify, 65_536)  # headlines repeat their words


def _name_word(word: str, *, initial: bool, title_case: bool, ctx: Context) -> bool:
    kind = word_class(word)
    if kind in (PLAIN, NEVER):
        return False
    if kind == STRONG:
        return True
    low = word.lower()
    if "-" in word and word.rsplit("-", 1)[1].islower():
        return False  # "IC-patiënten", "X-ray": a compound ending in lower case is a thing, no name
    if initial and (("-" in word and _HYPHEN_LOWER_RE.search(word)) or ctx.has_lower(low)
                    or (low in DICTIONARY and not ctx.has_caps(word))):
        return False  # "Consultant's recap", "Long-awaited FDA draft", "Privacy advocates": an ordinary first word
    if title_case:
        # In Title Case every word is capitalized; trust it only if the summary capitalizes
        # it mid-sentence too, or if it is not a common headline word.
        caps, lower = ctx.sets()
        if low in lower and low not in caps:
            return False  # the summary writes it in lower case: a plain word
        return low in caps or not frequent_word(low)
    return not (initial and kind == COMMON_CAP)



# the first words of the places the lists name: in a Title Case headline a place after "of"
# inside a name ("University of Kansas Health System", "Blue Shield of California") is the
# name's, though frequency lists hold it as a frequent word
_PLACE_HEADS = frozenset(form[0] for form in PLACE_FORMS if form)

# the heads of hyphened labels ("AI-driven", "FDA-cleared", "CE-marked"): the words that are
# never names, the medical-product regulators (`data/lexicon.txt` [regulators]) and the CE mark
_LABEL_HEADS = NOT_NAMES | REGULATORS | {"ce"}

# the deal verbs whose Title Case subject opening a headline is a party ("Prudential Taps
# Babylon", "Olive Acquires Verata"): English newswriting's verbs of choosing, buying and signing
_SUBJECT_VERBS = (OBJECT_CUES - {"with", "out", "mit", "con", "avec", "com"}) | {
    "partners", "signs", "teams", "inks", "joins", "expands", "launches"}

_INNER = frozenset({"of", "&", "for"})
# "X company Y": the kinds of company a label before a name ends in (English); a unit, an arm
# or a subsidiary belongs to the name before it (`PART_NOUNS`: an owner, no label)
KIND_NOUNS = frozenset({"company", "firm", "startup", "start-up", "provider", "vendor", "specialist", "biotech"})
# and with a maker's or developer's word, what a Title Case label ends in before the name it
# describes ("London AI Endoscopy Startup Odin Vision"): the capitalized word after one names
# that company, however frequent a word it is elsewhere (a common word there is the
# headline's verb: "Startup Raises")
_KIND_HEADS = KIND_NOUNS | {"maker", "developer"}
# companies' legal forms as English and German company law write them after a name, in lower
# case ("Genomics plc"): the word before one names a company, however common a word it is
_LEGAL_FORMS = frozenset({"plc", "inc", "inc.", "ltd", "ltd.", "llc", "gmbh"})

# "Johnson & Johnson", "Procter & Gamble": two capitalized words joined by "&", which headlines
# also write as their initials ("J&J", "P&G")
_AMPERSAND_RE = re.compile(r"\b([A-Z])[\w'’-]+ & ([A-Z])[\w'’-]+")


def initialled(folded: list[str]) -> list[str]:
    """A run's folded words with the two words joined by "&" that open it written as their
    initials ("johnson & johnson medtech" -> "j&j medtech"): both spellings are one name's key.
    An "&" further in joins two names as often ("Charles River & Valo Health"): left alone."""
    if len(folded) > 2 and folded[1] == "&" and folded[0].isalpha() and folded[2].isalpha():
        return [f"{folded[0][0]}&{folded[2][0]}", *folded[3:]]
    return folded


def initials(headline: str) -> list[str]:
    """The initials of a headline's words joined by "&" ("j&j" for "Johnson & Johnson"), as words
    the headline names without writing them."""
    return [f"{a}&{b}".lower() for a, b in _AMPERSAND_RE.findall(headline)]


def described(word: str) -> bool:
    """A compound with a lower-case part ("Symptom-checker", "Long-awaited"): it describes."""
    return "-" in word and _HYPHEN_LOWER_RE.search(word) is not None


def find_runs(
    words: list[str], owns: list[bool], title_case: bool, ctx: Context, classes: list[int] | None = None,
    *, listed: bool = False,
) -> list[tuple[int, int]]:
    """(start, end) of every run of name words ("Mayo Clinic", "Bank of America").

    A possessive or attributive word ends its run ("Alphabet's Isomorphic Labs" is two
    names). A common word opening a sentence-case headline is a name only when it leads into
    one ("Mayo Clinic", "Lilly and Nvidia", "Lilly's TuneLab").
    """
    if classes is None:
        classes = list(map(word_class, words))
    size = len(words)
    runs: list[tuple[int, int]] = []
    end = 0
    for i, kind in enumerate(classes):
        # A run starts only at a name word: most words are plain and are passed over at once.
        if i < end or kind < STRONG:
            continue
        phrase = 0
        if title_case and kind > STRONG:
            placed = _named_by_place(words, i)
            if placed:
                runs.append((i, placed))  # "Children's Hospital Los Angeles": the place is the name's
                end = placed
                continue
            # (`listed`) "Johns Hopkins", "Blue Shield (of California)": a listed organisation's
            # name of several words is a name however frequent its words, and may go on
            phrase = _listed_phrase(words, i) if listed else 0
        j, led = i, False
        while j < size:
            kind = classes[j]
            name = j < phrase or kind == STRONG or (
                kind > STRONG
                and (_name_word(words[j], initial=j == 0, title_case=title_case, ctx=ctx)
                     or (title_case and j > i and words[j - 1].lower() == "of" and words[j].lower() in _PLACE_HEADS))
            )
            if (not name and kind == OTHER_CAP and j == i > 0 and title_case and words[j - 1].lower() in _KIND_HEADS
                    and words[j].lower() not in _SUBJECT_VERBS):
                name = True  # "Endoscopy Startup Odin Vision": the word a kind of company names is a name
            if not name and ((kind > STRONG and j + 1 < size and words[j + 1] in _LEGAL_FORMS)
                             or (j > i and words[j] in _LEGAL_FORMS)):
                name = True  # "Genomics plc": a word before a company's legal form in lower case names it
            if not name and j == 0 and kind > STRONG:
                # (a compound with a lower-case part, "Symptom-checker Ada raises", describes
                # the name after it, English word formation: it leads into no name)
                name = led = owns[0] or _opening_place(words[0]) or (
                    not described(words[0]) and _leads_name(words, classes, title_case, ctx))
                if (not name and title_case and size > 1 and words[1].lower() in _SUBJECT_VERBS
                        and words[0].lower() not in GENERIC and words[0].lower() not in STOP):
                    name = True  # "Prudential Taps Babylon": a word naming the subject of a deal verb
            elif (
                # "Joint Commission": a common opening word led into a name, so the next
                # capitalized words are that name; not past an org suffix ("Duke Health
                # Partners With X"), and a Title Case "And" joins two names, never makes one
                led and not name and 0 < j < 3 and kind > STRONG and words[j][:1].isupper()
                and words[j].lower() not in JOINERS and STRONG not in classes[i:j]
            ):
                name = _leads_name(words[j - 1 :], classes[j - 1 :], title_case, ctx)  # "Joint Commission"
            if not name and not (j > i and j + 1 < size and (words[j].lower() in _INNER or _compound(words, owns, classes, j))):
                break
            if words[j] == "&" and _two_names(words, i, j):
                break
            j += 1
            if owns[j - 1]:
                break
        if j > i:
            runs.append((i, j))
            end = j
    return runs


# The kinds of care institution that a name may complete with a place, without "of" ("Children's
# Hospital Los Angeles", "Mercy Hospital Springfield", "Children's Hospital Colorado"): how
# hospitals in the US, Canada and Australia name themselves.
_INSTITUTIONS = (("Hospital",), ("Hospitals",), ("Clinic",), ("Infirmary",), ("Medical", "Center"),
                 ("Medical", "Centre"), ("Health", "System"))


def _listed_phrase(words: list[str], i: int) -> int:
    """The end of a listed organisation's name of several words starting at `i` (`ORG_PHRASES`,
    longest first), or 0."""
    for phrase in ORG_PHRASES.get(words[i].lower(), ()):
        end = i + len(phrase)
        if end <= len(words) and all(w.lower() == p for w, p in zip(words[i:end], phrase, strict=True)):
            return end
    return 0


def _named_by_place(words: list[str], i: int) -> int:
    """The end of a Title Case institution's name that a place completes, or 0: a word (a
    saint's, a founder's, those it serves: "Children's", "Mercy"), one of `_INSTITUTIONS` and a
    place. Title Case capitalizes every word, so these common words and the place are found by
    the sequence: sentence case writes them capitalized mid-sentence, a name's words anyway."""
    k = i + 1
    for kind in _INSTITUTIONS:
        if tuple(words[k : k + len(kind)]) == kind:
            k += len(kind)
            break
    else:
        return 0
    for size in (3, 2, 1):
        span = words[k : k + size]
        if len(span) == size and all(w[:1].isupper() for w in span) and place_form([fold(w) for w in span]) in PLACE_FORMS:
            return k + size
    return 0


def _opening_place(word: str) -> bool:
    """Whether a headline's capitalized first word is a place ("Irish health service hit ...",
    "Ireland won't pay"): a common word there is no name, but a place says where the news is."""
    return (fold(word),) in PLACE_FORMS


def _two_names(words: list[str], i: int, j: int) -> bool:
    """Whether "&" at `j` joins two organisations ("Bayer & Aignostics", "Sonic Healthcare &
    Harrison.ai") rather than making one name ("Johnson & Johnson", "Procter & Gamble"): the
    name before it is complete on its own, a listed organisation or one ending in an
    organisation suffix, or the word after it is written as a brand (CamelCase, an acronym);
    and the word after it is not its own word again."""
    if j + 1 >= len(words) or words[j + 1].lower() == words[i].lower():
        return False
    last = words[j - 1].lower()
    if last in ORG_SUFFIXES or (j - i == 1 and last in ORG_NAMES):
        return True
    # "Glooko & DreaMed", "X & CHI": a brand's own capitals after it (CamelCase, an acronym),
    # not a surname's ("Marsh & McLennan")
    after = words[j + 1]
    return len(after) > 1 and not after.startswith(("Mc", "Mac")) and (after.isupper() or CAMEL_RE.search(after) is not None)


def _compound(words: list[str], owns: list[bool], classes: list[int], j: int) -> bool:
    # "Tessier-Lavigne's": a hyphen between capitalized words that ends in a possessive is one
    # name (a double-barrelled name owning something), not a pair of parties ("Lilly-Nvidia").
    return words[j] == "-" and owns[j + 1] and classes[j + 1] > STRONG and classes[j - 1] > STRONG


def _leads_name(words: list[str], classes: list[int], title_case: bool, ctx: Context) -> bool:
    """Whether a headline's common first word leads into a name: "Mayo Clinic", "Lilly and X",
    "Joint Commission and CHAI", "Bank of America" (capitalized words up to a joiner and a name)."""
    size = len(words)
    for k in range(1, min(size, 4)):
        word = words[k]
        if word == "&" or word == "of":
            continue  # inside a name ("Johnson & Johnson MedTech", "Bank of America"), as the words around it say
        if word.lower() in _SUBJECT_VERBS:
            return False  # "Olive Acquires Verata": a deal verb ends the opening words, no name runs on
        if word.lower() in JOINERS:
            k += 1
            return k < size and classes[k] in (STRONG, OTHER_CAP) and _lone_name(words[k], classes[k], title_case, ctx)
        if not word[:1].isupper() or classes[k] < STRONG:
            return False
        if _lone_name(word, classes[k], title_case, ctx) and (classes[k] != COMMON_CAP or title_case):
            return True
    return False  # "Big Tech": common words alone name nothing


def _lone_name(word: str, kind: int, title_case: bool, ctx: Context) -> bool:
    return kind == STRONG or _name_word(word, initial=False, title_case=title_case, ctx=ctx)


def common_pair(words: list[str], runs: list[tuple[int, int]], n: int, classes: list[int]) -> bool:
    """Whether run `n` or the run a joiner ties it to holds common words only: German
    capitalizes its nouns, so "Patientinnen und Patienten", "Ärzte und Pflegekräfte" are no
    pair of names, where "Fraunhofer und RWTH" is."""
    a, b = runs[n]
    if a > 1 and n > 0 and runs[n - 1][1] == a - 1 and words[a - 1].lower() in JOINERS:
        other = runs[n - 1]
    elif n + 1 < len(runs) and runs[n + 1][0] == b + 1 and b < len(words) and words[b].lower() in JOINERS:
        other = runs[n + 1]
    else:
        return False
    return all(c == COMMON_CAP for c in classes[a:b]) or all(c == COMMON_CAP for c in classes[other[0] : other[1]])


_DESCRIBED_SPAN = 4  # words between a descriptor and the kind of company it describes
# Kinds that belong to the name before them ("Pfizer unit", "Samsung's medical arm"): the
# name is the owner, a party, not a description.
PART_NOUNS = frozenset({"unit", "arm", "division", "subsidiary", "affiliate", "filiale", "tochter", "spin-off",
                        "spinoff", "spinout", "venture"})
# Kinds spelled like a verb of another headline language: "firma" signs in Spanish, Italian
# and Portuguese ("Farmavida firma un acuerdo"), as a German noun it is capitalized.
_VERB_NOUNS = frozenset({"firma", "firmen"})


def describes_company(words: list[str], b: int, following: int) -> bool:
    """Whether the name run ending at `b` only describes a company left unnamed: lower-case
    words up to a kind of company ("Oxford AI drug firm lands", "Paris start-up raises") and
    no name right after the kind ("Seattle start-up Acme raises" names Acme, the run is its
    place). Headlines name a company before its kind with a possessive ("Acme's AI unit"),
    which is an owner, not this."""
    stop = min(len(words), b + _DESCRIBED_SPAN)
    for k in range(b, stop):
        word = words[k]
        low = word.lower()
        if low in ORG_NOUNS:
            if low in PART_NOUNS or low in _VERB_NOUNS:
                return False
            return k + 1 < following and not (k + 1 < len(words) and words[k + 1][:1].isupper())
        if (word[:1].isupper() and not word.isupper()) or word in BREAKS or word == "-" or low in STOP:
            return False  # another name, a break, or a sentence ("X is the latest provider")
    return False


def labels_next(words: list[str], b: int, following: int, kinds: frozenset[str]) -> bool:
    """Whether the run ending at `b` opens a label of the name at `following`: the word before
    that name is a kind of company and the words between are descriptors ("Virtual MSK company
    Hinge", "Beachwood Imaging Software Firm MIM"), no function word ("Google to buy health
    startup X": Google is the buyer)."""
    if not b < following <= b + _DESCRIBED_SPAN or words[following - 1].lower() not in kinds:
        return False
    return all(w.lower() not in STOP and w not in BREAKS and w != "-" for w in words[b : following - 1])


def described_after(noun: str, adjective: str) -> bool:
    """"la start-up parisienne Sonio", "el gigante coreano X": French, Spanish, Portuguese and
    Italian put the adjective after the organisation noun, so the name follows the adjective
    (general grammar of those languages; the noun is one of `ORG_NOUNS`)."""
    return noun in ORG_NOUNS and adjective.isalpha() and adjective.islower() and adjective not in STOP


# The kind words of a hospital named for a saint, a founder or those it serves ("St Vincent's
# Hospital", "Children's Hospital Los Angeles", "St. Luke's Health System"): the possessive is
# part of the name, not an owner of the next one.
NAMED_FOR_KINDS = (("Hospital",), ("Hospitals",), ("Infirmary",), ("Healthcare",), ("Medical", "Center"),
                   ("Medical", "Centre"), ("Health", "System"), ("Research", "Hospital"))
NAMED_FOR_HEADS = frozenset(kind[0] for kind in NAMED_FOR_KINDS)


def named_for(words: list[str], owns: list[bool]) -> None:
    """Clear the owner mark of a possessive that opens a hospital's own name (`NAMED_FOR_KINDS`)."""
    for i in range(len(words) - 1):
        if owns[i] and words[i][:1].isupper() and any(
                tuple(words[i + 1 : i + 1 + len(kind)]) == kind for kind in NAMED_FOR_KINDS):
            owns[i] = False
