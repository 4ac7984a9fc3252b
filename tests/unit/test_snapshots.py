"""The snapshots of bulk reads: kept until a write, coalesced, a flight overtaken not kept."""

from __future__ import annotations

import threading

import pytest

from pulumi_sendgrid_reseller.client import Snapshots
from pulumi_sendgrid_reseller.client._snapshots import is_read


@pytest.mark.parametrize(
    ("method", "path", "form", "read"),
    [
        ("GET", "/v3/subusers", None, True),
        ("GET", "/v3/subusers/a/monitor", None, True),
        ("POST", "/apiv2/reseller.ip.json", [("task", "usage")], True),
        ("POST", "/apiv2/customer.ip.json", [("list", "all")], True),
        ("POST", "/apiv2/customer.sendip.json", [("task", "list"), ("user", "a")], True),
        ("POST", "/apiv2/customer.sendip.json", [("task", "append"), ("set", "none")], False),
        ("POST", "/apiv2/reseller.manage.json", [("method", "profile"), ("task", "get")], True),
        ("POST", "/apiv2/reseller.manage.json", [("method", "profile"), ("task", "set")], False),
        ("POST", "/apiv2/reseller.manage.json", [("method", "disable")], False),
        ("POST", "/apiv2/reseller.add.json", [("username", "a")], False),
        ("POST", "/v3/subusers", None, False),
        ("PUT", "/v3/subusers/a/ips", None, False),
        ("PATCH", "/v3/subusers/a", None, False),
        ("DELETE", "/v3/subusers/a/monitor", None, False),
    ],
)
def test_reads_and_writes_are_told_apart(
    method: str, path: str, form: list[tuple[str, str]] | None, read: bool
) -> None:
    assert is_read(method, path, form) is read


def test_a_snapshot_is_kept_until_a_write() -> None:
    snapshots = Snapshots(enabled=True)
    calls: list[int] = []

    def fetch() -> list[int]:
        calls.append(1)
        return [len(calls)]

    assert snapshots.get("k", fetch) == [1]
    assert snapshots.get("k", fetch) == [1]
    snapshots.after_request("GET", "/v3/subusers")
    snapshots.after_request("POST", "/apiv2/reseller.ip.json", [("task", "usage")])
    assert snapshots.get("k", fetch) == [1]
    snapshots.after_request("PUT", "/v3/subusers/a/ips")
    assert snapshots.get("k", fetch) == [2]
    assert snapshots.bulk_calls == 2


def test_concurrent_readers_share_one_fetch() -> None:
    snapshots = Snapshots(enabled=True)
    release = threading.Event()
    calls: list[int] = []

    def fetch() -> list[str]:
        calls.append(1)
        release.wait(5)
        return ["answer"]

    results: list[list[str]] = []
    threads = [
        threading.Thread(target=lambda: results.append(snapshots.get("k", fetch))) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    while snapshots.bulk_calls == 0:
        pass
    release.set()
    for thread in threads:
        thread.join()
    assert results == [["answer"]] * 6
    assert calls == [1]


def test_a_fetch_overtaken_by_a_write_answers_its_reader_but_is_not_kept() -> None:
    snapshots = Snapshots(enabled=True)
    answers = iter([["before the write"], ["after the write"]])

    def fetch_with_a_write_meanwhile() -> list[str]:
        snapshots.after_request("DELETE", "/v3/subusers/a")
        return next(answers)

    assert snapshots.get("k", fetch_with_a_write_meanwhile) == ["before the write"]
    assert snapshots.get("k", lambda: next(answers)) == ["after the write"]


def test_a_failed_fetch_is_not_kept_and_its_error_reaches_its_caller() -> None:
    snapshots = Snapshots(enabled=True)

    def failing() -> list[str]:
        raise RuntimeError("no answer")

    with pytest.raises(RuntimeError, match="no answer"):
        snapshots.get("k", failing)
    assert snapshots.get("k", lambda: ["fine"]) == ["fine"]


def test_turning_snapshots_off_drops_them() -> None:
    snapshots = Snapshots(enabled=True)
    assert snapshots.get("k", lambda: [1]) == [1]
    snapshots.set_enabled(False)
    assert not snapshots.enabled
    assert snapshots.get("k", lambda: [2]) == [2]
