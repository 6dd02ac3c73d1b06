"""Delivery: what users receive, and when; never how it travels (that is `bot.notifiers`).

    messages   Alert, DigestMessage, OpsMessage and their JSON payloads (the outbox rows)
    routing    rule -> destinations; the console takes what nothing else can send
    summarize  extractive summaries
    outbox     claim -> send -> mark; retries with jitter, dead letters, reconcile
    digest     one digest per period of its cron schedule (`bot.cron`), grouping, preview

`messages`, `routing` and `summarize` sit below the pipeline (it plans deliveries with
them); `outbox` and `digest` sit above the notifiers they drive.
"""
