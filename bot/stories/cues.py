"""Guard cues of a headline: money amounts, years, funding rounds, development phases, roundups.

Promises (pure, deterministic): `amounts` reads one figure the same in any spelling ("$50M",
"$50 million", "US$ 200 milhoes", "12.000 millones"); `years`, `rounds` and `phases` give the
labels that tell look-alike stories about the same parties apart (next year's meeting, the next
round, a deal closing vs being agreed, a preview vs the event); `is_roundup` spots newsletters,
lists and multi-deal headlines, which are stories of their own (`is_multi_deal` reads a headline
naming several deals); `is_commentary` spots analyses, explainers and opinion pieces, whose only
news hook is an earlier announcement, and `is_interview` interviews and talks, which bring new
remarks. Every cue names a kind of headline, in general newswriting terms; none is here for one
labelled item.
"""

from __future__ import annotations

import re

from bot.stories.headline import fold
from bot.stories.names import names as name_keys

_PHASES: tuple[tuple[str, str], ...] = (
    (
        "closed",
        r"\b(?:complet(?:es|ed|ing)?|closes|closed|finali[sz]e[sd]?)\b.{0,40}"
        r"\b(?:acquisition|merger|deal|purchase|buyout|takeover|transaction)\b"
        r"|\b(?:acquisition|merger|deal|takeover)\b.{0,20}\b(?:completed|closed|took effect)\b",
    ),
    (
        "agreed",
        r"\b(?:agree[sd]? to|to acquire|to buy|will acquire|definitive agreement|to take \w+(?: \w+){0,4} private"
        r"|agrees? to \w+ buyout|buyout offer)\b",
    ),
    ("preview", r"\bwhat to expect\b|^preview\b|\bpreview of (?:the|its)\b|\bahead of (?:the|its|this) \w*\s*(?:meeting|conference|summit|event)"),
    ("pilot", r"\b(?:pilots?|piloting|test-drive|test drive|trial run)\b"),
    ("rollout", r"\b(?:rolls? out|rollout) (?:to|across) (?:all|every)\b|\bsystem-?wide\b"),
)
PHASE_PATTERNS = tuple((name, re.compile(p)) for name, p in _PHASES)
# Most headlines carry no phase cue at all: substring tests spare the five patterns (every
# pattern contains one of these). Plain `in` tests: a regex alternation of literals scans the
# text once per alternative and position, several times slower.
_PHASE_GATE = (
    "complet", "clos", "finali", "agree", "acqui", "buy", "private", "expect", "preview",
    "ahead of", "pilot", "test", "trial", "roll", "system",
)
# Pairs of phases that cannot describe one development.
EXCLUSIVE_PHASES = (("closed", "agreed"), ("preview", ""), ("pilot", "rollout"))

ROUNDUP_TITLE = tuple(
    re.compile(p)
    for p in (
        r"\bweekly\b|\bmonthly\b|\bnewsletter\b|\bdigest\b|\bround-?up\b|\bround up\b",
        r"\bweek in review\b|\bthis week in\b|\btop \d+\b|#\d+|\bin brief\b|\bbriefs\b|\bbriefing\b"
        r"|(?:\band|&) more$",
        r"\b\d+ (?:[\w-]+ ){0,3}(?:partnerships|deals|collaborations|stories|startups|companies"
        r"|acquisitions|announcements|trends|things|launches|updates)\b",
    )
)
ROUNDUP_SUMMARY = tuple(
    re.compile(p)
    for p in (
        r"^(?:newsletter|weekly|monthly|roundup|round-up|digest)\b",
        r"\bnewsletter issue\b|\bmonthly list\b|\bweekly list\b|\bamong (?:\w+ )?other (?:stories|news|items)\b",
        r"\band other (?:tech|health|news)?\s?(?:stories|items)\b|\bround-?up of\b",
    )
)
_ROUNDUP_TITLE_RE = re.compile("|".join(p.pattern for p in ROUNDUP_TITLE))
_ROUNDUP_SUMMARY_RE = re.compile("|".join(p.pattern for p in ROUNDUP_SUMMARY))


_MULT = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1e6, "mio": 1e6,
    "millones": 1e6, "millon": 1e6, "milhoes": 1e6, "milhao": 1e6, "millionen": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "mrd": 1e9, "milliarden": 1e9,
    "bilhoes": 1e9, "bilhao": 1e9, "milliard": 1e9, "milliards": 1e9, "trillion": 1e12,
}
_AMOUNT_RE = re.compile(
    r"(?:(?:us|u\.s\.)?\$|€|£|usd|eur)\s?(\d[\d.,]*)\s?([a-z]+)?\.?"
    r"|(\d[\d.,]*)\s?([a-z]+)\.?\s?(?:(?:us\s?-?\s?)?\$|dollars?|usd|euros?|de dolares|de reais)?",
)


_DIGIT_RE = re.compile(r"\d")


def _mentions(text: str, cues: tuple[str, ...]) -> bool:
    """Whether any of `cues` occurs in `text` (a gate before the patterns that need one)."""
    for cue in cues:  # noqa: SIM110 - a plain loop: any() over a generator costs twice as much
        if cue in text:
            return True
    return False


def amounts(text: str) -> set[int]:
    """Money amounts in `text`, in whole units, rounded to 2 significant digits.

    Reads "$50M", "$50 million", "US$ 200 milhões", "210 Mio. Dollar", "12.000 millones":
    the same figure in any of these spellings gives the same number.
    """
    found: set[int] = set()
    if not _DIGIT_RE.search(text):
        return found
    for m in _AMOUNT_RE.finditer(fold(text)):
        number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        has_currency = bool(m.group(1)) or bool(re.search(r"\$|dollar|usd|euro|reais", m.group(0)))
        mult = _MULT.get(unit or "")
        if mult is None and not has_currency:
            continue
        if mult is None and unit:
            mult = 1.0  # "$2.35 per share": the unit word is not a multiplier
        value = _parse_number(number, big_unit=mult is not None and mult >= 1e6)
        if value is None:
            continue
        if mult is not None and mult >= 1e6 and unit in {"millones", "milhoes"} and value >= 1000:
            pass  # "12.000 millones" is 12 billion: the multiplication below handles it
        total = value * (mult or 1.0)
        if total > 0:
            found.add(_round2(total))
    return found


def _parse_number(text: str, *, big_unit: bool) -> float | None:
    text = text.rstrip(".,")
    if not text:
        return None
    if "," in text and "." in text:
        # 1,016.5 (English) or 1.016,5 (continental): the last separator is the decimal one.
        dec = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if dec == "," else ",", "").replace(dec, ".")
    elif "," in text:
        head, _, tail = text.rpartition(",")
        text = text.replace(",", "") if len(tail) == 3 else head.replace(",", "") + "." + tail
    elif text.count(".") == 1 and big_unit and len(text.split(".")[1]) == 3:
        text = text.replace(".", "")  # "12.000 millones": a thousands separator
    elif text.count(".") > 1:
        text = text.replace(".", "")
    try:
        return float(text)
    except ValueError:
        return None


def _round2(value: float) -> int:
    digits = len(str(int(value))) - 2
    return int(round(value, -digits)) if digits > 0 else round(value)


_YEAR_RE = re.compile(r"(?<![\d$.,])(20[0-4]\d)(?![\d%])")
_ROUND_RE = re.compile(r"\bseries\s+([a-h])\b|\b(seed|pre-seed)\s+(?:round|funding|financing)\b")


def years(text: str) -> set[str]:
    """Four-digit years 2000-2049 (UGM 2024 vs UGM 2025 are different events)."""
    return set(_YEAR_RE.findall(text)) if "20" in text else set()


def rounds(text: str) -> set[str]:
    """Funding round labels: "series b", "seed"."""
    out = set()
    for m in _ROUND_RE.finditer(fold(text)):
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
_KINDS: tuple[tuple[str, str], ...] = (
    ("acquisition", r"\b(?:acquir(?:e|es|ed|ing)|acquisition|buys?|bought|buyout|takeover|takes over"
                    r"|merg(?:e|es|er|ing)|übernahme|ubernahme|adquiere|adquisicion|rachete?|rachat|compra)\b"),
    ("funding", r"\b(?:raises?|raised|invest(?:s|ed|ing|ment|or)?|funding|financing|valuation|series [a-h]|seed round|ipo|goes public"
                r"|financiacion|finanzierung|levee de fonds)\b"),
    ("partnership", r"\b(?:partner(?:s|ed|ing|ship|ships)?|collaborat\w*|alliance|team(?:s|ed)? up|tie-?up"
                    r"|joins? forces|pact|mou|memorandum|kooperation\w*|kooperier\w*|acuerdo|alianza"
                    r"|parceria|partenariat|accord)\b"),
    ("results", r"\b(?:(?:pilot|trial|study|early|first|positive|interim|final) results|results (?:show|from|of)"
                r"|finds|found that|study shows|outcomes (?:show|of)|trial data|ergebnisse|resultados|resultats)\b"),
    ("legal", r"\b(?:sues?|sued|lawsuit|litigation|probe|antitrust|settles?|settlement|fined?)\b"),
    ("expansion", r"\b(?:expand(?:s|ed|ing)?|expansion of|extends?|extended|renews?|renewed|deepens?|broadens?"
                  r"|prolong\w*|verlanger\w*|erweiter\w*|ampli\w*|elargi\w*)\b.{0,40}"
                  r"\b(?:partner\w*|pact|deal|collaborat\w*|alliance|tie-?up|agreement|rollout|deployment|use"
                  r"|contract|kooperation\w*|acuerdo|alianza|parceria|partenariat|accord)"),
    ("repeat", r"\b(?:second|third|another|new round of|again|fresh deal|follow-on)\b"),
)
KIND_PATTERNS = tuple((name, re.compile(p)) for name, p in _KINDS)
# Kinds that cannot describe one development when one report states one and the other the
# other (and neither states both).
EXCLUSIVE_KINDS = (("acquisition", "partnership"), ("acquisition", "funding"), ("legal", "partnership"),
                   ("legal", "acquisition"), ("legal", "funding"))
# A later stage against the start it follows: a report of the later stage never joins a story
# that started without it, however much else they share ("the pilot cut deaths" vs "starts a
# pilot"; "expands the pact" vs "signs a pact"; "a second deal" vs the deal).
LATER_KINDS = ("results", "expansion", "repeat")


def kinds(text: str) -> frozenset[str]:
    """The development kinds a headline states (`_KINDS`)."""
    low = fold(text)
    return frozenset(name for name, pattern in KIND_PATTERNS if pattern.search(low))


def kinds_conflict(one: frozenset[str], other: frozenset[str]) -> str:
    """Why two reports' development kinds cannot be one development, or ""."""
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
_TITLE_GATE = ("weekly", "monthly", "newsletter", "digest", "round", "review", "this week", "top", "brief", "more", "#")
# "Pfizer-Boltz and Woojung-Xellar": two pairs of names, two deals.
_NAME_PAIR_RE = re.compile(r"\b[A-Z][\w.&]*(?:\s[A-Z][\w.&]*)?[-/][A-Z][\w&]*")
_DEAL_WORD_RE = re.compile(
    r"\b(?:deals?|pacts?|partnerships?|alliances?|collaborations?|agreements?|tie-ups?|acquisitions?"
    r"|mergers?|buyouts?|takeovers?|investments?|accords?|acuerdos?|vertrag|vertr[aä]ge|kooperation(?:en)?)\b"
)
_SUMMARY_GATE = ("newsletter", "weekly", "monthly", "round", "digest", "list", "other")


def is_roundup(title: str, summary: str = "") -> bool:
    """A newsletter, digest, list or multi-deal headline: a story of its own, never merged."""
    t = fold(title)
    gate = _DIGIT_RE.search(t) or _mentions(t, _TITLE_GATE)
    if gate and _ROUNDUP_TITLE_RE.search(t):
        return True
    if ";" in title and sum(bool(name_keys(part)) for part in title.split(";")) >= 2:
        return True
    s = fold(summary[:300])
    return _mentions(s, _SUMMARY_GATE) and bool(_ROUNDUP_SUMMARY_RE.search(s))


def is_multi_deal(title: str, names: int) -> bool:
    """A headline naming several deals: two pairs of names ("A-B and C-D deals"), or two deal
    words with three or more names ("A's B pact and C deal"). Such an item reports no one
    story; it is kept apart like a roundup, and never bridges the stories it names."""
    if len(set(_NAME_PAIR_RE.findall(title))) >= 2:
        return True
    return names >= 3 and len(_DEAL_WORD_RE.findall(fold(title))) >= 2


_INTERVIEW_RE = re.compile(
    r"\binterview\b|\bq&a\b|\bpodcast\b|\bsits? down with\b|\bfireside\b|\bin conversation\b"
    r"|\bkeynote\b|\bentrevista\b|\binterview\w*\b"
)


def is_interview(title: str, summary: str = "") -> bool:
    """An interview, talk or keynote: new remarks, a development of its own when it comes late."""
    text = fold(f"{title} {summary[:120]}")
    return ("interv" in text or "q&a" in text or "podcast" in text or "sit" in text or "fireside" in text
            or "conversation" in text or "keynote" in text or "entrevista" in text) and bool(_INTERVIEW_RE.search(text))


# Headlines whose news hook is an earlier announcement: questions, explainers, opinion. English,
# Spanish, German, French and Portuguese openers, since foreign-language analyses follow big news.
_COMMENTARY_TITLE_RE = re.compile(
    r"^(?:what|why|how|inside|explainer|explained|analysis|opinion|commentary|here's|heres"
    r"|por que|que|como|analisis|opinion|warum|was|wie|analyse|pourquoi|comment|quoi)\b"
    r"|\b(?:explained|what\b.{0,40}\bmeans?\b|means for|what to know|takeaways|lessons|deep dive"
    r"|argues|makes the case|the case for|why it matters)\b"
)
# Every alternative above starts with an opener or contains one of the inner cues: substring
# tests clear most headlines without the regex.
_COMMENTARY_OPENERS = (
    "what", "why", "how", "inside", "explain", "analy", "opinion", "comment", "here", "por que",
    "que", "como", "warum", "was", "wie", "pourquoi", "quoi",
)
_COMMENTARY_INNER = (
    "explained", "mean", "what to know", "takeaways", "lessons", "deep dive", "argues",
    "makes the case", "the case for", "why it matters",
)
_COMMENTARY_SUMMARY_RE = re.compile(
    r"^(?:analysis|explainer|commentary|opinion|analisis|analyse|kommentar|editorial|column)\b"
)


def is_commentary(title: str, summary: str = "") -> bool:
    """An analysis, explainer or opinion piece: a late follow-up, not news of its own."""
    t = fold(title)
    gate = t.startswith(_COMMENTARY_OPENERS) or _mentions(t, _COMMENTARY_INNER)
    if gate and _COMMENTARY_TITLE_RE.search(t):
        return True
    return bool(_COMMENTARY_SUMMARY_RE.search(fold(summary[:40])))
