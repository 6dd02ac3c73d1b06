"""Normalize: `RawEntry` -> `Item`.

    item   normalize(entry, source=, fetched_at=, outlet=) -> Item | None: clean text,
           aware UTC dates, canonical URL, Google News outlet split, fingerprint
    text   HTML to clean text, boilerplate removed
    urls   canonical URLs (tracking parameters, AMP, redirect wrappers), safe http(s) links

Pure: data in, data out.
"""
