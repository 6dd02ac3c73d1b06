"""The parties of a headline as it writes them, from the stories' name finder.

Promise: `spans(title, summary)` maps each name key the stories find (`stories.names.names`:
folded key words, org suffixes dropped; a deal's partner is often an object, "X rolls out
Y", so every name counts, not only those in party positions) back to the headline's own
words, as (start, end) character spans in headline order, and joins what the name finder
splits but one organisation's name holds:
- the org-suffix words that follow a name ("mayo" -> "Mayo Clinic");
- names that touch or overlap ("Blue Cross" + "Blue Shield", "Novo Nordisk" + "Nordisk
  Foundation");
- a name and the place or name after a lower-case "of"/"de" ("CHU de Montpellier", "Blue
  Shield of California");
- a common word's possessive before a name ("Children's National");
- a children's or women's hospital named by its city or state ("Seattle Children's");
- a government health body named by its place and its kind in lower case ("Abu Dhabi health
  department", "Irish health service", "Ontario's health ministry");
- a hospital named for a saint, a founder or those it serves, by a possessive before its kind
  word, and the place after it ("St Vincent's Hospital Melbourne", "Children's Hospital of
  Philadelphia"): the name finder reads the possessive as an owner;
- in a sentence-case headline, the capitalized common words the finder's key drops before a
  name ("signs Genetic Leap"): capitalized mid-sentence, they are the name's.
A one-letter Hebrew prefix a hyphen joins to a Latin-script name ("ו-IBM": and IBM) is no
part of it. A brand written as its lower-case web address ("hellocare.ai") is a name of the finder's,
keyed by its name alone (`_same` maps it back). A key the headline does not spell out word by
word is left out.

`role(title, span)` says why a name in its place is likely no party (see `ROLES`; a name
after the Nordic "i", "in", in a headline with a Nordic letter is a place too), or None;
the caller keeps it anyway when the name is a known organisation.
"""

from __future__ import annotations

import re

from bot.facts.joiners import HEBREW_PREFIX
from bot.stories import names as story_names
from bot.stories.case import frequent_word, is_title_case
from bot.stories.headline import fold
from bot.stories.labels import PLACE_FORMS, place_form
from bot.stories.lexicon import COMMON, GENERIC, NOT_NAMES, ORG_NOUNS, ORG_SUFFIXES, STOP
from bot.stories.memo import memo
from bot.stories.runs import NAMED_FOR_KINDS

Span = tuple[int, int]
_WORD = re.compile(r"[^\W_][\w.&'’:-]*", re.UNICODE)
# lower-case particles that join an organisation's kind to its place or name
_OF = re.compile(r"\s+(?:of|de|du|des|di|del|della|do|da|von|van)\s+(?=[A-Z])")
_CAPS = re.compile(r"[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*")
_JOIN_WORDS = frozenset({"and", "with", "und", "et", "y"})
# words a name's key drops that may still open the name: common and generic words, not the
# small words of a sentence nor the labels that never name anyone ("CEO", "AI")
_LEADING = (COMMON | GENERIC) - STOP - NOT_NAMES
_POSSESSIVE = re.compile(r"['’]s\s+$")
# a children's or women's hospital named by its city or region ("Seattle Children's", "Texas
# Children's"): the place the name finder leaves out is the name's
_CITY_HOSPITAL = re.compile(r"\b((?:[A-Z][a-z]+ ){0,1}[A-Z][a-z]+) (?:Children|Women)['’]s")
# a hospital named by a possessive before its kind word ("St Vincent's Hospital", "Children's
# Healthcare": the stories' list of those words, longest first), and the place that may follow
# ("... Melbourne", "... of Philadelphia")
_POSSESSED_KINDS = "|".join(r"\s+".join(kind) for kind in sorted(NAMED_FOR_KINDS, reverse=True))
_OWNED_HOSPITAL = re.compile(
    r"\b(?:(?:St\.?|Saint)\s+)?[A-Z][a-z]+['’]s(?:\s+(?:Children['’]s|Research|General|Teaching|University))*"
    rf"\s+(?:{_POSSESSED_KINDS})\b")
# a place (its name or adjective, one to three words) and a health body's kind in lower case
_HEALTH_BODY = re.compile(
    r"\b((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+)(?:['’]s)? (?:public )?health(?:care)? "
    r"(?:department|ministry|authority|agency|service|services|board|regulator)\b")
_PLACE_AFTER = re.compile(r"(\s+of)?\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")


def spans(title: str, summary: str = "", known: list[Span] | None = None) -> list[Span]:
    """The name spans (see the module doc); `known`: spans of names the config lists, which
    join the finder's (it passes over a name made of common words: "Walgreens", "Novo")."""
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(title)]
    found: list[Span] = []
    sentence_case = None  # read at the first key found: a text none of whose keys it spells out needs none
    keys = story_names.names(title, summary)
    if any(w.islower() for w, _, _ in words):
        keys += _lower_brands(words, keys)
    # the words' key forms place the keys only: a text with no name (half of summaries'
    # first sentences) folds none of its words
    folded = [_key_word(w) for w, _, _ in words] if keys else []
    for key in keys:
        at = _find(folded, list(key), keys)
        if at is None:
            continue
        if sentence_case is None:
            sentence_case = not story_names.is_title_case([w for w, _, _ in words])
        for start, end in _split_at_joiners(folded, *at):
            if sentence_case:
                start = _leading_words(words, folded, start)
            found.append(_extended(title, words, folded, start, end))
    if "’s" in title or "'s" in title:
        found += [m.span(0) for m in _CITY_HOSPITAL.finditer(title) if _is_place(m.group(1))]
        found += [_with_place(title, m.span(0)) for m in _OWNED_HOSPITAL.finditer(title)]
    if " health" in title:
        found += [m.span(0) for m in _HEALTH_BODY.finditer(title) if _is_place(m.group(1))]
    found = [_placed_before(words, span) for span in found]
    return _joined(title, sorted(set(found) | set(known or ())))


def _lower_brands(words: list[tuple[str, int, int]], keys: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """A Title Case headline capitalizes every word but the small ones: a lower-case word there
    that no word list knows is a brand written in lower case ("Gilead Selects insitro For ...")."""
    plain = [w for w, _, _ in words]
    if not is_title_case(plain):
        return []
    held = {k for key in keys for k in key}
    return [(w,) for w in plain if len(w) > 3 and w.isalpha() and w.islower() and w not in held
            and not frequent_word(w)]


def _placed_before(words: list[tuple[str, int, int]], span: Span) -> Span:
    """"Amsterdam UMC": a place opening the headline right before a name that opens with an
    acronym or an organisation's kind word is the name's (the name finder leaves an opening
    place out); elsewhere a place says where ("in Texas")."""
    if len(words) < 2 or words[1][1] != span[0]:
        return span
    (place, start, end), first = words[0], words[1][0]
    opens = (first.isupper() and len(first) > 1) or fold(first) in ORG_SUFFIXES
    if opens and end + 1 == span[0] and place[:1].isupper() and _is_place(place):
        return start, span[1]
    return span


def _with_place(title: str, span: Span) -> Span:
    """The span and the place right after it ("Hospital Los Angeles", "Hospital of Philadelphia")."""
    after = _PLACE_AFTER.match(title, span[1])
    if after is None:
        return span
    words = after.group(2).split()
    for n in (len(words), 1):  # "Melbourne and ..." / "Los Angeles"; "Sydney Signs": the place only
        if _is_place(" ".join(words[:n])):
            return span[0], after.start(2) + len(" ".join(words[:n]))
    return span


def _is_place(words: str) -> bool:
    return place_form([fold(w) for w in words.split()]) in PLACE_FORMS


# the compass words English puts before a place to name a part of it ("Northern California",
# "South Florida", "Greater Boston"): a region, where, no organisation
_COMPASS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                      "northeast", "northwest", "southeast", "southwest", "central", "upstate", "greater"})


def region(name: str) -> bool:
    """Whether `name` is a compass word and a listed place ("Northern California")."""
    first, _, rest = name.partition(" ")
    return first.lower() in _COMPASS and bool(rest) and _is_place(rest)


def _extended(title: str, words: list[tuple[str, int, int]], folded: list[str], start: int, end: int) -> Span:
    """The span of words[start:end] and the org-suffix words that follow it."""
    while (
        end < len(words)
        and folded[end] in ORG_SUFFIXES
        and words[end][0][:1].isupper()
        and (not re.search(r"['’]s$", words[end - 1][0]) or _suffix_run(words, folded, end) > 1)
        and not _MAKER_AFTER.search(words[end - 1][0])  # "Quorvo-developed AI": the maker ends there
    ):
        end += 1  # "Corvant's AI" ends at the possessive; "St. Luke's University Health" does not
    return _trim(title, words[start][1], words[end - 1][2])


def _leading_words(words: list[tuple[str, int, int]], folded: list[str], start: int) -> int:
    """Where a name starts once the capitalized common words right before its key are counted
    in ("Genetic Leap", whose key is "leap"); not across a joiner or a small word, nor to the
    headline's first word, capitalized anyway ("Six NHS trusts", "Former Stanford dean"), nor
    a place ("Sweden's Tandem Health" is Tandem Health)."""
    while (
        start > 1
        and words[start - 1][0][:1].isupper()
        and words[start - 1][2] + 1 == words[start][1]  # one space apart: no punctuation between
        and folded[start - 1] in _LEADING
        and folded[start - 1] not in _JOIN_WORDS
        and place_form([folded[start - 1]]) not in PLACE_FORMS  # "Sweden's Tandem Health": where
    ):
        start -= 1
    return start


def _suffix_run(words: list[tuple[str, int, int]], folded: list[str], at: int) -> int:
    """How many capitalized org-suffix words follow from `at`."""
    n = at
    while n < len(words) and folded[n] in ORG_SUFFIXES and words[n][0][:1].isupper():
        n += 1
    return n - at


def _split_at_joiners(folded: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """"Cleveland Clinic And IBM" (a Title Case "And" inside one run): two names."""
    out, first = [], start
    for i in range(start, end):
        if folded[i] in _JOIN_WORDS:
            if i > first:
                out.append((first, i))
            first = i + 1
    return [*out, (first, end)] if end > first else out


def text(title: str, span: Span) -> str:
    return title[span[0] : span[1]]


# "Healthily-built voice AI", "Quorvo-developed scribe": the maker of what the deal puts to
# work, a party (English attributive compounds; an owner or backer, "-owned", "-backed", is none)
_MAKER_AFTER = re.compile(r"-(?:built|developed|made|designed|created)$", re.IGNORECASE)


def _trim(title: str, start: int, end: int) -> Span:
    if maker := _MAKER_AFTER.search(title, start, end):
        end = maker.start()
    if elided := story_names.ELIDED_RE.match(title[start:end]):
        start += elided.end()  # "L'Hôpital Saint-Vivien": the article is no part of the name
    elif HEBREW_PREFIX.match(title, start, end):
        start += 2  # "ו-IBM": Hebrew joins "and", "the", "in" to a foreign name by a hyphen
    while end > start and title[end - 1] in ".,:;'’":
        end -= 1
    if re.search(r"['’]s$", title[start:end]):
        end -= 2
    ending = story_names.CASE_SUFFIX_RE.search(title, start, end)
    return (start, ending.start()) if ending and ending.start() > start else (start, end)


def _key_form(word: str) -> str:
    """A headline word as the finder's keys write it: folded, without an elided article
    ("L'Hôpital"), trailing punctuation, possessive or Turkish case ending."""
    word = _MAKER_AFTER.sub("", story_names.ELIDED_RE.sub("", word))
    return _case_ending(fold(word).strip(".'’:-").removesuffix("'s").removesuffix("’s"))


_key_word = memo(_key_form, 65_536)  # news words recur from item to item (as the stories' word memos)


def _case_ending(word: str) -> str:
    """A Turkish name without the case ending its apostrophe writes ("evideep'ten": from
    Evideep, "nvidia'ya": to Nvidia; the stories' name finder reads them so)."""
    ending = story_names.CASE_SUFFIX_RE.search(word)
    return word[: ending.start()] if ending and ending.start() > 0 else word


def _joined(title: str, found: list[Span]) -> list[Span]:
    """Spans that touch, overlap or are joined by "of"/"de" or a common possessive, as one."""
    out: list[Span] = []
    for start, end in found:
        if out and _joins(title, out[-1], start):
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    out = [_extend_of(title, s) for s in out]
    return [s for i, s in enumerate(out) if not (i and s[0] < out[i - 1][1])]


def _joins(title: str, left: Span, start: int) -> bool:
    gap = title[left[1] : start]
    if start <= left[1] or (gap.isspace() and len(gap) == 1):
        return True  # overlapping, or one space apart: one name the finder split
    if _OF.fullmatch(gap):
        return True
    if _POSSESSIVE.fullmatch(gap):
        return _common_word(title[left[0] : left[1]])
    # "Brigham and Women's": a common word's possessive after "and" ends the same name
    tail = re.match(rf"([A-Z][a-z]+)['’]s\b(?!\s+(?!{_POSSESSED_KINDS})[A-Z])", title[start:])
    return gap == " and " and tail is not None and _common_word(tail.group(1))


def _common_word(name: str) -> bool:
    words = name.split()
    return len(words) == 1 and words[0].lower() in COMMON


def _extend_of(title: str, span: Span) -> Span:
    """"Blue Shield of California": a lower-case "of" and capitalized words after a name."""
    start, end = span
    of = _OF.match(title, end)
    if of is None:
        return span
    caps = _CAPS.match(title, of.end())
    return (start, _trim(title, start, caps.end())[1]) if caps else span


def _find(folded: list[str], key: list[str], keys: list[tuple[str, ...]]) -> tuple[int, int] | None:
    """The span of `key`'s words in order, allowing org suffixes and joining words between
    them (the stories' key drops both). A name's last word may open a hyphened word whose
    other parts name nobody else of `keys` ("Klinikum Westfalen-Lippe": the finder keys it
    "klinikum westfalen"; not "Mount Sinai-Google", where Google is a name of its own)."""
    for i, word in enumerate(folded):
        if not _same(word, key[0]):
            continue
        j, k = i + 1, 1
        while k < len(key) and j < len(folded):
            if _same(folded[j], key[k]) or (k == len(key) - 1 and _hyphen_tail(folded[j], key[k], keys)):
                k += 1
            elif folded[j] not in ORG_SUFFIXES and folded[j] not in _JOIN_WORDS:
                break
            j += 1
        if k == len(key):
            return i, j
    return None


def _hyphen_tail(word: str, last: str, keys: list[tuple[str, ...]]) -> bool:
    """Whether `word` is hyphened, opens with a name's last key word, and names no one else."""
    if "-" not in word:
        return False
    head, *rest = word.split("-")
    return head == last and not any(part in key for key in keys for part in rest)


def _same(word: str, key: str) -> bool:
    # "qure.ai" is the key "qure": a domain-style name keys on its first part; "i-med" and
    # "dong-a" are the keys "med" and "dong": the finder drops a name's one-letter part
    if word == key or ("." in word and word.split(".", 1)[0] == key):
        return True
    return "-" in word and key in (parts := word.split("-")) and any(len(p) == 1 for p in parts)


# Why a name in its place is likely no party: what the words around it say (English
# newswriting). Each is checked on the text before the name (or after, for "owner").
ROLES = {
    # "in India", "across Europe", "at GITEX": a place or an event. Not "invests $5M in X",
    # "stake in X", "an investment in X", "leads a Series B in X": the partner (the nouns of
    # an equity deal in business English).
    "place": re.compile(r"(?<!invest)(?<!invests)(?<!invested)(?<!stake)(?<![\d.][MBKmbk])(?<!million)(?<!billion)"
                        r"(?<!investment)(?<!funding)(?<!financing)(?<!round)(?<!series [a-z])"
                        r"\s(?:in|across|throughout|at)\s+$", re.IGNORECASE),
    # "partner on AI screening for TB", "taps X for ER documentation": what the deal is about;
    # not past "with", "from" or "by", which name who the deal is with ("an option on programs
    # from X")
    "topic": re.compile(r"\s(?:on|for)\s(?:(?!\s(?:with|from|by)\s)[^,;:])*$", re.IGNORECASE),
    # "as Cambridge-1 takes shape": a clause about something else
    "clause": re.compile(r"\sas\s+$"),
    # "X and Y build NYUTron", "... to build Denmark's Gefion AI", "X and Y form Z" (a joint
    # venture): the thing the deal makes.
    # Base forms only: "X launches Y's agent" puts Y's product to work, Y is a party.
    "made": re.compile(r"\b(?:build|launch|unveil|create|develop|open|form|establish|set\s+up)\s+(?:(?:an?|the|new|its|their)\s+)?"
                       r"(?:\S+['’]s\s+)?$", re.IGNORECASE),
}


# roles that an organisation's kind overrides ("goes live at Emory Healthcare"); the others
# (a quoted, built or owning name) only a listed name does; a joint venture formed ("venture") none
PLACES = frozenset({"place", "topic", "clause"})
_QUOTE_OPENERS = ("'", '"', "‘", "“")  # the first character of each of `QUOTED_RE`'s quotations


# An owner or backer named beside the party it stands behind ("Microsoft-owned Nuance",
# "Nvidia-backed Elementa", "Nuance's tool, now part of Microsoft"), or a regulator whose
# clearance labels a product ("FDA-cleared"): no party of the deal, even when it is a listed
# organisation.
_OWNED_AFTER = re.compile(r"-(?:owned|backed|funded|controlled|cleared|approved|marked|certified)\b", re.IGNORECASE)
_OWNED_BEFORE = re.compile(r"\b(?:part of|owned by|backed by|a unit of|a subsidiary of|a division of)\s+$",
                           re.IGNORECASE)


def owned(title: str, span: Span) -> bool:
    """Whether the name at `span` is named as the owner or backer of another (`_OWNED_*`)."""
    start, end = span
    return bool(_OWNED_AFTER.match(title, end)) or bool(start and _OWNED_BEFORE.search(title[:start]))


# a kind of company right before a name (the stories' list: "firm", "biotech", "startup", ...)
_KINDS = "|".join(sorted(map(re.escape, ORG_NOUNS), key=len, reverse=True))
_KIND_BEFORE = re.compile(rf"\b(?:{_KINDS})\s+$", re.IGNORECASE)
_KIND_LONGEST = max(map(len, ORG_NOUNS), default=0)
# Swedish, Danish and Norwegian write "in" as "i" (Catalan's "i" is "and": a headline with none
# of the Nordic letters is left alone)
_NORDIC_IN = re.compile(r"\si\s+$")
_NORDIC_LETTER = re.compile(r"[åäöæøÅÄÖÆØ]")
# "X and Y form joint venture Z", "set up a new company called Z", "launch JV Z": the company
# the deal makes is no party of it (business English; its kind noun would make it one).
_VENTURE_BEFORE = re.compile(r"\b(?:launch|create|form|establish|set\s+up)\s+(?:(?:an?|the|new)\s+)*"
                             r"(?:joint\s+venture|venture|company|entity|JV),?\s+(?:(?:called|named)\s+)?$",
                             re.IGNORECASE)
# how far before the trailing blanks a role's match can start, for the roles ending in one
# word of a few and blanks: a blank and the longest word ("throughout"), a blank and "as"
_ROLE_REACH = {"place": 1 + len("throughout"), "clause": 1 + len("as")}


def role(title: str, span: Span, next_start: int | None = None) -> str | None:
    """Why the name at `span` is likely no party here, or None (see `ROLES`); `next_start`:
    where the next name begins."""
    start, end = span
    before = title[:start]
    if _quoted(title, start, end):
        return "quoted"  # 'Living Health', 'Ana': a product's or programme's name
    owns = re.match(r"['’]s\s+", title[end:])
    # A pattern ending in a word of at most n characters and `\s+$` can only match from n
    # characters (a blank more for "place") before the trailing blanks: searched from there,
    # not from the headline's start (lookbehinds and `\b` still see the text before).
    words_end = len(before.rstrip())
    if start and _VENTURE_BEFORE.search(before):
        return "venture"  # "form joint venture X": the company the deal makes, listed or not
    if _KIND_BEFORE.search(before, max(0, words_end - _KIND_LONGEST)):
        return None  # "for AI imaging firm X", "in AI biotech X": an organisation by its kind
    for name, pattern in ROLES.items():
        reach = _ROLE_REACH.get(name)
        at = 0 if reach is None else max(0, words_end - reach)
        if start and pattern.search(before, at) and not (name == "made" and owns):
            return name
    if start and _NORDIC_IN.search(before, max(0, words_end - 2)) and _NORDIC_LETTER.search(title):
        return "place"  # "startar i Linköping": Swedish, Danish and Norwegian "in"
    if owns and next_start == end + owns.end():
        return "owner"  # "Korea's HIRA", "China's CSPC": a place, unless a known organisation
    return None


def _quoted(title: str, start: int, end: int) -> bool:
    if not any(mark in title for mark in _QUOTE_OPENERS):
        return False  # every quotation opens with one of them: no search needed
    return any(m.start() < start and end < m.end() for m in story_names.QUOTED_RE.finditer(title))
