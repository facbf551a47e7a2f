"""click's own words reach the user in Indonesian: help headings and usage errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from helpers import run

from ksdocs import cli_messages
from ksdocs.cli import main


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found.extend(_command_paths(command, (*prefix, name)))
        else:
            found.append((*prefix, name))
    return found


COMMANDS = _command_paths(main)


def test_every_command_is_covered() -> None:
    assert ("templates", "show") in COMMANDS and ("templates", "check") in COMMANDS
    assert ("generate",) in COMMANDS and () in COMMANDS


def test_main_help_has_indonesian_headings() -> None:
    code, output = run("--help")
    assert code == 0
    assert output.startswith("Penggunaan: ksdocs [OPSI] PERINTAH [ARGUMEN]...\n")
    assert "\nOpsi:\n" in output and "\nPerintah:\n" in output
    assert "  --version   Tampilkan versi lalu keluar.\n" in output
    assert "  -h, --help  Tampilkan bantuan ini lalu keluar.\n" in output


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(("ksdocs", *path)))
def test_no_english_is_left_in_help(path: tuple[str, ...]) -> None:
    code, output = run(*path, "--help")
    assert code == 0
    assert output.startswith(f"Penggunaan: {' '.join(('ksdocs', *path))} [OPSI]")
    for english in ["Usage:", "Error:", "Options:", "Commands:", "Show this message",
                    "Show the version", "[OPTIONS]", "COMMAND", "[default:", "DIRECTORY",
                    "FILE", "INTEGER"]:
        assert english not in output, f"{english!r} in the help of ksdocs {' '.join(path)}"


@pytest.mark.parametrize(("args", "expected"), [
    (["validate"],
     "Penggunaan: ksdocs validate [OPSI] WORKBOOK\n"
     "\n"
     "Galat: argumen WORKBOOK belum diisi.\n"
     "Lihat 'ksdocs validate --help' untuk bantuan.\n"),
    (["generate", "x.xlsx", "--bogus"],
     "Penggunaan: ksdocs generate [OPSI] WORKBOOK\n"
     "\n"
     "Galat: opsi --bogus tidak dikenal (maksud Anda --jobs?).\n"
     "Lihat 'ksdocs generate --help' untuk bantuan.\n"),
    (["tidak-ada"],
     "Penggunaan: ksdocs [OPSI] PERINTAH [ARGUMEN]...\n"
     "\n"
     'Galat: perintah "tidak-ada" tidak dikenal.\n'
     "Lihat 'ksdocs --help' untuk bantuan.\n"),
    (["generate", "x.xlsx", "-j", "0"],
     "Penggunaan: ksdocs generate [OPSI] WORKBOOK\n"
     "\n"
     "Galat: nilai untuk -j/--jobs tidak sah: 0 di luar rentang yang dibolehkan "
     "(paling sedikit 1).\n"
     "Lihat 'ksdocs generate --help' untuk bantuan.\n"),
    (["generate", "x.xlsx", "-o"],
     "Penggunaan: ksdocs generate [OPSI] WORKBOOK\n"
     "\n"
     "Galat: opsi -o perlu diberi nilai.\n"
     "Lihat 'ksdocs generate --help' untuk bantuan.\n"),
], ids=lambda value: " ".join(value) if isinstance(value, list) else "")
def test_usage_errors_are_in_indonesian(args: list[str], expected: str) -> None:
    assert run(*args) == (2, expected)


@pytest.mark.parametrize(("args", "message"), [
    (["generat"], 'Galat: perintah "generat" tidak dikenal (maksud Anda "generate"?).'),
    (["templates", "lihat"], 'Galat: perintah "lihat" tidak dikenal.'),
    (["generate", "x.xlsx", "--zi"], "Galat: opsi --zi tidak dikenal (maksud Anda --zip?)."),
    (["--bogus"], "Galat: opsi --bogus tidak dikenal."),
    (["generate", "x.xlsx", "-j", "dua"],
     'Galat: nilai untuk -j/--jobs tidak sah: "dua" bukan bilangan bulat.'),
    (["validate", "a.xlsx", "b.xlsx"], "Galat: argumen berlebih: b.xlsx."),
    (["init", "--force=ya", "a.xlsx"], "Galat: opsi --force tidak menerima nilai."),
    (["templates", "show"], "Galat: argumen ID belum diisi."),
], ids=lambda value: " ".join(value) if isinstance(value, list) else "")
def test_other_usage_errors_are_in_indonesian(args: list[str], message: str) -> None:
    code, output = run(*args)
    assert code == 2
    assert message in output.splitlines(), output
    assert "Error" not in output and "Usage" not in output


def test_a_folder_given_for_a_workbook_is_named(tmp_path: Path) -> None:
    code, output = run("validate", str(tmp_path))
    assert code == 2
    assert f'Galat: nilai untuk WORKBOOK tidak sah: "{tmp_path}" adalah folder, bukan berkas.' \
        in output.splitlines()


def test_no_arguments_shows_the_help() -> None:
    result = CliRunner().invoke(main, [])
    assert result.exit_code in (0, 2)  # 2 from click 8.2 on
    assert result.output.startswith("Penggunaan: ksdocs [OPSI] PERINTAH [ARGUMEN]...\n")


@pytest.mark.parametrize(("kind", "value", "expected"), [
    (click.IntRange(1, 10), "11", "11 di luar rentang yang dibolehkan "
                                  "(paling sedikit 1 dan paling banyak 10)."),
    (click.FloatRange(0, min_open=True), "0", "0.0 di luar rentang yang dibolehkan "
                                              "(lebih dari 0)."),
    (click.Choice(["Biasa", "Segera"]), "Kilat", '"Kilat" bukan salah satu dari: Biasa, Segera.'),
    (click.Path(exists=True), "tidak-ada.xlsx", '"tidak-ada.xlsx" tidak ada.'),
])
def test_values_click_refuses_are_explained(
    kind: click.ParamType[Any], value: str, expected: str
) -> None:
    @click.command(cls=cli_messages.Command)
    @click.option("--nilai", type=kind)
    def command(nilai: object) -> None:
        """Satu opsi."""

    result = CliRunner().invoke(command, ["--nilai", value])
    assert result.exit_code == 2
    assert f"Galat: nilai untuk --nilai tidak sah: {expected}" in result.output.splitlines()


def test_a_stop_by_the_user_is_reported_in_indonesian() -> None:
    @click.command(cls=cli_messages.Command)
    def command() -> None:
        """Berhenti di tengah jalan."""
        raise click.Abort

    result = CliRunner().invoke(command, [])
    assert (result.exit_code, result.output) == (1, "Galat: dibatalkan.\n")


def test_every_exception_ksdocs_raises_is_defined_in_errors_py() -> None:
    """One place to see what can go wrong and with which exit code. Private control
    flow (a class named with ``_``) and click's own errors reworded in cli_messages stay
    where they are used."""
    import re
    from pathlib import Path

    import ksdocs
    from ksdocs import errors

    defined = {name for name, value in vars(errors).items()
               if isinstance(value, type) and issubclass(value, BaseException)}
    package = Path(ksdocs.__file__).parent
    elsewhere = []
    for source in sorted(package.rglob("*.py")):
        if source.name in ("errors.py", "cli_messages.py"):
            continue
        text = source.read_text(encoding="utf-8")
        for name, bases in re.findall(r"^class ([A-Za-z]\w*)\(([^)]*)\)", text, re.M):
            names = {base.strip().rpartition(".")[2] for base in bases.split(",")}
            if names & (defined | {"Exception", "BaseException", "ValueError"}):
                elsewhere.append(f"{source.relative_to(package)}: {name}")
    assert elsewhere == []
