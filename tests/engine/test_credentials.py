"""Per-resource credentials: two parent accounts managed from one program."""

from __future__ import annotations

from collections.abc import Iterator

import pulumi
import pytest

from conftest import Emulator, StackFactory, change_summary, stored_state_text

OTHER_USER = "other-parent"
OTHER_KEY = "SG.other-parent-key"


@pytest.fixture
def other_parent() -> Iterator[Emulator]:
    from sendgrid_emulator import EmulatorServer

    server = EmulatorServer(
        host="127.0.0.1", port=0, db=":memory:", api_user=OTHER_USER, api_key=OTHER_KEY
    )
    server.start()
    try:
        yield Emulator(server.url)
    finally:
        server.stop()


def test_two_parent_accounts_in_one_program(
    make_stack: StackFactory, emulator: Emulator, other_parent: Emulator
) -> None:
    def program() -> None:
        import pulumi_sendgrid_reseller as sg

        home = sg.Subuser(
            "home",
            sg.SubuserArgs(
                username="home-sub",
                email="h@example.com",
                password="Home-pass-1234",
                ips=["192.0.2.10"],
            ),
        )
        away = sg.Subuser(
            "away",
            sg.SubuserArgs(
                username="away-sub",
                email="a@example.com",
                password="Away-pass-1234",
                ips=["198.51.100.10"],
                api_user=OTHER_USER,
                api_key=OTHER_KEY,
                api_url=other_parent.url,
            ),
        )
        pulumi.export("home", home.user_id)
        pulumi.export("away", away.user_id)

    stack = make_stack(program, env=emulator.env())
    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 3}
    assert set(emulator.accounts()) == {"home-sub"}
    assert set(other_parent.accounts()) == {"away-sub"}
    assert OTHER_KEY not in stored_state_text(stack)
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 3}
    assert change_summary(stack.destroy(on_output=print)) == {"delete": 3}
    assert emulator.accounts() == {} and other_parent.accounts() == {}
