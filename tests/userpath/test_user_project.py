"""A team's own project, walked as a user walks it: the wheel, `pulumi install`, the CLI.

Nothing of this repository's scripts, virtualenv or Automation API is used: the project
folder is laid out as `pulumi new python` makes it (tests/userpath/project/ plus a
requirements.txt naming the built wheel with its `emulator` extra), the engine is on PATH,
no virtualenv is active and PULUMI_PYTHON_CMD is unset. The engine must then find the
project's `venv/` from its runtime options alone, for the program and for the dynamic
providers.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
import requests
from _wheel import build_wheel

pytestmark = pytest.mark.engine

PROJECT = Path(__file__).parent / "project"


def user_env(tmp_path: Path, engine: str) -> dict[str, str]:
    """A user's shell: the engine on PATH, no virtualenv on PATH or active, no Pulumi or
    SendGrid settings of ours; a local file backend and a passphrase for the secrets."""

    def is_venv_bin(entry: str) -> bool:
        return (Path(entry).parent / "pyvenv.cfg").exists()

    path = [str(Path(engine).parent)]
    path += [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and not is_venv_bin(p)]
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PULUMI_", "SENDGRID_", "PYTHON", "CONDA_"))
        and k not in ("VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV")
    }
    backend = tmp_path / "backend"
    backend.mkdir()
    env.update(
        PATH=os.pathsep.join(path),
        PULUMI_BACKEND_URL=backend.as_uri(),
        PULUMI_CONFIG_PASSPHRASE="correct horse battery staple",
        PULUMI_SKIP_UPDATE_CHECK="true",
        PULUMI_HOME=str(tmp_path / "pulumi-home"),
    )
    return env


class Cli:
    """`pulumi ...` in the project folder, as a user types it."""

    def __init__(self, project: Path, env: dict[str, str]) -> None:
        self.project = project
        self.env = env

    def __call__(self, *args: str, stdin: str | None = None) -> str:
        out = subprocess.run(
            ["pulumi", *args],
            cwd=self.project,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
        print(f"$ pulumi {' '.join(args)}\n{out.stdout}{out.stderr}")
        assert out.returncode == 0, f"pulumi {args[0]} failed:\n{out.stdout}\n{out.stderr}"
        return out.stdout


def start_emulator(
    venv: Path, db: Path, api_key: str, env: dict[str, str]
) -> tuple[subprocess.Popen[str], str]:
    """The emulator from the project's virtualenv; returns the process and its URL."""
    exe = venv / "bin" / "sendgrid-emulator"
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", "0", "--db", str(db), "--api-key", api_key],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("listening on "):
            return proc, line.removeprefix("listening on ").strip()
        if not line and proc.poll() is not None:
            break
    proc.kill()
    pytest.fail(f"the emulator from {exe} did not start")


def test_user_project_lifecycle(engine: str, tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path / "dist")
    shipped = zipfile.ZipFile(wheel).namelist()
    for data in (
        "pulumi_sendgrid_reseller/client/data/api_key_permissions.json",
        "sendgrid_emulator/data/api_key_permissions.json",
    ):
        assert data in shipped, f"the wheel lacks {data}"
    project = tmp_path / "sendgrid-tenants"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns("__pycache__", "venv"))
    (project / "requirements.txt").write_text(
        f"pulumi>=3.0.0,<4.0.0\npulumi-sendgrid-reseller[emulator] @ {wheel.as_uri()}\n"
    )
    env = user_env(tmp_path, engine)
    pulumi = Cli(project, env)

    # `pulumi install` creates the virtualenv where Pulumi.yaml says, not in the project root.
    pulumi("install")
    venv = project / "venv"
    assert (venv / "bin" / "python").exists()
    assert not (project / "bin").exists() and not (project / "lib").exists()
    assert (venv / "bin" / "sendgrid-emulator").exists()

    api_key = f"SG.{secrets.token_urlsafe(24)}"
    passwords = {name: f"pw-{secrets.token_hex(12)}" for name in ("acmePassword", "newsPassword")}
    proc, url = start_emulator(venv, tmp_path / "emulator.db", api_key, env)
    try:
        pulumi("stack", "init", "dev")
        pulumi("config", "set", "sendgrid-reseller:apiUser", "reseller")
        pulumi("config", "set", "sendgrid-reseller:apiUrl", url)
        pulumi("config", "set", "--secret", "sendgrid-reseller:apiKey", stdin=api_key)
        for name, value in passwords.items():
            pulumi("config", "set", "--secret", name, stdin=value)

        up = pulumi("up", "--yes", "--skip-preview")
        assert "6 created" in up, up
        accounts = {
            a["username"]: a for a in requests.get(f"{url}/_emulator/state").json()["accounts"]
        }
        assert sorted(accounts) == ["acme-mail", "acme-newsletters"]
        assert sorted(accounts["acme-mail"]["ips"]) == ["192.0.2.10", "192.0.2.11"]
        assert accounts["acme-newsletters"]["ips"] == ["198.51.100.10"]
        outputs = json.loads(pulumi("stack", "output", "--json", "--show-secrets"))
        assert outputs["acme_user_id"] == accounts["acme-mail"]["user_id"]
        # The key's permissions were checked by the provider and by the emulator, each
        # against its own copy of SendGrid's list, both read from the installed wheel.
        made_key = outputs["news_api_key"]
        assert made_key.startswith("SG.")

        pulumi("preview", "--expect-no-changes")
        pulumi("refresh", "--expect-no-changes", "--yes")

        # No secret in plaintext anywhere the backend or the project keeps files.
        stored = [
            p.read_text(errors="replace")
            for folder in (tmp_path / "backend", project)
            for p in folder.rglob("*")
            if p.is_file() and "venv" not in p.relative_to(folder).parts
        ]
        assert any("acme-mail" in text for text in stored)
        for secret in (api_key, made_key, *passwords.values()):
            assert not any(secret in text for text in stored)

        pulumi("destroy", "--yes")
        state = requests.get(f"{url}/_emulator/state").json()
        assert state["accounts"] == [] and state["monitors"] == []

        # Bad input of the tenant-scoped resources fails the preview, naming each field and
        # rule, and nothing reaches SendGrid. The engine stops at the first resource that
        # fails its check, so each program holds one resource with every rule broken.
        requests.delete(f"{url}/_emulator/requests")
        for program, failures in BAD_PROGRAMS:
            program = f"import pulumi_sendgrid_reseller as sg\n{program}"
            (project / "__main__.py").write_text(program)
            bad = subprocess.run(
                ["pulumi", "preview"], cwd=project, env=env, capture_output=True, text=True
            )
            print(f"$ pulumi preview\n{bad.stdout}{bad.stderr}")
            assert bad.returncode != 0
            for failure in failures:
                assert failure in bad.stdout, failure
            assert "oauth-secret-never-shown" not in bad.stdout + bad.stderr
        assert requests.get(f"{url}/_emulator/requests").json()["total"] == 0
    finally:
        proc.terminate()
        proc.wait(timeout=30)


#: Programs of one resource each, with the failures their preview must name.
BAD_PROGRAMS = (
    (
        """sg.DomainAuthentication("domain", domain="not a domain", custom_dkim_selector="abcd")""",
        (
            "domain: must be a domain name",
            "custom_dkim_selector: must be exactly three letters or digits",
        ),
    ),
    (
        """sg.DomainAuthentication(
    "domain", domain="example.com", associated_subusers=[f"u{i}" for i in range(6)]
)""",
        ("associated_subusers: at most 5 subusers (got 6)",),
    ),
    (
        """sg.DomainAuthentication("domain", domain="example.com", custom_spf=True)""",
        ("custom_spf: must not be true with automatic_security",),
    ),
    (
        """sg.LinkBranding("links", domain="example.com", subuser="shop", account="a1")""",
        ("subuser: must not be given together with account",),
    ),
    (
        """sg.EventWebhook("webhook", url="ftp://example.com/events")""",
        ("url: must be an http(s) URL",),
    ),
    (
        """sg.EventWebhook(
    "webhook",
    url="https://example.com/events",
    oauth_client_id="client",
    oauth_client_secret="oauth-secret-never-shown",
)""",
        ("OAuth needs oauth_client_id, oauth_client_secret and oauth_token_url together",),
    ),
    (
        """sg.Teammate("admin", email="a@example.com", is_admin=True, scopes=["mail.send"])""",
        ("scopes: must not be given when is_admin is true",),
    ),
    (
        """sg.Teammate("scope", email="b@example.com", scopes=["mail.sendd"])""",
        ("scopes: unknown scope(s) 'mail.sendd'",),
    ),
    (
        """sg.InboundParse("parse", hostname="not_a host", url="https://example.com/parse")""",
        ("hostname: must be a hostname",),
    ),
)
