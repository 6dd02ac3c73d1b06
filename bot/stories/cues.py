"""Guard cues of a headline: money amounts, years, funding rounds, development phases, roundups.

Promises (pure, deterministic): `ceilings`, `upfronts` and `valuations` tell what a money
figure (read by `money`) is of; `years`, `rounds` and `phases` give the labels that tell
look-alike stories about the same parties apart (next year's meeting, the next round, a deal
closing vs being agreed, a preview vs the event); `is_roundup` spots newsletters,
lists and multi-deal headlines, which are stories of their own (`is_multi_deal` reads a headline
naming several deals); `is_commentary` spots analyses, explainers and opinion pieces, whose only
news hook is an earlier announcement, and `is_interview` interviews and talks, which bring new
remarks. Every cue names a kind of headline, in general newswriting terms; none is here for one
labelled item.
"""

from __future__ import annotations

import re

from bot.stories.gates import WordStarts
from bot.stories.headline import fold, unaccented
from bot.stories.lexicon import COMMON, sections
from bot.stories.money import AMOUNT_RE, amounts
from bot.stories.names import names as name_keys

# The cue words and patterns are data: data/cues.txt, one section per cue, each stating its
# general source. Patterns are joined from their lines as they stand.
_CUES = sections("cues.txt")
_DIGIT_RE = re.compile(r"\d")


def _pattern(name: str) -> re.Pattern[str]:
    # In the form `fold` gives the text: Hangul decomposed into its letters, no accents.
    return re.compile(unaccented("".join(_CUES[name])))


def _labelled(prefix: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The `<prefix> <label>` sections as (label, pattern), in file order (gates left out)."""
    return tuple(
        (name.removeprefix(prefix), _pattern(name))
        for name in _CUES
        if name.startswith(prefix) and not name.endswith(" gate")
    )


PHASE_PATTERNS = _labelled("phase ")
# Most headlines carry no phase cue at all: substring tests spare the five patterns (every
# pattern contains one of these). Plain `in` tests: a regex alternation of literals scans the
# text once per alternative and position, several times slower.
_PHASE_GATE = tuple(_CUES["phase gate"])
# Pairs of phases that cannot describe one development.
EXCLUSIVE_PHASES = (("closed", "agreed"), ("preview", ""), ("pilot", "rollout"))

_ROUNDUP_TITLE_RE = _pattern("roundup title")
_ROUNDUP_SUMMARY_RE = _pattern("roundup summary")


def _mentions(text: str, cues: tuple[str, ...]) -> bool:
    """Whether any of `cues` occurs in `text` (a gate before the patterns that need one)."""
    for cue in cues:  # noqa: SIM110 - a plain loop: any() over a generator costs twice as much
        if cue in text:
            return True
    return False


# "up to $1.2B", "bis zu 500 Mio.", "hasta 300 millones", "jusqu'à 1 milliard": a ceiling
# (a licensing deal's milestones), told by the words right before the figure.
_CEILING_RE = re.compile(r"\b(?:up to|as much as|bis zu|hasta|jusqu'a|jusqu a|ate)\s+(?P<after>\S+(?:\s+\S+){0,3})")


def ceilings(text: str) -> set[int]:
    """The amounts of `text` stated as a ceiling ("up to $1.2B"): a deal's milestone total,
    which one report headlines where another gives the upfront payment."""
    return _figures_by(_CEILING_RE, text) if _DIGIT_RE.search(text) else set()


# "$850M valuation", "valued at $2B", "a valuation of 1 milliard": what the company is worth,
# which one report of a funding round headlines where another gives the round's size.
_VALUATION_RE = re.compile(
    r"(?P<before>\S+(?:\s+\S+)?)\s+(?:post-money\s+|pre-money\s+)?valuation\b"
    r"|\b(?:valued|valuing it|valuation|valorisation|valoracion|valuacion|bewertung|bewertet|valorise\w*|valorizad\w*"
    r"|vaut|now worth|đinh gia)"
    r"(?:\s+(?:at|of|near|around|about|close to|over|above|more than|nearly|almost|de|von|mit|a|plus de"
    r"|plus d'un|mehr als|mas de|mais de|desormais|maintenant|deja))*\s+(?P<after>\S+(?:\s+\S+){0,3})"
)


# "$110 million upfront", "an upfront payment of $65M": the part of a licensing deal paid at
# signing, which one report headlines where another gives the deal's total.
_UPFRONT_RE = re.compile(
    r"(?P<before>\S+(?:\s+\S+)?)\s+(?:in\s+)?(?:up-?\s?front|initial payment)\b"
    r"|\b(?:up-?\s?front|initial)\s+(?:payment|fee|cash)?\s*(?:of\s+)?(?P<after>\S+(?:\s+\S+){0,2})"
)


# The same in the rules' other languages (their dictionaries' words for a payment at signing):
# Chinese 首付款, Japanese 一時金, Korean 선급금, Portuguese "antecipados", German
# "Vorabzahlung", French "paiement initial", Spanish "pago inicial", Italian "pagamento
# anticipato" ("获1.1亿美元首付款", "US$ 110 milhões antecipados").
# (the Chinese, Japanese and Korean words follow their figure or lead it: both)
_UPFRONT_CJK = "首付款|首期款|预付款|預付款|契約一時金|一時金|前払い金|선급금|계약금"
_UPFRONT_WORDS = f"{_UPFRONT_CJK}|antecipad[oa]s?|por adelantado"
_UPFRONT_LEADS = (f"{_UPFRONT_CJK}|vorabzahlung|vorauszahlung|pagamento (?:inicial|anticipato|iniziale)"
                  "|pago (?:inicial|por adelantado)|(?:paiement|versement) initial")
_UPFRONT_OTHER_RE = re.compile(
    rf"(?P<before>\S+(?:\s+\S+){{0,2}}?)\s*(?:{_UPFRONT_WORDS})"
    rf"|(?:{_UPFRONT_LEADS})\s*(?:(?:de|di|von|として|으로|로|为|為|は)\s*)?(?P<after>\S+(?:\s+\S+){{0,2}})"
)
_UPFRONT_OTHER_GATE = ("首", "预付", "預付", "一時金", "前払", "선급", "계약금", "antecipad", "adelantado", "orabzahl", "orauszahl",
                       "inicial", "initial", "anticipato", "iniziale")
_NEAR = 16  # characters before a payment's word that hold its figure ("获1.1亿美元首付款")


def upfronts(text: str) -> set[int]:
    """The amounts of `text` stated as a payment at signing ("$110M upfront")."""
    found: set[int] = set()
    if any(w in text for w in ("front", "Front", "initial", "Initial")):
        found = _figures_by(_UPFRONT_RE, text)
    if any(w in text for w in _UPFRONT_OTHER_GATE):
        # the words just before or after the payment's word: Chinese, Japanese and Korean
        # figures ("1.1亿美元") are read by `amounts`, not by `AMOUNT_RE`
        for m in _UPFRONT_OTHER_RE.finditer(fold(text)):
            found |= amounts(m["before"][-_NEAR:] if m["before"] else m["after"])
    return found


def _figures_by(pattern: re.Pattern[str], text: str) -> set[int]:
    """The amounts a word describes (`pattern`: the words `before` it or `after` it): the
    figure nearest the word, the last one before it or the first after it."""
    found: set[int] = set()
    for m in pattern.finditer(fold(text)):
        before = m.groupdict().get("before")
        figures = list(AMOUNT_RE.finditer(before or m["after"]))
        if figures:
            found |= amounts(figures[-1 if before else 0].group(0))
    return found


# Who puts money into a round: "Spark Capital leads $30M round", "led by Cathay Innovation",
# "backed by GV", "raises $24M from X". Reports of one round name different investors (or
# none), so an investor is no party of the round's story.
_INVESTOR_AFTER_RE = re.compile(
    r"\b(?:led by|co-led by|backed by|from|with participation (?:from|of))\s+(.+?)"
    r"(?=\s+(?:to|for|as|in|at|on|with)\s|[:;|]|\s+-\s|$)"
)
_INVESTOR_BEFORE_RE = re.compile(
    r"((?:[A-Z][\w&.'-]*\s+){1,4})(?:co-)?(?:leads|led|invests|backs)\b"
    # "with CVS and Nvidia venture arms joining": companies investing through their funds
    r"|((?:[A-Z][\w&.'-]*(?:['’]s)?(?:\s+and\s+|,\s*|\s+)){1,6})(?:venture|investment|VC) (?:arms?|funds?)\b"
)
_CAPITALIZED_RE = re.compile(r"\b[A-Z][\w&.'-]*")


def investor_words(headline: str) -> frozenset[str]:
    """The folded words of the names a funding headline casts as investors."""
    found: set[str] = set()
    for pattern in (_INVESTOR_AFTER_RE, _INVESTOR_BEFORE_RE):
        for m in pattern.finditer(headline):
            for word in _CAPITALIZED_RE.findall(m.group(1) or m.group(2) or ""):
                found.update(fold(word).replace("'s", "").split())
    return frozenset(found)


def valuations(text: str) -> set[int]:
    """The amounts of `text` stated as a company's valuation, not a deal's size."""
    if not any(w in text for w in ("valu", "Valu", "valo", "Valo", "ewert", "vaut", "worth", "định giá")):
        return set()
    return _figures_by(_VALUATION_RE, text)


_YEAR_RE = re.compile(r"(?<![\d$.,])(20[0-4]\d)(?![\d%])")
_ROUND_RE = re.compile(r"\bseries\s+([a-h])\b|\b(seed|pre-seed)\s+(?:round|funding|financing)\b")


def years(text: str) -> set[str]:
    """Four-digit years 2000-2049 (UGM 2024 vs UGM 2025 are different events)."""
    return set(_YEAR_RE.findall(text)) if "20" in text else set()


# "after its $30 million Series B", "its previous Series A": an earlier round that a report
# of the next one recalls; it names no round of this news.
_EARLIER_RE = re.compile(
    r"\b(?:(?:after|following)\s+(?:a|an|its|the)|previous|prior|earlier|preceding)\s+"
    r"(?:\S*\d\S*\s+(?:\w+\s+)?)?$"
)


def rounds(text: str) -> set[str]:
    """Funding round labels: "series b", "seed"; not an earlier round the text recalls."""
    out = set()
    folded = fold(text)
    for m in _ROUND_RE.finditer(folded):
        if not _EARLIER_RE.search(folded, max(0, m.start() - 45), m.start()):
            out.add(f"series {m.group(1)}" if m.group(1) else "seed")
    return out


def phases(text: str) -> set[str]:
    """Development-stage cues that separate look-alike stories about the same parties.

    "agreed" (a deal announced) vs "closed" (the deal completed); "preview" (before an event)
    vs the event itself; "pilot" vs "rollout"; "results" of a deployment vs its start.
    """
    low = fold(text)
    if not _mentions(low, _PHASE_GATE):
        return set()
    return {phase for phase, pattern in PHASE_PATTERNS if pattern.search(low)}


# What kind of development a headline reports, in general newswriting terms (deal verbs and
# nouns of English, German, Spanish, French and Portuguese business news). Two reports naming the
# same parties are one story only if they report the same kind of development: buying a company
# is not partnering with it, a study's results are not the start of the pilot, a second or
# expanded deal is not the first one (the label rules' "new development with the same
# organisations").
KIND_PATTERNS = _labelled("kind ")
# Each pattern behind the word starts its alternatives begin with: most headlines state one
# kind or none, and one pass over their words clears most patterns without a search.
_KIND_STARTS = WordStarts([pattern for _, pattern in KIND_PATTERNS])
# The same kinds in scripts written without spaces: searched only where the text is not ASCII.
UNSPACED_KIND_PATTERNS = _labelled("unspaced kind ")
# Kinds that cannot describe one development when one report states one and the other the
# other (and neither states both).
EXCLUSIVE_KINDS = (("acquisition", "partnership"), ("acquisition", "funding"), ("legal", "partnership"),
                   ("legal", "acquisition"), ("legal", "funding"))
# A later stage against the start it follows: a report of the later stage never joins a story
# that started without it, however much else they share ("the pilot cut deaths" vs "starts a
# pilot"; "expands the pact" vs "signs a pact"; "a second deal" vs the deal; "hackers stole
# records" vs "a cyber incident takes systems offline").
LATER_KINDS = ("results", "expansion", "repeat", "breach")


def kinds(text: str) -> frozenset[str]:
    """The development kinds a headline states (`KIND_PATTERNS`)."""
    low = fold(text)
    found = frozenset([KIND_PATTERNS[i][0] for i in _KIND_STARTS.which(low)])
    if not low.isascii():
        found = found.union([kind for kind, pattern in UNSPACED_KIND_PATTERNS if pattern.search(low)])
    if "legal" in found and "results" in found:
        found = found - {"results"}  # "watchdog finds the trust broke the law": a ruling's findings
    if "legal" in found and "approval" in found and _CLEARANCE_RE.search(low):
        found = found - {"legal"}  # "clears final antitrust reviews": a deal's clearance, no case
    if "legal" in found and "breach" in found and _CASE_ABOUT_RE.search(low):
        found = found - {"breach"}  # "watchdog sues the insurer over its 2022 hack": what the case is about
    # One shared set for each combination (a few dozen at most): stories keep their first
    # items' kinds, and a set of their own would be one more object for the collector to walk.
    return _KIND_SETS.setdefault(found, found)


_KIND_SETS: dict[frozenset[str], frozenset[str]] = {}
# A regulator clearing a deal under antitrust law: the deal's approval, no lawsuit or probe.
_CLEARANCE_RE = re.compile(r"\b(?:clears?|cleared|clearance|approves?|approved|approval|nod)\b(?:\W+\w+){0,4}?\W+antitrust"
                           r"|\bantitrust (?:approval|clearance|nod|review)")
# A case brought over a breach ("sues ... over 2022 hack", "fined for data breach"): the breach
# is what the case is about, not the news (a "ransomware probe" is the attack's own inquiry).
_CASE_ABOUT_RE = re.compile(r"\b(?:over|for|after|following)\b(?:\W+\w+){0,3}?\W+(?:hack|breach|cyber|ransom|leak|data theft)")


def kinds_conflict(one: frozenset[str], other: frozenset[str]) -> str:
    """Why two reports' development kinds cannot be one development, or ""."""
    if one == other:
        return ""  # the same kinds never conflict (most candidates): no loop over the pairs
    for later in LATER_KINDS:
        for x, y in ((one, other), (other, one)):
            if later in x and later not in y:
                return f"{later} vs not {later}"
    if not one or not other:
        return ""  # one of them states no kind: nothing more to compare
    for a, b in EXCLUSIVE_KINDS:
        for mine, theirs in ((a, b), (b, a)):
            if mine in one and theirs in other and mine not in other and theirs not in one:
                return f"{mine} vs {theirs}"
    return ""


# Every roundup pattern contains one of these: most texts are cleared by substring tests alone.
_TITLE_GATE = tuple(_CUES["roundup title gate"])
# "Pfizer-Boltz and Woojung-Xellar": two pairs of names, two deals.
_NAME_PAIR_RE = re.compile(r"\b[A-Z][\w.&]*(?:\s[A-Z][\w.&]*)?[-/][A-Z][\w&]*")


def _plain_pair(pair: str) -> bool:
    """A compound, no pair of names: a German compound ("Symptom-Check", "Millionen-Runde",
    "PRAIM-Studie") capitalizes its parts like "Lilly-Nvidia" does, and ends in a common noun,
    its head (German word formation)."""
    words = [w for w in re.split(r"[-/\s]+", fold(pair)) if w]
    return bool(words) and words[-1] in COMMON
_DEAL_WORD_RE = _pattern("deal words")
_SUMMARY_GATE = tuple(_CUES["roundup summary gate"])

def is_roundup(title: str, summary: str = "") -> bool:
    """A newsletter, digest, list or multi-deal headline: a story of its own, never merged."""
    t = fold(title)
    gate = _DIGIT_RE.search(t) or _mentions(t, _TITLE_GATE)
    if gate and _ROUNDUP_TITLE_RE.search(t):
        return True
    if ";" in title and _two_deals(title):
        return True
    if title.count(",") >= 2 and _clause_list(title):
        return True
    s = fold(summary[:300])
    return _mentions(s, _SUMMARY_GATE) and bool(_ROUNDUP_SUMMARY_RE.search(s))


def _two_deals(title: str) -> bool:
    """'Nvidia signs IQVIA and Illumina; Mayo adds Microsoft and Cerebras': clauses naming two
    or more organisations each, and none of the same, report two deals. A clause naming one
    ("PharmEasy to buy Thyrocare; Docon to launch open offer", "Owkin and BMS team up; BMS
    invests $80 million") tells more of the one deal."""
    named = [set(keys) for part in title.split(";") if len(keys := name_keys(part)) >= 2]
    return any(a.isdisjoint(b) for i, a in enumerate(named) for b in named[i + 1 :])


def _clause_list(title: str) -> bool:
    """'Where systems stand: Atrium scales a scribe, UC forms a collaborative, Hackensack adds
    oversight': three or more comma-separated clauses of three or more words, each opening with
    a capital, after the headline's colon if it has one: a list of news, not one story. Names
    alone ("Mayo Clinic, Microsoft and Nvidia ...") are shorter than a clause."""
    parts = [part.split() for part in title.rpartition(":")[2].split(",")]
    return sum(len(words) >= 3 and words[0][:1].isupper() for words in parts) >= 3


def is_multi_deal(title: str, names: int) -> bool:
    """A headline naming several deals: two pairs of names ("A-B and C-D deals"), or two deal
    words with three or more names ("A's B pact and C deal"). Such an item reports no one
    story; it is kept apart like a roundup, and never bridges the stories it names."""
    # A pair is joined by a hyphen or a slash: without one the pattern cannot match. Without
    # one, and with fewer than three names, neither test can pass: no deal word is counted.
    pairs = "-" in title or "/" in title
    if not pairs and names < 3:
        return False
    deal_words = len(_DEAL_WORD_RE.findall(fold(title)))
    # Two pairs report deals only where the headline speaks of one: hyphenated place and
    # hospital names ("Corbeil-Essonnes : l'hôpital Sud-Francilien ...") are pairs of the same form.
    if deal_words and pairs and len(
            {p for p in _NAME_PAIR_RE.findall(title) if not _plain_pair(p)}) >= 2:
        return True
    return names >= 3 and deal_words >= 2


_INTERVIEW_RE = _pattern("interview")
_INTERVIEW_GATE = tuple(_CUES["interview gate"])

def is_interview(title: str, summary: str = "") -> bool:
    """An interview, talk or keynote: new remarks, a development of its own when it comes late."""
    text = fold(f"{title} {summary[:120]}")
    return _mentions(text, _INTERVIEW_GATE) and bool(_INTERVIEW_RE.search(text))


# Headlines whose news hook is an earlier announcement: questions, explainers, opinion. Every
# alternative starts with an opener or contains one of the inner cues: substring tests clear
# most headlines without the regex.
_COMMENTARY_TITLE_RE = _pattern("commentary title")
_COMMENTARY_OPENERS = tuple(_CUES["commentary openers"])
_COMMENTARY_INNER = tuple(_CUES["commentary inner"])
_COMMENTARY_SUMMARY_RE = _pattern("commentary summary")

def is_commentary(title: str, summary: str = "") -> bool:
    """An analysis, explainer or opinion piece: a late follow-up, not news of its own."""
    t = fold(title)
    gate = t.startswith(_COMMENTARY_OPENERS) or _mentions(t, _COMMENTARY_INNER)
    if gate and _COMMENTARY_TITLE_RE.search(t):
        return True
    return bool(_COMMENTARY_SUMMARY_RE.search(fold(summary[:40])))
