"""The ``ksdocs`` command: a thin skin over the library, help and messages in Indonesian."""

from __future__ import annotations

import atexit
import functools
import gc
import os
import signal
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click

from ksdocs import cli_messages
from ksdocs.errors import KsdocsError, UnknownTemplate, ValidationFailed
from ksdocs.problems import Report

P = ParamSpec("P")
R = TypeVar("R")

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

REGISTER_HELP = (
    "Berkas register kantor (bawaan: $KSDOCS_REGISTER, kunci Register di Pengaturan, "
    "lalu register.sqlite di folder data pengguna)."
)


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the library's errors into a message on stderr and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except UnknownTemplate as error:
            raise cli_messages.UsageError(str(error), click.get_current_context()) from None
        except KsdocsError as error:
            if isinstance(error, ValidationFailed):
                _print_problems(error.report)
            click.secho(f"Galat: {error}", fg="red", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            click.secho(
                "Dihentikan. Paket yang sudah selesai tetap utuh; jalankan lagi untuk "
                "melanjutkan sisanya.",
                fg="yellow", err=True,
            )
            sys.exit(130)

    return wrapper


def _print_problems(report: Report, *, err: bool = True) -> None:
    for problem in report.errors:
        click.echo(f"GALAT       {problem}", err=err)
    for problem in report.warnings:
        click.echo(f"PERINGATAN  {problem}", err=err)


@click.group("ksdocs", cls=cli_messages.Group, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="ksdocs", message="ksdocs %(version)s",
                      help=cli_messages.VERSION_OPTION_HELP)
def main() -> None:
    """ksdocs: dari satu buku kerja Excel menjadi paket dokumen kerja sama luar negeri
    (SOP Pelaksanaan Kerja Sama Luar Negeri, Ditjen Peraturan Perundang-undangan)
    yang siap ditandatangani.

    \b
    Alur kerja:
      ksdocs init data/kerjasama.xlsx         buku kerja baru
      ksdocs validate data/kerjasama.xlsx     periksa semua isian
      ksdocs generate data/kerjasama.xlsx     buat paket dokumen di output/
    """
    # The command's objects end with the process: Python's last collections at exit need
    # not walk them (0.15-0.2 s after a run of a thousand packs).
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--contoh", is_flag=True, help="Isi dengan data contoh.")
@click.option("--force", is_flag=True, help="Timpa berkas yang sudah ada.")
@handle_errors
def init(path: Path, contoh: bool, force: bool) -> None:
    """Buat buku kerja baru: semua lembar, kepala kolom, daftar pilihan, dan petunjuk."""
    from ksdocs.scaffold import write_workbook

    write_workbook(path, example=contoh, force=force)
    click.echo(f"Buku kerja ditulis: {path}" + (" (berisi data contoh)" if contoh else ""))


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def validate(workbook: Path) -> None:
    """Periksa buku kerja: semua galat dan peringatan sekaligus, masing-masing dengan
    lembar, sel dan kolomnya. Keluar dengan kode 1 bila ada galat."""
    from ksdocs.forked import processes
    from ksdocs.validate import load_workbook

    _, report = load_workbook(workbook, jobs=processes())
    _print_problems(report, err=False)
    click.echo(report.summary())
    if not report.ok:
        sys.exit(1)


@main.group(context_settings=CONTEXT_SETTINGS, invoke_without_command=True)
@click.pass_context
def templates(ctx: click.Context) -> None:
    """Daftar templat: id, judul, langkah SOP, nama berkas keluaran."""
    if ctx.invoked_subcommand is not None:
        return
    from ksdocs.catalog import TEMPLATES

    click.echo(f"{'ID':<16}{'LANGKAH':<12}{'BERKAS':<25}JUDUL")
    for info in TEMPLATES:
        click.echo(f"{info.id:<16}{info.step:<12}{info.filename:<25}{info.title}")


@templates.command("show", context_settings=CONTEXT_SETTINGS)
@click.argument("template_id", metavar="ID")
@handle_errors
def templates_show(template_id: str) -> None:
    """Isian yang dipakai templat ID, dan kolom buku kerja yang mengisinya."""
    from ksdocs.catalog import BY_ID, suggestions
    from ksdocs.lint import template_fields

    info = BY_ID.get(template_id.casefold())
    if info is None:
        raise UnknownTemplate(template_id, suggestions(template_id), tuple(BY_ID))
    click.echo(f"{info.id}: {info.title} (langkah SOP {info.step}, berkas {info.filename})")
    for name, source in template_fields(info.path):
        click.echo(f"  {name:<34}{source}")


@templates.command("check", context_settings=CONTEXT_SETTINGS)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def templates_check(path: Path) -> None:
    """Periksa templat .docx buatan sendiri: variabel tak dikenal dan galat sintaks Jinja."""
    from ksdocs.lint import check_template

    problems = check_template(path)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{len(problems)} masalah ditemukan pada {path}.")
        sys.exit(1)
    if path.suffix.lower() == ".docx":
        from ksdocs.catalog import blank_number_warnings, resolve_templates

        for warning in blank_number_warnings(resolve_templates([str(path)])):
            click.echo(f"PERINGATAN  {warning}")
    click.echo(f"{path}: tidak ada masalah.")


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("output"), metavar="FOLDER",
              help="Folder keluaran (bawaan: output).")
@click.option("-t", "--template", "templates_", multiple=True, metavar="ID|BERKAS.docx",
              help="Hanya templat ini (id atau berkas .docx sendiri); boleh berulang.")
@click.option("-k", "--kode", "kodes", multiple=True, metavar="KODE",
              help="Hanya mitra dengan Kode ini; boleh berulang.")
@click.option("--pdf", is_flag=True, help="Tulis juga PDF setiap dokumen (perlu LibreOffice).")
@click.option("--zip", "zip_", is_flag=True, help="Tulis juga output/<Kode>.zip.")
@click.option("--force", is_flag=True,
              help="Tulis ulang semua dokumen; yang diubah di luar ksdocs dipindahkan dulu ke "
                   "<Kode>/arsip/.")
@click.option("--preview", is_flag=True,
              help="Pratinjau bertanda PRATINJAU di <output>/pratinjau/: tanpa mengambil nomor "
                   "surat, tanpa mencatat di register.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Jumlah proses paralel (bawaan: jumlah inti prosesor).")
@click.option("--skip-invalid", is_flag=True,
              help="Buat paket mitra yang sah saja; yang bergalat didaftar (kode keluar 1).")
@click.option("--register", "register_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="BERKAS", help=REGISTER_HELP)
@handle_errors
def generate(
    workbook: Path, output: Path, templates_: Sequence[str], kodes: Sequence[str], pdf: bool,
    zip_: bool, force: bool, preview: bool, jobs: int | None, skip_invalid: bool,
    register_path: Path | None,
) -> None:
    """Buat paket dokumen: satu folder per mitra di bawah folder keluaran."""
    from ksdocs.catalog import check_template_ids
    from ksdocs.generate import Options
    from ksdocs.generate import generate as run

    check_template_ids(templates_)
    options = Options(
        output=output, templates=templates_, kodes=kodes, force=force, pdf=pdf, zip=zip_,
        jobs=jobs or 0, skip_invalid=skip_invalid, register=register_path, preview=preview,
    )
    bar = _ProgressBar()
    # SIGTERM stops the run as Ctrl-C does; the caller's handler is put back afterwards
    # (a process that forks later must not hand its children this one).
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        result = run(workbook, options, on_start=bar.start, on_pack=bar.advance)
    finally:
        signal.signal(signal.SIGTERM, previous)
        bar.close()
    from ksdocs.summary import generate_lines

    for line in generate_lines(result, output):
        click.echo(line.text, err=line.err)
    if result.invalid:
        sys.exit(1)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


class _ProgressBar:
    """A tqdm bar over packs, only when stdout is a terminal."""

    def __init__(self) -> None:
        self._bar: Any = None

    def start(self, total: int) -> None:
        if sys.stdout.isatty() and total > 1 and not os.environ.get("CI"):
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="paket", desc="Membuat paket", leave=False)

    def advance(self, kode: str) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-k", "--kode", "kodes", multiple=True, metavar="KODE",
              help="Hanya mitra dengan Kode ini; boleh berulang.")
@handle_errors
def signatory(workbook: Path, kodes: Sequence[str]) -> None:
    """Siapa menandatangani MSP setiap mitra, dan aturan mana yang memutuskannya."""
    from ksdocs.models import select_partners
    from ksdocs.signatory import choose_signatory
    from ksdocs.validate import load_workbook

    book, report = load_workbook(workbook)
    if report.global_errors():
        raise ValidationFailed(report, "Buku kerja mengandung galat; perbaiki dulu.")
    selection = select_partners(book, kodes)
    for kode, lines in selection.invalid.items():
        click.echo(f"{kode}: bergalat pada lembar Mitra:", err=True)
        for line in lines:
            click.echo(f"  {line}", err=True)
    for partner in selection.partners:
        chosen = choose_signatory(partner, book.units, book.officials, book.settings)
        click.echo(f"{partner.kode}  {partner.nama}")
        click.echo(f"  Unit pelaksana : {', '.join(partner.unit_pelaksana)}")
        click.echo(f"  Tingkat mitra  : {partner.penandatangan_tingkat}")
        click.echo(f"  Penandatangan  : {chosen.jabatan} — {chosen.nama}")
        click.echo(f"  Pihak dalam MSP: {chosen.pihak}")
        click.echo(f"  Dasar          : {chosen.reason}")
    if selection.invalid:
        sys.exit(1)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--register", "register_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="BERKAS", help=REGISTER_HELP)
@click.option("-k", "--kode", default=None, metavar="KODE", help="Hanya mitra ini.")
@click.option("--cari", default=None, metavar="TEKS",
              help="Hanya baris yang Kode, nama mitra atau nomornya memuat TEKS.")
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="BERKAS", help="Tulis juga isi register ke buku kerja Excel ini.")
@handle_errors
def register(
    workbook: Path | None, register_path: Path | None, kode: str | None, cari: str | None,
    xlsx: Path | None,
) -> None:
    """Isi register: nomor surat yang diberikan dan dokumen yang ditulis (arsip digital).

    WORKBOOK (pilihan) menunjuk register lewat kunci Register di Pengaturan-nya."""
    from ksdocs.register import Register, register_place

    setting = ""
    if workbook is not None:
        from ksdocs.validate import load_workbook

        setting = load_workbook(workbook)[0].settings.register
    path = register_place(register_path, setting, workbook)
    old = Path("output") / "register.sqlite"
    if not path.is_file() and old.is_file():
        raise KsdocsError(
            f"Register {path} belum ada, tetapi ada register versi lama di {old}. "
            f"Lihat isinya dengan 'ksdocs register --register {old}'; 'ksdocs generate "
            "BUKU_KERJA -o output' menggabungkannya ke register kantor (tidak ada nomor "
            "yang diberikan dua kali)."
        )
    with Register(path, read_only=True) as book:
        if cari is not None:
            numbers, documents = book.search(cari)
        else:
            numbers, documents = book.numbers(kode), book.documents(kode)
        if kode is not None and cari is not None:
            numbers = [n for n in numbers if n.kode.casefold() == kode.casefold()]
            documents = [d for d in documents if d.kode.casefold() == kode.casefold()]
        names = book.partner_names()
    click.echo(f"Register: {path}")
    click.echo(f"NOMOR SURAT ({len(numbers)})")
    for number in numbers:
        state = "berlaku" if number.current else f"diganti {number.superseded_at}"
        click.echo(
            f"  {number.kode:<16}{number.template_id:<14}{number.number:<28}"
            f"{number.source:<10}{number.created_at}  {number.made_by or '-':<12}{state}"
        )
    click.echo(f"DOKUMEN ({len(documents)})")
    for document in documents:
        click.echo(
            f"  {document.kode:<16}{document.template_id:<14}{document.number or '-':<28}"
            f"{document.written_at}  {document.made_by or '-':<12}{document.sha256[:12]}  "
            f"{document.path}"
        )
    if xlsx is not None:
        from ksdocs.register_export import write_register_xlsx

        write_register_xlsx(xlsx, numbers, documents, names)
        click.echo(f"Register ditulis ke {xlsx}.")


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("kode")
@click.argument("step", metavar="LANGKAH")
@click.option("--date", "when", metavar="TANGGAL",
              help="Tanggal langkah selesai (bawaan: hari ini), mis. 25/11/2026.")
@click.option("--by", "by", metavar="NAMA", help="Siapa yang mencatat (bawaan: pengguna OS).")
@click.option("--note", default="", metavar="TEKS", help="Catatan.")
@click.option("--register", "register_path", type=click.Path(dir_okay=False, path_type=Path),
              metavar="BERKAS", help=REGISTER_HELP)
@handle_errors
def track(workbook: Path, kode: str, step: str, when: str | None, by: str | None, note: str,
          register_path: Path | None) -> None:
    """Catat bahwa LANGKAH SOP (1, 2, 4, 5, 6, 7 atau laporan) kerja sama KODE selesai.
    Mencatat langkah yang sama lagi menggantikan catatan sebelumnya; keduanya tetap ada
    dalam jejak pencatatan."""
    from ksdocs.register import current_user
    from ksdocs.tracking import parse_day, record_step

    today = date.today()
    done_on = parse_day(when) if when is not None else today
    done = record_step(workbook, kode, step, done_on=done_on, by=by or current_user(),
                       note=note, register=register_path, today=today)
    for warning in done.warnings:
        click.secho(f"Peringatan: {warning}", fg="yellow", err=True)
    record = done.record
    click.echo(f"Dicatat: {record.kode} langkah {done.step.label} selesai "
               f"{_day(record.done_on)} oleh {record.done_by}.")
    following = done.progress.next if done.progress else None
    if following is not None and following.due is not None:
        click.echo(f"Berikutnya: langkah {following.step.label}, batas waktu "
                   f"{_day(following.due)}.")
    click.echo(f"Register: {done.register}")


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-k", "--kode", "kodes", multiple=True, metavar="KODE",
              help="Hanya mitra dengan Kode ini; boleh berulang.")
@click.option("--as-of", "as_of", metavar="TANGGAL",
              help="Nilai keterlambatan pada tanggal ini (bawaan: hari ini).")
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path),
              metavar="BERKAS", help="Tulis juga rekap untuk Kepala Biro ke berkas .xlsx ini.")
@click.option("--register", "register_path", type=click.Path(dir_okay=False, path_type=Path),
              metavar="BERKAS", help=REGISTER_HELP)
@handle_errors
def status(workbook: Path, kodes: Sequence[str], as_of: str | None, xlsx: Path | None,
           register_path: Path | None) -> None:
    """Posisi setiap kerja sama dalam SOP: langkah terakhir yang selesai, langkah berikut,
    batas waktunya dalam hari kerja, dan TERLAMBAT bila lewat."""
    from ksdocs.recap import STATUS_HEADERS, status_rows, write_recap
    from ksdocs.tracking import parse_day
    from ksdocs.tracking import status as read_status

    day = parse_day(as_of, "--as-of") if as_of is not None else date.today()
    found = read_status(workbook, as_of=day, kodes=kodes, register=register_path)
    rows = [
        ([_day(v) if isinstance(v, date) else _clip(str(v or "")) for v in values], late)
        for values, late in status_rows(found)
    ]
    widths = [max([len(h), *(len(r[0][i]) for r in rows)]) for i, h in enumerate(STATUS_HEADERS)]
    click.echo("  ".join(h.upper().ljust(w) for h, w in zip(STATUS_HEADERS, widths,
                                                          strict=True)).rstrip())
    for cells, late in rows:
        line = "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
        click.secho(line, fg="red" if late else None)
    click.echo(f"{len(rows)} kerja sama, {len(found.late)} terlambat, per {_day(day)}.")
    click.echo(f"Register: {found.register}"
               + ("" if found.register.exists() else " (belum ada; belum ada langkah dicatat)"))
    for kode in found.skipped:
        click.secho(f"Peringatan: {kode} tidak ditampilkan: barisnya pada lembar Mitra "
                    "bergalat (ksdocs validate).", fg="yellow", err=True)
    if xlsx is not None:
        write_recap(found, xlsx)
        click.echo(f"Rekap ditulis: {xlsx}")


def _clip(text: str, width: int = 34) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


_DATA_OPTION = click.option(
    "--data", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="FOLDER",
    help="Folder data server: buku kerja, paket, register, akun "
         "(bawaan: folder data pengguna).",
)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.option("--host", default="127.0.0.1", metavar="ALAMAT",
              help="Alamat yang didengarkan (bawaan: 127.0.0.1, komputer ini saja); alamat "
                   "jaringan memerlukan akun (ksdocs user add).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, metavar="PORT",
              help="Port yang didengarkan (bawaan: 8000; 0: pilih sendiri).")
@_DATA_OPTION
@handle_errors
def serve(host: str, port: int, data: Path | None) -> None:
    """Halaman web kantor dan API JSON-nya: unggah, periksa, pratinjau, buat, lacak."""
    from ksdocs.web.serve import default_data, prepare, run

    config = prepare(host, data or default_data())
    run(host, port, config, announce=click.echo)


@main.group(context_settings=CONTEXT_SETTINGS)
def user() -> None:
    """Akun untuk 'ksdocs serve' di jaringan kantor."""


@user.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("name", metavar="NAMA")
@click.option("--role", type=click.Choice(["admin", "staf"]), default="staf",
              help="admin mengatur akun; staf mengerjakan dokumen (bawaan: staf).")
@_DATA_OPTION
@handle_errors
def user_add(name: str, role: str, data: Path | None) -> None:
    """Buat akun; kata sandi ditanyakan (atau dibaca dari stdin untuk skrip)."""
    from ksdocs.web.serve import accounts_db, default_data

    if sys.stdin.isatty():
        password = click.prompt("Kata sandi", hide_input=True, confirmation_prompt=
                                "Ulangi kata sandi")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    db = accounts_db(data or default_data())
    try:
        token = db.add_user(name, password, role)
    finally:
        db.close()
    click.echo(f"Akun {name} ({role}) dibuat.")
    click.echo(f"Token API (untuk 'Authorization: Bearer', hanya ditampilkan sekali): {token}")


@user.command("list", context_settings=CONTEXT_SETTINGS)
@_DATA_OPTION
@handle_errors
def user_list(data: Path | None) -> None:
    """Daftar akun server web: nama, peran, tanggal dibuat."""
    from ksdocs.web.serve import accounts_db, default_data

    db = accounts_db(data or default_data())
    try:
        users = db.users()
    finally:
        db.close()
    for account in users:
        click.echo(f"{account.name:<24}{account.role:<8}{account.created_at}")
    if not users:
        click.echo("Belum ada akun.")


@user.command("remove", context_settings=CONTEXT_SETTINGS)
@click.argument("name", metavar="NAMA")
@_DATA_OPTION
@handle_errors
def user_remove(name: str, data: Path | None) -> None:
    """Hapus akun server web; sesi dan token API-nya tidak berlaku lagi."""
    from ksdocs.web.serve import accounts_db, default_data

    db = accounts_db(data or default_data())
    try:
        db.remove_user(name)
    finally:
        db.close()
    click.echo(f"Akun {name} dihapus.")
