"""The pipeline: the only code that sequences the stages of a poll.

    poll        poll_due / refresh_source: fetch ─► parse (worker) ─► plan ─► commit
    worker      parse worker side: bytes ─► parse ─► normalize ─► rules.match (picklable out)
    pool        the worker processes; bodies that queue up travel as one task
    plan        match ─► story ─► deliveries, pure but for the story index (plan_poll)
    writer      group commit: critical sections one at a time, queued ones in one transaction
    storysync   stories other processes committed replace ours

Importing this package imports none of them: a parse worker loads `worker` alone.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    # Compatibility path for `from bot.pipeline import reload_stories` (the story modules'
    # tests); removed with the move of those modules into `bot/stories/`.
    if name == "reload_stories":
        from bot.pipeline.poll import reload_stories

        return reload_stories
    raise AttributeError(name)
