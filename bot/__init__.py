"""newsbot: watch feeds and news searches, match rules, dedup stories, alert Slack and email."""

__version__ = "0.1.0"
USER_AGENT = f"newsbot/{__version__} (+https://github.com/newsbot-dev/newsbot; self-hosted news alerts)"
