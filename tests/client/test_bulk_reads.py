"""``SendGridClient.reads`` against the emulator: bulk calls, coalesced, dropped at writes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import SecretStr

from pulumi_sendgrid_reseller.client import (
    Credentials,
    NotFoundError,
    RetryPolicy,
    SendGridClient,
    Snapshots,
)

from ._data import customer, subuser
from .conftest import EMU_KEY, EMU_USER, Control

PROFILE_GET = "POST /apiv2/reseller.manage.json?method=profile&task=get"
USAGE = "POST /apiv2/reseller.ip.json?task=usage"
SENDIP_LIST = "POST /apiv2/customer.sendip.json?task=list"


def _client(emu: Control, *, bulk: bool) -> SendGridClient:
    creds = Credentials(api_user=EMU_USER, api_key=SecretStr(EMU_KEY), api_url=emu.url)
    return SendGridClient(
        creds, retry=RetryPolicy(sleep=lambda _s: None), snapshots=Snapshots(enabled=bulk)
    )


def _in_threads(count: int, work: Callable[[int], Any]) -> list[Any]:
    results: list[Any] = [None] * count
    start = threading.Barrier(count)

    def run(n: int) -> None:
        start.wait()
        results[n] = work(n)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def tenants(emu: Control) -> None:
    with _client(emu, bulk=False) as setup:
        for n in range(4):
            setup.customers.add(customer(f"bulk-c{n}"))
            setup.ips.set_send_ips(f"bulk-c{n}", [f"192.0.2.{10 + n}"])
            setup.subusers.create(subuser(f"bulk-s{n}", ips=[f"198.51.100.{10 + n}"]))
    emu.clear_log()


def test_reads_answer_as_the_one_object_calls_do(emu: Control, tenants: None) -> None:
    with _client(emu, bulk=True) as bulk, _client(emu, bulk=False) as single:
        for n in range(4):
            one = single.reads.customer(None, f"bulk-c{n}")
            assert one is not None
            assert bulk.reads.customer(None, f"bulk-c{n}") == one
            assert bulk.reads.customer(one.id, "another-name") == one
            assert bulk.reads.subuser(f"bulk-s{n}") == single.reads.subuser(f"bulk-s{n}")
            for user in (f"bulk-c{n}", f"bulk-s{n}"):
                assert bulk.reads.send_ips(user) == single.reads.send_ips(user)
        assert bulk.reads.customer(None, "nobody") is None
        assert bulk.reads.subuser("nobody") is None
        with pytest.raises(NotFoundError):
            bulk.reads.send_ips("nobody")
        # A subuser renamed since: found by its id.
        renamed = bulk.reads.subuser("bulk-s1")
        assert renamed is not None
        assert bulk.reads.subuser("old-name", renamed.id) == renamed
    counts = emu.log()["counts"]
    assert counts[PROFILE_GET] == 1 + 4  # the bulk client's one list, the single reads
    assert counts[USAGE] == 1
    assert counts[SENDIP_LIST] == 8  # the single client only


def test_concurrent_reads_share_one_bulk_call(emu: Control, tenants: None) -> None:
    with _client(emu, bulk=True) as bulk:
        found = _in_threads(8, lambda n: bulk.reads.customer(None, f"bulk-c{n % 4}"))
        ips = _in_threads(8, lambda n: bulk.reads.send_ips(f"bulk-s{n % 4}"))
    assert [c.username for c in found] == [f"bulk-c{n % 4}" for n in range(8)]
    assert ips == [[f"198.51.100.{10 + n % 4}"] for n in range(8)]
    counts = emu.log()["counts"]
    assert counts[PROFILE_GET] == 1
    assert counts[USAGE] == 1
    assert "GET /v3/subusers" not in counts  # users with IPs exist: no list needed


def test_a_write_through_any_client_of_the_snapshots_is_never_followed_by_a_stale_read(
    emu: Control, tenants: None
) -> None:
    with _client(emu, bulk=True) as bulk:
        before = bulk.reads.customer(None, "bulk-c0")
        assert before is not None and before.email == "bulk-c0@example.com"
        bulk.customers.set_email("bulk-c0", "new@example.com")
        after = bulk.reads.customer(None, "bulk-c0")
        assert after is not None and after.email == "new@example.com"

        assert bulk.reads.send_ips("bulk-s2") == ["198.51.100.12"]
        # A write on behalf of a subuser (another transport, the same snapshots).
        acting = bulk.acting_for("bulk-s2")
        assert acting.transport.snapshots is bulk.transport.snapshots
        bulk.subusers.set_ips("bulk-s2", ["203.0.113.15"])
        assert bulk.reads.send_ips("bulk-s2") == ["203.0.113.15"]
    assert emu.log()["counts"][PROFILE_GET] == 2


def test_off_each_read_is_its_own_call(emu: Control, tenants: None) -> None:
    with _client(emu, bulk=False) as single:
        for n in range(4):
            single.reads.customer(None, f"bulk-c{n}")
            single.reads.send_ips(f"bulk-c{n}")
    counts = emu.log()["counts"]
    assert counts[PROFILE_GET] == 4
    assert counts[SENDIP_LIST] == 4
    assert USAGE not in counts
