"""Word lists for headline analysis: stop words, generic domain words, name cues, aliases.

Promise: plain frozensets and one dict, no logic. They describe English (and a little German,
Spanish, Portuguese and French) headline language and how organisations are named, never any
one company's story; a word belongs here only when it is generic across news beats.
"""

from __future__ import annotations

# Kept small and general: they describe English headlines and org naming, not any one company.


def word_set(text: str) -> frozenset[str]:
    """The words of `text`, as a frozenset."""
    return frozenset(text.split())


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
COMMON = word_set(
    "forge forges long-term multiyear multi-year five-year collaboration clinicians more time "
    "service services into electronic record records enters enter cloud issue issues draft guidance "
    "enabled device devices software functions agency-wide staff raises raise million billion "
    "series co-led publish publishes first responsible hospitals proposes framework used support "
    "biologic regulatory decisions agrees acquire acquires acquisition share cash completes "
    "closes close round valuation why what how inside live recap startups startup the a "
    "big weekly reads highlights meeting conference user group global expand expands expansion "
    "opens open goes life science sciences drug drugs discovery research data model models "
    "agent agents nurse nurses scribe scribes ambient assistant copilot chatbot program "
    "initiative center lab labs innovation digital future transform transforms patient "
    "secure security privacy funding investment invests investors investor backed valued "
    "update statement press release exclusive breaking analysis opinion interview "
    "partners partner partnership partnerships collaborate deal deals pact agreement "
    "announce announces launch launches unveil unveils sign signs team teams up with "
    "health healthcare medical care clinical generative artificial intelligence "
    "this that these our your its their new latest critics critic experts report study survey "
    "por para como sobre wie warum pourquoi comment "
    "exclusive explainer explained explainer q&a podcast webinar video watch listen"
)
NOT_NAMES = word_set(
    "ai a.i ki ia ceo cio cto cmo cfo coo cdo u.s us usa uk eu ehr ehrs emr llm llms gpu gpus "
    "api apis it hipaa genai nlp saas faq q&a ipo m&a r&d vp svp evp dr mr ms mrs "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday live recap exclusive breaking opinion analysis update "
    "why what how who when where inside here startups big"
)
KNOWN_ORGS = word_set(
    "microsoft google alphabet deepmind amazon aws apple meta ibm oracle epic salesforce nvidia "
    "openai anthropic intel samsung siemens philips medtronic pfizer novartis lilly roche merck "
    "sanofi astrazeneca gsk bayer moderna abbvie amgen biogen kaiser mayo fda cms nih cdc nhs who "
    "cerner nuance abridge ge"
)
ORG_SUFFIXES = word_set(
    "health healthcare clinic clinics labs lab ai inc inc. corp corporation co company systems "
    "system medical medicine center centre hospital hospitals university pharma pharmaceuticals "
    "therapeutics bio biosciences technologies technology group holdings network care research "
    "institute foundation ltd llc plc ag gmbh sa games"
)
CONNECTORS = word_set("of & for the and")
# One organization, two names in headlines (a parent and its best-known unit).
ALIASES = {"aws": "amazon", "amazon": "aws", "alphabet": "google", "google": "alphabet",
           "deepmind": "google", "meta": "facebook", "facebook": "meta"}
# Words around a name that make it a party of the news (bot.titles): "X and Y", "acquires X",
# "the acquisition of X", "X partnership".
JOINERS = frozenset({"and", "&", ",", "with", "und", "y", "e", "et", "vs", "-"})
# "acquires X", "taps X", "rolls out X": the name after these is the other party of the deal.
OBJECT_CUES = word_set(
    "acquire acquires acquired acquiring buy buys bought taps tap picks selects deploys deploy "
    "adopts adopt with out"
)
DEAL_OBJECTS = frozenset({"acquisition", "purchase", "buyout", "takeover", "merger"})
DEAL_NOUNS = frozenset({"deal", "partnership", "pact", "alliance", "collaboration", "tie-up", "agreement"})
