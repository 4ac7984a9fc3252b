"""``SubuserMonitor``: a subuser's monitor settings (``/v3/subusers/{name}/monitor``).

The public ``SubuserMonitorArgs`` and ``SubuserMonitor`` are generated from
``SubuserMonitorProvider.schema``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from ..client import (
    AlreadyExistsError,
    MonitorSettings,
    NotFoundError,
    SendGridClient,
)
from ..client._fields import MonitorFields, Username, create_body
from ._base import BaseProvider, InputModel, Op, Prop, check_takeover
from ._schema import Calls, Outputs, ResourceSchema


class SubuserMonitorInputs(InputModel, MonitorFields):
    """The validated inputs of a :class:`SubuserMonitor`: the monitor table and its subuser."""

    subuser: Annotated[
        Username,
        Prop(),
        Field(description="The subuser's username; a change replaces the monitor."),
    ]

    def settings(self) -> MonitorSettings:
        """The request body."""
        return MonitorSettings.model_validate(create_body(self, MonitorSettings))


class SubuserMonitorOutputs(Outputs):
    """A monitor has no output beyond its inputs."""


class SubuserMonitorProvider(BaseProvider):
    """POST to create, GET to read (404 = gone), PUT to update, DELETE to delete."""

    schema = ResourceSchema(
        SubuserMonitorInputs,
        SubuserMonitorOutputs,
        Calls(
            "POST /v3/subusers/{name}/monitor",
            "GET /v3/subusers/{name}/monitor (404: gone)",
            "DELETE /v3/subusers/{name}/monitor",
        ),
        doc="Monitor settings of a subuser: a copy of every ``frequency``-th message to ``email``.",
        claims=("monitor", "subuser"),
        natural_key="subuser",
    )

    def _create(self, op: Op[SubuserMonitorInputs]) -> tuple[str, dict[str, Any]]:
        client, args, interrupted = op.client, op.args, op.interrupted
        refused = False
        try:
            found = client.transport.create_once(
                lambda: client.subusers.create_monitor(args.subuser, args.settings()),
                lambda: _monitor_or_none(client, args.subuser),
            )
        except AlreadyExistsError:
            refused = True
        if refused:
            found = _monitor_or_none(client, args.subuser)
            # Exactly the declared settings are this resource's own: they came along when
            # the subuser was renamed (the monitor belongs to the account, not its name).
            # Other settings are taken over with adopt=True or after an interrupted create.
            if found != args.settings():
                check_takeover("Monitor of subuser", args.subuser, args.adopt, interrupted, "")
        if found is not None and found != args.settings():
            client.subusers.update_monitor(args.subuser, args.settings())
        return args.subuser, {}

    def _read(self, op: Op[SubuserMonitorInputs]) -> dict[str, Any] | None:
        client, args = op.client, op.args
        current = client.subusers.get_monitor(args.subuser)
        return {"email": current.email, "frequency": current.frequency}

    def _update(self, op: Op[SubuserMonitorInputs]) -> dict[str, Any]:
        client, args, changed = op.client, op.args, op.changed
        if changed & {"email", "frequency"}:
            try:
                client.subusers.update_monitor(args.subuser, args.settings())
            except NotFoundError:
                # The settings are gone (removed outside Pulumi): what is missing is all of it.
                client.subusers.create_monitor(args.subuser, args.settings())
        return {}

    def _delete(self, op: Op[SubuserMonitorInputs]) -> None:
        client, args = op.client, op.args
        client.subusers.delete_monitor(args.subuser)


def _monitor_or_none(client: SendGridClient, subuser: str) -> MonitorSettings | None:
    try:
        return client.subusers.get_monitor(subuser)
    except NotFoundError:
        return None


__all__ = ["SubuserMonitorInputs", "SubuserMonitorProvider"]
