"""Stories: which items report the same news (one story, one alert).

    headline   text of a headline: outlet suffix, title key, folded and content words
    names      the names and parties of a headline (who the news is about)
    languages  the headline's language, when it is one of the rules' other Latin-script ones
    context    how the summary writes a headline's words (lower case, capitalized mid-sentence)
    labels     words that look like names but name no party: tickers, fiscal periods, places
               (data/places.txt)
    lexicon    word lists (stop, generic, name cues, aliases): data/lexicon.txt, data/*_words.txt
    memo       bounded memo tables for the pure word functions (hashes, word classes)
    money      money figures in any spelling and currency (stories' keys, facts' amounts)
    myriad     figures as Japanese, Chinese and Korean write them
    cues       guard cues: what a figure is of, years, rounds, phases, development kinds,
               roundups (their words and patterns: data/cues.txt)
    gates      gates before cue patterns: the word starts their matches begin with
    minhash    MinHash signatures over shingles and the LSH band index
    signature  an item's signature and a live story's compact profile
    columns    a profile's sorted word columns and small sets, grown as members join
    records    a story's profile as JSON-ready data and back (what the store keeps)
    judge      whether an item joins a story (thresholds and guards, pure)
    keys       an item's identity keys (URL, GUID, Google News id, outlet and headline)
    index      StoryIndex: exact keys, near-duplicate candidates, assign, evict, export/load

Pure: no I/O but the data files read once at import; deterministic across processes.
"""
