"""Slack that talks back: feedback buttons, `/newsbot`, and rules that learn from the team.

`verify` (signed HTTP requests), `payloads` (what Slack sends, parsed and checked), `gate` (who
may act), `clicks` (buttons -> labeled examples), `commands` (`/newsbot`), `socketmode` (the
same over a WebSocket), `suggest` (proposals backtested on the examples) and `yamledit` (a
proposal written into the config, comments kept).
"""
