"""The documentation says what the code does: the front page, its links, the settings, the
lookups and the resources that the package exports."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pulumi

import pulumi_sendgrid_reseller as sg
from pulumi_sendgrid_reseller import config

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PAGES = [
    README,
    ROOT / "CONTRIBUTING.md",
    ROOT / "CHANGELOG.md",
    ROOT / "bench" / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "docs" / "resources").glob("*.md")),
]
GUIDES = (
    "tenant",
    "lookups",
    "configuration",
    "recovery",
    "emulator",
    "engine",
    "contract",
    "integrations",
)

_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6} (.+)$", re.MULTILINE)


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(), flags=re.DOTALL)
    return {_anchor(h) for h in _HEADING.findall(text)}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _resource_classes() -> list[str]:
    return sorted(
        name
        for name, value in vars(sg).items()
        if inspect.isclass(value) and issubclass(value, pulumi.CustomResource)
    )


def test_readme_starts_with_the_two_commands() -> None:
    lines = README.read_text().splitlines()
    assert lines[:3] == ["# pulumi-sendgrid-reseller", "", "```bash"]
    assert lines[5] == "```"
    commands = [line.split("#")[0].strip() for line in lines[3:5]]
    assert commands == ["bash scripts/demo.sh", "bash scripts/test.sh"]


def test_readme_is_a_front_page() -> None:
    lines = README.read_text().splitlines()
    assert len(lines) <= 250, f"README.md has {len(lines)} lines; the details go to docs/"


def test_every_guide_exists() -> None:
    missing = [g for g in GUIDES if not (ROOT / "docs" / f"{g}.md").is_file()]
    assert not missing, f"docs/ lacks {missing}"


def test_every_relative_link_resolves() -> None:
    broken = []
    for page in PAGES:
        for target in _LINK.findall(page.read_text()):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            path, _, anchor = target.partition("#")
            where = (page.parent / path).resolve() if path else page
            if not where.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target}")
            elif anchor and where.suffix == ".md" and anchor not in _anchors(where):
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_readme_lists_every_resource_with_its_reference_page() -> None:
    text = README.read_text()
    classes = _resource_classes()
    assert "Customer" in classes and "Subuser" in classes
    missing = [
        name
        for name in classes
        if not re.search(
            rf"^\| `{name}` \|.*\]\(docs/resources/{_snake(name)}\.md\)", text, re.MULTILINE
        )
    ]
    assert not missing, f"README's resource table lacks {missing} (or the link to its page)"


def test_readme_program_uses_what_the_package_exports() -> None:
    text = README.read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    program = next(b for b in blocks if "import pulumi_sendgrid_reseller as sg" in b)
    tree = ast.parse(program)
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "sg"
    }
    assert used, "the program uses no resource"
    assert not used - set(dir(sg)), f"the program uses {sorted(used - set(dir(sg)))}"


def test_configuration_page_names_every_setting() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text()
    missing = [
        name
        for source in config._SOURCES.values()
        for name in (source.config, source.env)
        if f"`{name}`" not in text
    ]
    missing += [] if f"`{config.BULK_READS_ENV}=off`" in text else [config.BULK_READS_ENV]
    assert not missing, f"docs/configuration.md does not name {missing}"
    assert "pulumi refresh --run-program" in text


def test_lookups_page_names_every_lookup() -> None:
    text = (ROOT / "docs" / "lookups.md").read_text()
    lookups = [n for n in dir(sg) if n.startswith("get_") and not n.endswith("_output")]
    assert len(lookups) >= 8
    missing = [n for n in lookups if f"`{n}(" not in text]
    assert not missing, f"docs/lookups.md does not list {missing}"


def test_readme_program_is_the_one_the_user_path_runs() -> None:
    """tests/userpath/ applies the README's program through the CLI: the same statements."""
    text = README.read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    program = next(b for b in blocks if "import pulumi_sendgrid_reseller as sg" in b)
    walked = (ROOT / "tests" / "userpath" / "project" / "__main__.py").read_text()
    statements = {ast.dump(node) for node in ast.parse(walked).body}
    missing = [
        ast.unparse(node) for node in ast.parse(program).body if ast.dump(node) not in statements
    ]
    assert not missing, "tests/userpath/project/__main__.py lacks:\n" + "\n".join(missing)


def test_contributing_names_every_test_folder() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text()
    table = text[text.index("## Tests, by layer") :]
    folders = sorted(
        p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and any(p.glob("test_*.py"))
    )
    assert "unit" in folders
    missing = [f for f in folders if f"| `tests/{f}/` |" not in table]
    assert not missing, f"CONTRIBUTING's test layers do not describe tests/{missing}"
