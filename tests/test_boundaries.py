"""The import table of docs/architecture.md, enforced: a module imports only its own layer
and the layers below it, and a parse worker loads no notifier, template engine or terminal
renderer. A new module must be given a layer here."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"

# Lowest first. A module belongs to the first entry whose prefix it starts with.
LAYERS: list[tuple[str, ...]] = [
    ("bot", "bot.models", "bot.errors", "bot.logs", "bot.cron"),  # foundation: stdlib, structlog, croniter
    ("bot.fetch",),
    ("bot.parse",),
    ("bot.normalize",),
    ("bot.stories",),
    ("bot.rules", "bot.learned"),
    ("bot.facts",),  # partnership facts: the rules' term lists and the stories' names
    ("bot.enrich",),  # article text: the fetcher, the rules' close queries
    ("bot.config",),
    ("bot.store",),
    ("bot.delivery.messages", "bot.delivery.routing", "bot.delivery.summarize"),
    ("bot.pipeline",),
    ("bot.notifiers",),
    ("bot.llm",),  # optional model summaries: wraps notifiers, reads the store
    ("bot.delivery",),
    ("bot.interact",),  # Slack interactivity: buttons, /newsbot, suggestions (the service runs it)
    ("bot.service.lock",),  # the instance lock the composition root takes
    ("bot.app",),  # composition root: wires settings, store, fetcher, rules, stories, notifiers
    ("bot.service",),  # the scheduled service runs an App
    ("bot.devservers", "bot.cli", "bot.__main__"),
]

# Imports allowed against the table, each with its reason.
EXCEPTIONS: set[tuple[str, str]] = set()

# What a parse worker must never load (DESIGN: the pipeline never imports a notifier).
WORKER_FORBIDDEN = ("bot.notifiers", "bot.store", "bot.delivery.outbox", "slack_sdk", "smtplib",
                    "jinja2", "rich", "sqlalchemy")  # fmt: skip


def layer_of(module: str) -> int:
    best = -1, -1
    for rank, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[1]:
                best = rank, len(prefix)
    if best[0] < 0:
        raise AssertionError(f"{module} has no layer in tests/test_boundaries.py")
    return best[0]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(BOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The bot modules a file imports, at run time or lazily (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "bot")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] != "bot":
                continue
            for alias in node.names:  # `from bot import x` names a module when x is one
                sub = f"{base}.{alias.name}"
                found.add(sub if (BOT.parent / sub.replace(".", "/")).exists()
                          or (BOT.parent / (sub.replace(".", "/") + ".py")).exists() else base)
    return found


def test_every_module_imports_only_its_layer_and_below() -> None:
    wrong = []
    for path in sorted(BOT.rglob("*.py")):
        module = module_name(path)
        for imported in imports(path):
            if layer_of(imported) > layer_of(module) and (module, imported) not in EXCEPTIONS:
                wrong.append(f"{module} imports {imported}")
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_the_check_catches_a_lower_layer_importing_a_higher_one(tmp_path: Path) -> None:
    # The leak issue 12 fixed: planning (pipeline) importing the notifier registry.
    assert layer_of("bot.notifiers") > layer_of("bot.pipeline.plan")
    assert layer_of("bot.pipeline") > layer_of("bot.parse.feed")


def test_the_pipeline_never_imports_a_notifier() -> None:
    for path in sorted((BOT / "pipeline").rglob("*.py")):
        assert not [m for m in imports(path) if m.startswith("bot.notifiers")], path


@pytest.mark.parametrize("module", ["bot.pipeline.worker"])
def test_a_parse_worker_loads_no_notifier_store_or_renderer(module: str) -> None:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()  # fmt: skip
    leaked = sorted(m for m in loaded if m.startswith(WORKER_FORBIDDEN))
    assert not leaked, f"{module} loads {leaked[:10]}"
