"""Generate what Python typing cannot derive from the schemas, as Pulumi's SDK generator does.

For every resource (a private module ``resources/_<name>.py`` whose provider declares a
:class:`~.resources._schema.ResourceSchema`), this writes:

- ``provider/pulumi_sendgrid_reseller/resources/<name>.py``: ``XArgs`` (a ``TypedDict``,
  with every nested argument type) and ``X`` (its outputs and both constructor forms);
- ``docs/resources/<name>.md``: the reference page (its example program,
  ``docs/examples/<name>.py``, verbatim; arguments with type, rule, whether required and
  secret, how each change is applied or that it replaces; outputs; calls);

and ``resources/__init__.py``, which exports them, and README's table of resources (between
its marker comments, one row per resource from its schema's doc). ``python -m
pulumi_sendgrid_reseller._codegen`` writes the files; ``--check`` lists the stale ones and
fails. ``tests/unit/test_generated.py`` runs the check.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import inspect
import json
import pkgutil
import re
import subprocess
import sys
import textwrap
import types
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo

from . import resources
from .client._fields import DEFAULT_PROP, Prop, _Table, is_secret, prop_of
from .resources._base import BaseProvider, InputModel
from .resources._schema import ResourceSchema, props_of, snake_case

ROOT = Path(__file__).resolve().parents[2]
"""The repository (the package is installed in development mode)."""
RESOURCES_DIR = Path("provider/pulumi_sendgrid_reseller/resources")
DOCS_DIR = Path("docs/resources")
EXAMPLES_DIR = Path("docs/examples")
"""One example program per resource (``<name>.py``), shown on its reference page and run
through the engine by ``tests/engine/test_reference_examples.py``."""
COMMAND = "python -m pulumi_sendgrid_reseller._codegen"
WIDTH = 100


@dataclass(frozen=True)
class Resource:
    """One resource found: its provider, and the name of its public module (``subuser``)."""

    provider: type[BaseProvider]

    @property
    def snake(self) -> str:
        """The public module's name (and the reference page's)."""
        return snake_case(self.provider.schema.name)

    @property
    def private(self) -> str:
        """The private module of its schema and provider (``_subuser``)."""
        return self.provider.__module__.rsplit(".", 1)[-1]

    @property
    def schema(self) -> ResourceSchema:
        """The provider's schema."""
        return self.provider.schema


def discover() -> list[Resource]:
    """Every resource: each provider that declares a schema in a ``resources/_x`` module."""
    found: list[Resource] = []
    for info in sorted(pkgutil.iter_modules(resources.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{resources.__name__}.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseProvider)
                and value.__module__ == module.__name__
                and "schema" in value.__dict__
            ):
                found.append(Resource(value))
    return sorted(found, key=lambda r: r.snake)


# --------------------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------------------


def _strip(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


def _nullable(annotation: Any) -> bool:
    annotation = _strip(annotation)
    return _is_union(annotation) and type(None) in get_args(annotation)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def args_name(model: type[BaseModel]) -> str:
    """The ``TypedDict`` name of a nested table (``AccountOfferingFields``: ``...Args``)."""
    return model.__name__.removesuffix("Fields").removesuffix("Inputs") + "Args"


def _join(parts: Iterable[str]) -> str:
    return " | ".join(dict.fromkeys(parts))


def py_type(annotation: Any, *, output: bool) -> str:
    """A field's type as the generated code writes it, ``None`` left out.

    An input accepts what the model accepts (a date also as ISO text); an output is what
    the state holds (plain JSON values).
    """
    annotation = _strip(annotation)
    if _is_union(annotation):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _join(py_type(a, output=output) for a in args)
    origin = get_origin(annotation)
    if origin is Literal:
        return "Literal[" + ", ".join(json.dumps(v) for v in get_args(annotation)) + "]"
    if origin is list:
        item = py_type(get_args(annotation)[0], output=output)
        return f"list[{item}]" if output else f"Sequence[pulumi.Input[{item}]]"
    if annotation in (str, SecretStr):
        return "str"
    if annotation in (int, bool, float):
        return str(annotation.__name__)
    if annotation is Any:
        return "Any"
    if origin is dict:
        key, value = get_args(annotation)
        return f"dict[{py_type(key, output=True)}, {py_type(value, output=output)}]"
    if annotation is datetime.date:
        return "str" if output else "datetime.date | str"
    if _is_model(annotation):
        return "dict[str, Any]" if output else args_name(annotation)
    raise TypeError(f"no generated type for {annotation!r}")


def _models_in(annotation: Any) -> Iterable[type[BaseModel]]:
    annotation = _strip(annotation)
    if _is_model(annotation):
        yield annotation
    for arg in get_args(annotation):
        yield from _models_in(arg)


# --------------------------------------------------------------------------------------
# Rules and behaviour, in words
# --------------------------------------------------------------------------------------


def _bounds(low: Any, high: Any, unit: str) -> str | None:
    if low == 1 and high is None and unit == " items":
        return "at least one item"
    if low is not None and high is not None:
        return f"{low} to {high}{unit}"
    if low is not None:
        return f"at least {low}{unit}"
    if high is not None:
        return f"at most {high}{unit}"
    return None


def _rules_of(annotation: Any, metadata: Iterable[Any]) -> list[str]:
    """A field's rules in words: its constraints, its choices, its validators' rules."""
    metadata = list(metadata)
    while get_origin(annotation) is Annotated:
        metadata += list(get_args(annotation)[1:])
        annotation = get_args(annotation)[0]
    metadata = [
        m for meta in metadata for m in (meta.metadata if isinstance(meta, FieldInfo) else [meta])
    ]
    out: list[str] = []
    bare = _strip(annotation)
    if _is_union(bare):
        bare = _strip(next(a for a in get_args(bare) if a is not type(None)))
    is_list = get_origin(annotation) is list
    unit = (
        " items"
        if get_origin(bare) is list
        else (" characters" if bare in (str, SecretStr) else "")
    )
    length: list[int | None] = [None, None]
    value: list[Any] = [None, None]
    for meta in metadata:
        if isinstance(meta, annotated_types.MinLen):
            length[0] = meta.min_length
        elif isinstance(meta, annotated_types.MaxLen):
            length[1] = meta.max_length
        elif isinstance(meta, annotated_types.Ge):
            value[0] = meta.ge
        elif isinstance(meta, annotated_types.Gt):
            value[0] = f"more than {meta.gt}"
        elif isinstance(meta, annotated_types.Le):
            value[1] = meta.le
        elif getattr(meta, "pattern", None):
            out.append(f"matches `{meta.pattern}`")
        elif callable(getattr(meta, "func", None)):
            doc = (getattr(meta.func, "__doc__", None) or "").strip()
            if doc.startswith("The rule: "):
                out.append(doc.removeprefix("The rule: ").rstrip("."))
    if isinstance(value[0], str):
        out.insert(0, value[0] + (f", at most {value[1]}" if value[1] is not None else ""))
    else:
        span = _bounds(value[0], value[1], "")
        if span:
            out.insert(0, span)
    span = _bounds(length[0], length[1], unit)
    if span:
        out.insert(0, span)
    if _is_union(annotation):
        for arg in get_args(annotation):
            if arg is not type(None):
                out += _rules_of(arg, [])
    elif get_origin(annotation) is Literal:
        out.append("one of " + ", ".join(f"`{v}`" for v in get_args(annotation)))
    elif is_list:
        inner = _rules_of(get_args(annotation)[0], [])
        if inner:
            out.append("each: " + "; ".join(inner))
    return out


def rule_of(info: FieldInfo) -> str:
    """The rule of a field, in words (empty when it has none)."""
    return "; ".join(_rules_of(info.annotation, info.metadata))


def change_of(prop: Prop, info: FieldInfo) -> str:
    """How a change of the field is applied, in words (Markdown)."""
    if prop.local:
        return "no call: the provider's own setting"
    if prop.owner:
        return "a rename of the owner: no call; another owner: **replace**"
    if prop.call is None:
        return "**replace**"
    how = f"in place: `{prop.call}`"
    if not prop.removable:
        how += "; unsetting it: **replace**"
    nested = list(_models_in(info.annotation))
    if nested and any(p.replaces for p in props_of(nested[0]).values()):
        how += f" (see `{args_name(nested[0])}`)"
    return how


def _plain(text: str) -> str:
    """Markdown text as docstring text (code spans as reST literals)."""
    out, parts = [], text.split("`")
    for index, part in enumerate(parts):
        out.append(f"``{part}``" if index % 2 else part)
    return "".join(out).replace("****", "").replace("**", "")


def _doc(info: FieldInfo) -> str:
    return (info.description or "").strip()


# --------------------------------------------------------------------------------------
# The public module
# --------------------------------------------------------------------------------------


def _docstring(text: str, indent: int, *, summary: bool = False) -> list[str]:
    """A docstring's lines; with ``summary``, its first sentence a line of its own."""
    pad = " " * indent
    paragraphs = inspect.cleandoc(text).split("\n\n")
    first = " ".join(paragraphs[0].split())
    if summary and len(pad) + 6 + len(first) > WIDTH and ". " in first:
        head, rest = first.split(". ", 1)
        paragraphs = [head + ".", rest, *paragraphs[1:]]
    lines: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            lines.append("")
        lines += textwrap.wrap(
            " ".join(paragraph.split()),
            WIDTH,
            initial_indent=pad + ('"""' if index == 0 else ""),
            subsequent_indent=pad,
            break_on_hyphens=False,
            break_long_words=False,
        )
    if len(lines) == 1 and len(lines[0]) + 3 <= WIDTH:
        return [lines[0] + '"""']
    return [*lines, pad + '"""']


def references_of(
    model: type[BaseModel], schema: ResourceSchema | None
) -> dict[str, tuple[str, ...]]:
    """The inputs that also accept resources: the model's own (a mixin's), the schema's."""
    found: dict[str, tuple[str, ...]] = dict(getattr(model, "references", {}))
    if schema is not None:
        found.update(schema.references)
    return found


def _mixin_classes(model: type[BaseModel]) -> list[type[BaseModel]]:
    return [
        c
        for c in model.__mro__
        if isinstance(c, type) and issubclass(c, BaseModel) and "args_name" in c.__dict__
    ]


def own_fields(mixin: type[BaseModel]) -> list[str]:
    """The fields a mixin adds to the mixins it derives from."""
    inherited = {n for base in _mixin_classes(mixin)[1:] for n in base.model_fields}
    return [name for name in mixin.model_fields if name not in inherited]


def _args_parent(mixin: type[BaseModel]) -> list[type[BaseModel]]:
    """The mixins whose ``TypedDict`` a mixin's derives from, nearest first.

    Not ``InputModel``: every resource's arguments derive from ``ConnectionArgs`` themselves.
    """
    return [m for m in _mixin_classes(mixin)[1:] if m is not InputModel]


def mixins_of(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The mixins (``InputModel``, ``OwnerInputs``) whose fields a model keeps unchanged.

    The model's ``TypedDict`` derives from theirs instead of repeating their fields.
    """
    fields = model.model_fields
    return [
        mixin
        for mixin in _mixin_classes(model)
        if mixin is not model
        and all(
            name in fields and repr(fields[name]) == repr(mixin.model_fields[name])
            for name in own_fields(mixin)
        )
    ]


def _input_type(refs: dict[str, tuple[str, ...]], name: str, info: FieldInfo) -> str:
    accepted = f"pulumi.Input[{py_type(info.annotation, output=False)}]"
    for reference in refs.get(name, ()):
        accepted += f" | {reference}"
    if info.is_required():
        return f"Required[{accepted}]"
    return f"{accepted} | None"


def _typed_dict(
    name: str, doc: str, model: type[BaseModel], schema: ResourceSchema | None, base: str
) -> list[str]:
    fields = list(model.model_fields)
    arguments = {}
    if schema is not None and model is schema.inputs:
        arguments = dict(schema.arguments)
        fields = [n for n in fields if n not in schema.derived]
        mixins = mixins_of(model)
        covered = {n for mixin in mixins for n in own_fields(mixin)}
        fields = [n for n in fields if n not in covered]
        inherited = {parent for mixin in mixins for parent in _args_parent(mixin)}
        kept = [m for m in mixins if m not in inherited]
        base = ", ".join(str(getattr(m, "args_name")) for m in kept) or base  # noqa: B009
    elif schema is None:
        fields = own_fields(model)
    lines = [f"class {name}({base}, total=False):", *_docstring(doc, 4, summary=True), ""]
    for field, argument in arguments.items():
        kind = f"Required[{argument.resource}]" if argument.required else argument.resource
        lines.append(f"    {field}: {kind}" + ("" if argument.required else " | None"))
        lines += _docstring(argument.doc, 4)
    props = props_of(model)
    refs = references_of(model, schema)
    for field in fields:
        info = model.model_fields[field]
        lines.append(f"    {field}: {_input_type(refs, field, info)}")
        lines += _docstring(_argument_doc(info, props[field]), 4)
    if not fields and not arguments:
        lines.append("    pass")
    return lines


def _argument_doc(info: FieldInfo, prop: Prop) -> str:
    """An argument's documentation: what it is, and how a change of it is applied."""
    how = _plain(change_of(prop, info))
    return f"{_doc(info)} A change: {how}.".strip()


def _nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    for info in model.model_fields.values():
        for nested in _models_in(info.annotation):
            for inner in [*_nested_models(nested), nested]:
                if inner not in found:
                    found.append(inner)
    return found


def _output_type(info: FieldInfo) -> str:
    text = py_type(info.annotation, output=True)
    return (
        f"pulumi.Output[{text} | None]" if _nullable(info.annotation) else f"pulumi.Output[{text}]"
    )


def _mixin_outputs(mixin: type[BaseModel]) -> list[str]:
    """The outputs a mixin with a ``resource_base`` types once: its own, then its outputs'.

    The outputs of a mixin it derives from (the owner model's, under sender authentication's)
    are typed in that mixin's base class, not again.
    """
    props = props_of(mixin)
    names = [n for n in own_fields(mixin) if props[n].output]
    typed = {
        name
        for parent in _mixin_classes(mixin)[1:]
        for name in getattr(getattr(parent, "outputs_base", None), "model_fields", {})
    }
    outputs_base = getattr(mixin, "outputs_base", None)
    fields = outputs_base.model_fields if outputs_base is not None else {}
    return [*names, *(n for n in fields if n not in typed)]


def _resource_bases(schema: ResourceSchema) -> tuple[list[str], set[str]]:
    """The generated classes ``X`` derives from, and the outputs it inherits from them.

    Each mixin of the inputs with a ``resource_base`` (``InputModel``'s
    ``ConnectedResource``, the owner model's ``OwnedResource``) types its outputs once, in
    that class, when the resource's outputs derive from its ``outputs_base`` (if it has one).
    """
    bases: list[str] = []
    inherited: set[str] = set()
    for mixin in mixins_of(schema.inputs):
        base = getattr(mixin, "resource_base", None)
        outputs_base = getattr(mixin, "outputs_base", None)
        if base and (outputs_base is None or issubclass(schema.outputs, outputs_base)):
            bases.append(str(base))
            inherited |= set(_mixin_outputs(mixin))
    return bases or ["SendGridResource"], inherited


def _output_lines(names: list[str], inputs: type[BaseModel], outputs: type[BaseModel]) -> list[str]:
    """The annotations (and docstrings) of these outputs, inputs' or computed."""
    lines: list[str] = []
    for field in names:
        info = outputs.model_fields.get(field) or inputs.model_fields[field]
        if field in outputs.model_fields:
            text = _doc(info) + (" A secret." if is_secret(info) else "")
        else:  # an argument's value: documented as the argument is
            text = _argument_doc(info, prop_of(info) or DEFAULT_PROP)
        lines += [f"    {field}: {_output_type(info)}", *(_docstring(text, 4) if text else [])]
    return lines


#: The names a generated module may take from ``typing``, and how its text uses each.
_TYPING_USES = {
    "Any": r"\bAny[\],)]",
    "Literal": r"\bLiteral\[",
    "Required": r"\bRequired\[",
    "TypedDict": r"\(TypedDict\b",
    "Unpack": r"\bUnpack\[",
    "overload": r"@overload\b",
}


def _imports(text: str) -> list[str]:
    """The import lines a generated module's text needs: the standard library's, ``pulumi``."""
    lines = [f"import {m}" for m in ("dataclasses", "datetime") if f"{m}." in text]
    if "Sequence[" in text:
        lines.append("from collections.abc import Sequence")
    names = [name for name, use in _TYPING_USES.items() if re.search(use, text)]
    if names:
        lines.append(f"from typing import {', '.join(names)}")
    return [*lines, "", "import pulumi", ""]


def render_module(resource: Resource) -> str:
    """The source of ``resources/<name>.py`` (before formatting)."""
    schema = resource.schema
    name, provider = schema.name, resource.provider.__name__
    args = f"{name}Args"
    body: list[str] = []
    for nested in _nested_models(schema.inputs):
        doc = (nested.__doc__ or "").strip().split("\n\n")[0]
        doc = f"{doc}\n\nA plain dict with these keys works too."
        body += [*_typed_dict(args_name(nested), doc, nested, schema, "TypedDict"), "", ""]
    body += _typed_dict(
        args, f"The arguments of :class:`{name}`.", schema.inputs, schema, "TypedDict"
    )
    body += ["", ""]
    bases, inherited = _resource_bases(schema)
    # The class statement and the constructors on lines of their own (magic trailing commas):
    # every module has the same layout, whatever the length of its names.
    body += [
        f"class {name}(",
        *(f"    {base}," for base in bases),
        '    module="sendgrid-reseller",',
        f'    name="{name}",',
        "):",
    ]
    body += _docstring(schema.doc, 4, summary=True)
    body.append("")
    # The computed outputs, then the arguments' (each group in alphabetical order).
    computed = sorted(set(schema.computed) - inherited)
    given = sorted(set(schema.input_outputs()) - inherited)
    body += _output_lines([*computed, *given], schema.inputs, schema.outputs)
    body += [
        "",
        f"    provider_type = {provider}",
        f"    args_type = {args}",
        "",
        "    @overload",
        "    def __init__(",
        "        self,",
        "        resource_name: str,",
        f"        args: {args},",
        "        opts: Opts = None,",
        "    ) -> None: ...",
        "    @overload",
        "    def __init__(",
        "        self,",
        "        resource_name: str,",
        "        opts: Opts = None,",
        f"        **kwargs: Unpack[{args}],",
        "    ) -> None: ...",
        "    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:",
        f'        """Declare it with a ``{args}`` or with keyword arguments."""',
        "        self._declare(resource_name, args, kwargs)",
    ]
    text = "\n".join(body)
    head = [
        f"# generated by {COMMAND}; do not edit",
        f'"""``{name}`` and its arguments, as a Pulumi program declares them.',
        "",
        f"Generated from the schema in ``{resource.private}.py``, where its provider is.",
        '"""',
        "",
        *_imports(text),
    ]
    bases, _ = _resource_bases(schema)
    local = {
        f".{resource.private}": f"{provider} as {provider}",
        "._resource": "Opts, SendGridResource" if bases == ["SendGridResource"] else "Opts",
    }
    for mixin in mixins_of(schema.inputs):
        args_of_mixin = str(getattr(mixin, "args_name"))  # noqa: B009
        names = [args_of_mixin] if re.search(rf"[(, ]{args_of_mixin}[,)]", text) else []
        names += [b for b in bases if getattr(mixin, "resource_base", "") == b]
        if names:
            local[f"._{snake_case(args_of_mixin)}"] = ", ".join(sorted(names))
    uncovered = set(schema.inputs.model_fields) - {
        n for mixin in mixins_of(schema.inputs) for n in own_fields(mixin)
    }
    referenced = {
        r
        for name, refs in references_of(schema.inputs, schema).items()
        if name in uncovered
        for r in refs
    }
    referenced |= {a.resource for a in schema.arguments.values()}
    for reference in sorted(referenced):
        local[f".{snake_case(reference)}"] = reference
    head += [f"from {module} import {names}" for module, names in sorted(local.items())]
    exported = [*(args_name(m) for m in _nested_models(schema.inputs)), args, name, provider]
    head += ["", f"__all__ = {json.dumps(sorted(exported))}"]
    return "\n".join([*head, "", "", text, ""])


def all_mixins(found: list[Resource]) -> list[type[BaseModel]]:
    """Every mixin some resource's arguments derive from, and ``InputModel``'s always."""
    out: list[type[BaseModel]] = [InputModel]
    for resource in found:
        out += [m for m in mixins_of(resource.schema.inputs) if m not in out]
    return out


def render_mixin(mixin: type[BaseModel]) -> str:
    """The source of the module of a mixin's ``TypedDict`` (``_owner_args.py``)."""
    name = str(getattr(mixin, "args_name"))  # noqa: B009
    parent = next(iter(_args_parent(mixin)), None)
    parent_args = str(getattr(parent, "args_name")) if parent else "TypedDict"  # noqa: B009
    body = _typed_dict(name, str(getattr(mixin, "args_doc")), mixin, None, parent_args)  # noqa: B009
    text = "\n".join(body)
    own = set(own_fields(mixin))
    refs = sorted({r for n, refs in references_of(mixin, None).items() if n in own for r in refs})
    head = [
        f"# generated by {COMMAND}; do not edit",
        *_docstring(f"``{name}``, generated.\n\nFrom ``{mixin.__module__}.{mixin.__name__}``.", 0),
        "",
    ]
    exported = [name]
    base = getattr(mixin, "resource_base", None)
    if base:
        outputs_base = getattr(mixin, "outputs_base", None) or BaseModel
        text += "\n\n\n" + "\n".join(
            [
                f"class {base}(SendGridResource):",
                *_docstring(f"Base of the resources {name} applies to: their outputs.", 4),
                "",
                *_output_lines(_mixin_outputs(mixin), mixin, outputs_base),
            ]
        )
        exported.append(str(base))
    head += _imports(text)
    local = [f"from .{snake_case(r)} import {r}" for r in refs]
    if base:
        local.append("from ._resource import SendGridResource")
    if parent:
        local.append(f"from ._{snake_case(parent_args)} import {parent_args}")
    head += sorted(local)
    return "\n".join([*head, "", "", text, "", "", f"__all__ = {json.dumps(sorted(exported))}", ""])


def render_init(found: list[Resource]) -> str:
    """The source of ``resources/__init__.py``: every public name of every resource."""
    lines = [
        f"# generated by {COMMAND}; do not edit",
        '"""The Pulumi resources: each ``X`` and ``XArgs`` in its module (``subuser.py``)."""',
        "",
    ]
    names: list[str] = []
    for mixin in all_mixins(found):
        name = str(getattr(mixin, "args_name"))  # noqa: B009
        if getattr(mixin, "args_public", False):
            lines.append(f"from ._{snake_case(name)} import {name} as {name}")
            names.append(name)
    for resource in found:
        schema = resource.schema
        public = [*(args_name(m) for m in _nested_models(schema.inputs)), f"{schema.name}Args"]
        for name in sorted([schema.name, *public]):
            lines.append(f"from .{resource.snake} import {name} as {name}")
            names.append(name)
    lines += ["", f"__all__ = {json.dumps(sorted(names))}", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# The reference page
# --------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _md(text: str) -> str:
    """Docstring text as Markdown (reST literals as code spans, roles as their text)."""
    text = re.sub(r":\w+:`~?\.?([^`]+)`", r"`\1`", inspect.cleandoc(text))
    return text.replace("``", "`")


def _argument_rows(model: type[BaseModel], schema: ResourceSchema) -> list[str]:
    rows = [
        "| argument | type | required | rule | secret | refresh | a change | what it is |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    if model is schema.inputs:
        for name, argument in schema.arguments.items():
            cells = [
                f"`{name}`",
                f"`{argument.resource}`",
                "yes" if argument.required else "no",
                "",
                "",
                "",
                "see the inputs it gives: " + ", ".join(f"`{d}`" for d in schema.derived),
                _md(argument.doc),
            ]
            rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    props = props_of(model)
    for name, info in model.model_fields.items():
        if model is schema.inputs and name in schema.derived:
            continue
        prop = props[name]
        kind = py_type(info.annotation, output=False)
        for reference in references_of(model, schema).get(name, ()):
            kind += f" or {reference}"
        if info.is_required():
            required = "yes"
        elif info.default is not None:
            required = f"no (default `{info.default!r}`)"
        else:
            required = "no"
        cells = [
            f"`{name}`",
            f"`{kind}`",
            required,
            _md(getattr(model, "field_rules", {}).get(name) or rule_of(info)),
            "secret" if is_secret(info) else "",
            "reported" if prop.reported else "",
            change_of(prop, info),
            _md(_doc(info)),
        ]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return rows


def _arguments_doc(model: type[BaseModel]) -> str:
    """What the reference says of the arguments: the field table's rules, else the model's."""
    table = next(
        (
            c
            for c in model.__mro__
            if issubclass(c, _Table) and c is not _Table and not issubclass(c, InputModel)
        ),
        None,
    )
    return (table or model).__doc__ or ""


def _import_lines(name: str) -> list[str]:
    line = f"from pulumi_sendgrid_reseller import {name}, {name}Args"
    if len(line) <= WIDTH:
        return [line]
    return ["from pulumi_sendgrid_reseller import (", f"    {name},", f"    {name}Args,", ")"]


def example_path(resource: Resource) -> Path:
    """The resource's example program (relative to the repository)."""
    return EXAMPLES_DIR / f"{resource.snake}.py"


def missing_examples(root: Path = ROOT) -> list[Path]:
    """The example programs that a discovered resource lacks."""
    return [example_path(r) for r in discover() if not (root / example_path(r)).is_file()]


def _example_lines(resource: Resource) -> list[str]:
    """The page's "Example usage": the example program verbatim (none while it is missing)."""
    path = example_path(resource)
    if not (ROOT / path).is_file():
        return []
    source = (ROOT / path).read_text().strip("\n")
    return [
        "## Example usage",
        "",
        f"A whole program ([`{path.as_posix()}`](../examples/{path.name})), which the tests "
        "run through the engine (`up`, a preview and a refresh with no changes, `destroy`). "
        "The endpoint and credentials come from the stack configuration or the environment "
        "([configuration](../configuration.md)), any password from the stack's secret "
        "configuration (`pulumi config set --secret <key>`).",
        "",
        "```python",
        source,
        "```",
        "",
    ]


def render_doc(resource: Resource) -> str:
    """The reference page of one resource (Markdown)."""
    schema = resource.schema
    name = schema.name
    lines = [
        f"<!-- generated by {COMMAND} from the schema in {resource.private}.py; do not edit -->",
        f"# {name}",
        "",
        _md(schema.doc),
        "",
        "```python",
        *_import_lines(name),
        "```",
        "",
        f"Declare it as `{name}(name, {name}Args(...), opts)` or `{name}(name, opts, field=...)`.",
        "",
        *_example_lines(resource),
        "## Arguments",
        "",
        _md(_arguments_doc(schema.inputs)),
        "",
        *_argument_rows(schema.inputs, schema),
        "",
        "*refresh*: SendGrid reports the value back, so `pulumi refresh` detects drift on it.",
    ]
    for nested in _nested_models(schema.inputs):
        lines += [
            "",
            f"### {args_name(nested)}",
            "",
            _md(nested.__doc__ or ""),
            "",
            *_argument_rows(nested, schema),
        ]
    lines += [
        "",
        "## Outputs",
        "",
        "Every argument but the credentials is an output too"
        + (
            ", and so are the inputs made from the arguments ("
            + ", ".join(f"`{name}`" for name in schema.derived)
            + ")"
            if schema.derived
            else ""
        )
        + "; with these:",
        "",
        "| output | type | secret | changed by an update of | what it is |",
        "| --- | --- | --- | --- | --- |",
    ]
    for field, info in schema.outputs.model_fields.items():
        prop = prop_of(info) or DEFAULT_PROP
        text = py_type(info.annotation, output=True) + (
            " | None" if _nullable(info.annotation) else ""
        )
        follows = ", ".join(f"`{f}`" for f in prop.follows) or "nothing (stable)"
        cells = [
            f"`{field}`",
            f"`{text}`",
            "secret" if is_secret(info) else "",
            follows,
            _md(_doc(info)),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    if not schema.outputs.model_fields:
        lines.append("| (none) | | | | |")
    calls = schema.calls
    lines += [
        "",
        "## Calls",
        "",
        "| operation | documented call |",
        "| --- | --- |",
        f"| create | `{_cell(calls.create)}` |",
        f"| read | `{_cell(calls.read)}` |",
        "| update | the call of each changed argument (above) |",
        f"| delete | `{_cell(calls.delete)}` |",
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# The Tenant component's parts
# --------------------------------------------------------------------------------------

TENANT_PARTS_FILE = Path("provider/pulumi_sendgrid_reseller/_tenant_parts.py")


@dataclass(frozen=True)
class TenantPart:
    """A dataclass of the ``Tenant`` arguments made of a table's fields.

    ``fields`` are ``(table, names)``: the named fields of each table (``None``: all), in
    that order. A field named in ``plain`` takes a plain value, not a ``pulumi.Input`` (it
    also names a child resource, which must be known when the program runs).
    """

    name: str
    where: str
    doc: str
    fields: tuple[tuple[type[BaseModel], tuple[str, ...] | None], ...]
    plain: frozenset[str] = frozenset()


def tenant_parts() -> tuple[TenantPart, ...]:
    """The parts of ``TenantArgs`` that are a table's fields, typed from the tables."""
    from .client._fields import (
        AccountFields,
        AccountProfileFields,
        ApiKeyFields,
        CustomerFields,
        CustomerProfileFields,
        MonitorFields,
        SubuserCreditsFields,
    )

    return (
        TenantPart(
            "CustomerProfile",
            "profile",
            """The profile of a customer tenant: the fields ``reseller.add`` requires, and extras.

            Every field maps to the ``CustomerArgs`` field of the same name (``company`` and
            the text fields are updated in place; ``package`` and ``whitelabel`` force a
            replacement, which needs a new username).
            """,
            (
                (CustomerProfileFields, None),
                (CustomerFields, ("package", "whitelabel", "website_access")),
            ),
        ),
        TenantPart(
            "TenantMonitor",
            "monitor",
            "Monitor settings of a subuser tenant: a copy of every ``frequency``-th message.",
            ((MonitorFields, None),),
        ),
        TenantPart(
            "TenantCredits",
            "credits",
            "The sending budget of a subuser tenant (its ``SubuserCredits``).",
            ((SubuserCreditsFields, None),),
        ),
        TenantPart(
            "TenantAccount",
            "account",
            """What an account tenant has besides its email (the profile email).

            The fields map to :class:`~pulumi_sendgrid_reseller.AccountArgs` (``offerings``,
            ``test_account``) and :class:`~pulumi_sendgrid_reseller.AccountProfileArgs` (the
            rest).
            """,
            (
                (AccountFields, ("offerings",)),
                (
                    AccountProfileFields,
                    tuple(f for f in AccountProfileFields.model_fields if f != "email"),
                ),
                (AccountFields, ("test_account",)),
            ),
        ),
        TenantPart(
            "TenantApiKey",
            "api_keys",
            """An API key of a subuser tenant (see :class:`~pulumi_sendgrid_reseller.ApiKey`).

            ``name`` is a plain string: it also names the child resource
            (``<tenant>-key-<name>``).
            """,
            ((ApiKeyFields, None),),
            plain=frozenset({"name"}),
        ),
    )


def render_tenant_parts() -> str:
    """The source of ``_tenant_parts.py``: the table-made dataclasses of ``TenantArgs``."""
    body: list[str] = []
    nested: set[str] = set()
    for part in tenant_parts():
        body += ["", "", "@dataclasses.dataclass(kw_only=True)", f"class {part.name}(TenantPart):"]
        body += _docstring(part.doc, 4, summary=True)
        body += ["", f'    where = "{part.where}"', ""]
        for table, names in part.fields:
            for field in names or tuple(table.model_fields):
                info = table.model_fields[field]
                nested |= {args_name(m) for m in _models_in(info.annotation)}
                kind = py_type(info.annotation, output=field in part.plain)
                kind = kind if field in part.plain else f"pulumi.Input[{kind}]"
                body.append(
                    f"    {field}: {kind}"
                    if info.is_required()
                    else f"    {field}: {kind} | None = None"
                )
                if _doc(info):
                    body += _docstring(_doc(info), 4)
    text = "\n".join(body)
    head = [
        f"# generated by {COMMAND}; do not edit",
        '"""The parts of ``TenantArgs`` made of a table\'s fields, typed from the table."""',
        "",
        *_imports(text),
        "from ._tenant_part import TenantPart",
        *([f"from .resources import {', '.join(sorted(nested))}"] if nested else []),
    ]
    exported = json.dumps(sorted(p.name for p in tenant_parts()))
    return "\n".join([*head, text, "", "", f"__all__ = {exported}", ""])


# --------------------------------------------------------------------------------------
# README's table of resources
# --------------------------------------------------------------------------------------

README_FILE = Path("README.md")
README_START = f"<!-- resources: generated by {COMMAND} -->"
README_END = "<!-- /resources -->"


def _first_call(calls: str) -> str:
    """The call itself, without what follows it (``POST /v3/subusers (then ...)``)."""
    return re.split(r" \(|[;,]", calls, maxsplit=1)[0].strip()


def render_resource_table(found: list[Resource]) -> list[str]:
    """README's table: one row per resource (its doc's summary, its create call, its page)."""
    rows = [
        "| Python name | what it is | created by | reference |",
        "| --- | --- | --- | --- |",
    ]
    for resource in found:
        schema = resource.schema
        summary = _md(schema.doc).split("\n\n")[0]
        page = f"[{resource.snake}]({DOCS_DIR.as_posix()}/{resource.snake}.md)"
        call = _first_call(schema.calls.create)
        rows.append(f"| `{schema.name}` | {_cell(summary)} | `{_cell(call)}` | {page} |")
    return rows


def render_readme(text: str, found: list[Resource]) -> str:
    """README.md's text with the table of resources between its two marker comments."""
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"{README_FILE} lacks the lines {README_START} ... {README_END}")
    table = "\n".join(render_resource_table(found))
    return f"{text[: start + len(README_START)]}\n\n{table}\n\n{text[end:]}"


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------


def _formatted(source: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", "generated.py", "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return done.stdout


def generate() -> dict[Path, str]:
    """Every generated file (relative to the repository) and its content."""
    found = discover()
    files: dict[Path, str] = {}
    for resource in found:
        files[RESOURCES_DIR / f"{resource.snake}.py"] = _formatted(render_module(resource))
        files[DOCS_DIR / f"{resource.snake}.md"] = render_doc(resource)
    for mixin in all_mixins(found):
        module = f"_{snake_case(str(getattr(mixin, 'args_name')))}.py"  # noqa: B009
        files[RESOURCES_DIR / module] = _formatted(render_mixin(mixin))
    files[RESOURCES_DIR / "__init__.py"] = _formatted(render_init(found))
    files[TENANT_PARTS_FILE] = _formatted(render_tenant_parts())
    files[README_FILE] = render_readme((ROOT / README_FILE).read_text(), found)
    return files


def orphans(root: Path, expected: Iterable[Path]) -> list[Path]:
    """Files a former run generated that no schema gives any more (a removed resource)."""
    wanted = set(expected)
    found = [*(root / RESOURCES_DIR).glob("*.py"), *(root / DOCS_DIR).glob("*.md")]
    return sorted(
        path.relative_to(root)
        for path in found
        if path.relative_to(root) not in wanted and f"generated by {COMMAND}" in path.read_text()
    )


def stale(root: Path = ROOT) -> list[Path]:
    """The generated files that are missing, differ from what the schemas give, or are left over."""
    files = generate()
    out: list[Path] = []
    for path, content in files.items():
        target = root / path
        if not target.exists() or target.read_text() != content:
            out.append(path)
    return out + orphans(root, files)


def main(argv: list[str] | None = None) -> int:
    """Write the generated files (``--check``: list the stale ones and fail)."""
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only list stale files")
    options = parser.parse_args(argv)
    if options.check:
        paths = stale()
        for path in paths:
            print(f"stale: {path} (run {COMMAND})")
        return 1 if paths else 0
    files = generate()
    for path, content in files.items():
        target = ROOT / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text() != content:
            target.write_text(content)
            print(f"wrote {path}")
    for path in orphans(ROOT, files):
        (ROOT / path).unlink()
        print(f"removed {path} (no schema gives it any more)")
    for path in missing_examples():
        print(f"missing: {path} (write the resource's example program, then run this again)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
