"""The provider's parts measured alone: its client per call, check and diff, the emulator.

These figures leave the engine out: what one SendGrid call costs the provider's client,
what ``check`` and ``diff`` of an unchanged resource cost in process, and how many
requests a second the emulator serves (``bench/emulator_rps.py`` in its own process).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ._emulator import EmulatorProcess
from ._programs import CUSTOMER_PASSWORD, KINDS, SUBUSER_PASSWORD


@contextlib.contextmanager
def _pointed_at(emu: EmulatorProcess) -> Iterator[None]:
    """Point this process's provider code at the emulator (environment), then restore it."""
    saved = {k: os.environ.get(k) for k in emu.env()}
    os.environ.update(emu.env())
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def measure_client(
    emu: EmulatorProcess, run_id: str, log: Callable[[str], None], calls: int = 400
) -> dict[str, Any]:
    """CPU and wall time per call of the provider's own client, one thread, reused session.

    The client is the one the provider uses (``client_for``), against the emulator; the
    figure is this process's CPU per call, so it leaves out the emulator's own work.
    """
    from pulumi_sendgrid_reseller.client import SubuserCreate
    from pulumi_sendgrid_reseller.config import resolve_credentials
    from pulumi_sendgrid_reseller.resources._base import client_for

    with _pointed_at(emu):
        client = client_for(resolve_credentials({}))
    name = f"{run_id}-client"
    client.subusers.create(
        SubuserCreate(
            username=name, email=f"{name}@example.com", password="Client-1234", ips=["192.0.2.10"]
        )
    )
    out: dict[str, Any] = {"calls": calls}
    for label, call in (
        ("v2_sendip_list", lambda: client.ips.get_send_ips(name)),
        ("v3_subuser_get", lambda: client.subusers.get(name)),
    ):
        for _ in range(20):
            call()
        samples = []
        for _ in range(3):
            cpu, wall = time.thread_time(), time.perf_counter()
            for _ in range(calls):
                call()
            samples.append(
                ((time.thread_time() - cpu) / calls, (time.perf_counter() - wall) / calls)
            )
        cpu_ms = min(s[0] for s in samples) * 1000
        wall_ms = min(s[1] for s in samples) * 1000
        out[label] = {"cpu_ms": cpu_ms, "wall_ms": wall_ms}
        log(f" client {label}: {cpu_ms:.3f} ms CPU, {wall_ms:.3f} ms wall per call (best of 3)")
    client.subusers.delete(name)
    return out


def _sample_inputs() -> dict[str, tuple[Any, dict[str, Any]]]:
    from pulumi_sendgrid_reseller.resources._customer import CustomerProvider
    from pulumi_sendgrid_reseller.resources._customer_ip_assignment import (
        CustomerIpAssignmentProvider,
    )
    from pulumi_sendgrid_reseller.resources._subuser import SubuserProvider
    from pulumi_sendgrid_reseller.resources._subuser_monitor import SubuserMonitorProvider

    customer = {
        "username": "tenant-0001",
        "password": CUSTOMER_PASSWORD,
        "email": "tenant-0001@example.com",
        "first_name": "Ada",
        "last_name": "Tenant",
        "address": "1 Bench Street",
        "city": "Testville",
        "state": "CA",
        "zip": "91234",
        "country": "US",
        "phone": "555-0100",
        "website": "example.com",
    }
    subuser = {
        "username": "tenant-0001-sub",
        "email": "tenant-0001@example.com",
        "password": SUBUSER_PASSWORD,
        "ips": ["192.0.2.11", "192.0.2.12"],
    }
    monitor = {"subuser": "tenant-0001-sub", "email": "tenant-0001@example.com", "frequency": 100.0}
    assignment = {"customer": "tenant-0001", "ips": ["192.0.2.11", "192.0.2.12"]}
    return {
        "Customer": (CustomerProvider(), customer),
        "CustomerIpAssignment": (CustomerIpAssignmentProvider(), assignment),
        "Subuser": (SubuserProvider(), subuser),
        "SubuserMonitor": (SubuserMonitorProvider(), monitor),
    }


def measure_methods(
    emu: EmulatorProcess, log: Callable[[str], None], rounds: int = 500
) -> dict[str, Any]:
    """Time ``check`` and ``diff`` of an unchanged resource; size of its pickled provider.

    Inputs are plain dicts as the engine hands them over (ints as floats). ``check`` gets
    the same inputs as old and new, as in a no-change preview, so it must not call SendGrid;
    the emulator's log shows whether it did.
    """
    from pulumi.dynamic.dynamic import serialize_provider

    out: dict[str, Any] = {}
    emu.clear_calls()
    with _pointed_at(emu):
        for kind, (provider, inputs) in _sample_inputs().items():
            news = {"__provider": "x", **inputs}
            checked = provider.check(news, news)
            assert not checked.failures, checked.failures
            olds = {**checked.inputs, "user_id": 1.0}
            began = time.perf_counter()
            for _ in range(rounds):
                provider.check(olds, news)
            check_us = (time.perf_counter() - began) / rounds * 1e6
            began = time.perf_counter()
            for _ in range(rounds):
                diff = provider.diff("1", olds, checked.inputs)
            diff_us = (time.perf_counter() - began) / rounds * 1e6
            out[kind] = {
                "check_us": check_us,
                "diff_us": diff_us,
                "diff_changes": bool(diff.changes),
                "pickled_provider_chars": len(serialize_provider(provider)),
            }
    out["calls"] = emu.calls().total
    for kind in KINDS:
        m = out[kind]
        log(
            f" {kind}: check {m['check_us']:.0f} us, diff {m['diff_us']:.0f} us, pickled "
            f"provider {m['pickled_provider_chars']} chars"
        )
    log(f" SendGrid calls made by those checks and diffs: {out['calls']}")
    return out


def measure_emulator(seconds: float, clients: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Run bench/emulator_rps.py in its own process and return its JSON figures."""
    script = Path(__file__).with_name("emulator_rps.py")
    log(f" emulator: {clients} clients, {seconds:g} s per scenario")
    proc = subprocess.run(
        [sys.executable, str(script), "--seconds", str(seconds), "--clients", str(clients)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    figures: dict[str, Any] = json.loads(lines[-1])
    return figures
