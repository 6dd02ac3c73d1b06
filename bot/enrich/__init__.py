"""Article text for candidate items whose feed text is short (the `enrich` stage).

`stage` decides which items are candidates and runs the stage between matching and delivery
planning; `article` fetches a page through the guarded fetcher (robots.txt honoured, a cache
keyed by canonical URL, conditional requests); `extract` turns a page into text in a parse
worker; `googlenews` resolves Google News links offline where the link itself holds the
publisher URL. A page that fails never costs an item: it goes on with its feed text.
"""
