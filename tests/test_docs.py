"""Every command is explained: it has help text and the README names it."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ksdocs.cli import main

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "ksdocs") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in group.commands.items():
        found.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, f"{prefix} {name}"))
    return found


COMMANDS = _commands(main)


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_command_has_help_and_is_in_the_readme(name: str, command: click.Command) -> None:
    assert command.help and len(command.help) > 20, f"{name} has no help text"
    assert f"`{name}" in README, f"{name} is not described in the README"


@pytest.mark.parametrize("name", [c[0] for c in COMMANDS])
def test_help_runs(name: str) -> None:
    result = CliRunner().invoke(main, [*name.split()[1:], "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Penggunaan: ")


def test_readme_opens_with_the_two_set_up_commands() -> None:
    block = README.split("```sh", 1)[1].split("```", 1)[0]
    lines = [line for line in block.strip().splitlines() if line.strip()]
    assert "ksdocs generate data/contoh-kerjasama.xlsx" in lines[0]
    assert "pytest" in lines[1]
    assert (Path(__file__).parent.parent / "data" / "contoh-kerjasama.xlsx").exists()


DOCS = Path(__file__).parent.parent / "docs"


def test_every_spec_section_the_code_cites_is_in_docs() -> None:
    """`SPEC §5` in a docstring leads a reader to docs/SPEC.md, section 5."""
    spec = (DOCS / "SPEC.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^## (\d+)\. ", spec, re.M))
    package = Path(__file__).parent.parent / "ksdocs"
    cited: set[str] = set()
    for source in package.rglob("*.py"):
        for first, last in re.findall(r"SPEC §(\d+)(?:[–-](\d+))?",
                                      source.read_text(encoding="utf-8")):
            cited.update(str(n) for n in range(int(first), int(last or first) + 1))
    assert cited, "the code cites no SPEC section"
    assert cited <= sections, f"cited but missing from docs/SPEC.md: {sorted(cited - sections)}"
    assert (DOCS / "DOMAIN.md").read_text(encoding="utf-8").startswith("# Domain notes")
