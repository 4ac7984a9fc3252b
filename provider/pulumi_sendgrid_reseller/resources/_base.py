"""Behaviour shared by every resource provider, driven by a declarative schema.

Each resource declares a :class:`~._schema.ResourceSchema`: its inputs are a pydantic model
whose fields carry a :class:`Prop` marker (``Annotated[str, Field(max_length=50),
Prop("PUT ...")]``; no call: a change replaces). From that schema:

- ``check`` validates the inputs and reports every broken rule as a failure that names the
  field; unknown values (preview) are left alone;
- ``diff`` reports which fields change and which of them force a replacement;
- ``read`` merges what SendGrid reports back with what it cannot report, and returns the
  inputs too, so that ``pulumi refresh`` leaves no phantom diff;
- secrets are revealed only where a call needs them, and declared secret outputs.

Provider objects are pickled into every resource's state: they hold NO instance attributes.
Credentials are resolved at call time from the resource's own credentials, the stack
configuration given to ``configure`` and the environment (one reader, :mod:`..config`);
clients, and every other process-wide table, live in :mod:`.._session`. A
:class:`CredentialsError` leaving an engine entry point says how to set what is missing.
"""

from __future__ import annotations

import contextlib
import datetime
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Generic, TypeVar, Union, get_args, get_origin

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic.fields import FieldInfo

from .._session import client_for as client_for  # the one client cache, used by resources
from .._session import set_stack_config, stack_config
from ..client import (
    NotFoundError,
    SendGridClient,
    SendGridError,
)
from ..client._fields import Prop as Prop  # the schema's marker, for resources' own inputs
from ..client._fields import is_secret
from ..config import CONFIG_KEYS, Credentials, explained, resolve_credentials, resolve_eu_api_url
from . import _journal
from ._schema import ResourceSchema, props_of
from ._values import PROVIDER_KEY as PROVIDER_KEY
from ._values import UNKNOWN as UNKNOWN
from ._values import is_unknown as is_unknown
from ._values import strip_provider as strip_provider
from ._values import wire_unknowns as wire_unknowns

T = TypeVar("T")
A = TypeVar("A", bound="InputModel")
M = TypeVar("M", bound=BaseModel)


class ProviderError(Exception):
    """An operation of a resource provider could not be carried out; the message says why."""


class NotOwnedError(ProviderError):
    """A create found the object existing, and this resource may not take it over.

    ``interrupted_run``: the object is the one an interrupted run of this machine created,
    refused because it differs from the declaration; the note of that create is kept, so
    that the matching declaration still takes it over without ``adopt``.
    """

    def __init__(self, message: str, *, interrupted_run: bool = False) -> None:
        super().__init__(message)
        self.interrupted_run = interrupted_run


def check_takeover(kind: str, name: str, adopt: bool, interrupted: bool, mismatch: str) -> None:
    """Allow taking over an existing object, or raise :class:`NotOwnedError` saying why not.

    An existing object is taken over when the resource says ``adopt=True``, or when an
    interrupted run of this machine sent its create (see :mod:`._journal`) and it matches
    the declaration exactly (``mismatch`` is empty; otherwise it names what differs).
    """
    if adopt or (interrupted and not mismatch):
        return
    if interrupted:
        raise NotOwnedError(
            f"{kind} {name!r} exists in SendGrid but differs from the declaration "
            f"({mismatch}), so it is not taken for the one an interrupted run created. "
            "Set adopt=True to take it over and bring it to the declared state, or choose "
            "another username.",
            interrupted_run=True,
        )
    raise NotOwnedError(
        f"{kind} {name!r} already exists in SendGrid, and no interrupted run on this machine "
        "created it: another stack may manage it, it was made outside Pulumi, or a run of "
        "this stack on another machine (a CI runner) was interrupted after creating it. If "
        "this stack should own it, set adopt=True to take it over and bring it to the "
        "declared state (pulumi import does not work for dynamic resources); otherwise "
        "choose another username."
    )


OWN_CREDENTIAL = Prop(local=True, output=False)
"""The marker of a credential of one resource: the provider's alone, never an output."""


def _instead_of(what: str, key: str, env: str, fallback: str = "") -> Any:
    """The documentation of a credential of one resource, and of what it stands in for."""
    default = f"``sendgrid-reseller:{key}``, then ``{env}``"
    default = (
        f"{default}, then ``{fallback}``" if fallback else f"the stack configuration {default}"
    )
    return Field(description=f"{what} for this resource only (default: {default}).")


class InputModel(BaseModel):
    """Base of every resource's inputs: unknown fields refused, inputs never echoed in errors."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True, frozen=True)

    #: The ``TypedDict`` generated from the fields this class adds (``XArgs`` of every
    #: resource whose inputs keep them derives from it), and whether the package exports it.
    args_name: ClassVar[str] = "ConnectionArgs"
    args_doc: ClassVar[str] = "Arguments every resource accepts besides its own."
    args_public: ClassVar[bool] = False
    #: The generated base class of every resource: the outputs of these fields, typed once.
    resource_base: ClassVar[str] = "ConnectedResource"

    api_user: Annotated[
        str | None,
        Field(min_length=1, max_length=256),
        OWN_CREDENTIAL,
        _instead_of("The parent account's API user", "apiUser", "SENDGRID_API_USER"),
    ] = None
    api_key: Annotated[
        SecretStr | None,
        OWN_CREDENTIAL,
        _instead_of("The API key", "apiKey", "SENDGRID_API_KEY"),
    ] = None
    api_url: Annotated[
        str | None,
        Field(pattern=r"^https?://"),
        OWN_CREDENTIAL,
        _instead_of("The endpoint", "apiUrl", "SENDGRID_API_URL", "https://api.sendgrid.com"),
    ] = None
    adopt: Annotated[
        bool,
        Prop(local=True),
        Field(
            description="When an object with this resource's natural key already exists, "
            "take it over and bring it to the declared state instead of failing (in place of "
            "``pulumi import``, which does not work for dynamic resources)."
        ),
    ] = False

    @field_validator("*", mode="before")
    @classmethod
    def _flags_are_booleans(cls, value: Any, info: ValidationInfo) -> Any:
        # Pydantic's lax mode reads "yes", "off" or "1" as a boolean: a program that gives
        # text where SendGrid takes true or false has made a mistake, so it is refused.
        name = info.field_name
        if isinstance(value, str) and name is not None and _is_flag(cls.model_fields[name]):
            raise ValueError("must be true or false (a boolean, not text)")
        return value

    @classmethod
    def props(cls) -> dict[str, Prop]:
        """Every input field and its :class:`Prop` marker (a field without one replaces)."""
        cache: dict[str, Prop] | None = cls.__dict__.get("_props_cache")
        if cache is None:
            cache = props_of(cls)
            type.__setattr__(cls, "_props_cache", cache)
        return cache

    @classmethod
    def secret_fields(cls) -> list[str]:
        """Names of the inputs kept secret (their type is ``SecretStr``)."""
        return [name for name, info in cls.model_fields.items() if is_secret(info)]

    def plain(self) -> dict[str, Any]:
        """The inputs as plain JSON values, secrets revealed, unset (None) fields left out."""
        out: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, SecretStr):
                value = value.get_secret_value()
            elif isinstance(value, BaseModel):
                value = value.model_dump(mode="json")
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, list | tuple):
                value = list(value)
            out[name] = value
        return out

    def to_request(self, request: type[M]) -> M:
        """The request model ``request`` (a table's) made of these inputs' values of its fields."""
        return request.model_validate({name: getattr(self, name) for name in request.model_fields})

    def credential_overrides(self) -> dict[str, str | None]:
        """The resource's own credentials, for :func:`resolve_credentials`."""
        key = self.api_key.get_secret_value() if self.api_key is not None else None
        return {"api_user": self.api_user, "api_key": key, "api_url": self.api_url}


# --------------------------------------------------------------------------------------
# Values as the engine hands them over
# --------------------------------------------------------------------------------------


def _same(prop: Prop, old: Any, new: Any) -> bool:
    if isinstance(old, float) or isinstance(new, float):  # the engine turns ints into floats
        try:
            return old is not None and new is not None and float(old) == float(new)
        except (TypeError, ValueError):
            return False
    if prop.unordered and isinstance(old, list) and isinstance(new, list):
        return sorted(map(str, old)) == sorted(map(str, new))
    return bool(old == new)


def _nested_model(info: FieldInfo) -> type[BaseModel] | None:
    """The model of a field that holds one nested object (optional or not), if any."""
    candidates = [info.annotation, *get_args(info.annotation)]
    return next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)


def _replaces(prop: Prop, info: FieldInfo, old: Any, new: Any) -> bool:
    """Whether changing a field from ``old`` to ``new`` needs a new object."""
    if prop.replaces or (not prop.removable and old is not None and new is None):
        return True
    nested = _nested_model(info)
    if nested is None or not isinstance(old, Mapping):
        return False
    if new is None:
        new = {}  # the whole object removed: each of its fields is removed
    if not isinstance(new, Mapping):
        return False
    return any(
        (inner.replaces and old.get(name) != new.get(name))
        or (not inner.removable and old.get(name) is not None and new.get(name) is None)
        for name, inner in props_of(nested).items()
    )


def _failure_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _is_flag(info: FieldInfo) -> bool:
    """Whether a field takes a boolean (or nothing) and nothing else."""
    annotation = info.annotation
    return annotation is bool or (
        get_origin(annotation) in (Union, types.UnionType)
        and set(get_args(annotation)) == {bool, type(None)}
    )


def _failure_reason(field: str, error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "is invalid"))
    message = message.removeprefix("Value error, ")
    if error.get("type") == "missing":
        message = "is required"
    elif error.get("type") == "extra_forbidden":
        message = "is not an argument of this resource"
    if message[:1].isupper() and not message.startswith(field):
        message = message[0].lower() + message[1:]
    return f"{field}: {message}" if field else message


# --------------------------------------------------------------------------------------
# Credentials and clients
# --------------------------------------------------------------------------------------


def credentials_for(args: InputModel) -> Credentials:
    """The credentials of a resource: its own, else the stack configuration, else the env."""
    return resolve_credentials(stack_config(), override=args.credential_overrides())


def acting_for(client: SendGridClient, username: str, region: str | None) -> SendGridClient:
    """A client acting on behalf of the subuser ``username`` (``on-behalf-of``).

    An EU subuser's own data is served at the EU endpoint (``sendgrid-reseller:apiUrlEu``,
    ``SENDGRID_API_URL_EU``, default ``https://api.eu.sendgrid.com``).
    """
    api_url = resolve_eu_api_url(stack_config()) if region == "eu" else None
    return client.acting_for(username, api_url=api_url)


# --------------------------------------------------------------------------------------
# Creating without duplicating
# --------------------------------------------------------------------------------------


@contextlib.contextmanager
def completing(what: str, delete: Callable[[], object], hint: str, *, undo: bool) -> Iterator[None]:
    """Run the calls that complete a new object; when one fails, remove the object first.

    With ``undo``, a failed call deletes the object (best effort) before the error goes on,
    so that nothing half-made is left; when the delete fails too, a warning names ``what``
    and says what to do (``hint``).
    """
    try:
        yield
    except SendGridError:
        if undo:
            try:
                delete()
            except SendGridError as exc:
                pulumi.log.warn(
                    f"{what} was created but could not be completed nor removed ({exc}); {hint}"
                )
        raise


# --------------------------------------------------------------------------------------
# The provider
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Op(Generic[A]):
    """One engine operation on one object, as a resource's hooks receive it.

    Attributes:
        client: the client of the resource's account.
        args: the validated inputs (the declared ones; for read and delete, those of the
            state).
        id: the object's id in the state (empty for a create).
        outs: the outputs in the state (for an update, those before it).
        changed: for an update, the inputs whose value changes.
        interrupted: for a create, whether an interrupted run of this machine sent it, so
            that an existing object that matches the declaration may be taken over.
    """

    client: SendGridClient
    args: A
    id: str = ""
    outs: Mapping[str, Any] = field(default_factory=dict)
    changed: frozenset[str] = frozenset()
    interrupted: bool = False

    def reported(self, remote: object) -> dict[str, Any]:
        """What ``remote`` (a read's answer) says of the inputs whose marker says ``reported``.

        Each such input the answer has under its own name, unless the answer leaves it out
        (``None``); a reported input SendGrid names otherwise, or reads with another call,
        is the hook's to add.
        """
        names = [name for name, prop in type(self.args).props().items() if prop.reported]
        values = {name: getattr(remote, name, None) for name in names}
        return {name: value for name, value in values.items() if value is not None}


class BaseProvider(ResourceProvider):
    """check / diff / create / read / update / delete, driven by ``inputs_model``.

    Subclasses set the class attributes and implement the ``_create``, ``_read``,
    ``_update`` and ``_delete`` hooks, which work on validated models and return the
    computed outputs (what SendGrid assigned or reports) as plain values.
    """

    serialize_as_secret_always: bool = False  # providers hold no secrets: no need to encrypt them
    schema: ClassVar[ResourceSchema]
    inputs_model: ClassVar[type[InputModel]]  # from the schema
    kind: ClassVar[str]  # "Customer", "Subuser", ... for messages (the schema's name)
    computed: ClassVar[tuple[str, ...]] = ()  # output-only fields (the schema's outputs)
    natural_key: ClassVar[str | None] = None  # the input naming the object (the schema's)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        schema = cls.__dict__.get("schema")
        if isinstance(schema, ResourceSchema):
            assert issubclass(schema.inputs, InputModel), schema.name
            cls.inputs_model = schema.inputs
            cls.kind = schema.name
            cls.computed = schema.computed
            cls.natural_key = schema.natural_key

    # ----------------------------------------------------------------- engine entry points

    def configure(self, req: ConfigureRequest) -> None:
        """Record the stack configuration's SendGrid keys for later calls."""
        set_stack_config({key: req.config.get(key) for key in CONFIG_KEYS})

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate the inputs; every broken rule is a failure naming the field."""
        raw = strip_provider(news)
        unknown = {k for k, v in raw.items() if is_unknown(v)}
        known = {k: v for k, v in raw.items() if k not in unknown}
        try:
            model = self.inputs_model.model_validate(known, context={"unknown": unknown})
        except ValidationError as exc:
            failures = []
            for error in exc.errors():
                loc = tuple(error.get("loc", ()))
                if loc and loc[0] in unknown:
                    continue
                field = _failure_path(loc)
                reason = _failure_reason(field, error)
                if not field:
                    field = reason.split(":", 1)[0] if ":" in reason else ""
                failures.append(self._failure(field, reason))
            if failures or not unknown:
                return CheckResult(wire_unknowns(raw), failures)
            return CheckResult(wire_unknowns(self._with_defaults(raw)), [])
        failures = [
            self._failure(field, f"{field}: {reason}")
            for field, reason in self._check_model(model, _olds)
        ]
        inputs = model.plain()
        inputs.update({k: wire_unknowns(raw[k]) for k in unknown})
        return CheckResult(inputs, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Which inputs change, and which of those force a replacement.

        A change replaces when no call makes it (the field's marker names none, also for a
        field inside a nested input), when it unsets a field no call unsets, or when it
        moves the object to another owner (a rename of the owner does not).
        """
        olds = strip_provider(olds)
        news = self._with_defaults(strip_provider(news))
        changed: list[str] = []
        replaces: list[str] = []
        fields = self.inputs_model.model_fields
        for name, prop in self.inputs_model.props().items():
            old, new = olds.get(name), news.get(name)
            if is_unknown(new) or not _same(prop, old, new):
                changed.append(name)
                if _replaces(prop, fields[name], old, new):
                    replaces.append(name)
        replaces.extend(n for n in self._replacing(olds, news) if n not in replaces)
        if replaces:
            self._check_replacement(olds, news, replaces)
        return DiffResult(
            changes=bool(changed or replaces),
            replaces=replaces,
            stables=[] if replaces else self.schema.stables(set(changed)),
            delete_before_replace=bool(replaces) and self._delete_before_replace(olds, news),
        )

    @explained
    def create(self, props: dict[str, Any]) -> CreateResult:
        """Create the object (or take it over), and return every output.

        A create is noted on this machine before it is sent (:mod:`._journal`), so that
        the next run recognises an object whose create was interrupted.
        """
        args = self._model(props)
        credentials = credentials_for(args)
        client = client_for(credentials)
        name = self._journal_name(args)
        if name is None:
            id_, computed = self._create(Op(client, args))
            return CreateResult(id_=id_, outs=self._outputs(args, computed))
        interrupted = _journal.begin(credentials, self.kind, name)
        try:
            id_, computed = self._create(Op(client, args, interrupted=interrupted))
        except NotOwnedError as exc:
            if not exc.interrupted_run:
                _journal.forget(credentials, self.kind, name)
            raise
        _journal.settled(credentials, self.kind, name)
        return CreateResult(id_=id_, outs=self._outputs(args, computed))

    @explained
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """The truth from SendGrid: drift shows as changed values; a deleted object is gone."""
        outs = strip_provider(props)
        args = self._model_from_outputs(outs)
        client = self._client(args)
        try:
            found = self._read(Op(client, args, id_, outs))
        except NotFoundError:
            found = None
        if found is None:
            return ReadResult(id_="", outs={})
        new_outs = {**outs, **found}
        inputs = {k: v for k, v in new_outs.items() if k in self.inputs_model.model_fields}
        return ReadResult(id_=id_, outs=new_outs, inputs=inputs)

    @explained
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Apply every changed input through its documented call; return every output."""
        old_outs = strip_provider(olds)
        args = self._model(news)
        wanted = args.plain()
        changed = {
            name
            for name, prop in self.inputs_model.props().items()
            if not prop.local and not _same(prop, old_outs.get(name), wanted.get(name))
        }
        client = self._client(args)
        computed = self._update(Op(client, args, id_, old_outs, frozenset(changed)))
        return UpdateResult(outs=self._outputs(args, {**self._computed_of(old_outs), **computed}))

    @explained
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete the object; one that is already gone counts as deleted."""
        outs = strip_provider(props)
        args = self._model_from_outputs(outs)
        credentials = credentials_for(args)
        with contextlib.suppress(NotFoundError):
            self._delete(Op(client_for(credentials), args, id_, outs))
        name = self._journal_name(args)
        if name is not None:
            _journal.forget(credentials, self.kind, name)

    # ------------------------------------------------------------------------------ hooks

    def _journal_name(self, args: InputModel) -> str | None:
        """What names the object a create makes, in the notes of :mod:`._journal`.

        The ``natural_key`` input by default; ``None``: the object has no natural key.
        """
        name = getattr(args, self.natural_key) if self.natural_key else None
        return name if isinstance(name, str) else None

    def _check_model(self, model: InputModel, olds: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
        """Rules beyond the model (e.g. ones that need SendGrid): ``(field, reason)`` pairs."""
        return ()

    def _replacing(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Iterable[str]:
        """Inputs whose change replaces the object beyond what their markers say.

        Rules that compare several inputs (an owner moved to another account) go here;
        ``olds`` are the outputs in the state, ``news`` the inputs with their defaults.
        """
        return ()

    def _check_replacement(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], replaces: list[str]
    ) -> None:
        """Refuse a replacement that cannot work (raise :class:`ProviderError`)."""

    def _delete_before_replace(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        """Whether the old object must go before its replacement is created."""
        return False

    def _create(self, op: Op[Any]) -> tuple[str, dict[str, Any]]:
        """Create the object, or take over an existing one that it may take over.

        Returns its id and its computed outputs. ``op.interrupted``: an existing object that
        matches the declaration exactly is taken over.
        """
        raise NotImplementedError

    def _read(self, op: Op[Any]) -> dict[str, Any] | None:
        """What SendGrid reports of the object (``None``: it is gone)."""
        raise NotImplementedError

    def _update(self, op: Op[Any]) -> dict[str, Any]:
        """Apply ``op.changed``; return the computed outputs that change."""
        raise NotImplementedError

    def _delete(self, op: Op[Any]) -> None:
        """Delete the object (:class:`NotFoundError`: it is gone already)."""
        raise NotImplementedError

    # ---------------------------------------------------------------------------- helpers

    def _failure(self, field: str, reason: str) -> CheckFailure:
        """A check failure naming the field and the rule.

        The engine prints a failing property's value next to the reason, so a secret field
        is reported by the reason alone (which starts with its name).
        """
        top = field.split("[", 1)[0].split(".", 1)[0]
        return CheckFailure("" if top in self.inputs_model.secret_fields() else field, reason)

    def _with_defaults(self, raw: dict[str, Any]) -> dict[str, Any]:
        out = dict(raw)
        for name, info in self.inputs_model.model_fields.items():
            if name not in out and not info.is_required() and info.default is not None:
                out[name] = info.default
        return out

    def _model(self, props: Mapping[str, Any]) -> Any:
        raw = strip_provider(props)
        try:
            return self.inputs_model.model_validate(raw)
        except ValidationError as exc:
            reasons = "; ".join(
                _failure_reason(_failure_path(tuple(e.get("loc", ()))), e) for e in exc.errors()
            )
            raise ProviderError(f"{self.kind}: invalid inputs: {reasons}") from None

    def _model_from_outputs(self, outs: Mapping[str, Any]) -> Any:
        fields = self.inputs_model.model_fields
        return self._model({k: v for k, v in outs.items() if k in fields})

    def _outputs(self, args: InputModel, computed: Mapping[str, Any]) -> dict[str, Any]:
        return {**args.plain(), **{k: v for k, v in computed.items() if v is not None}}

    def _computed_of(self, outs: Mapping[str, Any]) -> dict[str, Any]:
        return {k: outs[k] for k in self.computed if k in outs}

    def _client(self, args: InputModel) -> SendGridClient:
        return client_for(credentials_for(args))
