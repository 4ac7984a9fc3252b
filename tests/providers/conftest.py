"""The provider layer: each resource's provider driven as the engine drives it, no engine.

``drive(Subuser)`` gives a :class:`Driver` over ``Subuser.provider_type()``, configured for
the session's emulator through ``configure`` (the stack configuration, as the engine
passes it). Its methods are the engine's calls, with the properties in the form the
engine hands them over: through a protobuf ``Struct`` (ints become floats, ``None`` is
dropped, nested too), secrets as plain strings, ``__provider`` beside them; the engine's
bookkeeping is kept in a :class:`State` (id, checked inputs, outputs):

- ``check``/``failures``/``inputs``: ``check(olds, news)``;
- ``create``: check, then ``create`` with the checked inputs;
- ``read``: ``read(id, outputs)``; its inputs and outputs replace the state's (refresh);
- ``diff``/``update``: check against the state's inputs, then ``diff``/``update`` with the
  state's outputs as ``olds``;
- ``delete``: ``delete(id, outputs)``.

Beside it: ``fault`` and ``on_behalf`` act on the emulator directly (faults, drift), and
``interrupted_creates`` leaves what a killed run leaves (creates sent, never settled).

Only the public resource classes and the provider's engine entry points are used, so these
tests hold whatever module a provider lives in.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from google.protobuf import struct_pb2
from pulumi.dynamic import CheckResult, ConfigureRequest, DiffResult, ResourceProvider
from pulumi.dynamic.config import Config
from pulumi.output import Unknown
from pulumi.runtime import rpc

import pulumi_sendgrid_reseller as package
from conftest import EMULATOR_KEY, EMULATOR_USER, Emulator

PROVIDER_KEY = "__provider"
#: What the engine carries in ``__provider`` (the serialized provider); opaque to providers.
PROVIDER_BLOB = "c2VyaWFsaXplZC1wcm92aWRlcg=="
UNKNOWN = rpc.UNKNOWN
"""A value the engine does not know yet (preview), as it reaches ``check`` and ``diff``."""

SECRET_INPUTS = frozenset({"password", "confirm_password", "api_key", "parent_api_key"})
"""The secret inputs: a check failure about one names no property, since the engine prints
a failing property's value beside the reason."""

_SETTINGS_ENV = (
    "SENDGRID_API_URL",
    "SENDGRID_API_USER",
    "SENDGRID_API_KEY",
    "SENDGRID_API_URL_EU",
    "SENDGRID_READ_TIMEOUT",
    "SENDGRID_MAX_REQUESTS_PER_SECOND",
)


def wire(props: Mapping[str, Any], *, keep_unknowns: bool = False) -> dict[str, Any]:
    """``props`` as the engine hands them to a dynamic provider (without ``__provider``).

    They go through a protobuf ``Struct`` and the SDK's own deserializer: ints become
    floats, ``None`` values are dropped (in nested objects too), unknowns are kept only
    where the engine keeps them (``check`` and ``diff``, as ``Unknown`` objects).
    """
    struct = struct_pb2.Struct()
    struct.update({k: _serializable(v) for k, v in props.items() if k != PROVIDER_KEY})
    plain: dict[str, Any] = rpc.deserialize_properties(struct, keep_unknowns)
    return plain


def _serializable(value: Any) -> Any:
    """``value`` with each unknown as the engine sends it (the SDK reads it as ``Unknown``)."""
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, Mapping):
        return {k: _serializable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_serializable(v) for v in value]
    return value


def _engine_form(props: Mapping[str, Any], *, keep_unknowns: bool = False) -> dict[str, Any]:
    return {**wire(props, keep_unknowns=keep_unknowns), PROVIDER_KEY: PROVIDER_BLOB}


@dataclass(frozen=True)
class State:
    """What the engine keeps of one resource: its id, checked inputs and outputs."""

    id: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]


class CheckFailedError(AssertionError):
    """``check`` reported failures where the test expected none."""


class Driver:
    """One resource's provider, driven through the engine's calls (see the module)."""

    def __init__(self, provider: ResourceProvider) -> None:
        self.provider = provider

    # ------------------------------------------------------------------------------ check

    def check(self, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None) -> CheckResult:
        """``check(olds, news)``: ``olds`` are the state's inputs (none for a new resource)."""
        return self.provider.check(
            _engine_form(olds or {}, keep_unknowns=True),
            _engine_form(news, keep_unknowns=True),
        )

    def failures(
        self, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None
    ) -> dict[str, str]:
        """The check failures by field (the name a reason starts with) -> reason.

        Every failure must name its field at the start of its reason, and as its property
        unless the field is a secret (:data:`SECRET_INPUTS`).
        """
        found: dict[str, str] = {}
        for failure in self.check(news, olds).failures:
            field, sep, _ = failure.reason.partition(":")
            assert sep, f"a failure that names no field: {failure.reason!r}"
            top = field.split("[", 1)[0].split(".", 1)[0]
            named = "" if top in SECRET_INPUTS else field
            assert failure.property == named, (failure.property, failure.reason)
            found[field] = failure.reason
        return found

    def inputs(
        self, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The checked inputs, as the engine keeps them; a failure fails the test."""
        result = self.check(news, olds)
        if result.failures:
            raise CheckFailedError([f.reason for f in result.failures])
        return wire(result.inputs or {}, keep_unknowns=True)

    # ---------------------------------------------------------------------------- the rest

    def create(self, news: Mapping[str, Any]) -> State:
        """``pulumi up`` of a new resource: check, then create."""
        inputs = self.inputs(news)
        result = self.provider.create(_engine_form(inputs))
        assert isinstance(result.id, str) and result.id, result.id
        return State(result.id, inputs, wire(result.outs or {}))

    def read(self, state: State) -> State | None:
        """``pulumi refresh``: the new state, or None when the object is gone."""
        result = self.provider.read(state.id, _engine_form(state.outputs))
        if not result.id:
            return None
        inputs = state.inputs if result.inputs is None else wire(result.inputs)
        return State(result.id, inputs, wire(result.outs or {}))

    def diff(self, state: State, news: Mapping[str, Any]) -> DiffResult:
        """The preview of ``news`` against the state."""
        checked = self.inputs(news, state.inputs)
        return self.provider.diff(
            state.id,
            _engine_form(state.outputs, keep_unknowns=True),
            _engine_form(checked, keep_unknowns=True),
        )

    def update(self, state: State, news: Mapping[str, Any]) -> State:
        """``pulumi up`` of a change the diff applies in place."""
        checked = self.inputs(news, state.inputs)
        result = self.provider.update(state.id, _engine_form(state.outputs), _engine_form(checked))
        return replace(state, inputs=checked, outputs=wire(result.outs or {}))

    def delete(self, state: State) -> None:
        """``pulumi destroy`` (or the delete half of a replacement)."""
        self.provider.delete(state.id, _engine_form(state.outputs))

    # ------------------------------------------------------------------------- assertions

    def refresh(self, state: State, news: Mapping[str, Any]) -> State:
        """Read, then assert that the preview of the same program shows no change."""
        fresh = self.read(state)
        assert fresh is not None, "the object is gone"
        assert_no_change(self.diff(fresh, news))
        return fresh


def changes(result: DiffResult) -> tuple[bool, list[str]]:
    """A diff as ``(changes, replaces)``."""
    return bool(result.changes), list(result.replaces or [])


def assert_no_change(result: DiffResult) -> None:
    """The diff shows nothing to do."""
    assert changes(result) == (False, []), vars(result)


def assert_in_place(result: DiffResult) -> None:
    """The diff shows a change made in place (no replacement)."""
    assert changes(result) == (True, []), vars(result)


def stack_config(emulator: Emulator) -> dict[str, str]:
    """The stack configuration that points the provider at the emulator."""
    return {
        "sendgrid-reseller:apiUrl": emulator.url,
        "sendgrid-reseller:apiUser": EMULATOR_USER,
        "sendgrid-reseller:apiKey": EMULATOR_KEY,
        "sendgrid-reseller:apiUrlEu": f"{emulator.url}/eu",
    }


def configure(provider: ResourceProvider, config: Mapping[str, str]) -> None:
    """``configure`` as the engine calls it, with the stack configuration ``config``."""
    provider.configure(ConfigureRequest(Config(raw_config=dict(config), project_name="test")))


# --------------------------------------------------------------------------------------
# Direct access to the emulator (drift, faults), as another SendGrid client would
# --------------------------------------------------------------------------------------


def fault(emulator: Emulator, **spec: Any) -> int:
    """Register a fault (``sendgrid_emulator/control/faults.py``); its id."""
    resp = emulator.http.post(f"{emulator.url}/_emulator/faults", json=spec)
    assert resp.status_code == 201, resp.text
    return int(resp.json()["id"])


def on_behalf(emulator: Emulator, who: str, method: str, path: str, body: Any = None) -> Any:
    """A v3 call on behalf of ``who`` (a subuser's username, or ``account-id <id>``)."""
    resp = emulator.http.request(
        method,
        f"{emulator.url}/v3/{path.lstrip('/')}",
        json=body,
        headers={"Authorization": f"Bearer {EMULATOR_KEY}", "on-behalf-of": who},
    )
    assert resp.status_code < 300, resp.text
    return resp.json() if resp.content else None


_INTERRUPTED_RUN = """
import json, sys
import pulumi_sendgrid_reseller as package
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

provider = getattr(package, sys.argv[1]).provider_type()
provider.configure(ConfigureRequest(Config(raw_config=json.loads(sys.argv[2]), project_name="t")))
for props in json.loads(sys.argv[3]):
    try:
        provider.create(props)
    except Exception as exc:
        print(type(exc).__name__, exc)
    else:
        sys.exit("the create succeeded")
"""


def interrupted_creates(emulator: Emulator, driver: Driver, *news: Mapping[str, Any]) -> str:
    """Creates made by a run that ended before the engine had their answers; its output.

    They run in a provider process of their own, which ends with each create noted and
    not settled, as a killed ``pulumi up`` leaves them. The caller registers the faults
    that make each create fail after it landed (a lost answer, then a refused read).
    """
    resource = next(
        name
        for name in dir(package)
        if getattr(getattr(package, name), "provider_type", None) is type(driver.provider)
    )
    config = json.dumps(stack_config(emulator))
    inputs = json.dumps([driver.inputs(one) for one in news])
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_RUN, resource, config, inputs],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, (done.stdout, done.stderr)
    return done.stdout


def counts(emulator: Emulator) -> dict[str, int]:
    """The calls received since the log was cleared, by ``METHOD /path``."""
    return {k: int(v) for k, v in emulator.request_log()["counts"].items()}


Drive = Callable[[type[Any]], Driver]


@pytest.fixture
def drive(emulator: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Drive]:
    """Drivers of resource classes' providers, configured for a freshly reset emulator.

    The settings come from ``configure`` alone (the environment's are removed); the notes
    of creates in flight go to this test's own ``PULUMI_HOME``.
    """
    for name in _SETTINGS_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PULUMI_HOME", str(tmp_path / "pulumi-home"))
    configured: list[ResourceProvider] = []

    def make(resource: type[Any]) -> Driver:
        provider = resource.provider_type()
        configure(provider, stack_config(emulator))
        configured.append(provider)
        return Driver(provider)

    yield make
    for provider in configured[:1]:
        configure(provider, {})  # the stack configuration is process-wide: forget it
    log = emulator.request_log()
    unexpected = [r for r in log["requests"] if r["status"] >= 500 and r["fault"] is None]
    assert unexpected == [], unexpected
