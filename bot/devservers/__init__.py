"""Local stand-ins for the outside world, on 127.0.0.1 only: a feed server, a Slack Web API
and an SMTP sink.

They let `newsbot demo` show the whole product with no account anywhere and no network, and
they are the real servers behind the test fixtures in `tests/support/`. Each runs its own event
loop in a daemon thread (aiosmtpd's `Controller` does the same), so sync code, async code and
subprocesses can all talk to them; `start()` returns once the port is bound, `stop()` frees it.

    bot.devservers.feeds       FeedServer: the one loopback feed server, programmed path by
                               path (conditional GET, redirects, slow and broken answers);
                               the demo, the tests and the speed bench's feed farm use it
    bot.devservers.feedfolder  FeedFolderServer: a folder of feed files on it, with
                               `{{NOW-<minutes>}}` dates filled in
    bot.devservers.slack   SlackStandin: chat.postMessage, conversations.*, auth.test, webhooks
    bot.devservers.slack_socket  SocketModeStandin: Slack's Socket Mode WebSocket (envelopes
                               out, acknowledgements recorded), reached via apps.connections.open
    bot.devservers.smtp    start_smtp() -> SmtpServer: records every message it accepts
"""
