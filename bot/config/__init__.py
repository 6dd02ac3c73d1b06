"""Configuration: the YAML file in, one typed, validated `Settings` out.

    loader       load(path) -> Settings, redact(settings), redact_url(url), resolve_database
    yamlfile     YAML with line marks (duplicate keys and alias bombs refused)
    types        value types and base models (durations, cron, time zones, slugs)
    settings     the `Settings` model and every section of it
    destinations one model per destination type, each with `disabled_reason()`
    lexicon      term lists kept as files (`{file: PATH}` entries of `terms:`)

Nothing here fetches, parses feeds or sends; every later stage takes `Settings` (or a part
of it) as an argument.
"""

from bot.config.loader import load, redact, redact_url, resolve_database

__all__ = ["load", "redact", "redact_url", "resolve_database"]
