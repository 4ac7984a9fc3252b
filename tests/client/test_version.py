"""The package version, and the User-Agent derived from it."""

from __future__ import annotations

import re
from importlib import metadata

import pulumi_sendgrid_reseller as sg

from ._stub import Reply, stub_client


def test_version_comes_from_the_distribution() -> None:
    try:
        expected = metadata.version("pulumi-sendgrid-reseller")
    except metadata.PackageNotFoundError:
        expected = "0.0.0+unknown"
    assert sg.__version__ == expected
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", sg.__version__)


def test_user_agent_names_the_version() -> None:
    client, adapter, _ = stub_client([Reply(200, [])])
    client.subusers.list()
    agent = adapter.requests[0].headers["User-Agent"]
    assert agent.startswith(f"pulumi-sendgrid-reseller/{sg.__version__} ")
