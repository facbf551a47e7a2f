"""Plain, validated records of the workbook: what every later stage works from.

Text fields hold the cell's text as the user wrote it (surrounding spaces trimmed,
XML-illegal control characters removed); optional blanks are ``""`` or ``None``.
Each record remembers its sheet row so later stages can name the place of a problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ksdocs.errors import InputError
from ksdocs.logo import Logo
from ksdocs.records import quick_init
from ksdocs.schema import SETTING_DEFAULTS, SHEET_NAMED


@quick_init
@dataclass(frozen=True)
class ScopeItem:
    """One row of sheet `Ruang Lingkup`."""

    kode: str
    no: int
    teks: str
    teks_en: str
    row: int = 0


@quick_init
@dataclass(frozen=True)
class Analysis:
    """One row of sheet `Kajian`."""

    kode: str
    kesesuaian_tusi: str = ""
    kesesuaian_renstra: str = ""
    manfaat: str = ""
    risiko: str = ""
    kelayakan_mitra: str = ""
    rekomendasi: str = ""
    catatan: str = ""
    analis: str = ""
    nip_analis: str = ""
    tanggal: date | None = None
    row: int = 0


@dataclass(frozen=True)
class Unit:
    """One row of sheet `Unit`: a unit and its head."""

    kode: str
    nama: str
    nama_en: str
    jenis: str
    jabatan: str
    jabatan_en: str
    nama_pimpinan: str
    nip: str = ""
    row: int = 0


@dataclass(frozen=True)
class Official:
    """One row of sheet `Pejabat`: an official in a fixed role."""

    peran: str
    jabatan: str
    jabatan_en: str
    nama: str
    nip: str = ""
    row: int = 0


@dataclass(frozen=True)
class Settings:
    """Sheet `Pengaturan`, defaults filled in; the defaults are those of `schema.SETTINGS`."""

    kota: str = SETTING_DEFAULTS["kota"]
    nama_kementerian: str = SETTING_DEFAULTS["nama_kementerian"]
    nama_kementerian_en: str = SETTING_DEFAULTS["nama_kementerian_en"]
    unit_pengirim: str = SETTING_DEFAULTS["unit_pengirim"]
    kop_baris_1: str = SETTING_DEFAULTS["kop_baris_1"]
    kop_baris_2: str = SETTING_DEFAULTS["kop_baris_2"]
    alamat_kop: str = SETTING_DEFAULTS["alamat_kop"]
    telepon_kop: str = SETTING_DEFAULTS["telepon_kop"]
    laman_kop: str = SETTING_DEFAULTS["laman_kop"]
    surel_kop: str = SETTING_DEFAULTS["surel_kop"]
    kode_unit_surat: str = SETTING_DEFAULTS["kode_unit_surat"]
    kode_klasifikasi: str = SETTING_DEFAULTS["kode_klasifikasi"]
    format_nomor: str = SETTING_DEFAULTS["format_nomor"]
    ukuran_kertas: str = SETTING_DEFAULTS["ukuran_kertas"]
    naskah_berlaku: str = SETTING_DEFAULTS["naskah_berlaku"]
    register: str = SETTING_DEFAULTS["register"]
    atas_nama_menteri: str = SETTING_DEFAULTS["atas_nama_menteri"]
    logo: str = SETTING_DEFAULTS["logo"]


@quick_init
@dataclass(frozen=True)
class Partner:
    """One row of sheet `Mitra`, with its scope items and analysis attached."""

    kode: str
    nama: str
    nama_en: str
    jenis: str
    negara: str
    bidang: str
    bidang_en: str
    tujuan: str
    tujuan_en: str
    unit_pelaksana: tuple[str, ...]
    penandatangan_jabatan: str
    penandatangan_tingkat: str
    jangka_waktu: int
    pembiayaan: str
    singkatan: str = ""
    alamat: str = ""
    latar_belakang: str = ""
    penandatangan_nama: str = ""
    pengganti: str = ""
    alasan_pengganti: str = ""
    sifat: str = "Biasa"
    tanggal_surat: date | None = None
    nomor_rencana: str = ""
    nomor_penyampaian: str = ""
    tempat_ttd: str = ""
    tempat_ttd_en: str = ""
    tanggal_ttd: date | None = None
    narahubung: str = ""
    ruang_lingkup: tuple[ScopeItem, ...] = ()
    kajian: Analysis | None = None
    row: int = 0


@dataclass(frozen=True)
class DayOff:
    """One row of sheet `Libur`: a day the office is closed besides the national holidays."""

    tanggal: date
    keterangan: str = ""
    row: int = 0


@dataclass(frozen=True)
class Workbook:
    """Everything read from one workbook, cross-references resolved."""

    partners: tuple[Partner, ...]
    units: dict[str, Unit]
    officials: dict[str, Official]
    settings: Settings
    sha256: str = ""
    path: str = ""
    invalid: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Kode → error lines, for partners left out because their rows have errors."""
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    """Sheet name → record attribute → column letter, to name cells after reading."""
    libur: tuple[DayOff, ...] = ()
    """The office's own days off (sheet `Libur`), in the order written."""
    logo: Logo | None = None
    """The letterhead's emblem (`Logo` setting), read and checked; None without one."""

    def cell(self, sheet: str, key: str, row: int) -> str:
        """``Mitra!W5 (Nomor Surat Rencana)``: the place of a value, for messages."""
        header = SHEET_NAMED[sheet].column(key).header
        letter = self.columns.get(sheet, {}).get(key)
        return f"{sheet}!{letter}{row} ({header})" if letter else f"{sheet} ({header})"

    def partner(self, kode: str) -> Partner:
        """The partner with this `Kode`, in any case."""
        for partner in self.partners:
            if partner.kode.casefold() == kode.casefold():
                return partner
        raise KeyError(kode)


@dataclass(frozen=True)
class Selection:
    """The partners a command works on."""

    partners: tuple[Partner, ...]
    """The valid partners selected, in workbook order."""
    invalid: dict[str, tuple[str, ...]]
    """Selected partners left out for their errors: Kode → error lines."""


def select_partners(workbook: Workbook, kodes: Sequence[str]) -> Selection:
    """The partners `kodes` names (every partner when empty), a Kode matching in any
    case as the README promises; a Kode not on `Mitra` at all is an `InputError`."""
    known = [partner.kode for partner in workbook.partners] + list(workbook.invalid)
    by_key = {kode.casefold(): kode for kode in known}
    unknown = [kode for kode in kodes if kode.strip().casefold() not in by_key]
    if unknown:
        shown = [partner.kode for partner in workbook.partners[:10]]
        more = ", …" if len(workbook.partners) > 10 else ""
        raise InputError(
            "Kode " + ", ".join(f'"{k}"' for k in unknown) + " tidak ada pada lembar Mitra"
            + (f"; Kode yang ada: {', '.join(shown)}{more}." if shown else ".")
        )
    wanted = {by_key[kode.strip().casefold()] for kode in kodes} if kodes else set(known)
    return Selection(
        tuple(partner for partner in workbook.partners if partner.kode in wanted),
        {kode: lines for kode, lines in workbook.invalid.items() if kode in wanted},
    )
