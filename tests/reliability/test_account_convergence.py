"""Account creation converges: a lost create answer or a killed run makes one account, once."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto
from tenants import add_fault, clear_faults

from conftest import EMULATOR_KEY, Emulator, StackFactory, change_summary

FREE = {"name": "org.ei.free.v1", "type": "package", "quantity": 1}
ADDON = {"name": "org.mc.basic.v1", "type": "addon", "quantity": 1}
CREATE_PATH = r"^/v3/partners/accounts$"


def partners_state(emulator: Emulator) -> list[dict[str, Any]]:
    return list(emulator.state()["partner_accounts"])


def creates(emulator: Emulator) -> int:
    counts = emulator.request_log()["counts"]
    return int(counts.get("POST /v3/partners/accounts", 0))


def program_for(cfg: dict[str, Any]) -> Any:
    def program() -> None:
        from pulumi_sendgrid_reseller import Account, AccountArgs

        account = Account("acct", AccountArgs(**cfg))
        pulumi.export("account_id", account.account_id)

    return program


@pytest.mark.parametrize("marked", [True, False], ids=["profile-email", "no-profile"])
def test_lost_create_answer_makes_one_account(
    make_stack: StackFactory, emulator: Emulator, marked: bool
) -> None:
    cfg: dict[str, Any] = {"offerings": [FREE, ADDON], "state": "deactivated"}
    if marked:
        cfg["profile"] = {"email": "lost@example.com", "first_name": "Lost"}
    add_fault(emulator, method="POST", path=CREATE_PATH, drop_after_commit=True, count=1)
    emulator.clear_log()
    stack = make_stack(program_for(cfg), env=emulator.env())

    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 2}
    (account,) = partners_state(emulator)
    assert up.outputs["account_id"].value == account["id"]
    assert account["state"] == "deactivated"
    assert creates(emulator) == 1  # the dropped create was found by listing, not repeated
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 2}


def test_an_earlier_run_s_account_is_taken_over(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    """What a run killed after its create left behind: the next up finds it by its email."""
    profile = {"email": "half-made@example.com", "company_name": "Half Made"}
    resp = emulator.http.post(
        f"{emulator.url}/v3/partners/accounts",
        json={"offerings": [FREE], "profile": profile},
        headers={"Authorization": f"Bearer {EMULATOR_KEY}"},
    )
    assert resp.status_code == 201
    earlier = resp.json()["account_id"]
    stack = make_stack(program_for({"offerings": [FREE], "profile": profile}), env=emulator.env())
    emulator.clear_log()
    up = stack.up(on_output=print)
    assert up.outputs["account_id"].value == earlier
    assert [a["id"] for a in partners_state(emulator)] == [earlier]
    assert creates(emulator) == 0

    # Same email, other offerings: not silently taken, the error says how to adopt.
    other = make_stack(
        program_for({"offerings": [FREE, ADDON], "profile": profile}),
        name="other",
        env=emulator.env(),
    )
    with pytest.raises(auto.errors.CommandError, match="adopt_account_id"):
        other.up(on_output=print)
    assert len(partners_state(emulator)) == 1


def _processes() -> dict[int, tuple[int, str]]:
    """Every process: its parent and its name."""
    out: dict[int, tuple[int, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        out[int(entry.name)] = (int(fields[1]), name)
    return out


def _engine_and_plugins() -> list[int]:
    """The `pulumi` engines this test process started, and every process below them
    (language host, the dynamic provider), so that nothing of the killed run lives on."""
    table = _processes()

    def ancestors(pid: int) -> list[int]:
        chain = []
        while pid > 1 and pid in table:
            pid = table[pid][0]
            chain.append(pid)
        return chain

    mine = os.getpid()
    engines = {p for p, (_, name) in table.items() if name == "pulumi" and mine in ancestors(p)}
    below = {p for p in table if engines & set(ancestors(p))}
    return sorted(engines | below)


def test_killed_run_converges(make_stack: StackFactory, emulator: Emulator) -> None:
    cfg: dict[str, Any] = {
        "offerings": [FREE],
        "state": "deactivated",
        "profile": {"email": "killed@example.com"},
    }
    stack = make_stack(program_for(cfg), env=emulator.env())
    # The create lands, then the follow-up read hangs: the run is killed meanwhile.
    add_fault(
        emulator,
        method="GET",
        path=r"^/v3/partners/accounts/[^/]+/state$",
        latency_ms=15_000,
        count=1,
    )
    failure: list[BaseException] = []

    def run() -> None:
        try:
            stack.up(on_output=print)
        except BaseException as exc:  # the killed engine fails the call
            failure.append(exc)

    runner = threading.Thread(target=run)
    runner.start()
    deadline = time.monotonic() + 300
    while not partners_state(emulator) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert partners_state(emulator), "the create never reached the emulator"
    for pid in _engine_and_plugins():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    runner.join(timeout=300)
    assert failure, "the run was expected to die"
    clear_faults(emulator)
    # The delayed read is still being answered: let it finish, so that it lands in this
    # test's request log and not in the next test's.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(
        r["fault"] is not None and r["path"].endswith("/state")
        for r in emulator.request_log()["requests"]
    ):
        time.sleep(0.5)

    # The documented recovery: cancel (the killed run's lock), refresh clearing the
    # pending create, up.
    stack.cancel()
    stack.refresh(clear_pending_creates=True, on_output=print)
    emulator.clear_log()
    up = stack.up(on_output=print)
    (account,) = partners_state(emulator)
    assert up.outputs["account_id"].value == account["id"]
    assert account["state"] == "deactivated"
    assert creates(emulator) == 0
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}
