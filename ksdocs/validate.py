"""Every rule about the workbook's rows (SPEC §2): all problems in one run, and the records.

`load_workbook` reads the file with `workbook.read_workbook`, converts each cell with
`cells`, checks the cross-references between sheets and returns the
`models.Workbook` of the partners whose rows have no error, with the `Report`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from ksdocs.catalog import NUMBERED
from ksdocs.cells import (
    CODE,
    as_text,
    clean_text,
    excel_error,
    kode_problem,
    nip_problem,
    printable_problem,
    to_choice,
    to_date,
    to_integer,
)
from ksdocs.cells import parse_date as parse_date  # the workbook's date forms, for others
from ksdocs.errors import CellError, LogoProblem
from ksdocs.excel import column_index, split_reference
from ksdocs.logo import Logo, read_logo
from ksdocs.models import (
    Analysis,
    DayOff,
    Official,
    Partner,
    ScopeItem,
    Settings,
    Unit,
    Workbook,
)
from ksdocs.numbering import pattern_error
from ksdocs.problems import Problem, Report, Severity
from ksdocs.records import collector_paused
from ksdocs.schema import (
    JANGKA_WAKTU_MAX,
    JANGKA_WAKTU_MIN,
    JANGKA_WAKTU_NGO_MAX,
    JENIS_MITRA,
    KAJIAN,
    LIBUR,
    MITRA,
    PEJABAT,
    PENGATURAN,
    REQUIRED_ROLES,
    RUANG_LINGKUP,
    SETTINGS,
    SHEETS,
    UNIT,
    Setting,
)
from ksdocs.workbook import (
    CellState,
    CellValue,
    RawRow,
    RawSheet,
    RawWorkbook,
    normalise,
    read_workbook,
)

ERROR = Severity.ERROR
WARNING = Severity.WARNING

_NGO = JENIS_MITRA[2]
GIVEN_NUMBER_COLUMNS = tuple(info.given_column for info in NUMBERED if info.given_column)
"""`Mitra` columns in which a letter's number may be typed (SPEC §2)."""

def load_workbook(
    path: Path, *, files: bool = True, jobs: int = 1,
    meanwhile: Callable[[], None] | None = None, keep: bool = False,
) -> tuple[Workbook, Report]:
    """Read and check the workbook at `path`: the valid records and every problem found.

    `files`: read the files the workbook names (its `Logo`). False where they are not
    the user's to read: the web page's uploads, which come without their folder (and
    must never make the server read one of its own files), and tracking, which prints
    nothing. `jobs`: processes that may read its sheets side by side. `meanwhile`:
    called while the other reading process is at work, when there is one (this process
    waits for it later, so has the time). `keep`: the caller keeps the records to the
    end of its run, then calls ``gc.unfreeze`` (`generate`; `records.collector_paused`).
    Raises `WorkbookError` when the file is not a readable .xlsx at all.
    """
    with collector_paused(keep), contextlib.ExitStack() as stack:
        # The scope and analysis rows are checked by the other reading process, if any,
        # while this one checks the partners (`_PREPARE`).
        raw = read_workbook(path, jobs, _PREPARE, stack)
        if raw.pending and meanwhile is not None:
            meanwhile()
        return _Validator(raw, files=files).run()


def validate_file(path: Path) -> Report:
    """Only the problems of the workbook at `path`."""
    return load_workbook(path)[1]


def _tanggal(day: date) -> str:
    """`formatting.tanggal`: imported when first needed, as it imports babel, which a run
    imports later anyway while the other reading process is at work (`meanwhile`)."""
    from ksdocs.formatting import tanggal

    return tanggal(day)


def _listing(items: Iterable[str]) -> str:
    return ", ".join(items) or "(belum ada)"


# --- one row ---------------------------------------------------------------------------


@dataclass
class _Finding:
    key: str
    message: str
    severity: Severity


class _Row:
    """One raw row being converted; its problems wait until the row's Kode is known."""

    def __init__(self, sheet: RawSheet, row: RawRow) -> None:
        self.sheet = sheet
        self.row = row
        self.number = row.number
        self.findings: list[_Finding] = []
        self._values: dict[str, str | CellValue] = {}

    @classmethod
    def replayed(cls, sheet: RawSheet, cells: _Cells) -> tuple[_Row, Any]:
        """The row of `cells` (`_prepare`'s), holding the problems its cells had, and
        the values read from them."""
        number, values, findings = cells
        row = cls(sheet, _READ_ELSEWHERE)
        row.number = number
        if findings:
            row.findings = [_Finding(*finding) for finding in findings]
        return row, values

    @property
    def ok(self) -> bool:
        return not any(f.severity is ERROR for f in self.findings)

    def ref(self, key: str) -> str | None:
        return self.sheet.ref(key, self.number)

    def error(self, key: str, message: str) -> None:
        self._note(_Finding(key, message, ERROR))

    def warn(self, key: str, message: str) -> None:
        self._note(_Finding(key, message, WARNING))

    def _note(self, finding: _Finding) -> None:
        # A cell may be read more than once; its problem is reported once.
        if finding not in self.findings:
            self.findings.append(finding)

    def value(self, key: str) -> CellValue:
        """The usable value of column `key`: text cleaned and trimmed, blank as None."""
        values = self._values
        if key in values:
            return values[key]
        value = values[key] = self._read(key)
        return value

    def _read(self, key: str) -> CellValue:
        value = self.row.values.get(key)
        if value is None:
            return None
        if self.row.states:  # (one test for the common row)
            state = self.row.states.get(key)
            if state is CellState.UNCALCULATED:
                self.error(key, f"berisi rumus ={str(value).lstrip('=')} yang belum punya "
                           "nilai tersimpan; buka berkas di Excel agar rumus dihitung, lalu "
                           "simpan")
                return _UNUSABLE
            if state is CellState.FORMULA_ERROR:
                self.error(key, f"rumus menghasilkan galat {value}; perbaiki rumusnya")
                return _UNUSABLE
        if not isinstance(value, str):
            return value
        if (shown := excel_error(value)) is not None:
            self.error(key, f"berisi nilai galat Excel {shown} (hasil rumus yang gagal, "
                       "mungkin tersalin sebagai nilai); isi dengan nilai yang benar")
            return _UNUSABLE
        value, removed = clean_text(value)
        if removed:
            self.warn(key, "karakter kendali yang tidak sah dihapus dari isi sel")
        return value or None

    def blank(self, key: str, required: bool) -> None:
        """Report a blank required cell (unless its column is missing altogether)."""
        if required and key in self.sheet.letters:
            self.error(key, "wajib diisi")

    def text(self, key: str) -> str:
        value = self.value(key)
        if type(value) is str and not key.startswith("nip"):  # (the usual cell)
            return value
        if value is _UNUSABLE:
            return ""
        if value is None:
            self.blank(key, self.sheet.schema.column(key).required)
            return ""
        if key.startswith("nip") and (problem := nip_problem(value)):
            self.error(key, problem)
            return ""
        return as_text(value)

    def choice(self, key: str, choices: tuple[str, ...] | None = None) -> str:
        options = choices if choices is not None else self.sheet.schema.column(key).choices
        text = self.text(key)
        if not text:
            return ""
        try:
            return to_choice(text, options)
        except CellError as error:
            self.error(key, str(error))
            return ""

    def integer(self, key: str, low: int, high: int | None, wanted: str) -> int | None:
        text = self.text(key)
        if not text:
            return None
        try:
            return to_integer(self.value(key), low, high, wanted)
        except CellError as error:
            self.error(key, str(error))
            return None

    def date(self, key: str) -> date | None:
        value = self.value(key)
        if value is _UNUSABLE:
            return None
        if value is None:
            self.blank(key, self.sheet.schema.column(key).required)
            return None
        try:
            return to_date(value)
        except CellError as error:
            self.error(key, str(error))
            return None


_READ_ELSEWHERE = RawRow(0, {})
"""The cells of a `_Row.replayed`: already read, where the sheet was read."""


class _Unusable(str):
    """Marks a cell whose problem is already reported (formula without value)."""


_UNUSABLE = _Unusable("")


# --- the whole workbook ----------------------------------------------------------------


class _Validator:
    def __init__(self, raw: RawWorkbook, *, files: bool = True) -> None:
        self.raw = raw
        self.files = files
        self.logo: Logo | None = None
        self.problems: list[tuple[tuple[int, int, int], Problem]] = []
        self.unit_codes: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        self.sender_given = False

    # problems

    def add(self, sheet: str, cell: str | None, header: str | None, message: str,
            severity: Severity = ERROR, kode: str | None = None) -> None:
        order = (0, 0)
        if cell:
            letters, number = split_reference(cell)
            order = (number, column_index(letters))
        index = next(i for i, s in enumerate(SHEETS) if s.name == sheet)
        self.problems.append(
            ((index, *order), Problem(sheet, cell, header, message, severity, kode))
        )

    def flush(self, row: _Row, kode: str | None) -> None:
        for finding in row.findings:
            header = row.sheet.schema.column(finding.key).header
            self.add(row.sheet.schema.name, row.ref(finding.key), header, finding.message,
                     finding.severity, kode)

    def rows(self, name: str) -> list[_Row]:
        """The data rows of sheet `name`; a row that repeats the headers is reported."""
        sheet = self.raw.sheets.get(name)
        if sheet is None:
            return []
        repeats, rows = _data_rows(sheet)
        self._report_repeats(sheet, repeats)
        return rows

    def prepared_rows(self, name: str) -> list[tuple[_Row, Any]]:
        """The data rows of sheet `name` as `_PREPARE` read them (in the other reading
        process, when there was one): each with the problems of its cells, and the values
        read; a row that repeats the headers is reported."""
        sheet = self.raw.sheets.get(name)
        if sheet is None:
            return []
        prepared: _Prepared = self.raw.prepared[name]
        self._report_repeats(sheet, prepared.repeats)
        return [_Row.replayed(sheet, cells) for cells in prepared.rows]

    def _report_repeats(self, sheet: RawSheet, repeats: Iterable[tuple[int, str]]) -> None:
        name = sheet.schema.name
        for number, key in repeats:
            ref = sheet.ref(key, number)
            # Like a row without a Kode, it spoils no other partner's pack.
            kode = f"{name}!{ref}" if name in _PARTNER_SHEETS else None
            self.add(name, ref, None, "baris ini mengulang judul kolom, bukan data; "
                     "judul kolom hanya di baris 1, hapus baris ini", ERROR, kode)

    def usable(self, name: str, *keys: str) -> bool:
        """The sheet is present with the columns `keys`, so cross-checks make sense."""
        sheet = self.raw.sheets.get(name)
        return sheet is not None and all(key in sheet.letters for key in keys)

    # the run

    def run(self) -> tuple[Workbook, Report]:
        self.check_structure()
        units = self.check_units()
        officials = self.check_officials()
        settings = self.check_settings()
        partners = self.check_partners()
        libur = self.check_days_off()
        report = Report()
        report.extend(problem for _, problem in sorted(self.problems, key=lambda p: p[0]))
        spoiled = report.errors_by_kode()
        keep = tuple(p for p in partners if p.kode not in spoiled)
        if not self.usable(MITRA.name, *(c.key for c in MITRA.columns if c.required)):
            keep = ()
        invalid = {kode: tuple(str(p) for p in found) for kode, found in spoiled.items()}
        columns = {name: dict(sheet.letters) for name, sheet in self.raw.sheets.items()}
        book = Workbook(keep, units, officials, settings, self.raw.sha256, self.raw.path,
                        invalid, columns, libur, self.logo)
        return book, report

    def check_structure(self) -> None:
        for sheet in self.raw.missing_sheets:
            self.add(sheet.name, None, None, "lembar ini tidak ada dalam buku kerja; buat buku "
                     "kerja baru dengan ksdocs init atau salin lembarnya dari buku kerja contoh")
        for sheet_name, titles in self.raw.lookalikes.items():
            shown = " dan ".join(f'"{title}"' for title in titles)
            self.add(sheet_name, None, None, f"buku kerja memuat lembar {shown} yang namanya "
                     "hanya berbeda huruf besar/kecil atau spasi, sehingga tidak jelas mana yang "
                     f"berisi data; hapus atau ganti nama yang bukan lembar {sheet_name}")
        for raw in self.raw.sheets.values():  # (a sheet still being read: `_complete`)
            self._check_columns(raw)

    def _check_columns(self, raw: RawSheet) -> None:
        for column in raw.missing:
            if column.required:
                self.add(raw.schema.name, None, column.header,
                         "kolom wajib ini tidak ada pada baris 1 (judul kolom)")
        for column, letter in raw.duplicates:
            self.add(raw.schema.name, f"{letter}1", column.header,
                     f"judul kolom ini muncul lebih dari sekali; hanya kolom "
                     f"{raw.letters[column.key]} yang dibaca", WARNING)

    def _complete(self, name: str) -> None:
        """Wait for sheet `name` if the other process still reads it (it is checked
        there); its headers are checked here, before any of its rows."""
        for waited in self.raw.complete(name):
            self._check_columns(self.raw.sheets[waited])

    def _unique(self, row: _Row, key: str, seen: dict[str, str], what: str) -> bool:
        """Report a repeated code; True when the code is new."""
        code = row.text(key)
        if not code:
            return False
        if not CODE.fullmatch(code):
            row.error(key, f'{what} "{code}" hanya boleh berisi huruf, angka, titik (.), garis '
                      "bawah (_) dan tanda hubung (-)")
        first = seen.get(code.casefold())
        if first is not None:
            row.error(key, f'{what} "{code}" sudah dipakai di {row.sheet.schema.name}!{first}')
            return False
        seen[code.casefold()] = row.ref(key) or ""
        return True

    def check_units(self) -> dict[str, Unit]:
        units: dict[str, Unit] = {}
        seen: dict[str, str] = {}
        for row in self.rows(UNIT.name):
            new = self._unique(row, "kode", seen, "Kode")
            unit = Unit(
                kode=row.text("kode"), nama=row.text("nama"), nama_en=row.text("nama_en"),
                jenis=row.choice("jenis"), jabatan=row.text("jabatan"),
                jabatan_en=row.text("jabatan_en"), nama_pimpinan=row.text("nama_pimpinan"),
                nip=row.text("nip"), row=row.number,
            )
            if new:
                units[unit.kode] = unit
                self.unit_codes[unit.kode.casefold()] = unit.kode
            self.flush(row, None)
        return units

    def check_officials(self) -> dict[str, Official]:
        officials: dict[str, Official] = {}
        seen: dict[str, str] = {}
        canonical = {role.casefold(): role for role in REQUIRED_ROLES}
        for row in self.rows(PEJABAT.name):
            new = self._unique(row, "peran", seen, "Peran")
            peran = row.text("peran")
            peran = canonical.get(peran.casefold(), peran)
            official = Official(
                peran=peran, jabatan=row.text("jabatan"), jabatan_en=row.text("jabatan_en"),
                nama=row.text("nama"), nip=row.text("nip"), row=row.number,
            )
            if new:
                officials[peran] = official
                self.roles[peran.casefold()] = peran
            self.flush(row, None)
        if self.usable(PEJABAT.name, "peran"):
            header = PEJABAT.column("peran").header
            for role in REQUIRED_ROLES:
                if role.casefold() not in self.roles:
                    self.add(PEJABAT.name, None, header, f'peran wajib "{role}" belum ada; '
                             f"tambahkan satu baris dengan {header} {role}")
        return officials

    def check_settings(self) -> Settings:
        by_key = {normalise(setting.key): setting for setting in SETTINGS}
        values: dict[str, str] = {}
        seen: dict[str, str] = {}
        for row in self.rows(PENGATURAN.name):
            name = row.text("kunci")
            setting = by_key.get(normalise(name)) if name else None
            if name and setting is None:
                row.warn("kunci", f'"{name}" bukan kunci pengaturan yang dikenal; baris ini '
                         f"diabaikan (kunci yang dikenal: {_listing(s.key for s in SETTINGS)})")
            elif setting is not None and setting.key in seen:
                row.error("kunci", f'kunci "{setting.key}" sudah ada di '
                          f"{PENGATURAN.name}!{seen[setting.key]}")
            elif setting is not None:
                seen[setting.key] = row.ref("kunci") or ""
                value = self._setting(row, setting)
                if value:
                    values[setting.attribute] = value
            self.flush(row, None)
        if not self.sender_given and self.usable(UNIT.name, "kode"):
            default = next(s for s in SETTINGS if s.key == "Unit Pengirim").default
            if default.casefold() not in self.unit_codes:
                self.add(PENGATURAN.name, None, PENGATURAN.column("kunci").header,
                         f'Unit Pengirim tidak diisi dan unit bawaannya "{default}" tidak ada '
                         "pada lembar Unit; tambahkan baris Unit Pengirim dengan Kode unit "
                         "yang menulis surat")
            else:
                values["unit_pengirim"] = self.unit_codes[default.casefold()]
        return Settings(**values)

    def _setting(self, row: _Row, setting: Setting) -> str:
        """The value of one known setting, checked; "" for the default."""
        if setting.choices:
            return row.choice("nilai", setting.choices)
        value = row.text("nilai")
        if not value:
            return ""
        if setting.key == "Unit Pengirim" and self.usable(UNIT.name, "kode"):
            self.sender_given = True
            code = self.unit_codes.get(value.casefold())
            if code is None:
                row.error("nilai", f'Unit Pengirim "{value}" tidak ada pada lembar Unit; Kode '
                          f"yang ada: {_listing(self.unit_codes.values())}")
                return ""
            return code
        if setting.key == "Format Nomor" and (problem := pattern_error(value)):
            row.error("nilai", problem)
            return ""
        if setting.key in ("Kode Unit Surat", "Kode Klasifikasi") and (
                problem := printable_problem(value)):
            row.error("nilai", f"{setting.key} {problem}; nomor surat harus dapat dicetak")
            return ""
        if setting.key == "Logo":
            return self._logo(row, value)
        return value

    def _logo(self, row: _Row, value: str) -> str:
        """The `Logo` setting: its file read and checked (relative to the workbook's
        folder), or, where files are not read, a warning that the kop has no logo."""
        if not self.files:
            row.warn("nilai", f'Logo "{value}" tidak dipakai: buku kerja yang diunggah ke '
                     "halaman web datang tanpa berkas logonya, dan server tidak membaca "
                     "berkas lain; dokumen dibuat tanpa logo (untuk dokumen berlogo, jalankan "
                     "ksdocs generate di komputer yang menyimpan berkas logonya)")
            return ""
        try:
            self.logo = read_logo(Path(self.raw.path).parent / value, value)
        except LogoProblem as problem:
            row.error("nilai", str(problem))
            return ""
        return value

    def check_days_off(self) -> tuple[DayOff, ...]:
        days: list[DayOff] = []
        seen: dict[date, str] = {}
        for row in self.rows(LIBUR.name):
            day = row.date("tanggal")
            if day is not None and day in seen:
                row.warn("tanggal", f"tanggal ini sudah ada di {LIBUR.name}!{seen[day]}")
            elif day is not None:
                seen[day] = row.ref("tanggal") or ""
                days.append(DayOff(day, row.text("keterangan"), row.number))
            self.flush(row, None)
        return tuple(days)

    # partners

    def check_partners(self) -> list[Partner]:
        rows = self.rows(MITRA.name)
        canonical: dict[str, str] = {}
        for row in rows:
            code = row.text("kode")
            canonical.setdefault(code.casefold(), code)
        partners: list[tuple[Partner, _Row]] = []
        first: dict[str, str] = {}
        for row in rows:
            partner = self._partner(row)
            kode = canonical.get(partner.kode.casefold()) if partner.kode else None
            if kode is None:
                kode = f"{MITRA.name}!{row.ref('kode') or row.number}"
            elif kode.casefold() in first:
                row.error("kode", f'Kode "{partner.kode}" sudah dipakai di '
                          f"{MITRA.name}!{first[kode.casefold()]}; setiap Kode harus unik")
            else:
                first[kode.casefold()] = row.ref("kode") or ""
            self.flush(row, kode)
            partners.append((partner if kode == partner.kode else replace(partner, kode=kode),
                             row))
        self._check_given_numbers(partners)
        # One sheet at a time: the scope rows are matched here while the other process
        # still checks the analyses.
        self._complete(RUANG_LINGKUP.name)
        scope = self._scope(canonical)
        self._complete(KAJIAN.name)
        analyses = self._analyses(canonical)
        kode_header = MITRA.column("kode").header
        known = set(canonical.values())  # (a set: looked up for every partner)
        result: list[Partner] = []
        for partner, row in partners:
            items = tuple(sorted(scope.get(partner.kode, ()), key=lambda item: item.no))
            if not items and partner.kode in known and self.usable(
                RUANG_LINGKUP.name, "kode"
            ):
                self.add(MITRA.name, row.ref("kode"), kode_header,
                         f'belum ada butir pada lembar {RUANG_LINGKUP.name} untuk Kode '
                         f'"{partner.kode}"; isi paling sedikit satu butir', kode=partner.kode)
            analysis = analyses.get(partner.kode)
            if analysis is None and partner.kode in known and self.usable(
                KAJIAN.name, "kode"
            ):
                self.add(MITRA.name, row.ref("kode"), kode_header,
                         f"belum ada baris pada lembar {KAJIAN.name}; formulir kajian dibuat "
                         "dengan bagian penilaian kosong untuk diisi tangan", WARNING,
                         partner.kode)
            self._check_chronology(partner, row, analysis)
            # (dataclasses.replace, without looking up Partner's fields for each partner)
            result.append(Partner(**{**vars(partner), "ruang_lingkup": items,
                                     "kajian": analysis}))
        return result

    def _check_chronology(self, partner: Partner, row: _Row, analysis: Analysis | None) -> None:
        """An analysis, or a signing, dated before the letter it follows is a slip the office
        would send back: a warning at the later date's cell."""
        letter = partner.tanggal_surat
        if letter is None:
            return

        def since() -> str:  # (written only for a warning: most partners have none)
            return (f"sebelum {MITRA.column('tanggal_surat').header} "
                    f"({MITRA.name}!{row.ref('tanggal_surat')}, {_tanggal(letter)})")

        kajian = self.raw.sheets.get(KAJIAN.name)
        if analysis and analysis.tanggal and analysis.tanggal < letter and kajian:
            self.add(KAJIAN.name, kajian.ref("tanggal", analysis.row),
                     KAJIAN.column("tanggal").header,
                     f"kajian bertanggal {_tanggal(analysis.tanggal)}, {since()} yang "
                     "dikajinya; periksa kedua tanggal", WARNING, partner.kode)
        if partner.tanggal_ttd and partner.tanggal_ttd < letter:
            self.add(MITRA.name, row.ref("tanggal_ttd"), MITRA.column("tanggal_ttd").header,
                     f"penandatanganan bertanggal {_tanggal(partner.tanggal_ttd)}, {since()}; "
                     "periksa kedua tanggal", WARNING, partner.kode)

    def _check_given_numbers(self, partners: list[tuple[Partner, _Row]]) -> None:
        """A letter number typed twice would give two letters one number."""
        seen: dict[str, str] = {}
        for partner, row in partners:
            for key in GIVEN_NUMBER_COLUMNS:
                number = getattr(partner, key)
                if not number:
                    continue
                place = f"{MITRA.name}!{row.ref(key)}"
                if problem := printable_problem(number):
                    self.add(MITRA.name, row.ref(key), MITRA.column(key).header,
                             f"nomor surat {problem}", kode=partner.kode)
                elif number in seen:
                    self.add(MITRA.name, row.ref(key), MITRA.column(key).header,
                             f'nomor surat "{number}" sudah dipakai di {seen[number]}; '
                             "setiap surat perlu nomor sendiri", kode=partner.kode)
                else:
                    seen[number] = place

    def _partner(self, row: _Row) -> Partner:
        jenis = row.choice("jenis")
        jangka = row.integer("jangka_waktu", JANGKA_WAKTU_MIN, JANGKA_WAKTU_MAX,
                             f"bilangan bulat {JANGKA_WAKTU_MIN} sampai {JANGKA_WAKTU_MAX}")
        if jangka is not None and jenis == _NGO and jangka > JANGKA_WAKTU_NGO_MAX:
            row.warn("jangka_waktu", f"jangka waktu {jangka} tahun melebihi "
                     f"{JANGKA_WAKTU_NGO_MAX} tahun, batas izin prinsip {_NGO} "
                     "(PP 59/2016)")
        kode = row.text("kode")
        if kode and (problem := kode_problem(kode)):
            row.error("kode", problem)
        pengganti, alasan = self._override(row)
        return Partner(
            kode=kode, nama=row.text("nama"), nama_en=row.text("nama_en"), jenis=jenis,
            negara=row.text("negara"), bidang=row.text("bidang"),
            bidang_en=row.text("bidang_en"), tujuan=row.text("tujuan"),
            tujuan_en=row.text("tujuan_en"), unit_pelaksana=self._units(row),
            penandatangan_jabatan=row.text("penandatangan_jabatan"),
            penandatangan_tingkat=row.choice("penandatangan_tingkat"),
            jangka_waktu=jangka or 0, pembiayaan=row.choice("pembiayaan"),
            singkatan=row.text("singkatan"), alamat=row.text("alamat"),
            latar_belakang=row.text("latar_belakang"),
            penandatangan_nama=row.text("penandatangan_nama"), pengganti=pengganti,
            alasan_pengganti=alasan, sifat=row.choice("sifat") or "Biasa",
            tanggal_surat=row.date("tanggal_surat"), nomor_rencana=row.text("nomor_rencana"),
            nomor_penyampaian=row.text("nomor_penyampaian"), tempat_ttd=row.text("tempat_ttd"),
            tempat_ttd_en=row.text("tempat_ttd_en"),
            tanggal_ttd=row.date("tanggal_ttd"), narahubung=row.text("narahubung"),
            row=row.number,
        )

    def _units(self, row: _Row) -> tuple[str, ...]:
        text = row.text("unit_pelaksana")
        if not text:
            return ()
        codes: list[str] = []
        unknown = False
        for part in re.split(r"[;,]", text):
            code = part.strip()
            if not code:
                continue
            known = self.unit_codes.get(code.casefold())
            if known is None:
                unknown = True
                if self.usable(UNIT.name, "kode"):
                    row.error("unit_pelaksana", f'unit "{code}" tidak ada pada lembar Unit; '
                              f"Kode yang ada: {_listing(self.unit_codes.values())}")
                continue
            if known in codes:
                row.warn("unit_pelaksana", f'unit "{code}" disebut lebih dari sekali; dihitung '
                         "satu kali")
                continue
            codes.append(known)
        if not codes and not unknown:
            row.blank("unit_pelaksana", True)
        return tuple(codes)

    def _override(self, row: _Row) -> tuple[str, str]:
        pengganti = row.text("pengganti")
        alasan = row.text("alasan_pengganti")
        pengganti_header = MITRA.column("pengganti").header
        if not pengganti:
            if alasan:
                row.warn("alasan_pengganti", f"diisi, tetapi {pengganti_header} kosong; alasan "
                         "ini diabaikan")
            return "", ""
        code = self.roles.get(pengganti.casefold()) or self.unit_codes.get(pengganti.casefold())
        if code is None:
            row.error("pengganti", f'"{pengganti}" bukan Peran pada lembar Pejabat maupun Kode '
                      f"pada lembar Unit; Peran yang ada: {_listing(self.roles.values())}; "
                      f"Kode Unit yang ada: {_listing(self.unit_codes.values())}")
            code = pengganti
        if not alasan:
            row.error("alasan_pengganti", f"wajib diisi bila {pengganti_header} diisi")
        return code, alasan

    def _scope(self, canonical: dict[str, str]) -> dict[str, list[ScopeItem]]:
        scope: dict[str, list[ScopeItem]] = {}
        numbers: dict[tuple[str, int], _Row] = {}
        for row, (code, number, teks, teks_en) in self.prepared_rows(RUANG_LINGKUP.name):
            kode = self._reference(row, code, canonical)
            item = ScopeItem(kode or "", number or 0, teks, teks_en, row.number)
            if kode and number is not None:
                first = numbers.setdefault((kode, number), row)
                if first is not row:
                    row.error("no", f'No {number} untuk Kode "{kode}" sudah dipakai di '
                              f'{RUANG_LINGKUP.name}!{first.ref("no") or ""}')
            if kode:
                scope.setdefault(kode, []).append(item)
            self.flush(row, kode)
        return scope

    def _analyses(self, canonical: dict[str, str]) -> dict[str, Analysis]:
        analyses: dict[str, Analysis] = {}
        first: dict[str, str] = {}
        for row, (code, fields) in self.prepared_rows(KAJIAN.name):
            kode = self._reference(row, code, canonical)
            analysis = Analysis(kode=kode or "", **fields, row=row.number)
            if kode and kode in first:
                row.error("kode", f'Kode "{kode}" sudah punya baris kajian di '
                          f"{KAJIAN.name}!{first[kode]}; paling banyak satu baris untuk setiap "
                          "Kode")
            elif kode:
                first[kode] = row.ref("kode") or ""
                analyses[kode] = analysis
            self.flush(row, kode)
        return analyses

    def _reference(self, row: _Row, code: str, canonical: dict[str, str]) -> str | None:
        """The `Mitra` Kode a scope or analysis row belongs to (as spelled on `Mitra`), its
        Kode cell reading `code`."""
        if not code:
            return None
        known = canonical.get(code.casefold())
        if known is None:
            if self.usable(MITRA.name, "kode"):
                row.error("kode", f'Kode "{code}" tidak ada pada lembar {MITRA.name}')
            return code
        return known


_PARTNER_SHEETS = (MITRA.name, RUANG_LINGKUP.name, KAJIAN.name)


def _data_rows(sheet: RawSheet) -> tuple[list[tuple[int, str]], list[_Row]]:
    """The rows of `sheet` that repeat its headers, as (row, the column reported), and
    its data rows."""
    repeats: list[tuple[int, str]] = []
    rows: list[_Row] = []
    for raw in sheet.rows:
        if _repeats_header(sheet, raw):
            key = min(raw.values, key=lambda k: (len(sheet.letters[k]), sheet.letters[k]))
            repeats.append((raw.number, key))
        else:
            rows.append(_Row(sheet, raw))
    return repeats, rows


_Cells = tuple[int, Any, tuple[tuple[str, str, Severity], ...]]
"""One row as `_prepare` read it: its number, the values read, the problems of its cells."""


@dataclass(frozen=True)
class _Prepared:
    """A sheet's rows with every cell read and checked, as far as that needs no other
    sheet: what the other reading process sends back (`workbook.Prepare`)."""

    repeats: tuple[tuple[int, str], ...]
    rows: tuple[_Cells, ...]


def _prepare(sheet: RawSheet, read: Callable[[_Row], Any]) -> _Prepared:
    """`sheet` with `read` giving the values of each data row."""
    repeats, rows = _data_rows(sheet)
    cells = []
    for row in rows:
        values = read(row)  # (before its findings are taken)
        cells.append((row.number, values,
                      tuple((f.key, f.message, f.severity) for f in row.findings)))
    return _Prepared(tuple(repeats), tuple(cells))


def _scope_cells(sheet: RawSheet) -> _Prepared:
    """`Ruang Lingkup`: (Kode as typed, No, text, English text) of every row."""
    return _prepare(sheet, lambda row: (
        row.text("kode"), row.integer("no", 1, None, "bilangan bulat positif"),
        row.text("teks"), row.text("teks_en"),
    ))


def _analysis_cells(sheet: RawSheet) -> _Prepared:
    """`Kajian`: (Kode as typed, the other fields of its `Analysis`) of every row."""
    return _prepare(sheet, lambda row: (row.text("kode"), {
        "kesesuaian_tusi": row.text("kesesuaian_tusi"),
        "kesesuaian_renstra": row.text("kesesuaian_renstra"), "manfaat": row.text("manfaat"),
        "risiko": row.text("risiko"), "kelayakan_mitra": row.text("kelayakan_mitra"),
        "rekomendasi": row.choice("rekomendasi"), "catatan": row.text("catatan"),
        "analis": row.text("analis"), "nip_analis": row.text("nip_analis"),
        "tanggal": row.date("tanggal"),
    }))


_PREPARE = {RUANG_LINGKUP.name: _scope_cells, KAJIAN.name: _analysis_cells}
"""The sheets whose cells are read and checked where the sheet is read: the scope and
analysis rows need only `Mitra`'s Kodes besides, so the other reading process checks
them while this one reads and checks the partners (`workbook.Prepare`)."""


def _repeats_header(sheet: RawSheet, row: RawRow) -> bool:
    """Whether `row` is a second header row: at least two cells, and at least half of
    the filled ones, hold their own column's header."""
    headers = _HEADERS[sheet.schema.name]
    filled = same = 0
    left = len(row.values)
    for key, value in row.values.items():
        left -= 1
        if value is None:
            continue
        if isinstance(value, str):
            first = value.lstrip()[:1]
            if not first:
                continue
            filled += 1
            # A header's first and last letters, before the whole text is normalised.
            header = headers[key]
            if (first.casefold()[:1] == header[:1]
                    and value.rstrip()[-1:].casefold()[-1:] == header[-1:]
                    and normalise(value) == header):
                same += 1
                continue
        else:
            filled += 1
        if filled - same > same + left:  # (half the filled cells can no longer be headers)
            return False
    return same >= 2 and same * 2 >= filled


_HEADERS = {sheet.name: {column.key: normalise(column.header) for column in sheet.columns}
            for sheet in SHEETS}
"""Sheet name → record key → the column's header as `normalise` writes it."""
