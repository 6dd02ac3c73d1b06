"""Parse: bytes -> `ParsedFeed` (plain `RawEntry`s, no feedparser objects past this package).

    feed      parse(bytes): defuse, sniff the root element, JSON Feed, the lxml fast path,
              else feedparser (the only module that imports it)
    fast      lxml fast path, identical to feedparser where it accepts (`bench/parity.py`)
    jsonfeed  JSON Feed 1.0/1.1
    dates     feed date strings -> aware UTC datetimes

Pure and CPU-bound: it runs in the parse workers (`pipeline.worker`).
"""
