"""Plain, validated records of the workbook: what every later stage works from.

Text fields hold the cell's text as the user wrote it (surrounding spaces trimmed,
XML-illegal control characters removed); optional blanks are ``""`` or ``None``.
Each record remembers its sheet row so later stages can name the place of a problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ScopeItem:
    """One row of sheet `Ruang Lingkup`."""

    kode: str
    no: int
    teks: str
    teks_en: str
    row: int = 0


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
    """Sheet `Pengaturan`, defaults filled in (see `schema.SETTINGS`)."""

    kota: str = "Jakarta"
    nama_kementerian: str = "Kementerian Hukum Republik Indonesia"
    nama_kementerian_en: str = "Ministry of Law of the Republic of Indonesia"
    unit_pengirim: str = "DJPP"
    kop_baris_1: str = "KEMENTERIAN HUKUM REPUBLIK INDONESIA"
    kop_baris_2: str = "DIREKTORAT JENDERAL PERATURAN PERUNDANG-UNDANGAN"
    alamat_kop: str = ""
    kode_unit_surat: str = "PPE"
    kode_klasifikasi: str = "HM.04.01"
    format_nomor: str = "{kode_unit}-{klasifikasi}-{urut}"
    ukuran_kertas: str = "A4"
    naskah_berlaku: str = "EN"
    register: str = ""


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

    def cell(self, sheet: str, key: str, row: int) -> str:
        """``Mitra!W5 (Nomor Surat Rencana)``: the place of a value, for messages."""
        from ksdocs.schema import SHEETS

        header = next(s for s in SHEETS if s.name == sheet).column(key).header
        letter = self.columns.get(sheet, {}).get(key)
        return f"{sheet}!{letter}{row} ({header})" if letter else f"{sheet} ({header})"

    def partner(self, kode: str) -> Partner:
        """The partner with this `Kode`."""
        for partner in self.partners:
            if partner.kode == kode:
                return partner
        raise KeyError(kode)
