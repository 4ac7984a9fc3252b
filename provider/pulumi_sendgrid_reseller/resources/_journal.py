"""Notes of creates in flight, so that a run recognises what an interrupted run created.

SendGrid records nothing about who created an object, so an existing object that matches
a declaration could be this stack's own half-made object (the run that created it was
killed before the engine recorded it) or another stack's identical declaration. The
provider tells them apart with a note it writes on the machine that runs ``pulumi up``
before it sends a create, and keeps until the engine is sure to have the answer:

- ``begin`` writes the note for this process, and says whether a note was left by a
  provider process that is no longer running (a killed or cancelled run);
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


def _start_ticks(pid: int) -> str | None:
    """When the process started (Linux), so that a reused pid is not taken for it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]


def _alive(pid: int, started: str | None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return started is None or _start_ticks(pid) in (None, started)


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
    with _lock:
        before = _read(path)
        interrupted = False
        if before is not None:
            other = int(before.get("pid", -1))
            started = before.get("started")
            interrupted = other != pid and not _alive(other, started)
        note = {"kind": kind, "name": name, "pid": pid, "started": _start_ticks(pid)}
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
            if note is not None and int(note.get("pid", -1)) == pid:
                with contextlib.suppress(OSError):
                    path.unlink()
        _settled.clear()
