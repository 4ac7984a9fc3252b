"""Notes of creates in flight, so that a run recognises what an interrupted run created.

SendGrid records nothing about who created an object, so an existing object that matches
a declaration could be this stack's own half-made object (the run that created it was
killed before the engine recorded it) or another stack's identical declaration. The
provider tells them apart with a note it writes on the machine that runs ``pulumi up``
before it sends a create, and keeps until the engine is sure to have the answer:

- ``begin`` writes the note for this process, and says whether a note was left by a
  run that has ended (its provider process, or the engine that started it, is gone);
- ``settled`` records that the create's answer reached the engine (the note is removed
  when this process ends normally, i.e. after the engine has saved its state);
- ``forget`` removes the note at once (the create was refused, the object was deleted).

A note holds the kind and the natural key (a username), never a secret. Notes live under
``$PULUMI_HOME/sendgrid-reseller/creates`` (``~/.pulumi`` when ``PULUMI_HOME`` is unset).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from ..config import Credentials

__all__ = ["begin", "forget", "journal_dir", "settled"]

_lock = threading.Lock()
_settled: set[Path] = set()


def journal_dir() -> Path:
    """The folder that holds the notes."""
    home = os.environ.get("PULUMI_HOME") or str(Path.home() / ".pulumi")
    return Path(home) / "sendgrid-reseller" / "creates"


def _stat(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name (Linux), or None."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()
    except OSError:
        return None


def _identity(pid: int) -> dict[str, Any]:
    """A process as a note records it: its pid and, where known, when it started."""
    fields = _stat(pid)
    return {"pid": pid, "started": fields[19] if fields else None}


def _lineage() -> list[dict[str, Any]]:
    """The provider process, its parent and grandparent (a launcher script, the engine).

    The engine puts its plugins in a process group of their own, so a killed ``pulumi up``
    can leave its provider running; a dead ancestor tells that the run has ended.
    """
    out = [_identity(os.getpid())]
    pid = os.getppid()
    for _ in range(2):
        if pid <= 1:
            break
        out.append(_identity(pid))
        fields = _stat(pid)
        pid = int(fields[1]) if fields else 0
    return out


def _alive(process: dict[str, Any]) -> bool:
    pid = int(process.get("pid", -1))
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    fields = _stat(pid)
    if fields is None:
        return True  # no /proc: the pid exists, take it for the same process
    if fields[0] in ("Z", "X"):
        return False  # exited, not yet reaped
    started = process.get("started")
    return started is None or fields[19] == started


def _path(credentials: Credentials, kind: str, name: str) -> Path:
    key = "\n".join((credentials.api_url, credentials.api_user or "", kind, name.casefold()))
    return journal_dir() / (hashlib.sha256(key.encode()).hexdigest()[:40] + ".json")


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def begin(credentials: Credentials, kind: str, name: str) -> bool:
    """Note that this process is about to create ``kind`` ``name``.

    Returns True when a note of an earlier create of the same object was left by a
    provider process that has ended without settling it: that run was interrupted.
    """
    path = _path(credentials, kind, name)
    pid = os.getpid()
    lineage = _lineage()
    with _lock:
        before = _read(path)
        interrupted = False
        if before is not None:
            processes = before.get("lineage")
            if isinstance(processes, list) and processes:
                mine = int(processes[0].get("pid", -1)) == pid
                interrupted = not mine and not all(_alive(p) for p in processes)
        note = {"kind": kind, "name": name, "lineage": lineage}
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{pid}.{threading.get_ident()}.tmp")
            tmp.write_text(json.dumps(note))
            tmp.replace(path)
        _settled.discard(path)
    return interrupted


def settled(credentials: Credentials, kind: str, name: str) -> None:
    """The create's answer is going back to the engine: drop the note when this process ends."""
    with _lock:
        _settled.add(_path(credentials, kind, name))


def forget(credentials: Credentials, kind: str, name: str) -> None:
    """Remove the note now."""
    path = _path(credentials, kind, name)
    with _lock:
        _settled.discard(path)
        with contextlib.suppress(OSError):
            path.unlink()


@atexit.register
def _drop_settled() -> None:
    """At a normal exit the engine has saved every answer: the settled notes go."""
    pid = os.getpid()
    with _lock:
        for path in _settled:
            note = _read(path)
            lineage = note.get("lineage") if note is not None else None
            if isinstance(lineage, list) and lineage and int(lineage[0].get("pid", -1)) == pid:
                with contextlib.suppress(OSError):
                    path.unlink()
        _settled.clear()
