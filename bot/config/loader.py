"""Load the YAML config into `Settings`, with one clear line for every mistake.

    load(path, *, environ=None, cwd=None) -> Settings    raises ConfigError
    redact(settings) -> dict                            plain data for display, secrets masked
    redact_url(url) -> str                              a database URL with its password masked

`load` reads the file, parses it with PyYAML's safe loader and keeps the node tree, so every
problem names its line. It rejects duplicate keys and replaces `${VAR}` and `${VAR:-default}`
in string values from `environ` (`os.environ` by default; the default applies when the
variable is unset or empty; `$${` is a literal `${`). Then pydantic validates (`bot.config.settings`)
and the first problem in file order becomes one line:

    config/newsbot.yaml:42: sources[3].every: must be at least 1m (write e.g. 15m)

List indexes in key paths count from 0. Values that came from the environment are never
echoed in messages (an error names the variable instead), and nothing here logs.

A relative `sqlite:///` path is made absolute against `cwd` (the working directory by
default), so the database stays put if the process later changes directory.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from pydantic import SecretStr, ValidationError

from bot.config import yamlfile
from bot.config.destinations import DESTINATION_TYPES
from bot.config.lexicon import LexiconError, expand_terms
from bot.config.settings import Settings
from bot.config.types import EnvStr, Invalid, did_you_mean, format_duration
from bot.errors import ConfigError, RuleSyntaxError
from bot.learned.model import LinearModel, ModelError
from bot.rules.ast import And, Field, Not, Or
from bot.rules.parser import parse_query

Loc = tuple[str | int, ...]
format_path = yamlfile.format_path

_REFERENCE = re.compile(r"\$\$\{|\$\{([^}]*)(\}|$)")
_REFERENCE_BODY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?", re.DOTALL)
_SECRET_KEYS = frozenset({"token", "password", "secret", "url"})
_TYPE_MESSAGES = {
    "missing": "required key is missing",
    "string_type": "must be text (put it in quotes)",
    "string_too_short": "must not be empty",
    "too_short": "must not be empty",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "list_type": "must be a list ('- item' lines or [a, b])",
    "dict_type": "must be a mapping ('key: value' lines)",
    "model_type": "must be a mapping ('key: value' lines)",
    "model_attributes_type": "must be a mapping ('key: value' lines)",
    "extra_forbidden": "unknown key",
}


def load(
    path: str | os.PathLike[str],
    *,
    environ: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    check_models: bool = True,
) -> Settings:
    """Read, substitute and validate the config at `path`; raise `ConfigError` on any problem.

    `check_models=False` leaves model files unread (`newsbot train` rebuilds them)."""
    file = str(path)
    data, root = yamlfile.parse(yamlfile.read(file), file)
    data = _substitute(data, os.environ if environ is None else environ, (), file, root)
    if isinstance(data, dict) and "terms" in data:
        try:
            data["terms"] = expand_terms(data["terms"], Path(file).parent)
        except LexiconError as exc:
            line, key = _locate(root, exc.at)
            raise ConfigError(exc.message, file=file, line=line, key=key) from None
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise _translate(exc, file, root, os.environ if environ is None else environ) from None
    for index, rule in enumerate(settings.rules):
        if _matches_anything(rule.query):
            line, key = _locate(root, ("rules", index, "query"))
            raise ConfigError(
                "matches items that contain none of its terms (it only says what to leave out):"
                " add what to look for, e.g. `@ai AND NOT webinar`",
                file=file,
                line=line,
                key=key,
            )
    database = resolve_database(settings.database, Path(cwd) if cwd else Path.cwd())
    base = Path(file).parent
    rules = [_resolve_model(rule, n, base, file, root, check_models) for n, rule in enumerate(settings.rules)]
    return settings.model_copy(update={"path": Path(path), "database": database, "rules": rules})


def _resolve_model(rule: Any, n: int, base: Path, file: str, root: yaml.Node, check: bool) -> Any:
    """A rule whose `learned.model` path is absolute, after checking the file loads."""
    if rule.learned is None:
        return rule
    path = (base / rule.learned.model).resolve()
    try:
        if check:
            LinearModel.load(path)
    except ModelError as exc:
        line, key = _locate(root, ("rules", n, "learned", "model"))
        raise ConfigError(str(exc), file=file, line=line, key=key) from None
    learned = rule.learned.model_copy(update={"model": str(path)})
    return rule.model_copy(update={"learned": learned})


def _matches_anything(query: str) -> bool:
    """Does `query` hold for an item with none of its terms (`NOT webinar`)? Such a rule alerts
    on nearly every item. A query that does not parse is left to the rule compiler."""
    try:
        tree = parse_query(query)
    except RuleSyntaxError:
        return False

    def empty(node: Any) -> bool:  # the query's value when no term occurs
        if isinstance(node, Not):
            return not empty(node.child)
        if isinstance(node, And | Or):
            values = [empty(child) for child in node.children]
            return all(values) if isinstance(node, And) else any(values)
        if isinstance(node, Field):
            return empty(node.child)
        return False  # a term, phrase, list or NEAR needs its words

    return empty(tree)


def redact(settings: Settings) -> dict[str, Any]:
    """The settings as plain data (durations as `15m`), with every secret masked."""
    data = _plain(settings.model_dump(by_alias=True))
    data["database"] = redact_url(data["database"])
    return data


def redact_url(url: str) -> str:
    """A URL with its password masked: `postgresql://bot:***@db/newsbot`."""
    return re.sub(r"(://[^/:@]+:)[^/@]+@", r"\1***@", url)


def resolve_database(url: str, cwd: Path) -> str:
    """`sqlite:///data/x.db` -> `sqlite:////<cwd>/data/x.db`; other URLs are unchanged."""
    match = re.match(r"^(sqlite(?:\+\w+)?:///)(.+)$", url)
    if not match or match[2].startswith(("/", ":memory:", "file:")):
        return url
    return f"{match[1]}{cwd / match[2]}"


# --- environment substitution ------------------------------------------------------------


def _substitute(
    value: Any, environ: Mapping[str, str], loc: Loc, file: str, root: yaml.Node
) -> Any:
    """Replace `${VAR}` / `${VAR:-default}` in every string value (not in keys)."""
    if isinstance(value, dict):
        return {k: _substitute(v, environ, (*loc, k), file, root) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, environ, (*loc, i), file, root) for i, v in enumerate(value)]
    if not isinstance(value, str) or "${" not in value:
        return value
    names: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if match[0] == "$${":
            return "${"
        body = _REFERENCE_BODY.fullmatch(match[1])
        if not match[2] or not body:
            line, key = _locate(root, loc)
            raise ConfigError(
                f"bad reference `{match[0]}`: write ${{NAME}} or ${{NAME:-default}}",
                file=file,
                line=line,
                key=key,
            )
        name, default = body.groups()
        names.append(name)
        found = environ.get(name, "")
        return default if not found and default is not None else found

    text = _REFERENCE.sub(replace, value)
    return EnvStr(text, names) if names else text


# --- pydantic errors -> one line -----------------------------------------------------------


def _translate(
    exc: ValidationError, file: str, root: yaml.Node, environ: Mapping[str, str]
) -> ConfigError:
    problems = []
    for err in exc.errors():
        loc: Loc = tuple(err["loc"])
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, Invalid):
            loc, message = (*loc, *cause.at), cause.message
        else:
            if err["type"].startswith("union_tag_"):
                loc = (*loc, "type")
            message = _describe(err)
        line, key = _locate(root, loc)
        problems.append((line, message + _unset_note(root, loc, environ, message), key))
    line, message, key = min(problems, key=lambda p: p[0])
    return ConfigError(message, file=file, line=line, key=key)


def _unset_note(root: yaml.Node, loc: Loc, environ: Mapping[str, str], message: str) -> str:
    """` (${X} is not set)` when the value at `loc` came from unset variables: a validator
    that reads `url: ${X}` sees only an empty value and cannot name X itself."""
    node = root
    for key in loc:
        found = _child(node, key)
        if found is not None:
            node = found[1]
    if not isinstance(node, yaml.ScalarNode) or "${" not in str(node.value):
        return ""
    names = [
        body[1]
        for ref in _REFERENCE.finditer(str(node.value))
        if ref[1] is not None and (body := _REFERENCE_BODY.fullmatch(ref[1])) and not body[2]
    ]
    unset = [n for n in dict.fromkeys(names) if not environ.get(n) and f"${{{n}}}" not in message]
    if not unset:
        return ""
    return f" (${{{unset[0]}}} is not set)" if len(unset) == 1 else f" ({', '.join(f'${{{n}}}' for n in unset)} are not set)"


def _describe(err: Any) -> str:
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "union_tag_not_found":
        return f"required key is missing (one of {', '.join(DESTINATION_TYPES)})"
    if kind == "union_tag_invalid":
        tags = re.findall(r"'([^']*)'", ctx["expected_tags"])
        return f"unknown type `{ctx['tag']}`{did_you_mean(str(ctx['tag']), tags)}"
    if kind == "literal_error":
        message = f"must be one of {ctx['expected']}"
    elif kind in _TYPE_MESSAGES:
        message = _TYPE_MESSAGES[kind]
    else:
        text = str(err["msg"]).removeprefix("Value error, ").replace("Input should be", "must be")
        message = text[:1].lower() + text[1:]
    if isinstance(value, EnvStr):
        return f"{message} (from ${{{value.names[0]}}})"
    last = err["loc"][-1] if err["loc"] else ""
    if (
        kind != "missing"
        and last not in _SECRET_KEYS
        and isinstance(value, str | int | float | bool)
    ):
        shown = value if len(str(value)) <= 40 else f"{str(value)[:37]}..."
        return f"{message}; got {json.dumps(shown)}"
    return message


def _locate(root: yaml.Node, loc: Loc) -> tuple[int, str]:
    """The line and key path of `loc` in the YAML tree.

    A missing last key is reported at its parent's line. A middle element that is not in
    the file is skipped: pydantic adds the union tag (`destinations.x.slack.channel`).
    """
    node, line, keys = root, root.start_mark.line + 1, []
    for index, key in enumerate(loc):
        found = _child(node, key)
        if found is None:
            if index == len(loc) - 1:
                keys.append(key)
            continue
        line, node = found[0].start_mark.line + 1, found[1]
        keys.append(key)
    return line, format_path(tuple(keys))


def _child(node: yaml.Node, key: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """(the node whose line to report, the node to descend into) for `key`, or None."""
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        for key_node, value in node.value:
            if key_node.value == key:
                return key_node, value
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key], node.value[key]
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, SecretStr):
        return "***" if value.get_secret_value() else ""
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, Path):
        return str(value)
    return value
