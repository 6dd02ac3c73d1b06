"""How `newsbot reload` finds the running service and hears whether it applied the new config.

The service writes its pid file when it starts and removes it when it stops (only its own:
a newer service's file is left alone).

A signal carries no answer, so the service writes one beside its pid file after each reload
(`<pid file>.reload`, JSON: time, applied, message) and the command waits for an answer newer
than its signal. Written to a temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ReloadAnswer:
    at: float  # time.time() when the service answered
    applied: bool
    message: str


def answer_path(pid_file: Path) -> Path:
    return pid_file.with_name(pid_file.name + ".reload")


def write_answer(pid_file: Path, applied: bool, message: str) -> None:
    path = answer_path(pid_file)
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    with contextlib.suppress(OSError):  # an answer is a courtesy: never fail a reload for it
        temporary.write_text(
            json.dumps({"at": time.time(), "applied": applied, "message": message})
        )
        temporary.replace(path)


def read_answer(pid_file: Path) -> ReloadAnswer | None:
    try:
        data = json.loads(answer_path(pid_file).read_text())
        return ReloadAnswer(float(data["at"]), bool(data["applied"]), str(data["message"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def wait_answer(pid_file: Path, since: float, timeout: float) -> ReloadAnswer | None:
    """The first answer written after `since`, or None after `timeout` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        answer = read_answer(pid_file)
        if answer is not None and answer.at >= since:
            return answer
        time.sleep(0.05)
    return None


def write_pid(pid_file: Path | None) -> None:
    if pid_file is not None:
        pid_file.parent.mkdir(parents=True, exist_ok=True)
        pid_file.write_text(str(os.getpid()))


def remove_pid(pid_file: Path | None) -> None:
    if pid_file is not None:
        with contextlib.suppress(OSError):
            if pid_file.read_text().strip() == str(os.getpid()):
                pid_file.unlink()
