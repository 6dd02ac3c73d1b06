"""The names and parties of a headline, for story matching.

Promises (pure, deterministic across processes):

- `names(title, context)` finds the names of a headline (capitalized runs, acronyms, CamelCase)
  as tuples of key words with generic org suffixes ("Health", "Clinic", "Labs") removed, so
  "Mayo Clinic" and "Mayo" give the same key. A capitalized word that is not a common word of
  the headline languages (`lexicon.COMMON`, generated from general word frequencies) is a
  name wherever it stands; a common word is one only where the context says so (mid-sentence,
  capitalized in the summary, or leading into another name: "Mayo Clinic", "Lilly and Nvidia").
- `parties(title, context)` keeps the names that are parties of the news (joined to another
  name, carrying an org suffix, owning something, naming a deal, or opening the headline).
- `name_runs` gives (key, kind) for every name: `NAME`, `PARTY`, or `OWNER` for a possessive
  or attributive name right before another name ("Flagship's Generate", "Nvidia-backed
  Hippocratic"): the second one is the party, the first says who stands behind it; `LABEL`
  for an acronym or CamelCase name in a kicker ("MASAI interim: ..."), which `names` leaves out.
"""

from __future__ import annotations

import re
import unicodedata

from bot.stories.case import BREAKS, is_title_case
from bot.stories.context import PUNCT, Context, case_sets
from bot.stories.headline import (
    _ATTRIBUTIVE_RE,
    _BRAND_HEAD_RE,
    NAME_WORD,
    _split_hyphen,
    brand_keys,
    fold,
    interviewed,
    is_person,
    title_key,
)
from bot.stories.labels import (
    PLACE_FORMS,
    appositive,
    drop_tickers,
    place_form,
)
from bot.stories.languages import LOCAL_BITS, local_language
from bot.stories.lexicon import (
    COMMON,
    CONNECTORS,
    DEAL_NOUNS,
    DEAL_OBJECTS,
    GENERIC,
    GERMAN,
    JOINERS,
    NOT_PARTIES,
    OBJECT_CUES,
    ORG_NOUNS,
    ORG_SUFFIXES,
    REFERENCE_CUES,
    STOP,
    german_kind,
)
from bot.stories.memo import memo
from bot.stories.money import MULT, SIGNS
from bot.stories.runs import (
    CAMEL_RE,
    COMMON_CAP,
    KIND_NOUNS,
    NAMED_FOR_HEADS,
    NEVER,
    OTHER_CAP,
    PLAIN,
    STRONG,
    common_pair,
    described,
    described_after,
    describes_company,
    find_runs,
    initialled,
    labels_next,
    named_for,
    word_class,
)

# The summary's context (bot.stories.context) under the names it had when it lived here.
_Context, _context_case, _PUNCT = Context, case_sets, PUNCT
KEY_DROP = ORG_SUFFIXES | CONNECTORS | GENERIC | STOP  # words that never identify an org
# The kinds of a name run: OWNER counts as a party too; a PLACE ("Texas", "Europe's") is where
# the news happens, no name of anyone in it; a LABEL is an acronym or CamelCase name in a
# headline's kicker ("MASAI interim: ...", "HSE cyberattack: ..."): what the story is about,
# a trial, a project or the organisation itself, to find and compare stories by, no party.
NAME, PARTY, OWNER, PLACE, LABEL = 0, 1, 2, 3, 4


Run = tuple[tuple[str, ...], int]  # a name's key words, and its kind: NAME, PARTY, OWNER ...


def names(title: str, context: str = "") -> list[tuple[str, ...]]:
    """The names in `title`: runs of name words, as tuples of key words.

    `context` (the summary) helps decide which words of a Title Case headline are names.
    Generic org suffixes are dropped from the key ("Duke Health" -> ("duke",)); a run made
    only of generic words ("Health AI") gives nothing.
    """
    return [key for key, kind in name_runs(title, context) if kind != PLACE and kind != LABEL]


def parties(title: str, context: str = "") -> list[tuple[str, ...]]:
    """The names that are parties of the news, not objects or labels.

    A party carries an org suffix ("Mayo Clinic", "Isomorphic Labs"), is joined to another name ("X and Y", "X, Y", "X with Y", "X-Y"), owns something
    ("Epic's"), names a deal ("Microsoft partnership"), or opens the headline. Products
    ("GPT-4"), places and outlets in the middle of a headline are not parties.
    """
    return [key for key, kind in name_runs(title, context) if kind in (PARTY, OWNER)]


# "&" standing alone is a token: it may join two organisations ("Bayer & Aignostics"), which
# `runs` tells from one name ("Procter & Gamble"); keys and words leave it out, as breaks.
_TOKEN_RE = re.compile(rf"(?:{NAME_WORD})|[,:;&?!]")
_NAME_COLON_RE = re.compile(r"(?<=[A-Za-z]):(?=[A-Z])")
# the country letters of a dollar ("NZ$", "HK$", "A$", "US$": ISO 4217's dollars as news writes them)
_DOLLAR_CODE_RE = re.compile(r"\b[A-Z]{1,3}(?=\$\d)")


def name_runs(title: str, context: str = "") -> list[Run]:
    """(key, kind) for every name run in `title`, in order, without duplicates."""
    return analyze(title, context)[2]


def analyze(title: str, context: str = "", *, listed: bool = False) -> tuple[str, list[str], list[Run]]:
    """`title_key(title)`, `folded_words(title)` and `name_runs(title, context)`, from one
    tokenization (the title key is tokenized again only for non-ASCII headlines). The latest
    answers are kept: the relevance model, the stories and the facts read one item in turn.
    `listed`: a Title Case headline's listed names of several words are names (`runs`)."""
    key, words, runs = _analyzed((title, context, listed))
    return key, list(words), list(runs)  # copies: a caller may change its lists


def _analyze(args: tuple[str, str, bool]) -> tuple[str, tuple[str, ...], tuple[Run, ...]]:
    title, context, listed = args
    title, tickers = drop_tickers(title)
    if "$" in title:
        title = _DOLLAR_CODE_RE.sub("", title)  # "NZ$1.15", "HK$2 billion": a currency, no name
    case = None  # whether the headline is Title Case: from its own capitals, quotation too
    if ("'" in title or '"' in title or "‘" in title or "“" in title) and QUOTED_RE.search(title):
        # "'Focus on patient care': HCA's chief ...": a quotation's words are no names
        case = is_title_case(_TOKEN_RE.findall(title))
        title = QUOTED_RE.sub(lambda m: m.group(0).lower(), title)
    brands: dict[str, str] = {}
    if ":" in title and _NAME_COLON_RE.search(title):
        # "Name:Name" is one brand, not a kicker; its first word is the distinctive one, the
        # rest reads like a suffix ("Generate:Biomedicines" is "Generate" to other coverage).
        brands = {tail.lower(): head.lower() for head, tail in _BRAND_HEAD_RE.findall(title)}
        title = _NAME_COLON_RE.sub(" ", title)
    if title.isascii() and "-" not in title and "'" not in title:
        out = _analyze_plain(title, context, case, listed)
    else:
        out = _analyze_general(title, context, case, listed)
    runs = out[2]
    if brands or any("." in k for key, _ in runs for k in key):
        out = (out[0], out[1], brand_keys(runs, brands))
    if "." in title and (web := _LOWER_BRAND_RE.findall(title)):
        out = (out[0], out[1], _with_web_brands(title, out[2], web))
    if tickers:
        out[1].extend(fold(w) for w in tickers.split())  # still words of the item, never names
    # kept as tuples: the collector stops tracking them (tracked, a kept answer would outlive
    # a young collection or two and count towards the next full one)
    return out[0], tuple(out[1]), tuple(out[2])


# a brand written as its web address in lower case ("harrison.ai", "suki.ai"): a company's
# name though it has no capital (keyed by the name without its web suffix)
_LOWER_BRAND_RE = re.compile(r"(?<![\w.@/])([a-z][a-z0-9-]{2,})\.(?:ai|io|health|bio|care|med)\b(?![.\w/])")


def _with_web_brands(title: str, runs: list[Run], web: list[str]) -> list[Run]:
    """`runs` and the lower-case web-address brands of the headline as parties, the brand
    first when it opens the headline."""
    keys = {key for key, _ in runs}
    for brand in web:
        if (brand,) in keys:
            continue
        run = ((brand,), PARTY)
        runs = [run, *runs] if title.startswith(brand) else [*runs, run]
    return runs


# An item's headline is analyzed by the matching (its learned stage), then the story index,
# then the facts of a story it starts: a poll's worth of the latest answers (bounded).
_analyzed = memo(_analyze, 512)


def _analyze_plain(title: str, context: str, case: bool | None = None, listed: bool = False) -> tuple[str, list[str], list[Run]]:
    # ASCII, nothing to split or strip (most headlines): tokens are the words, and hold no space.
    raw = _TOKEN_RE.findall(title)
    kicker = 0
    for i, tok in enumerate(raw[:4]):
        if tok == ":":
            kicker = i + 1
    key = " ".join([t for t in raw if t not in _UNKEYED]).lower()
    words = raw[kicker:] if kicker else raw
    runs = _name_keys(words, [False] * len(words), context, case, ascii_only=True, listed=listed)
    return key, key.split(), _with_labels(raw[:kicker], runs) if kicker else runs


def _with_labels(kicker: list[str], runs: list[Run]) -> list[Run]:
    """The LABEL runs of a kicker's acronyms and CamelCase names ("MASAI", "SmartHospital";
    not a conference's edition, "HIMSS23", nor a label word, "EXCLUSIVE"), then `runs`."""
    keys = {key for key, _ in runs}
    labels = [((fold(w),), LABEL) for w in kicker
              if len(w) > 1 and (w.isupper() or CAMEL_RE.search(w)) and word_class(w) == STRONG
              and not any(c.isdigit() for c in w) and (fold(w),) not in keys]
    return [*labels, *runs] if labels else runs


def _analyze_general(title: str, context: str, case: bool | None = None, listed: bool = False) -> tuple[str, list[str], list[Run]]:
    raw = _TOKEN_RE.findall(title if title.isascii() else unicodedata.normalize("NFKC", title))
    words: list[str] = []
    owns: list[bool] = []  # possessive or attributive: owns or backs something
    kicker = 0
    for i, tok in enumerate(raw):
        if "-" not in tok and "'" not in tok and "’" not in tok:
            words.append(tok)
            owns.append(False)
            if tok == ":" and i < 4:
                kicker = len(words)  # "HIMSS23: ...", "Recap: ...": a kicker, not a party
            continue
        for part in _split_hyphen(tok):
            part = ELIDED_RE.sub("", part)  # "L'IA", "dell'ospedale": the article is no part of the word
            ending = part[:1].isupper() and not part.endswith(("'s", "’s")) and CASE_SUFFIX_RE.search(part)
            if ending:
                part = part[: ending.start()]  # "Google Cloud'dan": Turkish, from Google Cloud
            base = part[:-2] if part.endswith(("'s", "’s")) else part
            word = _ATTRIBUTIVE_RE.sub("", base) if "-" in base else base
            words.append(word)
            owns.append(word != part or bool(ending))  # a case ending closes the name, as 's does
    if any(head in title for head in NAMED_FOR_HEADS):
        named_for(words, owns)
    plain = [w for w in words if w not in _UNKEYED and w != "-"]
    if title.isascii():
        folded = [w.lower() for w in plain]
        key = " ".join([t for t in raw if t not in _UNKEYED]).lower()
        if "'" in key:
            key = " ".join(w.strip("'") for w in key.split())
    else:
        folded, key = [fold(w) for w in plain], title_key(title)
    runs = _name_keys(words[kicker:], owns[kicker:], context, case, listed=listed)
    return key, folded, _with_labels(words[:kicker], runs) if kicker else runs


def _name_keys(words: list[str], owns: list[bool], context: str, case: bool | None = None, *,
               ascii_only: bool = False, listed: bool = False) -> list[Run]:
    """(key, kind) of a headline's name runs; `owns`: "Epic's", "Nvidia-backed" words; `case`:
    whether the headline is Title Case, when its quotation was lowered (else read off `words`)."""
    title_case = is_title_case(words) if case is None else case
    ctx = Context(context, full=title_case)
    classes = list(map(word_class, words))
    for k in [k for k, word in enumerate(words) if word[:1].isdigit() or word[-1:].isdigit()]:
        # "$65 Mn", "Rs 500 Cr": a figure's unit and currency words, no names
        if k + 1 < len(words) and words[k + 1].lower() in MULT:
            classes[k + 1] = PLAIN
        if k and words[k - 1].lower() in SIGNS:
            classes[k - 1] = PLAIN
    local = local_language(words) if title_case or (words and classes[0] == OTHER_CAP) else 0
    if local:
        # A word of the headline's own language is no name where capitals say nothing: in
        # Title Case, and opening the headline ("Kongen besøger ..."); unless the summary
        # capitalizes it mid-sentence too ("Kimia Farma"). Acronyms, CamelCase and org
        # suffixes still are names; mid-sentence in sentence case a capital makes a name.
        # In Title Case with a summary, its other words too: the word lists hold a language's
        # frequent words, not its inflected verbs ("Gandeng", "Kantongi"); past the opening
        # word (the subject, most often the company) only a word the summary capitalizes
        # too, or a web address ("Harrison.ai"), is a name.
        unlisted = title_case and bool(ctx.text)
        classes = [PLAIN if c > STRONG and (
            ((title_case or k == 0) and LOCAL_BITS.get(w.lower(), 0) & local)
            or (unlisted and k > 0 and "." not in w)) and not ctx.has_caps(w) else c
            for k, (w, c) in enumerate(zip(words, classes, strict=True))]
    runs = find_runs(words, owns, title_case, ctx, classes, listed=listed)
    german = not GERMAN.isdisjoint(map(str.lower, words))
    out: dict[tuple[str, ...], int] = {}
    size = len(words)
    # The run opening the news: the first, after labels only ("Nasdaq-listed Qubrix"), or the
    # run after a person or an owner opening the headline ("Jane Roe says Qubrix ...").
    # A compound with a lower-case part opening the headline describes the name after it
    # ("Symptom-checker Ada raises"): a label too.
    subject = 0 if runs and all(c <= NEVER or (k == 0 and described(words[0]))
                                for k, c in enumerate(classes[: runs[0][0]])) else -1
    referenced = -1  # the last run named after a reference cue
    for n, (a, b) in enumerate(runs):
        if german and b - a > 1:
            # "mit KI-Anbieter Datavis", "Softwarefirma Dotmatics", "Berliner
            # Gesundheits-Start-up X": German capitalizes the kind, alone or as a compound's
            # head, and what describes it; the name follows the last kind
            a = next((k + 1 for k in range(b - 2, a - 1, -1) if german_kind(words[k])), a)
        if a == 0 and b > 1 and words[0].lower() in REFERENCE_CUES:
            a = 1  # "After BigBasket, Tata ...": the opening word is the cue, not the name
        if b + 1 < size and words[b] == "-" and words[b + 1].lower() in ORG_NOUNS:
            continue  # "Krebsdaten-Spezialisten Flatiron": the compound's head describes the kind
        run = words[a:b]
        folded = [w.lower() for w in run] if ascii_only else list(map(fold, run))
        if place_form(folded) in PLACE_FORMS:
            out[tuple(folded)] = PLACE  # "Texas", "Europe's", "New York": where, not who
            continue
        key = _run_key(folded)
        if not key and b - a > 1 and run[0].isupper() and len(run[0]) > 1:
            # "SA Health", "AG Health": an acronym that is also a company form, with its kind,
            # is a name (South Australia's health department), not two suffixes
            key = tuple(w for w in folded if w != "-")
        if all(w in ORG_NOUNS for w in key):
            continue  # "Chipmaker's platforms", "Startup": a kind of company, no name of one
        if not title_case and not owns[b - 1] and describes_company(words, b, runs[n + 1][0] if n + 1 < len(runs) else size):
            continue  # "Oxford AI drug firm lands ...": where an unnamed company is from, no name of it
        if len(key) == 1 and len(key[0]) == 1:
            suffix = [w for w in folded if w in ORG_SUFFIXES]
            if not suffix:
                continue  # "Series C", "Plan B": a letter is a label
            key = (key[0], suffix[0])  # "K Health": a one-letter brand with its kind is a name
        if not key:
            continue
        if a == 0 and b == 1 and owns[0] and classes[0] > STRONG and ctx.has_lower(folded[0]):
            continue  # "Consultant's recap": an opening owner the summary writes in lower case
        before = words[a - 1].lower() if a > 0 else ""
        after = words[b].lower() if b < size else ""
        joined = (before in JOINERS and n > 0 and runs[n - 1][1] == a - 1) or (
            after in JOINERS and n + 1 < len(runs) and runs[n + 1][0] == b + 1
        )
        if german and all(c in (OTHER_CAP, COMMON_CAP) for c in classes[a:b]) and not (
            (joined and not common_pair(words, runs, n, classes)) or before in OBJECT_CUES or german_kind(before)
            or ((a == 0 or before == "von") and (all(c == OTHER_CAP for c in classes[a:b])
                                                 or (b - a > 1 and OTHER_CAP in classes[a:b])))
        ):
            # a German noun is capitalized like a name: only a party position makes one (the
            # opening, "mit", a kind, or "von" before an uncommon word: "KI von Radiona")
            continue
        if before in REFERENCE_CUES or (
            before in JOINERS and before != "," and n > 0 and runs[n - 1][1] == a - 1 and referenced == n - 1
        ):
            # "days after OpenAI's launch", "as it chases Amazon and Microsoft": an earlier
            # event or a comparison, no party (and the names listed with it neither)
            kind = NAME
            referenced = n
            if subject == n:
                subject = n + 1  # "After BigBasket, Tata picks ...": the news opens after it
        elif after in _MAKER_NOUNS and n + 1 < len(runs) and runs[n + 1][0] == b + 1:
            kind = NAME  # "Ozempic maker Novo Nordisk", "ChatGPT developer OpenAI": the product
        elif (n + 1 < len(runs) and labels_next(words, b, runs[n + 1][0], KIND_NOUNS)
              and ORG_SUFFIXES.isdisjoint(folded) and not owns[b - 1]):
            # "Virtual MSK company Hinge Health", "Beachwood Imaging Software Firm MIM": what
            # kind of company the name after is, a label of it; the name opens the news
            kind = NAME
            if a == 0 or subject == n:
                subject = n + 1
        elif is_person(run, before, after, ctx.text) or (
                not NOT_PARTIES.isdisjoint(folded) and ORG_SUFFIXES.isdisjoint(folded)) or (
                a == 0 and b + 1 < size and interviewed(run, after, words[b + 1].lower())):
            # a person (a CEO quoted, a founder interviewed), an office of the state (a
            # minister, a court: who acted) or a conference (where) is never a party
            kind = NAME
            if a == 0 or subject == n:
                subject = n + 1  # "Jane Roe says Qubrix ...": the name after the person opens the news
        elif owns[b - 1] and n + 1 < len(runs) and (runs[n + 1][0] == b or appositive(words[b : runs[n + 1][0]])):
            kind = OWNER  # "Flagship's Generate", "Flagship's AI company Generate": who stands behind it
            if a == 0 or subject == n:
                subject = n + 1
        elif (
            not ORG_SUFFIXES.isdisjoint(folded)
            or joined
            or owns[b - 1]
            or after in DEAL_NOUNS
            or before in OBJECT_CUES
            or before in ORG_NOUNS
            or (a > 1 and described_after(words[a - 2].lower(), words[a - 1]))
            or (before == "of" and a > 1 and words[a - 2].lower() in DEAL_OBJECTS)
            or ((a == 0 or subject == n) and _strong_opening(run, ctx))
        ):
            kind = PARTY
        else:
            kind = NAME
        out[key] = max(out.get(key, NAME), kind)
    return list(out.items())


def _run_key(folded: list[str]) -> tuple[str, ...]:
    """The key words of a run: no generic, connecting or suffix words, nor common opening ones."""
    key = tuple([k for k in (initialled(folded) if "&" in folded else folded) if k not in KEY_DROP and k != "-"])
    if len(key) > 1 and not ORG_SUFFIXES.isdisjoint(folded) and all(k in COMMON for k in key):
        return key  # "Ardent Health Services": common words named with their kind are the name
    while len(key) > 1 and (key[0] in COMMON or ("-" in key[0] and _common_compound(key[0]))):
        key = key[1:]  # "Former Stanford", "Long-awaited FDA": common words opening a run
    return key


def _common_compound(word: str) -> bool:
    """A hyphenated word made only of common words ("long-awaited"): not a name."""
    return all(part in COMMON for part in word.split("-"))


_UNKEYED = BREAKS | {"&"}  # tokens that are no words of the headline's key
# "X maker Y": X is what Y makes, Y the organisation
_MAKER_NOUNS = frozenset({"maker", "developer", "creator", "owner", "parent"})
# a quotation: opened at the start or after a space, closed before a non-letter (the facts read
# a quoted name as a product's or programme's: `facts.names.role`)
QUOTED_RE = re.compile(r"(?:^|(?<=\s))(?:'[^']+'|‘[^’]+’|\"[^\"]+\"|“[^”]+”)(?!\w)")
# French and Italian elided articles and prepositions written onto the next word (general
# grammar of those languages): "l'IA", "d'Epic", "dell'ospedale", "all'AI"
ELIDED_RE = re.compile(r"^(?:[LlDdJjNnSsCc]|[Qq]u|[Dd]ell|[Aa]ll|[Dd]all|[Nn]ell|[Ss]ull)['’](?=\w)")
# Turkish writes a name's case ending after an apostrophe ("Google Cloud'dan", "IBM Watson'ı",
# "Nvidia'ya"): the ablative, locative, genitive, accusative, dative and instrumental endings
# in their vowel-harmony forms (Turkish grammar). The name is the word before it.
CASE_SUFFIX_RE = re.compile(r"['’](?:[dt][ae]n?|n?[ıiuü]n|[ny]?[ıiuü]|y?[ae]|y?l[ae])$")


def _strong_opening(run: list[str], ctx: Context) -> bool:
    # A headline's first word is capitalized anyway: it is a party only when it looks like a
    # name on its own (several words, an acronym, CamelCase, or capitalized in the summary).
    first = run[0]
    if len(run) > 1 or first.isupper() or CAMEL_RE.search(first) or ctx.has_caps(first):
        return True
    low = fold(first)
    return low not in COMMON and low not in STOP and low not in GENERIC and not ctx.has_lower(low)
