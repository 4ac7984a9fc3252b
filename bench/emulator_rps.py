"""Throughput and latency of the in-process emulator under 8 concurrent clients.

Run: .venv/bin/python bench/emulator_rps.py [--seconds 5] [--clients 8]

Starts EmulatorServer on :memory:, seeds 50 subusers and 50 customers, then for each
scenario runs N client threads (one requests.Session each) for the given time and prints
requests/second and p50/p99 latency. The last line is one JSON object with the figures.
Figures are printed, never asserted on.
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

import requests

from sendgrid_emulator import EmulatorServer

API_USER = "reseller"
API_KEY = "SG.emulator-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
SEED = 50


def seed(url: str) -> list[str]:
    session = requests.Session()
    customers = []
    for n in range(SEED):
        name = f"bench-customer-{n:02d}@example.com"
        form = {
            "api_user": API_USER,
            "api_key": API_KEY,
            "username": name,
            "email": name,
            "password": "benchpass",
            "confirm_password": "benchpass",
            "first_name": "Bench",
            "last_name": f"Customer {n}",
            "address": "1 Test Street",
            "city": "Testville",
            "state": "CA",
            "zip": "91234",
            "country": "US",
            "phone": "555-0100",
            "website": "example.com",
            "ip[]": f"192.0.2.{10 + n % 20}",
        }
        response = session.post(f"{url}/apiv2/reseller.add.json", data=form, timeout=30)
        response.raise_for_status()
        customers.append(name)
        body = {
            "username": f"bench-subuser-{n:02d}",
            "email": f"sub{n}@example.com",
            "password": "benchpass",
            "ips": [f"198.51.100.{10 + n % 10}"],
        }
        response = session.post(f"{url}/v3/subusers", json=body, headers=AUTH, timeout=30)
        response.raise_for_status()
    session.close()
    return customers


Call = Callable[[requests.Session, int], requests.Response]


def run(url: str, call: Call, clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start_gate = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def worker(index: int) -> None:
        session = requests.Session()
        mine = latencies[index]
        n = index
        start_gate.wait()
        while time.perf_counter() < stop_at[0]:
            began = time.perf_counter()
            response = call(session, n)
            mine.append(time.perf_counter() - began)
            if response.status_code != 200:
                errors[index] += 1
            n += clients
        session.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start_gate.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    flat = sorted(x for chunk in latencies for x in chunk)
    count = len(flat)
    return {
        "requests": count,
        "errors": sum(errors),
        "rps": round(count / elapsed, 1),
        "p50_ms": round(statistics.median(flat) * 1000, 2),
        "p99_ms": round(flat[min(count - 1, int(count * 0.99))] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()

    # A v3 window large enough that the benchmark never meets it.
    with EmulatorServer(db=":memory:", threads=16, v3_rate_limit=10**9) as server:
        url = server.url
        customers = seed(url)

        def v3_list(session: requests.Session, n: int) -> requests.Response:
            return session.get(
                f"{url}/v3/subusers", params={"limit": 100}, headers=AUTH, timeout=30
            )

        def v2_profile(session: requests.Session, n: int) -> requests.Response:
            form = {
                "api_user": API_USER,
                "api_key": API_KEY,
                "method": "profile",
                "task": "get",
                "username": customers[n % len(customers)],
            }
            return session.post(f"{url}/apiv2/reseller.manage.json", data=form, timeout=30)

        results = {
            "v3_list_subusers_limit_100": run(url, v3_list, args.clients, args.seconds),
            "v2_profile_get_by_username": run(url, v2_profile, args.clients, args.seconds),
        }

    print(f"{'scenario':32} {'requests':>9} {'errors':>7} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for name, r in results.items():
        print(
            f"{name:32} {r['requests']:>9} {r['errors']:>7} {r['rps']:>9} "
            f"{r['p50_ms']:>8} {r['p99_ms']:>8}"
        )
    summary = {"clients": args.clients, "seconds": args.seconds, "seeded": SEED * 2, **results}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
