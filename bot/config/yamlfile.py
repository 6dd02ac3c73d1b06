"""The config file as YAML: read it, parse it keeping the node tree (for line numbers), and
refuse what PyYAML would accept silently or expensively, each as one `ConfigError` line:
duplicate keys (PyYAML keeps the last), aliases that expand past a small budget or contain
themselves (a 9-line "billion laughs" file otherwise takes a minute and gigabytes), text that
is not UTF-8, and a top level that is not a mapping.

    read(file) -> str
    parse(text, file) -> (data, root node)
    format_path(('sources', 3, 'every')) -> 'sources[3].every'
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from bot.errors import ConfigError

Loc = tuple[str | int, ...]


def format_path(keys: Loc) -> str:
    """`('sources', 3, 'every')` -> `sources[3].every`."""
    out = ""
    for key in keys:
        if isinstance(key, int):
            out += f"[{key}]"
        elif re.fullmatch(r"[A-Za-z0-9_-]+", key):
            out += f".{key}" if out else key
        else:
            out += f"[{json.dumps(key)}]"
    return out


def read(file: str) -> str:
    try:
        return Path(file).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            "config file not found (pass --config PATH or set NEWSBOT_CONFIG)", file=file
        ) from None
    except UnicodeDecodeError:
        raise ConfigError("cannot read config: not UTF-8 text", file=file) from None
    except OSError as exc:
        raise ConfigError(f"cannot read config: {exc.strerror or exc}", file=file) from None


def parse(text: str, file: str) -> tuple[dict[str, Any], yaml.Node]:
    data = None
    try:
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
            if root is not None:
                _check_aliases(root, file)
                _check_duplicates(root, file, (), set())
                data = loader.construct_document(root)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, file) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        message = f"invalid YAML: character #x{exc.character:04x} is not allowed (remove it)"
        raise ConfigError(message, file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {' '.join(str(exc).split())}", file=file) from None
    if root is None or data is None:
        raise ConfigError("the config is empty (start from config/newsbot.yaml)", file=file)
    if not isinstance(data, dict):
        raise ConfigError(
            "the top level must be a mapping of keys such as `sources:` and `rules:`",
            file=file,
            line=root.start_mark.line + 1,
        )
    return data, root


def _yaml_error(exc: yaml.MarkedYAMLError, file: str) -> ConfigError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "syntax error"
    hint = "check the indentation and quoting around here"
    if "\\t" in problem:
        hint = "indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "quote values that contain ': '"
    column = f" at column {mark.column + 1}" if mark else ""
    return ConfigError(
        f"invalid YAML{column}: {problem}",
        file=file,
        line=mark.line + 1 if mark else None,
        hint=hint,
    )


# Values that aliases (`*name`) may add to a config: reusing a block or two stays far below;
# a "billion laughs" file (9 lines of nested aliases) would expand to hundreds of millions.
ALIAS_BUDGET = 10_000


def _check_aliases(root: yaml.Node, file: str) -> None:
    """Refuse aliases that expand past `ALIAS_BUDGET` values, or that contain themselves,
    before anything walks the expanded tree (linear time: each node is sized once)."""
    sizes: dict[int, int] = {}
    reused: list[yaml.Node] = []

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            if sizes[key] < 0:
                raise ConfigError(
                    "a YAML alias refers to a block that contains it (write the values out)",
                    file=file,
                    line=node.start_mark.line + 1,
                )
            reused.append(node)
            return sizes[key]
        sizes[key] = -1  # being sized: meeting it again means it contains itself
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        sizes[key] = 1 + sum(size(child) for child in children)
        return sizes[key]

    added = size(root) - len(sizes)
    if added > ALIAS_BUDGET:
        raise ConfigError(
            f"YAML aliases expand this config by {added:,} values, more than {ALIAS_BUDGET:,}"
            " (write the values out, or reuse fewer nested blocks)",
            file=file,
            line=reused[0].start_mark.line + 1,
        )


def _check_duplicates(node: yaml.Node, file: str, loc: Loc, seen: set[int]) -> None:
    """PyYAML keeps the last of two equal keys silently; we refuse them."""
    if id(node) in seen:  # an alias: already checked
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key, value in node.value:
            name, line = str(key.value), key.start_mark.line + 1
            if name in first and name != "<<":
                raise ConfigError(
                    f"duplicate key (first at line {first[name]})",
                    file=file,
                    line=line,
                    key=format_path((*loc, name)),
                )
            first.setdefault(name, line)
            _check_duplicates(value, file, (*loc, name), seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _check_duplicates(item, file, (*loc, index), seen)
