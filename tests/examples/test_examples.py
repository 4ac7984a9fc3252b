"""Every example applied and destroyed through the real engine against the emulator.

Each test works on a copy of the example in tmp_path, so that the stack files the engine
writes (encryption salts) never touch the checkout.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests

from conftest import (
    ROOT,
    Emulator,
    StackFactory,
    change_summary,
    engine_env,
    provide_virtualenv,
    stored_state_text,
)
from localdns import LocalDnsServer, RecordsClient

pytestmark = pytest.mark.engine

EXAMPLES = ROOT / "examples"


def free_ips(emulator: Emulator) -> set[str]:
    return {ip["ip"] for ip in emulator.state()["ips"] if not ip["users"]}


def copy_project(tmp_path: Path, *parts: str) -> Path:
    source = EXAMPLES.joinpath(*parts)
    target = tmp_path / "projects" / "-".join(parts)
    shutil.copytree(
        source, target, ignore=shutil.ignore_patterns("__pycache__", ".pulumi-state", "venv")
    )
    provide_virtualenv(target)
    return target


def subprocess_env(tmp_path: Path, emulator: Emulator | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "SENDGRID_"))}
    backend = tmp_path / "backend"
    backend.mkdir(exist_ok=True)
    env.update(engine_env(backend))
    if emulator is not None:
        env.update(emulator.env())
    env.update(extra)
    return env


# --------------------------------------------------------------------------------------
# The root demo project (Pulumi.yaml + Pulumi.demo.yaml + examples/demo/)
# --------------------------------------------------------------------------------------


def demo_password(name: str) -> str:
    digest = hashlib.sha256(f"sendgrid-reseller-demo/not-a-secret:{name}".encode()).hexdigest()
    return f"demo-{digest[:23]}"


def test_demo_project(
    make_stack: StackFactory, emulator: Emulator, tmp_path: Path, local_dns: LocalDnsServer
) -> None:
    # As scripts/demo.sh: the emulator validates against the local DNS server, which the
    # program's Record resources write to.
    resp = emulator.http.put(
        f"{emulator.url}/_emulator/dns-resolver", json={"resolver": local_dns.dns_address}
    )
    assert resp.status_code == 200, resp.text
    project = tmp_path / "demo-project"
    (project / "examples").mkdir(parents=True)
    shutil.copy(ROOT / "Pulumi.yaml", project / "Pulumi.yaml")
    shutil.copy(ROOT / "Pulumi.demo.yaml", project / "Pulumi.demo.yaml")
    shutil.copytree(EXAMPLES / "demo", project / "examples" / "demo")
    env = {**emulator.env(), "LOCALDNS_API_URL": local_dns.api_url}
    stack = make_stack(work_dir=project, name="demo", env=env)

    lines: list[str] = []
    up = stack.up(on_output=lines.append)
    # The stack, 6 tenants, 3 customers, 2 IP assignments, 2 subusers, 2 monitors, 1 account,
    # the newsletter tenant's credits, its API key and the settings the key is handed on to;
    # for each of the two tenants with a domain: its domain authentication, link branding,
    # 5 DNS records and 2 validations; the newsletter tenant's event webhook, inbound parse
    # setting and teammate.
    assert change_summary(up) == {"create": 41}

    # Sender authentication: the records SendGrid asked for are in the DNS, validated.
    published = {(r.name, r.value) for r in RecordsClient(local_dns.api_url).list()}
    records = up.outputs["dns_records"].value
    assert sorted(records) == ["acme-newsletters", "umbrella"]
    for tenant_records in records.values():
        assert len(tenant_records) == 5
        for record in tenant_records.values():
            assert (record["host"], record["data"]) in published
    validations = [
        r["outputs"]
        for r in stack.export_stack().deployment["resources"]
        if r["type"].endswith("Validation")
    ]
    assert len(validations) == 4 and all(v["valid"] is True for v in validations)

    accounts = emulator.accounts()
    # A provisioned account is an account of the emulator too, named by its id.
    assert sorted(n for n, a in accounts.items() if a["kind"] != "account") == [
        "acme-mail",
        "acme-newsletters",
        "acme-receipts",
        "globex-mail",
        "initech-mail",
    ]
    assert accounts["acme-mail"]["kind"] == "customer"
    assert sorted(accounts["acme-mail"]["ips"]) == ["192.0.2.10", "192.0.2.11"]
    assert accounts["acme-mail"]["company"] == "Acme Corp"
    assert accounts["globex-mail"]["ips"] == ["192.0.2.12"]
    assert accounts["initech-mail"]["ips"] == []
    assert accounts["initech-mail"]["active"] is False
    assert accounts["initech-mail"]["website_access"] is False
    assert accounts["acme-newsletters"]["kind"] == "subuser"
    assert accounts["acme-receipts"]["ips"] == ["198.51.100.11", "198.51.100.12"]
    monitors = emulator.monitors()
    assert monitors["acme-newsletters"]["frequency"] == 50
    assert monitors["acme-receipts"] == {
        "username": "acme-receipts",
        "email": "compliance@acme.example.com",
        "frequency": 500,
    }

    tenants = up.outputs["tenants"].value
    assert tenants["acme"]["user_id"] == accounts["acme-mail"]["user_id"]
    assert tenants["acme"]["ips"] == ["192.0.2.10", "192.0.2.11"]
    assert tenants["acme-receipts"]["monitor"] == {
        "email": "compliance@acme.example.com",
        "frequency": 500,
    }
    assert tenants["initech"] == {
        "kind": "customer",
        "username": "initech-mail",
        "user_id": accounts["initech-mail"]["user_id"],
        "ips": [],
        "monitor": None,
    }
    assert up.outputs["usernames"].value["globex"] == "globex-mail"
    (account,) = emulator.state()["partner_accounts"]
    assert tenants["umbrella"]["kind"] == "account"
    assert tenants["umbrella"]["username"] == account["id"]
    assert account["test_account"] is True and account["state"] == "activated"
    assert account["email"] == "admin@umbrella.example.com"
    assert [o["name"] for o in account["offerings"]] == [
        "org.ei.pro.v1",
        "org.dedicated_ip.v1",
    ]
    news = tenants["acme-newsletters"]
    assert news["credits"] == {"type": "recurring", "remain": 10000}
    keys = {k["api_key_id"]: k for k in emulator.state()["api_keys"]}
    key_id = news["api_keys"]["newsletter-app"]
    assert (keys[key_id]["owner"], sorted(keys[key_id]["scopes"])) == (
        "acme-newsletters",
        ["mail.send", "stats.read"],
    )
    # The key: a secret stack output, and handed on (still secret) to the app settings.
    api_keys = up.outputs["api_keys"]
    secret = api_keys.value["acme-newsletters/newsletter-app"]
    assert api_keys.secret is True and secret.startswith("SG.")
    settings = [
        r
        for r in stack.export_stack().deployment["resources"]
        if r["urn"].endswith("::acme-newsletters-newsletter-app-settings")
    ]
    assert len(settings) == 1
    assert settings[0]["outputs"]["value"]["4dabf18193072939515e22adb298388d"] == (
        "1b47061264138c4ac30d75fd1eb44270"
    )  # the engine's secret marker: the value is stored encrypted
    assert secret not in "\n".join(lines)

    # The newsletter tenant's signed webhook, parse host and invited teammate.
    (hook,) = emulator.state()["event_webhooks"]
    outputs_hook = up.outputs["event_webhooks"].value["acme-newsletters/delivery-events"]
    assert (hook["owner"], hook["signed"], hook["url"]) == (
        "acme-newsletters",
        True,
        "http://127.0.0.1:8789/acme-newsletters",
    )
    assert outputs_hook["public_key"] == hook["public_key"]
    assert outputs_hook["webhook_id"] == hook["id"]
    assert up.outputs["inbound_mx_records"].value["parse.acme.example.com"]["data"] == (
        "mx.sendgrid.net"
    )
    assert up.outputs["teammates"].value == {"designer@acme.example.com": "pending"}

    # The demo passwords are secrets: not in the state in plaintext.
    stored = stored_state_text(stack)
    assert "acme-mail" in stored
    for name in ("acme", "globex", "initech", "acme-newsletters", "acme-receipts"):
        assert demo_password(name) not in stored
    assert secret not in stored

    # A second run changes nothing (what `bash scripts/demo.sh` shows the second time).
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 41}
    emulator.clear_log()
    assert change_summary(stack.up(on_output=print)) == {"same": 41}
    writes = [
        r["path"]
        for r in emulator.request_log()["requests"]
        if any(w in r["path"] for w in ("add", "append", "setEmail", "monitor"))
        or r["method"] in ("PUT", "PATCH", "DELETE")
    ]
    assert writes == []
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 41}

    assert change_summary(stack.destroy(on_output=print)) == {"delete": 41}
    state = emulator.state()
    assert state["accounts"] == [] and state["monitors"] == []
    assert state["domains"] == [] and state["links"] == []
    assert RecordsClient(local_dns.api_url).list() == []
    assert state["event_webhooks"] == state["parse_settings"] == []
    assert state["teammate_invitations"] == []
    assert all(ip["users"] == [] for ip in state["ips"])


# --------------------------------------------------------------------------------------
# examples/stack-reference: ip-plan, then tenants through a StackReference
# --------------------------------------------------------------------------------------


def test_stack_reference(make_stack: StackFactory, emulator: Emulator, tmp_path: Path) -> None:
    # Someone else already sends from 192.0.2.10: the plan must leave it alone.
    emulator.v3(
        "POST",
        "/subusers",
        {
            "username": "other-sender",
            "email": "other@example.com",
            "password": "other-pass-1234",
            "ips": ["192.0.2.10"],
        },
    )
    ip_plan = make_stack(
        work_dir=copy_project(tmp_path, "stack-reference", "ip-plan"),
        name="dev",
        env=emulator.env(),
    )
    tenants = make_stack(
        work_dir=copy_project(tmp_path, "stack-reference", "tenants"),
        name="dev",
        env=emulator.env(),
    )

    plan_up = ip_plan.up(on_output=print)
    assert change_summary(plan_up) == {"create": 1}  # the stack: the plan creates nothing
    expected = {
        "acme-mail": ["192.0.2.11", "192.0.2.12"],
        "globex-mail": ["192.0.2.13"],
        "hooli-mail": ["192.0.2.14"],
    }
    assert plan_up.outputs["allocations"].value == expected
    assert "192.0.2.10" not in plan_up.outputs["unallocated"].value
    assert all(ip.startswith("192.0.2.") for ip in plan_up.outputs["pool"].value)

    up = tenants.up(on_output=print)
    # The stack, 3 tenants, 3 customers, 3 IP assignments.
    assert change_summary(up) == {"create": 10}
    accounts = emulator.accounts()
    for username, ips in expected.items():
        assert accounts[username]["kind"] == "customer"
        assert sorted(accounts[username]["ips"]) == ips
    assert up.outputs["customers"].value["hooli-mail"]["ips"] == ["192.0.2.14"]

    # The plan is stable once applied: the IPs now in use stay with their tenants.
    again = ip_plan.up(on_output=print)
    assert again.outputs["allocations"].value == expected
    assert change_summary(tenants.preview(expect_no_changes=True)) == {"same": 10}

    # Destroy in reverse order: the consumer first.
    # (The StackReference is read, not owned: destroy discards it.)
    assert change_summary(tenants.destroy(on_output=print)) == {"delete": 10, "discard": 1}
    assert sorted(emulator.accounts()) == ["other-sender"]
    assert change_summary(ip_plan.destroy(on_output=print)) == {"delete": 1}
    assert free_ips(emulator) >= {"192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.14"}


# --------------------------------------------------------------------------------------
# examples/onboarding-automation: main.py with the Automation API
# --------------------------------------------------------------------------------------


def run_onboarding(
    example: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, str(example / "main.py"), *args, "--stack", "test", "--quiet"],
        cwd=example,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    print(result.stdout)
    print(result.stderr, file=sys.stderr)
    return result


def test_onboarding_automation(emulator: Emulator, engine: str, tmp_path: Path) -> None:
    example = copy_project(tmp_path, "onboarding-automation")
    env = subprocess_env(tmp_path, emulator, ONBOARDING_PASSWORD_SEED="test-seed-not-real")
    data = example / "tenants.json"

    result = run_onboarding(example, env, "up", "--data", str(data))
    assert result.returncode == 0, result.stderr
    accounts = emulator.accounts()
    assert sorted(accounts) == ["stark-alerts", "stark-mail", "umbrella-mail"]
    assert sorted(accounts["umbrella-mail"]["ips"]) == ["203.0.113.10", "203.0.113.11"]
    assert accounts["stark-alerts"]["kind"] == "subuser"
    assert emulator.monitors()["stark-alerts"]["frequency"] == 100
    assert "umbrella-mail" in result.stdout and "every 100 to" in result.stdout
    assert "'create': 10" in result.stdout  # stack, 3 tenants and their 6 children

    # Offboarding: a record removed from the data removes the tenant.
    smaller = tmp_path / "smaller.json"
    records = json.loads(data.read_text())["tenants"]
    smaller.write_text(json.dumps([r for r in records if r["username"] != "stark-alerts"]))
    preview = run_onboarding(example, env, "preview", "--data", str(smaller))
    assert preview.returncode == 0, preview.stderr
    assert "'delete': 3" in preview.stdout
    assert "stark-alerts" in emulator.accounts()  # a preview changes nothing
    result = run_onboarding(example, env, "up", "--data", str(smaller))
    assert result.returncode == 0, result.stderr
    assert sorted(emulator.accounts()) == ["stark-mail", "umbrella-mail"]
    assert emulator.monitors() == {}

    # A bad record is refused before the engine starts, with every problem listed.
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            [
                {"kind": "subuser", "username": "no-ips", "email": "a@example.com"},
                {"kind": "customer", "username": "x", "email": "b@example.com", "colour": 1},
            ]
        )
    )
    emulator.clear_log()
    result = run_onboarding(example, env, "up", "--data", str(bad))
    assert result.returncode == 1
    assert (
        "tenants[0].ips" in result.stderr and "tenants[1]: unknown key(s) colour" in result.stderr
    )
    assert emulator.request_log()["total"] == 0

    # No seed while aiming at the real SendGrid: refused.
    real = {k: v for k, v in env.items() if k not in ("ONBOARDING_PASSWORD_SEED",)}
    real["SENDGRID_API_URL"] = "https://api.sendgrid.com"
    result = run_onboarding(example, real, "preview", "--data", str(data))
    assert result.returncode == 1 and "ONBOARDING_PASSWORD_SEED" in result.stderr

    result = run_onboarding(example, env, "destroy", "--data", str(smaller))
    assert result.returncode == 0, result.stderr
    assert emulator.accounts() == {}
    assert free_ips(emulator) >= {"203.0.113.10", "203.0.113.11", "203.0.113.12"}


# --------------------------------------------------------------------------------------
# examples/ci-preview: preview.sh
# --------------------------------------------------------------------------------------


def run_preview(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["bash", str(EXAMPLES / "ci-preview" / "preview.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    print(result.stdout)
    print(result.stderr, file=sys.stderr)
    return result


def preview_env(tmp_path: Path, **extra: str) -> dict[str, Any]:
    env = subprocess_env(tmp_path, None, **extra)
    env.pop("PULUMI_BACKEND_URL")  # preview.sh makes its own throwaway backend
    return env


def test_ci_preview_against_running_emulator(
    emulator: Emulator, engine: str, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    env = preview_env(tmp_path, EMULATOR_URL=emulator.url, GITHUB_STEP_SUMMARY=str(summary))
    project = copy_project(tmp_path, "ci-preview", "infra")
    before = sorted(project.iterdir())

    result = run_preview(env, "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert "+ 7 to create" in result.stdout
    for urn_end in ("Customer::wayne-mail", "Subuser::wayne-billing", "::wayne-billing-monitor"):
        assert urn_end in result.stdout
    assert "### SendGrid preview (emulator, stack `ci`): ok" in summary.read_text()
    # It asked the emulator (IP ownership checks) and changed nothing there.
    counts = emulator.request_log()["counts"]
    assert any("reseller.ip" in call for call in counts), counts
    assert emulator.accounts() == {}
    # The project folder is untouched: no stack file written beside the project.
    assert sorted(project.iterdir()) == before


def test_ci_preview_starts_its_own_emulator(engine: str, tmp_path: Path) -> None:
    project = copy_project(tmp_path, "ci-preview", "infra")
    result = run_preview(preview_env(tmp_path), "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert "== SendGrid emulator at http://127.0.0.1:" in result.stdout
    assert "+ 7 to create" in result.stdout
    url = result.stdout.split("== SendGrid emulator at ", 1)[1].split()[0]
    with pytest.raises(requests.ConnectionError):  # stopped on exit
        requests.get(f"{url}/_emulator/state", timeout=5)


def test_ci_preview_fails_on_bad_input(emulator: Emulator, engine: str, tmp_path: Path) -> None:
    project = copy_project(tmp_path, "ci-preview", "infra")
    config = project / "Pulumi.ci.yaml"
    config.write_text(config.read_text().replace("192.0.2.20", "192.0.2.99"))
    result = run_preview(
        preview_env(tmp_path, EMULATOR_URL=emulator.url), "--project", str(project)
    )
    assert result.returncode != 0
    assert "192.0.2.99 is not an IP of the parent account" in result.stdout
