"""Stories: which items report the same news (one story, one alert).

    headline   text of a headline: outlet suffix, title key, folded and content words
    names      the names and parties of a headline (who the news is about)
    labels     words that look like names but name no party: tickers, fiscal periods, places
               (data/places.txt)
    lexicon    word lists (stop, generic, name cues, aliases): data/lexicon.txt, data/*_words.txt
    memo       bounded memo tables for the pure word functions (hashes, word classes)
    cues       guard cues: amounts, years, rounds, phases, development kinds, roundups (their
               words and patterns: data/cues.txt)
    gates      literal gates: the words a cue pattern's matches start with, tested first
    minhash    MinHash signatures over shingles and the LSH band index
    signature  an item's signature and a live story's compact profile
    records    a story's profile as JSON-ready data and back (what the store keeps)
    judge      whether an item joins a story (thresholds and guards, pure)
    index      StoryIndex: exact keys, near-duplicate candidates, assign, evict, export/load

Pure: no I/O but the data files read once at import; deterministic across processes.
"""
