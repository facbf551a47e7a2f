"""click's own words in Indonesian: help headings, the help option and usage errors.

click writes "Usage:", "Options:", "Show this message and exit." and its usage errors in
English. The command classes here keep click's behaviour (exit code 2 for a usage error)
and only change what the user reads. Each usage error is rebuilt from the exception's
attributes where click gives them (the parameter, the option, the close matches), and
from click's English sentence where it gives only that; a sentence not recognised here
still gets an Indonesian lead.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

import click

HELP_OPTION_HELP = "Tampilkan bantuan ini lalu keluar."
VERSION_OPTION_HELP = "Tampilkan versi lalu keluar."

_HEADINGS = {"Options": "Opsi", "Commands": "Perintah", "Arguments": "Argumen"}

# click >= 8.2 shows the (already Indonesian) help and exits 2 when a group gets no
# arguments; click 8.1 has no such error and exits 0.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class HelpFormatter(click.HelpFormatter):
    """click's help layout with Indonesian headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Penggunaan: " if prefix is None else prefix)

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(_HEADINGS.get(name, name)):
            yield


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    """A click command whose help, usage line and usage errors are in Indonesian.

    Errors are translated where they surface, in ``parse_args`` and ``invoke``, so that
    click's own ``main`` (behind the console script and ``CliRunner``) still prints them
    and exits with their code.
    """

    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPSI]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        with _in_indonesian(ctx):
            return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        with _in_indonesian(ctx):
            return super().invoke(ctx)


class Group(Command, click.Group):
    """A click group in Indonesian whose subcommands and subgroups are too."""

    command_class = Command
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "PERINTAH [ARGUMEN]...")
        super().__init__(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """In the order they are defined, which is the order of a working day."""
        return list(self.commands)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if (self.get_command(ctx, name) is None and not name.startswith("-")
                and not ctx.resilient_parsing):
            matches = [f'"{match}"' for match in
                       difflib.get_close_matches(name, self.list_commands(ctx))]
            raise UsageError(f'perintah "{name}" tidak dikenal{_did_you_mean(matches)}', ctx)
        return super().resolve_command(ctx, args)


class UsageError(click.UsageError):
    """A usage error worded in Indonesian: usage line, the error, where to get help."""

    def show(self, file: IO[Any] | None = None) -> None:
        ctx = self.ctx
        color = ctx.color if ctx is not None else None
        if ctx is not None:
            click.echo(f"{ctx.get_usage()}\n", file=file, err=True, color=color)
        click.echo(click.style(f"Galat: {self.message}", fg="red"), file=file, err=True,
                   color=color)
        if ctx is not None and ctx.command.get_help_option(ctx) is not None:
            help_name = max(ctx.command.get_help_option_names(ctx), key=len)
            click.echo(f"Lihat '{ctx.command_path} {help_name}' untuk bantuan.", file=file,
                       err=True, color=color)


class Error(click.ClickException):
    """Any other click error (a file click cannot open, an abort), led in Indonesian.

    Its exit code is ClickException's class-wide 1, the code click gives every
    non-usage error; usage errors become `UsageError` (exit 2).
    """

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(click.style(f"Galat: {self.message}", fg="red"), file=file, err=True)


@contextmanager
def _in_indonesian(ctx: click.Context) -> Iterator[None]:
    try:
        yield
    except (UsageError, Error):
        raise
    except _NO_ARGS_IS_HELP:
        raise
    except click.UsageError as error:
        raise UsageError(usage_message(error), error.ctx or ctx) from error
    except click.ClickException as error:
        raise Error(error.format_message()) from error
    except (click.Abort, KeyboardInterrupt, EOFError) as error:
        raise Error("dibatalkan.") from error


def usage_message(error: click.UsageError) -> str:
    """The Indonesian sentence for one of click's usage errors."""
    if isinstance(error, click.MissingParameter):
        param_type = error.param_type or (error.param.param_type_name if error.param else "")
        kind = {"argument": "argumen", "option": "opsi"}.get(param_type, "isian")
        return f"{kind} {_param_name(error)} belum diisi."
    if isinstance(error, click.BadParameter):
        return f"nilai untuk {_param_name(error)} tidak sah: {_bad_value(error)}"
    if isinstance(error, click.NoSuchOption):
        return f"opsi {error.option_name} tidak dikenal{_did_you_mean(error.possibilities or [])}"
    if isinstance(error, click.BadOptionUsage):
        name = error.option_name
        if found := re.search(r"requires (\d+) arguments", error.message):
            return f"opsi {name} perlu diberi {found[1]} nilai."
        if "requires an argument" in error.message:
            return f"opsi {name} perlu diberi nilai."
        if "does not take a value" in error.message:
            return f"opsi {name} tidak menerima nilai."
        return f"opsi {name} tidak dipakai dengan benar ({error.message})"
    if found := re.fullmatch(r"Got unexpected extra arguments? \((.*)\)", error.message):
        return f"argumen berlebih: {found[1]}."
    if error.message == "Missing command.":
        return "perintah belum diisi."
    return f"perintah tidak dapat dipahami ({error.message})"


def _did_you_mean(matches: Iterable[str]) -> str:
    names = " atau ".join(matches)
    return f" (maksud Anda {names}?)." if names else "."


def _param_name(error: click.BadParameter) -> str:
    hint: str | Sequence[str] | None = error.param_hint
    if hint is None and isinstance(error.param, click.Option):
        hint = error.param.opts
    elif hint is None and error.param is not None:
        hint = error.param.human_readable_name
    if hint is None:
        return "isian"
    return hint if isinstance(hint, str) else "/".join(hint)


_PATH_PROBLEMS = {
    "does not exist": "tidak ada",
    "is a file": "adalah berkas, bukan folder",
    "is a directory": "adalah folder, bukan berkas",
    "is not readable": "tidak dapat dibaca",
    "is not writable": "tidak dapat ditulis",
    "is not executable": "tidak dapat dijalankan",
}


def _bad_value(error: click.BadParameter) -> str:
    """click's detail for a value its type refused, in Indonesian where it is known."""
    message = error.message
    kind = error.param.type if error.param is not None else None
    if isinstance(kind, click.IntRange | click.FloatRange) and (
        found := re.fullmatch(r"(.*) is not in the range .*\.", message)
    ):
        bounds = []
        if kind.min is not None:
            bounds.append(f"{'lebih dari' if kind.min_open else 'paling sedikit'} {kind.min}")
        if kind.max is not None:
            bounds.append(f"{'kurang dari' if kind.max_open else 'paling banyak'} {kind.max}")
        return f"{found[1]} di luar rentang yang dibolehkan ({' dan '.join(bounds)})."
    if found := re.fullmatch(r"(.*) is not a valid (integer|float)( range)?\.", message):
        number = "bilangan bulat" if found[2] == "integer" else "bilangan"
        return f"{_quoted(found[1])} bukan {number}."
    if isinstance(kind, click.Choice) and (found := re.fullmatch(r"(.*?) is not .*\.", message)):
        choices = ", ".join(map(str, kind.choices))
        return f"{_quoted(found[1])} bukan salah satu dari: {choices}."
    if found := re.fullmatch(r"(?:File|Directory|Path) (.*) ({})\.".format(
        "|".join(_PATH_PROBLEMS)
    ), message):
        return f"{_quoted(found[1])} {_PATH_PROBLEMS[found[2]]}."
    return message


def _quoted(text: str) -> str:
    """A value click quoted as a Python string ('x'), quoted as our own messages do."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return f'"{text}"'
