"""MinHash, the band index, guard keys, and the story profile record."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.stories.index import StoryIndex
from bot.stories.profile import StoryProfile
from bot.stories.records import from_record, to_record
from bot.stories.signature import (
    BandIndex,
    MinHasher,
    amounts,
    is_roundup,
    jaccard,
    key_hash,
    phases,
    rounds,
    shingles,
    sign_item,
    word_hash,
    years,
)
from tests.support.stories import story_item


def test_the_same_amount_reads_the_same_in_any_spelling() -> None:
    assert amounts("raises $50M") == amounts("raises $50 million") == {50_000_000}
    assert amounts("sammelt 210 Mio. Dollar ein") == amounts("$210 million round") == {210_000_000}
    assert amounts("pagan 12.000 millones") == amounts("a $12 billion valuation") == {12_000_000_000}
    assert amounts("deve captar US$ 200 milhões") == {200_000_000}


def test_plain_numbers_are_not_amounts() -> None:
    assert amounts("11 partnerships from the past month, 2024 edition") == set()


def test_it_reads_years_and_funding_rounds() -> None:
    assert years("Epic UGM 2025 recap") == {"2025"}
    assert rounds("OpenEvidence Raises $210 Million Series B") == {"series b"}


def test_a_closing_is_not_an_agreement() -> None:
    assert phases("Commure completes acquisition of Augmedix") == {"closed"}
    assert phases("Commure agrees to acquire Augmedix for $2.35 per share") == {"agreed"}
    assert phases("Who speaks and what to expect at the user group meeting") == {"preview"}
    assert phases("Mercy and Microsoft sign a generative AI deal") == set()


def test_newsletters_lists_and_digests_are_roundups() -> None:
    assert is_roundup("Weekly Health Tech Reads: a $12 billion round and more")
    assert is_roundup("Big Tech and health systems: 11 partnerships from the past month")
    assert is_roundup("Tech+Bio Highlights #53: Lilly opens its models")
    assert is_roundup("Lilly opens its models", "Newsletter issue covering TuneLab and other items.")
    assert not is_roundup("Lilly opens its AI models to biotech startups")


def test_clauses_naming_two_deals_are_a_roundup_and_clauses_of_one_deal_are_not() -> None:
    assert is_roundup("Quorvano partners with Telmira; Harlow Health deploys Varnel")
    # a clause naming one organisation, or the same ones, tells more of the one deal
    assert not is_roundup("Quorvano and Telmira team up on AI trials; Telmira invests $80 million")
    assert not is_roundup("Quorvano to acquire 66% of Telmira; Varnel to launch open offer")
    assert not is_roundup("Quorvano winds down; Harlow Health and Varnel pick up the pieces")
    index = StoryIndex()
    deal = index.assign(story_item("a", "Quorvano and Telmira team up on AI for cardiac trials; Telmira invests $80 million"))
    french = index.assign(story_item("b", "Quorvano lève 80 millions de dollars auprès de Telmira pour ses essais", hours=10))
    assert french.story_id == deal.story_id, french.reason


def test_minhash_is_deterministic_and_estimates_jaccard() -> None:
    a = shingles(["duke", "health", "microsoft", "five", "year", "generative", "cloud", "deal"])
    b = shingles(["duke", "health", "microsoft", "five", "year", "generative", "cloud", "pact"])
    sig_a, sig_a2 = MinHasher().signature(a), MinHasher().signature(a)
    assert (sig_a == sig_a2).all()
    true = len(a & b) / len(a | b)
    assert abs(jaccard(sig_a, MinHasher().signature(b)) - true) < 0.2
    assert jaccard(sig_a, MinHasher().signature({"unrelated", "words"})) < 0.1
    assert jaccard(MinHasher().signature(set()), MinHasher().signature(set())) == 0.0


def test_band_index_finds_near_duplicates_and_forgets_removed_keys() -> None:
    hasher, index = MinHasher(), BandIndex()
    words = ["mayo", "clinic", "microsoft", "generative", "ai", "radiology", "partnership", "announced"]
    bands = index.band_keys(hasher.signature(shingles(words)))
    index.add("s-1", bands)
    assert index.query(index.band_keys(hasher.signature(shingles(words[:-1])))) == {"s-1"}
    index.remove("s-1", bands)
    assert index.query(bands) == set()
    assert len(index) == 0 and not index.holds("s-1")


def test_a_story_profile_survives_a_json_round_trip() -> None:
    sig = sign_item("Mayo Clinic and Microsoft sign $5 million AI deal", "", None, MinHasher())
    when = datetime(2025, 3, 1, tzinfo=UTC)
    profile = StoryProfile("s-a", "a", sig.title, when, when, lead_names=sig.parties)
    profile.absorb(sig)
    assert profile.add_sig(sig.minhash)
    restored = from_record(json.loads(json.dumps(to_record(profile))))
    assert to_record(restored) == to_record(profile)
    assert restored.amounts == {5_000_000}
    assert (restored.signatures()[0] == sig.minhash).all()


def test_analyses_explainers_and_foreign_language_questions_are_commentary() -> None:
    from bot.stories.cues import is_commentary

    assert is_commentary("What NoteWise does for developers of clinical apps")
    assert is_commentary("Por qué los inversores pagan 9.000 millones por NuvoCare")
    assert is_commentary("Big Tech efforts failed before; Quorix argues models change that")
    assert is_commentary("Duke on what the Microsoft partnership means for research")
    assert is_commentary("Quorix adds connectors", "Analysis: the launch and its rivals.")
    assert not is_commentary("Mayo Clinic and Microsoft sign AI research deal")
    assert not is_commentary("Commure agrees to acquire Augmedix for $139 million")


def test_a_band_bucket_every_headline_shares_stops_meaning_similar() -> None:
    from bot.stories.minhash import COMMON

    hasher, index = MinHasher(), BandIndex()
    bands = index.band_keys(hasher.signature({"generic", "words", "only"}))
    for n in range(COMMON - 1):
        index.add(f"s-{n}", bands)
    assert len(index.query(bands)) == COMMON - 1
    index.add("s-full", bands)
    assert index.query(bands) == set()  # a stop word of bands: skipped, and it takes no more keys
    index.remove("s-0", bands)
    assert len(index.query(bands)) == COMMON - 1


def test_a_version_1_record_of_word_strings_still_loads_and_matches() -> None:
    sig = sign_item("Mayo Clinic and Microsoft sign $5 million AI deal", "", None, MinHasher())
    when = datetime(2025, 3, 1, tzinfo=UTC)
    v1 = {
        "version": 1, "id": "s-a", "lead": "a", "title": sig.title, "first_seen": when.isoformat(),
        "last_seen": when.isoformat(), "lead_names": [["mayo"], ["microsoft"]],
        "names": [[["mayo"], "Mayo"], [["microsoft"], "Microsoft"]], "words": ["mayo", "clinic", "microsoft"],
        "tokens": ["mayo", "microsoft"], "title_tokens": ["mayo", "microsoft"], "amounts": [5000000],
        "sigs": [[1] * 64], "keys": {"uhttps://ex.com/a": "a"}, "title_keys": ["mayo clinic and microsoft"],
    }
    profile = from_record(v1)
    assert set(profile.words) == {word_hash("mayo"), word_hash("clinic"), word_hash("microsoft")}
    assert list(profile.keys) == [key_hash("uhttps://ex.com/a")] and list(profile.key_members) == ["a"]
    assert profile.sigs == b""  # another permutation family: dropped, the words still match


def test_signing_token_hashes_in_numpy_equals_signing_their_shingle_set() -> None:
    import random

    from bot.stories.minhash import shingle_hashes

    hasher, rng = MinHasher(64), random.Random(5)
    for size in (0, 1, 2, 7, 40, 300):  # 300: past the reused buffer's first size
        hashes = [rng.getrandbits(31) for _ in range(size)] + [11, 11]  # a repeated word too
        assert (hasher.from_tokens(hashes) == hasher.from_hashes(shingle_hashes(hashes))).all()
    assert (hasher.from_tokens([]) == hasher.from_hashes(set())).all()


def test_commentary_and_roundup_gates_let_every_cue_through() -> None:
    from bot.stories.cues import is_commentary

    assert is_commentary("What the Epic-Microsoft deal means for hospitals")
    assert is_commentary("Deep dive: ambient scribes in 2025")
    assert is_roundup("Top 10 health AI deals")
    assert is_roundup("Health AI weekly: Epic, Microsoft")
    assert not is_commentary("Epic partners with Microsoft on ambient notes")
    assert not is_roundup("Epic partners with Microsoft on ambient notes")


def test_a_story_keeps_the_word_hashes_of_its_parties_through_a_round_trip() -> None:
    from bot.stories.signature import name_hashes

    when = datetime(2025, 1, 1, tzinfo=UTC)
    leads = (("mayo",), ("joint", "commission"))
    profile = StoryProfile("s-a", "a", "t", when, when, lead_names=leads)
    assert profile.lead_hashes == tuple(name_hashes(n) for n in leads)
    assert from_record(to_record(profile)).lead_hashes == profile.lead_hashes


def test_amounts_in_dutch_italian_and_scandinavian_number_words() -> None:
    assert amounts("koopt hartbewakingsbedrijf voor 2,8 miljard dollar") == amounts("buys it for $2.8 billion")
    assert amounts("raccoglie 300 milioni di euro") == amounts("raises €300 million") >= {300_000_000}


def test_a_new_story_keeps_its_parties_hashes_as_its_first_item_gives_them() -> None:
    from bot.stories.signature import lead_hashes, names_hashes

    hasher = MinHasher()
    for title in ("Mayo Clinic and Microsoft sign $5 million AI deal",
                  "Joint Commission and CHAI publish guidance with Kaiser Permanente",
                  "Epic's UGM: what the demos mean", "AI roundup"):
        sig = sign_item(title, "", None, hasher)
        assert lead_hashes(sig) == (sig.party_hashes or names_hashes(sig.parties))


def test_band_keys_are_one_a_band_and_equal_bands_give_equal_keys() -> None:
    hasher, index = MinHasher(), BandIndex()
    one = hasher.signature({"mayo", "clinic", "microsoft"})
    other = one.copy()
    other[4:] = hasher.signature({"unrelated", "words"})[4:]  # the first band alike, the others not
    keys, other_keys = index.band_keys(one), index.band_keys(other)
    assert len(keys) == 16 and [k & 15 for k in keys] == list(range(16))
    assert keys[0] == other_keys[0] and keys[1:] != other_keys[1:]
    assert index.band_keys(hasher.signature(set())) == []


def test_a_figure_after_its_currencys_abbreviation_is_money_not_a_name() -> None:
    hasher = MinHasher()
    for headline, figure in (("Zorvia makes ADX debut after Dh3.67 billion IPO", "dh3.67"),
                             ("Kelvo raises Rs500 crore led by Tamsin", "rs500"),
                             ("Brindle lands RM50m from Orrow", "rm50m")):
        names = {" ".join(n) for n in sign_item(headline, "", None, hasher).names}
        assert figure not in names and names, headline
    # a brand that only looks like one keeps its name: no currency is abbreviated "C" or "Xq"
    assert ("xq3",) in sign_item("Xq3 partners with Ulmo Health", "", None, hasher).names
