"""Container files: the Dockerfile is slim, non-root and health-checked; docker-compose.yml
runs the bot, PostgreSQL and an SMTP catcher on the same config (and `config` accepts it when
a compose binary is installed); the Slack app manifest asks for what the bot needs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (REPO / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def compose() -> dict[str, Any]:
    data = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    assert isinstance(data, dict)
    return data


def test_the_image_is_slim_and_runs_as_a_user_other_than_root() -> None:
    steps = dockerfile()
    bases = [args.split()[0] for op, args in steps if op == "FROM"]
    assert bases and all(re.search(r"(slim|alpine|distroless)", b) for b in bases), bases
    users = [args.strip() for op, args in steps if op == "USER"]
    assert users and users[-1] not in ("root", "0", "0:0")
    final = steps[max(i for i, (op, _) in enumerate(steps) if op == "FROM") :]
    assert any(op == "USER" for op, _ in final)  # in the final stage, not only in the build


def test_the_image_checks_its_health_on_healthz_and_runs_the_service() -> None:
    steps = dict(dockerfile())
    assert "/healthz" in steps["HEALTHCHECK"] and "--interval" in steps["HEALTHCHECK"]
    assert '"run"' in steps["CMD"] and "--http" in steps["CMD"]


def test_compose_runs_the_bot_postgresql_and_a_mail_catcher_on_one_config() -> None:
    services = compose()["services"]
    bot = services["newsbot"]
    images = {name: str(svc.get("image", "")) for name, svc in services.items()}
    assert any(i.startswith("postgres") for i in images.values())
    mail = [n for n, i in images.items() if re.search(r"mailpit|mailhog|smtp", i)]
    assert mail, images
    env = bot["environment"]
    assert env["NEWSBOT_DATABASE"].startswith("postgresql+psycopg://")
    assert env["SMTP_HOST"] in mail
    assert any(str(v).startswith("./config:/app/config") for v in bot["volumes"])
    assert "postgres" in bot["depends_on"]


def test_the_shipped_config_reads_the_variables_compose_sets() -> None:
    config = (REPO / "config" / "newsbot.yaml").read_text()
    for name in compose()["services"]["newsbot"]["environment"]:
        assert f"${{{name}" in config, f"{name} is set by compose but unused by the config"


def test_compose_config_accepts_the_file_when_a_compose_binary_is_installed() -> None:
    for command in (["docker-compose"], ["docker", "compose"]):
        if shutil.which(command[0]) is None:
            continue
        probe = subprocess.run([*command, "version"], capture_output=True, timeout=30)
        if probe.returncode != 0:
            continue
        result = subprocess.run(
            [*command, "-f", str(REPO / "docker-compose.yml"), "config", "-q"],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=REPO,
        )
        assert result.returncode == 0, result.stderr
        return
    pytest.skip("no docker-compose or docker compose binary that can run `config`")


def test_the_slack_app_manifest_parses_and_can_post() -> None:
    manifest = yaml.safe_load((REPO / "config" / "slack-app-manifest.yaml").read_text())
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert "chat:write" in scopes
    assert "channels:history" in scopes  # reconcile finds our own posts after a crash
    assert manifest["features"]["bot_user"]["display_name"]
