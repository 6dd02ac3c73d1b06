"""Word lists for headline analysis: stop words, generic domain words, name cues, aliases.

Promise: plain frozensets and one dict, no logic. They describe English (and a little German,
Spanish, Portuguese and French) headline language and how organisations are named, never any
one company's story: a word belongs here only when it is generic across news beats, and no
word, phrase or name is here because one labelled item needed it. Sources: the function words,
month and day names and deal verbs of these languages (general grammar and newswriting); the
common words are generated from `wordfreq` frequencies (`data/common_words.txt`, whose header
names the version and cut-offs). Named organisations are NOT listed: a capitalized word that is
not a common word is a possible party, so an unknown company counts like a known one.
"""

from __future__ import annotations

from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data"


def word_set(text: str) -> frozenset[str]:
    """The words of `text`, as a frozenset."""
    return frozenset(text.split())


def _data_words(name: str) -> frozenset[str]:
    """The words of a generated data file (one a line; `#` lines are its header)."""
    with open(_DATA / name, encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip() and not line.startswith("#"))


STOP = word_set(
    "a an the and or but nor of to in on at by for from with without into onto over under about "
    "as is are was were be been being has have had do does did will would can could may might "
    "shall should must it its it's this that these those there their they them he she his her "
    "we our you your i me my not no yes so than then too very just also only even more most "
    "less least much many some any all each every both either neither other such own same "
    "who whom whose which what when where why how after before during while since until "
    "up down out off again further once here via per vs versus amid among across against "
    "between through within get gets got says said say new now one two three first last "
    "next year years month months week weeks day days today yesterday "
    "und der die das den dem des ein eine einer mit für von zu im ist auf bei "
    "el la los las de del y en con para por un una que se su al lo "
    "o os as da do dos das em com uma deve "
    "le les du et à au aux pour sur une est "
)
GENERIC = word_set(
    "ai a.i artificial intelligence generative genai gen machine learning ki ia "
    "health healthcare medical medicine care clinical partnership partner partnering "
    "collaboration collaborate collaborating alliance deal pact agreement team teams "
    "announce announces announced announcement launch launches launched unveil unveils unveiled "
    "sign signs signed strike strikes inks ink tap taps join joins joined "
    "plan plans report reports reported news update updates company companies firm "
    "system systems startup tool tools platform technology tech use uses using "
    "help helps build builds make makes bring brings give gives "
    "hospital hospitals provider providers patient patients physician physicians doctor doctors "
    "industry organization organizations inc corp llc ltd "
)
# Common words of the headline languages (en, de, fr, es, pt), generated from the general word
# frequencies of the `wordfreq` package by bench/make_common_words.py (the file's header says how):
# a capitalized word that is not among them is a name, a possible party of the news.
COMMON = _data_words("common_words.txt") | STOP | GENERIC
# The plain top of each language's word frequencies, names included (same source): in a Title
# Case headline a word among them is a name only when the summary capitalizes it too.
FREQUENT = _data_words("frequent_words.txt") | COMMON
NOT_NAMES = word_set(
    "ai a.i ki ia ceo cio cto cmo cfo coo cdo u.s us usa uk eu ehr ehrs emr llm llms gpu gpus "
    "api apis it hipaa genai nlp ml saas faq q&a ipo m&a r&d vp svp evp dr mr ms mrs "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday live recap exclusive breaking opinion analysis update "
    "why what how who when where inside here"
)
ORG_SUFFIXES = word_set(
    "health healthcare clinic clinics labs lab ai inc inc. corp corporation co company systems "
    "system medical medicine center centre hospital hospitals university pharma pharmaceuticals "
    "therapeutics bio biosciences technologies technology group holdings network care research "
    "institute foundation ltd llc plc ag gmbh sa"
)
CONNECTORS = word_set("of & for the and")
# German function words: in a German headline every noun is capitalized, so capitalization
# alone does not make a name there.
GERMAN = word_set("und der die das den dem des mit für fur von zum zur im ist ein eine einer auf bei sich nach über uber")
# One organization, two names in headlines: the parent/unit pairs of the largest US technology
# companies by market value, as their own annual reports name them (Alphabet: Google, DeepMind;
# Amazon: AWS; Meta Platforms: Facebook). General knowledge of how big firms are named.
ALIASES = {"aws": "amazon", "amazon": "aws", "alphabet": "google", "google": "alphabet",
           "deepmind": "google", "meta": "facebook", "facebook": "meta"}
# Words around a name that make it a party of the news (bot.stories.headline): "X and Y", "acquires X",
# "the acquisition of X", "X partnership".
JOINERS = frozenset({"and", "&", ",", "with", "und", "y", "e", "et", "vs", "-"})
# "acquires X", "taps X", "rolls out X": the name after these is the other party of the deal.
OBJECT_CUES = word_set(
    "acquire acquires acquired acquiring buy buys bought taps tap picks selects deploys deploy "
    "adopts adopt with out "
    "mit con avec com"  # "with" in German, Spanish, French, Portuguese
)
DEAL_OBJECTS = frozenset({"acquisition", "purchase", "buyout", "takeover", "merger"})
DEAL_NOUNS = frozenset({"deal", "partnership", "pact", "alliance", "collaboration", "tie-up", "agreement"})
# People are never parties of a deal (a CEO interviewed, a founder quoted): they are told from
# organisations by the words around them, never by a list of names. Person title words and
# verbs of statement of English newswriting (the general kinds, not any one person's titles).
PERSON_TITLES = word_set(
    "ceo cfo cto cmo coo cio founder cofounder co-founder chief president chairman chairwoman chair "
    "director dr dr. professor prof prof. executive boss author physician doctor scientist researcher "
    "analyst investor founder-ceo secretary commissioner minister senator governor"
)
SPEECH_VERBS = word_set(
    "says said tells told explains explained warns warned argues argued believes thinks predicts "
    "discusses reflects weighs defends defended recalls shares talks speaks urges calls wants "
    "sees expects admits insists notes writes wrote added noted"
)
