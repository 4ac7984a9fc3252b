"""``DomainAuthenticationValidation`` and ``LinkBrandingValidation``: SendGrid's DNS check.

They check that the DNS records of a domain authentication or a link branding are
published.

Creating one asks SendGrid to validate (``POST .../{id}/validate``). DNS takes a while to
propagate, so the create **waits**: it validates again, waiting longer each time (1 s,
2 s, 4 s, ... at most 30 s apart), until SendGrid says valid or ``timeout_seconds`` have
passed, and then fails with each record still invalid: its name, host, the data SendGrid
expects and SendGrid's reason. This wait is the resource's documented behaviour, not a
retry of a failed request: each validate call that fails is retried (or not) by the
client's transport alone, and an error of the call ends the wait.

A read validates once and reports ``valid`` and the per-record results, so a record
removed from DNS is drift: ``pulumi up --refresh`` then validates again (with the same
wait) and fails naming it. Deleting one calls nothing: a validation is not an object of
SendGrid's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, ClassVar

from pulumi.dynamic import DiffResult
from pydantic import Field

from ..client import SendGridClient, Validation
from ..client._fields import Username
from ._base import BaseProvider, InputModel, Op, Prop, ProviderError, strip_provider
from ._owner import SubuserRef, acting_client
from ._resource import Args, SendGridResource
from ._schema import Argument, Calls, Outputs, ResourceSchema, snake_case

__all__ = [
    "DEFAULT_TIMEOUT_SECONDS",
    "DomainAuthenticationValidationInputs",
    "DomainAuthenticationValidationProvider",
    "LinkBrandingValidationInputs",
    "LinkBrandingValidationProvider",
]

DEFAULT_TIMEOUT_SECONDS = 300.0
"""How long a validation waits for DNS by default."""
_FIRST_WAIT = 1.0
_LONGEST_WAIT = 30.0


class _ValidationInputs(InputModel):
    subuser: Annotated[
        Username | None,
        Prop(),
        Field(description="The owner's username, from the validated object."),
    ] = None
    subuser_ref: SubuserRef = None  # the Subuser resource and its region: no read to act
    account: Annotated[
        str | None,
        Field(min_length=1),
        Prop(),
        Field(description="The owner's account id, from the validated object."),
    ] = None
    records: Annotated[
        dict[str, dict[str, str]] | None,
        Prop(local=True),
        Field(description="The expected records (``{type, host, data}`` by name), for messages."),
    ] = None
    timeout_seconds: Annotated[
        float,
        Field(ge=0, le=3600, strict=False),
        Prop(local=True),
        Field(description="How long the create waits for DNS (0: validate once)."),
    ] = DEFAULT_TIMEOUT_SECONDS


ValidatedId = Annotated[int, Field(ge=1, strict=False), Prop()]
"""SendGrid's id of the validated object; another replaces the validation."""


class DomainAuthenticationValidationInputs(_ValidationInputs):
    """The validated inputs of a :class:`DomainAuthenticationValidation`."""

    domain_id: Annotated[
        ValidatedId, Field(description="The id of the validated domain authentication.")
    ]


class LinkBrandingValidationInputs(_ValidationInputs):
    """The validated inputs of a :class:`LinkBrandingValidation`."""

    link_id: Annotated[ValidatedId, Field(description="The id of the validated link branding.")]


class ValidationOutputs(Outputs):
    """What SendGrid's validation reports."""

    valid: Annotated[
        bool,
        Field(description="Whether SendGrid found every record (at the create or last refresh)."),
    ]
    validation_results: Annotated[
        dict[str, dict[str, Any]],
        Field(description="Per record (SendGrid's names): ``{valid, reason}``."),
    ]


_DERIVED = ("subuser", "subuser_ref", "account", "records")


def _validated(argument: str, kind: str, id_field: str) -> Callable[[Args], Args]:
    """The ``prepare_args`` of a validation: the validated resource made inputs."""

    def prepare(args: Args) -> Args:
        target = args[argument]
        if not isinstance(target, SendGridResource) or target.provider_type.kind != kind:
            raise TypeError(f"{argument}: must be a {kind}")
        rest = {k: v for k, v in args.items() if k != argument}
        records = target.dns_records.apply(  # type: ignore[attr-defined]
            lambda dns: {
                name: {k: str(v) for k, v in record.items() if k in ("type", "host", "data")}
                for name, record in (dns or {}).items()
            }
        )
        # The owner as declared (an output absent from the state is unknown in a preview).
        parts = {n: target.declared.get(n) for n in ("subuser", "subuser_ref", "account")}
        return {**rest, id_field: getattr(target, id_field), **parts, "records": records}

    return prepare


_WAIT_DOC = """

    Create validates again and again (waiting 1, 2, 4, ... up to 30 s between attempts)
    until SendGrid finds every record or ``timeout_seconds`` pass, and then fails naming
    each invalid record (name, host, expected data, SendGrid's reason). This wait for DNS
    is the resource's documented behaviour, not a retry: failed calls are retried by the
    client's transport only. Read validates once: a record gone from DNS is drift, which
    the next ``pulumi up --refresh`` validates again (and fails naming it). Delete calls
    nothing. Make it depend on the program's DNS records (``depends_on``).
    """


def _validation(inputs: type[_ValidationInputs], noun: str, path: str) -> ResourceSchema:
    """The schema of a validation: of a ``noun``'s records, validated at ``path``/{id}."""
    kind = inputs.__name__.removesuffix("ValidationInputs")  # the validated resource
    argument = snake_case(kind)
    id_field = next(n for n in inputs.model_fields if n not in _ValidationInputs.model_fields)
    return ResourceSchema(
        inputs,
        ValidationOutputs,
        Calls(
            f"POST {path}/{{id}}/validate, until valid or timeout_seconds",
            f"POST {path}/{{id}}/validate (once)",
            "nothing (a validation is not an object of SendGrid's)",
        ),
        doc=f"SendGrid's validation of a {noun}'s DNS records, waited for." + _WAIT_DOC,
        arguments={
            argument: Argument(kind, f"The {noun} whose records are validated; another replaces.")
        },
        # The id first: the provider's id_field.
        derived=(id_field, *_DERIVED),
        prepare_args=_validated(argument, kind, id_field),
    )


def _results(result: Validation) -> dict[str, Any]:
    return {
        "valid": result.valid,
        "validation_results": {
            name: {"valid": r.valid, "reason": r.reason}
            for name, r in sorted(result.validation_results.items())
        },
    }


class _ValidationProvider(BaseProvider):
    """Validate with a wait on create (and on an update of an invalid one); read validates."""

    what: ClassVar[str]

    @property
    def id_field(self) -> str:
        """The input naming the validated object (``domain_id``)."""
        return self.schema.derived[0]

    def _validate(self, client: SendGridClient, object_id: int) -> Validation:
        raise NotImplementedError

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """As every resource; one that a refresh found invalid is validated again."""
        result = super().diff(_id, olds, news)
        if result.changes or strip_provider(olds).get("valid") is not False:
            return result
        return DiffResult(changes=True, replaces=[], stables=[], delete_before_replace=False)

    def _create(self, op: Op[Any]) -> tuple[str, dict[str, Any]]:
        return str(getattr(op.args, self.id_field)), self._wait(op)

    def _update(self, op: Op[Any]) -> dict[str, Any]:
        if op.outs.get("valid") is True:
            return {}  # only the wait's own settings changed
        return self._wait(op)

    def _read(self, op: Op[Any]) -> dict[str, Any] | None:
        args = op.args
        acting = acting_client(op)
        return _results(self._validate(acting, getattr(args, self.id_field)))

    def _delete(self, op: Op[Any]) -> None:
        """Nothing to delete in SendGrid."""

    def _wait(self, op: Op[Any]) -> dict[str, Any]:
        """Validate until valid or ``timeout_seconds``, waiting longer between attempts."""
        args = op.args
        object_id: int = getattr(args, self.id_field)
        acting = acting_client(op)
        result = acting.transport.poll(
            lambda: self._validate(acting, object_id),
            lambda answer: answer.valid,
            args.timeout_seconds,
            first_wait=_FIRST_WAIT,
            longest_wait=_LONGEST_WAIT,
        )
        if not result.valid:
            raise ProviderError(self._not_valid(object_id, args, result))
        return _results(result)

    def _not_valid(self, object_id: int, args: Any, result: Validation) -> str:
        expected: Mapping[str, Mapping[str, str]] = args.records or {}
        lines = []
        for name, record in sorted(result.validation_results.items()):
            if record.valid:
                continue
            want = expected.get(name)
            where = ""
            if want:
                kind = want.get("type", "cname").upper()
                where = f" {kind} {want.get('host')} -> {want.get('data')}"
            lines.append(f"  {name}:{where}: {record.reason or 'not found as expected'}")
        return (
            f"{self.what} {object_id} is not valid after {args.timeout_seconds:g} s of "
            "validation; SendGrid does not find these DNS records as expected:\n"
            + "\n".join(lines or ["  (SendGrid names no record)"])
        )


class DomainAuthenticationValidationProvider(_ValidationProvider):
    """``POST /v3/whitelabel/domains/{id}/validate`` until valid."""

    schema = _validation(DomainAuthenticationValidationInputs, "domain", "/v3/whitelabel/domains")
    what = "Domain authentication"

    def _validate(self, client: SendGridClient, object_id: int) -> Validation:
        return client.domains.validate(object_id)


class LinkBrandingValidationProvider(_ValidationProvider):
    """``POST /v3/whitelabel/links/{id}/validate`` until valid."""

    schema = _validation(LinkBrandingValidationInputs, "link branding", "/v3/whitelabel/links")
    what = "Link branding"

    def _validate(self, client: SendGridClient, object_id: int) -> Validation:
        return client.links.validate(object_id)
