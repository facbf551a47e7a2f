"""The workbook's layout (SPEC §2): sheets, headers, kinds and closed lists, in one place.

`init` writes it, the reader matches headers against it, the validator checks values
against it and `templates show` names its columns. Nothing else spells a header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum


class Kind(Enum):
    """How a cell's value is read and checked."""

    TEXT = "teks"
    CODE = "kode"  # an identifier: letters, digits, `.`, `_`, `-`
    CHOICE = "pilihan"  # one of `Column.choices`
    CODES = "daftar kode"  # one or more codes separated by `;` or `,`
    INTEGER = "bilangan bulat"
    DATE = "tanggal"


@dataclass(frozen=True)
class Column:
    """One header of a sheet; `key` is the attribute name in the records."""

    header: str
    key: str
    required: bool
    kind: Kind = Kind.TEXT
    choices: tuple[str, ...] = ()
    help: str = ""
    width: int = 24


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook."""

    name: str
    columns: tuple[Column, ...]
    help: str
    optional: bool = False
    """A workbook without this sheet is complete (its absence is no problem)."""

    by_key: dict[str, Column] = field(init=False, repr=False, compare=False, hash=False)
    """Record key → column: `column` is asked for every cell, a lookup, not a scan."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {column.key: column for column in self.columns})

    def column(self, key: str) -> Column:
        """The column with record attribute `key`."""
        return self.by_key[key]


JENIS_MITRA = (
    "Lembaga Pemerintahan Asing",
    "Organisasi Internasional",
    "Organisasi Internasional Nonpemerintah",
)
"""Permenkumham 65/2016 Pasal 7 huruf a, b, c, in that order."""

TINGKAT = ("Menteri", "Eselon I", "Eselon II", "Eselon III")
PEMBIAYAAN = ("Masing-masing Pihak", "APBN", "Mitra", "Bersama")
SIFAT_SURAT = ("Biasa", "Segera", "Sangat Segera", "Rahasia")
REKOMENDASI = (
    "Dapat ditindaklanjuti",
    "Dapat ditindaklanjuti dengan catatan",
    "Tidak dapat ditindaklanjuti",
)
JENIS_UNIT = ("Unit Utama", "Kantor Wilayah", "UPT")
UKURAN_KERTAS = ("A4", "F4")
NASKAH_BERLAKU = ("EN", "ID")
YA_TIDAK = ("Ya", "Tidak")

REQUIRED_ROLES = ("MENTERI", "SEKJEN", "KABIRO", "KABAG", "SUBKOOR")
"""Roles sheet `Pejabat` must hold (SPEC §2)."""

JANGKA_WAKTU_MIN = 1
JANGKA_WAKTU_MAX = 10
JANGKA_WAKTU_NGO_MAX = 3
"""PP 59/2016: an international NGO's principal permit runs at most three years."""

MITRA = Sheet(
    "Mitra",
    (
        Column("Kode", "kode", True, Kind.CODE, help="Kode unik kerja sama, mis. KS-2027-001; "
               "hanya huruf, angka, titik, garis bawah dan tanda hubung (menjadi nama folder).",
               width=14),
        Column("Nama Mitra", "nama", True, help="Nama mitra sebagaimana ditulis dalam naskah "
               "berbahasa Indonesia.", width=36),
        Column("Nama Mitra (EN)", "nama_en", True, help="Nama resmi mitra dalam bahasa Inggris.",
               width=36),
        Column("Singkatan", "singkatan", False, help="Singkatan nama mitra, mis. JICA.", width=12),
        Column("Jenis Mitra", "jenis", True, Kind.CHOICE, JENIS_MITRA,
               help="Permenkumham 65/2016 Pasal 7 huruf a, b, atau c.", width=34),
        Column("Negara", "negara", True, help="Negara mitra (negara kedudukan untuk organisasi "
               "internasional).", width=18),
        Column("Alamat Mitra", "alamat", False, help="Alamat surat mitra.", width=36),
        Column("Bidang Kerja Sama", "bidang", True, help="Bidang kerja sama dalam bahasa "
               "Indonesia, huruf kecil, mis. pembentukan peraturan perundang-undangan.", width=36),
        Column("Bidang Kerja Sama (EN)", "bidang_en", True, help="Bidang kerja sama dalam "
               "bahasa Inggris.", width=36),
        Column("Tujuan", "tujuan", True, help="Tujuan kerja sama dalam bahasa Indonesia, huruf "
               "kecil, sebagai lanjutan kalimat \"kerja sama ini bertujuan untuk …\", mis. "
               "meningkatkan kualitas regulasi.", width=40),
        Column("Tujuan (EN)", "tujuan_en", True, help="Tujuan dalam bahasa Inggris, diawali "
               "\"to\", mis. to improve regulatory quality.", width=40),
        Column("Latar Belakang", "latar_belakang", False, help="Latar belakang dan urgensi "
               "kerja sama.", width=40),
        Column("Unit Pelaksana", "unit_pelaksana", True, Kind.CODES, help="Satu atau lebih Kode "
               "dari lembar Unit, dipisah titik koma atau koma, mis. DJPP;KANWIL-DKI.", width=22),
        Column("Nama Penandatangan Mitra", "penandatangan_nama", False, help="Nama pejabat "
               "mitra yang menandatangani.", width=28),
        Column("Jabatan Penandatangan Mitra", "penandatangan_jabatan", True, help="Jabatan "
               "penandatangan mitra dalam bahasa Inggris.", width=32),
        Column("Tingkat Penandatangan Mitra", "penandatangan_tingkat", True, Kind.CHOICE,
               TINGKAT, help="Tingkat jabatan yang setara dengan penandatangan mitra; "
               "Menteri berarti MSP ditandatangani Menteri.", width=20),
        Column("Penandatangan Pengganti", "pengganti", False, Kind.CODE, help="Isi hanya bila "
               "penandatangan menyimpang dari aturan: Peran dari lembar Pejabat atau Kode dari "
               "lembar Unit.", width=18),
        Column("Alasan Penggantian", "alasan_pengganti", False, help="Wajib bila Penandatangan "
               "Pengganti diisi: alasan penyimpangan.", width=32),
        Column("Jangka Waktu (Tahun)", "jangka_waktu", True, Kind.INTEGER, help="Bilangan bulat "
               "1 sampai 10 (peringatan di atas 3 untuk Organisasi Internasional "
               "Nonpemerintah).", width=12),
        Column("Pembiayaan", "pembiayaan", True, Kind.CHOICE, PEMBIAYAAN, help="Sumber biaya "
               "pelaksanaan kerja sama.", width=20),
        Column("Sifat Surat", "sifat", False, Kind.CHOICE, SIFAT_SURAT, help="Sifat surat; "
               "kosong berarti Biasa.", width=14),
        Column("Tanggal Surat", "tanggal_surat", False, Kind.DATE, help="Tanggal surat-surat; "
               "kosong berarti tanggal pembuatan dokumen.", width=16),
        Column("Nomor Surat Rencana", "nomor_rencana", False, help="Kosong: diberi nomor dari "
               "register.", width=24),
        Column("Nomor Surat Penyampaian", "nomor_penyampaian", False, help="Kosong: diberi "
               "nomor dari register.", width=24),
        Column("Tempat Penandatanganan", "tempat_ttd", False, help="Kota penandatanganan MSP; "
               "kosong berarti Kota pada lembar Pengaturan.", width=18),
        Column("Tempat Penandatanganan (EN)", "tempat_ttd_en", False, help="Nama kota yang "
               "sama dalam bahasa Inggris bila berbeda, mis. The Hague untuk Den Haag; "
               "kosong: sama dengan Tempat Penandatanganan.", width=18),
        Column("Tanggal Penandatanganan", "tanggal_ttd", False, Kind.DATE, help="Kosong: "
               "titik-titik untuk diisi tangan.", width=16),
        Column("Narahubung", "narahubung", False, help="Nama, telepon dan surel narahubung.",
               width=32),
    ),
    "Satu baris untuk setiap rencana kerja sama (satu paket dokumen).",
)

RUANG_LINGKUP = Sheet(
    "Ruang Lingkup",
    (
        Column("Kode", "kode", True, Kind.CODE, help="Kode dari lembar Mitra.", width=14),
        Column("No", "no", True, Kind.INTEGER, help="Urutan butir ruang lingkup.", width=6),
        Column("Ruang Lingkup", "teks", True, help="Butir ruang lingkup dalam bahasa "
               "Indonesia, huruf kecil, diakhiri titik koma (butir terakhir: titik).",
               width=50),
        Column("Ruang Lingkup (EN)", "teks_en", True, help="Butir yang sama dalam bahasa "
               "Inggris.", width=50),
    ),
    "Butir ruang lingkup, satu atau lebih untuk setiap Kode pada lembar Mitra.",
)

KAJIAN = Sheet(
    "Kajian",
    (
        Column("Kode", "kode", True, Kind.CODE, help="Kode dari lembar Mitra.", width=14),
        Column("Kesesuaian Tusi", "kesesuaian_tusi", False, help="Kesesuaian dengan tugas dan "
               "fungsi Ditjen PP.", width=40),
        Column("Kesesuaian Renstra", "kesesuaian_renstra", False, help="Kesesuaian dengan "
               "Rencana Strategis Kementerian.", width=40),
        Column("Manfaat", "manfaat", False, help="Manfaat kerja sama.", width=40),
        Column("Risiko", "risiko", False, help="Risiko (politik, hukum, keamanan, reputasi, "
               "data dan kekayaan intelektual).", width=40),
        Column("Kelayakan Mitra", "kelayakan_mitra", False, help="Kedudukan dan rekam jejak "
               "mitra.", width=40),
        Column("Rekomendasi", "rekomendasi", False, Kind.CHOICE, REKOMENDASI, help="Kesimpulan "
               "kajian.", width=34),
        Column("Catatan", "catatan", False, help="Catatan atas rekomendasi.", width=40),
        Column("Analis", "analis", False, help="Nama analis; kosong berarti Subkoordinator "
               "Kerja Sama.", width=24),
        Column("NIP Analis", "nip_analis", False, help="NIP analis, ditulis sebagai teks.",
               width=22),
        Column("Tanggal Kajian", "tanggal", False, Kind.DATE, help="Tanggal kajian.", width=16),
    ),
    "Hasil kajian dan analisis, paling banyak satu baris untuk setiap Kode.",
)

UNIT = Sheet(
    "Unit",
    (
        Column("Kode", "kode", True, Kind.CODE, help="Kode unit, mis. DJPP.", width=14),
        Column("Nama Unit", "nama", True, help="Nama unit dalam bahasa Indonesia.", width=40),
        Column("Nama Unit (EN)", "nama_en", True, help="Nama unit dalam bahasa Inggris.",
               width=40),
        Column("Jenis Unit", "jenis", True, Kind.CHOICE, JENIS_UNIT, help="Unit Utama, Kantor "
               "Wilayah, atau UPT.", width=16),
        Column("Jabatan Pimpinan", "jabatan", True, help="Jabatan pimpinan unit, mis. Direktur "
               "Jenderal Peraturan Perundang-undangan.", width=40),
        Column("Jabatan Pimpinan (EN)", "jabatan_en", True, help="Jabatan pimpinan dalam "
               "bahasa Inggris.", width=40),
        Column("Nama Pimpinan", "nama_pimpinan", True, help="Nama pimpinan unit (tanpa "
               "pangkat).", width=28),
        Column("NIP Pimpinan", "nip", False, help="NIP pimpinan, ditulis sebagai teks; boleh "
               "kosong.", width=24),
    ),
    "Unit kementerian yang dapat melaksanakan kerja sama.",
)

PEJABAT = Sheet(
    "Pejabat",
    (
        Column("Peran", "peran", True, Kind.CODE, help="MENTERI, SEKJEN, KABIRO, KABAG, "
               "SUBKOOR, atau peran lain.", width=12),
        Column("Jabatan", "jabatan", True, help="Jabatan dalam bahasa Indonesia.", width=44),
        Column("Jabatan (EN)", "jabatan_en", True, help="Jabatan dalam bahasa Inggris.",
               width=40),
        Column("Nama", "nama", True, help="Nama pejabat (tanpa pangkat).", width=28),
        Column("NIP", "nip", False, help="NIP, ditulis sebagai teks; kosong untuk Menteri.",
               width=24),
    ),
    "Pejabat dalam peran tetap (penandatangan, alamat surat).",
)

PENGATURAN = Sheet(
    "Pengaturan",
    (
        Column("Kunci", "kunci", True, help="Nama pengaturan.", width=22),
        Column("Nilai", "nilai", False, help="Nilai pengaturan.", width=70),
    ),
    "Pengaturan kop surat, penomoran dan kertas.",
)

LIBUR = Sheet(
    "Libur",
    (
        Column("Tanggal", "tanggal", True, Kind.DATE, help="Hari libur kantor selain Sabtu, "
               "Minggu dan libur nasional, mis. cuti bersama.", width=18),
        Column("Keterangan", "keterangan", False, help="Nama hari libur itu, mis. Cuti "
               "Bersama Idulfitri.", width=40),
    ),
    "Hari libur kantor di luar Sabtu, Minggu dan libur nasional (libur nasional sudah "
    "dihitung otomatis), satu baris per hari; dipakai untuk menghitung batas waktu langkah "
    "SOP dalam hari kerja. Lembar ini boleh kosong atau dihapus.",
    optional=True,
)

SHEETS = (MITRA, RUANG_LINGKUP, KAJIAN, UNIT, PEJABAT, PENGATURAN, LIBUR)
"""Every data sheet, in the order `init` writes them."""

SHEET_NAMED = {sheet.name: sheet for sheet in SHEETS}
"""Sheet name → its schema."""

INSTRUCTIONS_SHEET = "Petunjuk"


@dataclass(frozen=True)
class Setting:
    """One key of sheet `Pengaturan`."""

    key: str
    default: str
    help: str
    choices: tuple[str, ...] = ()

    @property
    def attribute(self) -> str:
        """``Nama Kementerian (EN)`` → ``nama_kementerian_en``, its `models.Settings` field."""
        return re.sub(r"[^a-z0-9]+", "_", self.key.lower()).strip("_")


SETTINGS = (
    Setting("Kota", "Jakarta", "Kota tempat surat dibuat dan MSP ditandatangani."),
    Setting("Nama Kementerian", "Kementerian Hukum Republik Indonesia", "Nama kementerian "
            "sebagai pihak dalam MSP."),
    Setting("Nama Kementerian (EN)", "Ministry of Law of the Republic of Indonesia",
            "Nama kementerian dalam bahasa Inggris."),
    Setting("Unit Pengirim", "DJPP", "Kode unit (lembar Unit) yang menulis dan menandatangani "
            "surat."),
    Setting("Kop Baris 1", "KEMENTERIAN HUKUM REPUBLIK INDONESIA", "Baris pertama kop surat."),
    Setting("Kop Baris 2", "DIREKTORAT JENDERAL PERATURAN PERUNDANG-UNDANGAN",
            "Baris kedua kop surat."),
    Setting("Alamat Kop", "Jalan H.R. Rasuna Said Kav. 6-7, Kuningan, Jakarta Selatan 12940 "
            "Telepon (021) 5221618 Laman www.peraturan.go.id",
            "Alamat di bawah kop (baris pertama, dengan kode pos)."),
    Setting("Kode Unit Surat", "PPE", "Kode unit pada nomor surat."),
    Setting("Kode Klasifikasi", "HM.04.01", "Kode klasifikasi arsip kerja sama pada nomor "
            "surat."),
    Setting("Format Nomor", "{kode_unit}-{klasifikasi}-{urut}", "Pola nomor surat: "
            "{kode_unit}, {klasifikasi}, {urut}, {tahun}."),
    Setting("Ukuran Kertas", "A4", "A4 atau F4 (215 × 330 mm).", UKURAN_KERTAS),
    Setting("Naskah Berlaku", "EN", "Naskah yang berlaku bila terjadi perbedaan penafsiran "
            "MSP: EN atau ID.", NASKAH_BERLAKU),
    Setting("Register", "", "Berkas register nomor surat kantor, relatif terhadap buku kerja; "
            "kosong berarti register.sqlite di folder data pengguna."),
    Setting("Telepon Kop", "", "Nomor telepon (dan faksimile) di bawah alamat kop, tanpa kata "
            "Telepon; kosong: baris dihilangkan."),
    Setting("Laman Kop", "", "Alamat laman di kop, mis. www.peraturan.go.id; kosong: "
            "dihilangkan."),
    Setting("Surel Kop", "", "Alamat surel di kop; kosong: dihilangkan."),
    Setting("Logo", "", "Berkas gambar PNG atau JPEG lambang kementerian di kiri kop, "
            "relatif terhadap folder buku kerja (atau jalur lengkap), paling besar 5 MB; "
            "dicetak setinggi 2,5 cm. Kosong: kop tanpa logo."),
    Setting("Atas Nama Menteri", "Tidak", "Ya: bila kementerian menjadi pihak MSP tetapi "
            "bukan Menteri yang menandatangani (Sekretaris Jenderal, atau pimpinan unit "
            "untuk kerja sama beberapa unit), blok tanda tangan memuat \"a.n.\" dan Jabatan "
            "Menteri (lembar Pejabat) di atas jabatan penandatangan, bila praktik kantor "
            "melimpahkannya demikian. Tidak: tanpa a.n.", YA_TIDAK),
)

SETTING_DEFAULTS = {setting.attribute: setting.default for setting in SETTINGS}
"""`models.Settings` field → the value used when `Pengaturan` leaves the key out."""
