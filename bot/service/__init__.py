"""The long-running service around an `App`.

    scheduler     Service: APScheduler jobs (poll, outbox, digests, health, maintenance),
                  signals, reload
    httpapi       /healthz and /metrics
    metrics       Prometheus metrics and the health answer
    sourcehealth  source-health notices to the ops destination
    lock          the instance lock (SQLite file lock, PostgreSQL advisory lock), verify()
    control       the reload answer `newsbot reload` waits for
"""
