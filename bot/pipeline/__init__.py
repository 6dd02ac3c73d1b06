"""The pipeline: the only code that sequences the stages of a poll.

    poll        poll_due / refresh_source: fetch ─► parse (worker) ─► plan ─► commit
    worker      parse worker side: bytes ─► parse ─► normalize ─► rules.match (picklable out)
    pool        the worker processes; bodies that queue up travel as one task
    plan        match ─► story ─► deliveries, pure but for the story index (plan_poll)
    writer      group commit: critical sections one at a time, queued ones in one transaction
    storysync   stories other processes committed replace ours

Importing this package imports none of them: a parse worker loads `worker` alone.
"""
