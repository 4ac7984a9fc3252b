"""The engine lifecycle on the real Pulumi engine with a dynamic resource of the package."""

from __future__ import annotations

from pathlib import Path

import pulumi

from conftest import StackFactory, change_summary


def test_inline_program_lifecycle(make_stack: StackFactory) -> None:
    value = {"v": "hello"}

    def program() -> None:
        from pulumi_sendgrid_reseller.testing import Noop

        res = Noop("marker", value=value["v"])
        pulumi.export("value", res.value)

    stack = make_stack(program)

    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 2}
    assert up.outputs["value"].value == "hello"

    preview = stack.preview(expect_no_changes=True, on_output=print)
    assert change_summary(preview) == {"same": 2}

    refresh = stack.refresh(expect_no_changes=True, on_output=print)
    assert change_summary(refresh) == {"same": 2}

    value["v"] = "world"
    up2 = stack.up(on_output=print)
    assert change_summary(up2) == {"same": 1, "update": 1}
    assert up2.outputs["value"].value == "world"

    destroy = stack.destroy(on_output=print)
    assert change_summary(destroy) == {"delete": 2}
    assert stack.export_stack().deployment.get("resources") in (None, [])


def test_project_program_lifecycle(make_stack: StackFactory, tmp_path: Path) -> None:
    """A project on disk run by the Python language host, as `pulumi up` runs it."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text(
        "name: noop-project\nruntime:\n  name: python\n  options:\n"
        "    toolchain: pip\n    virtualenv: venv\n"
    )
    (project / "__main__.py").write_text(
        "import pulumi\n"
        "from pulumi_sendgrid_reseller.testing import Noop\n"
        "a = Noop('a', value='x')\n"
        "pulumi.export('value', a.value)\n"
    )
    stack = make_stack(work_dir=project)

    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 2}
    assert up.outputs["value"].value == "x"
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 2}
    assert change_summary(stack.destroy()) == {"delete": 2}
