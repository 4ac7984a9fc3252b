"""The generated files (each resource's public module and reference page) are up to date.

They derive from the schemas; an edit to a schema without regenerating, or an edit to a
generated file, fails here naming the stale file. Regenerate with
``python -m pulumi_sendgrid_reseller._codegen``.
"""

from __future__ import annotations

from pulumi_sendgrid_reseller import _codegen


def test_generated_files_are_up_to_date() -> None:
    stale = _codegen.stale()
    assert not stale, (
        f"stale generated file(s): {', '.join(map(str, stale))}; "
        f"run {_codegen.COMMAND} and commit the result"
    )


def test_every_resource_has_its_module_and_page() -> None:
    files = _codegen.generate()
    names = {found.snake for found in _codegen.discover()}
    assert names >= {"subuser", "customer", "account", "api_key"}
    for name in names:
        assert _codegen.RESOURCES_DIR / f"{name}.py" in files
        assert _codegen.DOCS_DIR / f"{name}.md" in files


def test_a_stale_file_is_named(tmp_path: object) -> None:
    from pathlib import Path

    root = Path(str(tmp_path))
    for path, content in _codegen.generate().items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(content)
    assert _codegen.stale(root) == []
    page = root / _codegen.DOCS_DIR / "subuser.md"
    page.write_text(page.read_text().replace("in place", "in place!", 1))
    assert _codegen.stale(root) == [_codegen.DOCS_DIR / "subuser.md"]
