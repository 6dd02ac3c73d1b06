"""Our error tree. Third-party errors are translated into these once, at the boundary.

    BotError                      message; .permanent says whether retrying can help
    ├── ConfigError               file, line, key path and how to fix it (always permanent)
    ├── FetchError                .kind, .status, .retry_after
    │     (permanent: 404, 410, not a feed, refused redirect; transient: time-outs, 5xx, 429)
    ├── ParseError                a document we could not read at all
    ├── RuleSyntaxError           a query that does not parse: column and hint
    ├── StoreError                the database refused or is unreachable
    ├── DeliveryError             a notifier failed: .permanent, .retry_after
    └── LockError                 another instance holds the database, or ours was lost

`cli` turns any BotError into a one-line message and a non-zero exit code, never a traceback.
"""

from __future__ import annotations


class BotError(Exception):
    """Base of every error newsbot raises on purpose."""

    permanent: bool = False
    exit_code: int = 1

    def __init__(self, message: str, *, permanent: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        if permanent is not None:
            self.permanent = permanent

    def __str__(self) -> str:
        return self.message


class ConfigError(BotError):
    """The config is invalid. The message reads `file:line: key.path: problem. fix`."""

    permanent = True
    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.file, self.line, self.key, self.hint = file, line, key, hint
        where = ":".join(str(p) for p in (file, line) if p is not None)
        parts = [p for p in (where, key) if p]
        text = ": ".join([*parts, message])
        if hint:
            text = f"{text} ({hint})"
        super().__init__(text)


class FetchError(BotError):
    """A fetch failed. `kind` is a stable label used in logs and metrics."""

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        permanent: bool = False,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, permanent=permanent)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after


class ParseError(BotError):
    """The body could not be read as a feed at all (not malformed: unreadable)."""

    def __init__(self, message: str, *, kind: str = "parse_error", permanent: bool = False) -> None:
        super().__init__(message, permanent=permanent)
        self.kind = kind


class RuleSyntaxError(BotError):
    """A query does not parse. `column` is 1-based into `query`."""

    permanent = True
    exit_code = 2

    def __init__(self, message: str, *, query: str, column: int, hint: str | None = None) -> None:
        self.query, self.column, self.hint = query, column, hint
        super().__init__(message)

    def caret(self) -> str:
        """The query with a caret under the offending column, for terminals."""
        return f"{self.query}\n{' ' * (self.column - 1)}^"


class StoreError(BotError):
    """The database failed."""


class DeliveryError(BotError):
    """A notifier failed. Permanent errors go to dead at once; others retry with backoff."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        retry_after: float | None = None,
        kind: str = "delivery_error",
    ) -> None:
        super().__init__(message, permanent=permanent)
        self.retry_after = retry_after
        self.kind = kind


class LockError(BotError):
    """Another newsbot instance uses this database, or this one lost it (file deleted)."""

    permanent = True
