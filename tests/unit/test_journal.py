"""The notes of creates in flight: what tells an interrupted run from a live or finished one."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pydantic import SecretStr

from pulumi_sendgrid_reseller.config import Credentials
from pulumi_sendgrid_reseller.resources import _journal

CREDS = Credentials(api_key=SecretStr("SG.k"), api_user="parent", api_url="http://sg.test")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PULUMI_HOME", str(tmp_path))
    return tmp_path


def _in_child(code: str, home: Path, *, kill: bool) -> None:
    """Run ``code`` in a child Python that ends normally, or is killed (SIGKILL)."""
    body = textwrap.dedent(code)
    if kill:
        body += "\nimport os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"
    env = {"PULUMI_HOME": str(home), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", body], env=env, check=False)
    assert run.returncode == (-9 if kill else 0)


CHILD = """
from pydantic import SecretStr
from pulumi_sendgrid_reseller.config import Credentials
from pulumi_sendgrid_reseller.resources import _journal
creds = Credentials(api_key=SecretStr("SG.k"), api_user="parent", api_url="http://sg.test")
_journal.begin(creds, "Subuser", "sub-1")
"""


def test_a_note_of_a_killed_process_means_interrupted(_home: Path) -> None:
    _in_child(CHILD, _home, kill=True)
    assert _journal.begin(CREDS, "Subuser", "sub-1") is True
    # Now the note is this process's own: a second look in the same run is not an interruption.
    assert _journal.begin(CREDS, "Subuser", "sub-1") is False


def test_an_unsettled_note_of_a_process_that_ended_means_interrupted(_home: Path) -> None:
    _in_child(CHILD, _home, kill=False)  # the create never settled (it failed, say)
    assert _journal.begin(CREDS, "Subuser", "sub-1") is True


def test_a_settled_note_goes_when_the_process_ends_normally(_home: Path) -> None:
    _in_child(CHILD + '_journal.settled(creds, "Subuser", "sub-1")\n', _home, kill=False)
    assert list(_journal.journal_dir().iterdir()) == []
    assert _journal.begin(CREDS, "Subuser", "sub-1") is False


def test_a_settled_note_stays_when_the_process_is_killed(_home: Path) -> None:
    _in_child(CHILD + '_journal.settled(creds, "Subuser", "sub-1")\n', _home, kill=True)
    assert _journal.begin(CREDS, "Subuser", "sub-1") is True


def test_a_note_of_a_running_process_is_not_an_interruption(_home: Path) -> None:
    # Another stack's run in progress on this machine: its provider is alive.
    _journal.begin(CREDS, "Customer", "shared")
    path = next(_journal.journal_dir().iterdir())
    note = json.loads(path.read_text())
    note["lineage"][0]["pid"] = 1  # some other live process, not this one
    note["lineage"][0]["started"] = None
    path.write_text(json.dumps(note))
    assert _journal.begin(CREDS, "Customer", "shared") is False


def test_notes_are_per_object_and_endpoint_and_hold_no_secret(_home: Path) -> None:
    _in_child(CHILD, _home, kill=True)
    other = Credentials(api_key=SecretStr("SG.k"), api_user="parent", api_url="http://other")
    assert _journal.begin(other, "Subuser", "sub-1") is False
    assert _journal.begin(CREDS, "Subuser", "sub-2") is False
    assert _journal.begin(CREDS, "Customer", "sub-1") is False
    stored = "".join(p.read_text() for p in _journal.journal_dir().iterdir())
    assert "SG.k" not in stored


def test_forget_removes_the_note(_home: Path) -> None:
    _in_child(CHILD, _home, kill=True)
    _journal.forget(CREDS, "Subuser", "sub-1")
    assert _journal.begin(CREDS, "Subuser", "sub-1") is False
