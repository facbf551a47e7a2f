"""The values one document of one partner's pack is rendered with.

`build_context` turns validated records into plain dicts; `FIELDS` documents every
name a template may use and the workbook columns that feed it (`ksdocs templates
show`). Templates see only these names, plus the filters of `formatting.FILTERS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from datetime import date
from typing import Any

from ksdocs.catalog import NUMBERED
from ksdocs.logo import logo_context
from ksdocs.models import Official, Partner, Settings, Unit, Workbook
from ksdocs.register import StepRecord
from ksdocs.schema import JENIS_MITRA, REQUIRED_ROLES
from ksdocs.signatory import Signatory, choose_signatory
from ksdocs.sop import STEP_IDS

Context = dict[str, Any]

_UNIT_FIELDS = {
    "kode": "Unit: Kode",
    "nama": "Unit: Nama Unit",
    "nama_en": "Unit: Nama Unit (EN)",
    "jenis": "Unit: Jenis Unit",
    "jabatan": "Unit: Jabatan Pimpinan",
    "jabatan_en": "Unit: Jabatan Pimpinan (EN)",
    "nama_pimpinan": "Unit: Nama Pimpinan",
    "nip": "Unit: NIP Pimpinan (kosong: baris NIP dihilangkan)",
}
_OFFICIAL_FIELDS = {
    "jabatan": "Pejabat: Jabatan",
    "jabatan_en": "Pejabat: Jabatan (EN)",
    "nama": "Pejabat: Nama",
    "nip": "Pejabat: NIP (kosong: baris NIP dihilangkan)",
}

FIELDS: dict[str, str] = {
    "kop.baris_1": "Pengaturan: Kop Baris 1",
    "kop.baris_2": "Pengaturan: Kop Baris 2",
    "kop.alamat": "Pengaturan: Alamat Kop",
    "kop.telepon": "Pengaturan: Telepon Kop (kosong: baris dihilangkan)",
    "kop.laman": "Pengaturan: Laman Kop (kosong: dihilangkan)",
    "kop.surel": "Pengaturan: Surel Kop (kosong: dihilangkan)",
    "kop.logo": "Pengaturan: Logo (kosong: tanpa logo); kop.logo.gambar: gambarnya, ditulis "
                "dengan {{r kop.logo.gambar }} di paragraf sendiri",
    "kota": "Pengaturan: Kota",
    "kementerian.nama": "Pengaturan: Nama Kementerian",
    "kementerian.nama_en": "Pengaturan: Nama Kementerian (EN)",
    "naskah_berlaku": "Pengaturan: Naskah Berlaku (EN atau ID)",
    "mitra.kode": "Mitra: Kode",
    "mitra.nama": "Mitra: Nama Mitra",
    "mitra.nama_en": "Mitra: Nama Mitra (EN)",
    "mitra.singkatan": "Mitra: Singkatan",
    "mitra.jenis": "Mitra: Jenis Mitra",
    "mitra.jenis_huruf": "Mitra: Jenis Mitra (huruf a, b, atau c pada Pasal 7)",
    "mitra.negara": "Mitra: Negara",
    "mitra.alamat": "Mitra: Alamat Mitra",
    "mitra.bidang": "Mitra: Bidang Kerja Sama",
    "mitra.bidang_en": "Mitra: Bidang Kerja Sama (EN)",
    "mitra.tujuan": "Mitra: Tujuan",
    "mitra.tujuan_en": "Mitra: Tujuan (EN)",
    "mitra.latar_belakang": "Mitra: Latar Belakang",
    "mitra.penandatangan_nama": "Mitra: Nama Penandatangan Mitra",
    "mitra.penandatangan_jabatan": "Mitra: Jabatan Penandatangan Mitra",
    "mitra.penandatangan_tingkat": "Mitra: Tingkat Penandatangan Mitra",
    "mitra.jangka_waktu": "Mitra: Jangka Waktu (Tahun), bilangan bulat",
    "mitra.pembiayaan": "Mitra: Pembiayaan",
    "mitra.narahubung": "Mitra: Narahubung",
    "ruang_lingkup[].no": "Ruang Lingkup: No",
    "ruang_lingkup[].teks": "Ruang Lingkup: Ruang Lingkup",
    "ruang_lingkup[].teks_en": "Ruang Lingkup: Ruang Lingkup (EN)",
    "kajian.ada": "Kajian: benar bila ada baris Kajian untuk Kode ini",
    "kajian.kesesuaian_tusi": "Kajian: Kesesuaian Tusi",
    "kajian.kesesuaian_renstra": "Kajian: Kesesuaian Renstra",
    "kajian.manfaat": "Kajian: Manfaat",
    "kajian.risiko": "Kajian: Risiko",
    "kajian.kelayakan_mitra": "Kajian: Kelayakan Mitra",
    "kajian.rekomendasi": "Kajian: Rekomendasi",
    "kajian.catatan": "Kajian: Catatan",
    "kajian.ada_catatan": "Kajian: benar bila Catatan berisi (bukan kosong, \"Tidak ada\" "
                          "atau \"-\")",
    "kajian.analis": "Kajian: Analis (kosong: Pejabat SUBKOOR)",
    "kajian.nip_analis": "Kajian: NIP Analis (kosong: NIP Pejabat SUBKOOR)",
    "kajian.tanggal": "Kajian: Tanggal Kajian (tanggal atau kosong)",
    **{f"unit_pelaksana[].{k}": v for k, v in _UNIT_FIELDS.items()},
    **{f"pengirim.{k}": v.replace("Unit:", "Unit (Unit Pengirim):")
       for k, v in _UNIT_FIELDS.items()},
    **{f"pejabat.{role.lower()}.{k}": v.replace("Pejabat:", f"Pejabat {role}:")
       for role in REQUIRED_ROLES for k, v in _OFFICIAL_FIELDS.items()},
    "penandatangan.jabatan": "aturan penandatangan (SPEC §5): jabatan",
    "penandatangan.jabatan_en": "aturan penandatangan: jabatan dalam bahasa Inggris",
    "penandatangan.nama": "aturan penandatangan: nama",
    "penandatangan.nip": "aturan penandatangan: NIP",
    "penandatangan.aturan": "aturan penandatangan: nomor aturan (1–4)",
    "penandatangan.alasan": "Mitra: Alasan Penggantian (aturan 1; selain itu kosong)",
    "penandatangan.huruf": "huruf Pasal 14 ayat (1) Permenkumham 65/2016 yang menyebut "
                           "jabatan penandatangan (a Menteri, b Pimpinan Unit Utama, "
                           "c Kepala Kantor Wilayah, d Kepala UPT; kosong: Sekretaris Jenderal)",
    "penandatangan.pihak": "pihak kementerian dalam MSP (unit atau kementerian)",
    "penandatangan.pihak_en": "pihak kementerian dalam MSP, bahasa Inggris",
    "penandatangan.peran": "Peran Pejabat penandatangan (MENTERI, SEKJEN, …; kosong bila "
                           "pimpinan unit)",
    "penandatangan.pihak_kementerian": "benar bila MSP menyebut kementerian sebagai pihak "
                                       "(bukan satu unit)",
    "penandatangan.atas_nama_menteri": "Pengaturan: Atas Nama Menteri; benar bila Ya, "
                                       "kementerian pihak MSP dan bukan Menteri yang "
                                       "menandatangani (blok tanda tangan: a.n. Menteri)",
    "surat.nomor": "nomor surat dokumen ini (register, atau Mitra: Nomor Surat …)",
    "surat.nomor_rencana": "Mitra: Nomor Surat Rencana (kosong: register)",
    "surat.nomor_penyampaian": "Mitra: Nomor Surat Penyampaian (kosong: register)",
    "surat.nomor_nota_dinas": "register",
    "surat.nomor_undangan": "register",
    "surat.nomor_laporan": "register",
    "surat.nomor_permohonan_ttd": "register (hanya bila Menteri atau Sekretaris Jenderal "
                                  "menandatangani)",
    "surat.tanggal": "Mitra: Tanggal Surat (kosong: hari pembuatan); laporan akhir "
                     "bertanggal Tanggal Penandatanganan bila lebih akhir, dan kosong "
                     "(diisi tangan) bila Tanggal Penandatanganan belum ada",
    "surat.tanggal_penyampaian": "Mitra: Tanggal Surat (kosong: hari pembuatan), tanggal "
                                 "surat penyampaian rencana yang dirujuk laporan akhir",
    "surat.sifat": "Mitra: Sifat Surat (kosong: Biasa)",
    "ttd.tempat": "Mitra: Tempat Penandatanganan (kosong: Pengaturan Kota)",
    "ttd.tempat_en": "Mitra: Tempat Penandatanganan (EN) (kosong: sama dengan ttd.tempat)",
    "ttd.tanggal": "Mitra: Tanggal Penandatanganan (kosong: tanggal langkah 7 yang dicatat "
                   "dengan ksdocs track; tanggal atau kosong)",
    **{
        f"langkah.{step}.{key}": f"ksdocs track, langkah {step}: {what}; dalam templat "
                                 f'langkah["{step}"].{key}'
        for step in STEP_IDS
        for key, what in (
            ("tanggal", "tanggal selesai yang dicatat (tanggal atau kosong)"),
            ("oleh", "siapa yang mencatat (kosong: belum dicatat)"),
            ("catatan", "catatan pada pencatatan"),
        )
    },
}
"""Every name a template may use → where its value comes from."""

NUMBER_KEYS = {info.id: info.number_key for info in NUMBERED}
"""Template id → key under ``surat`` of the letter's number (`catalog.NUMBERED`)."""


def _unit(unit: Unit) -> dict[str, str]:
    return {key: getattr(unit, key) for key in _UNIT_FIELDS}


def _official(official: Official) -> dict[str, str]:
    return {key: getattr(official, key) for key in _OFFICIAL_FIELDS}


def _signatory(signatory: Signatory, settings: Settings) -> dict[str, Any]:
    ministry = signatory.pihak_unit is None
    return {
        "jabatan": signatory.jabatan,
        "jabatan_en": signatory.jabatan_en,
        "nama": signatory.nama,
        "nip": signatory.nip,
        "aturan": signatory.rule.value,
        "alasan": signatory.alasan,
        "huruf": signatory.huruf,
        "pihak": signatory.pihak,
        "pihak_en": signatory.pihak_en,
        "pihak_kementerian": ministry,
        "peran": signatory.peran,
        # Signing for the ministry, below the Menteri, where the office delegates so.
        "atas_nama_menteri": (settings.atas_nama_menteri == "Ya" and ministry
                              and signatory.peran != "MENTERI"),
    }


NOTHING = ("", "-", "–", "tidak ada", "nihil", "tidak ada catatan")
"""What a cell holds when it means "nothing to note"."""


def _says_something(text: str) -> bool:
    return text.strip().rstrip(".").strip().casefold() not in NOTHING


def _analysis(partner: Partner, officials: Mapping[str, Official]) -> dict[str, Any]:
    subkoor = officials["SUBKOOR"]
    kajian = partner.kajian
    if kajian is None:
        return {
            "ada": False, "kesesuaian_tusi": "", "kesesuaian_renstra": "", "manfaat": "",
            "risiko": "", "kelayakan_mitra": "", "rekomendasi": "", "catatan": "",
            "ada_catatan": False,
            "analis": subkoor.nama, "nip_analis": subkoor.nip, "tanggal": None,
        }
    return {
        "ada": True,
        "kesesuaian_tusi": kajian.kesesuaian_tusi,
        "kesesuaian_renstra": kajian.kesesuaian_renstra,
        "manfaat": kajian.manfaat,
        "risiko": kajian.risiko,
        "kelayakan_mitra": kajian.kelayakan_mitra,
        "rekomendasi": kajian.rekomendasi,
        "catatan": kajian.catatan,
        "ada_catatan": _says_something(kajian.catatan),
        "analis": kajian.analis or subkoor.nama,
        "nip_analis": kajian.nip_analis if kajian.analis else subkoor.nip,
        "tanggal": kajian.tanggal,
    }


def build_context(
    workbook: Workbook,
    partner: Partner,
    numbers: Mapping[str, str],
    today: date,
    steps: Mapping[str, StepRecord] | None = None,
    signatory: Signatory | None = None,
    names: AbstractSet[str] | None = None,
) -> Context:
    """The context shared by every document of `partner`'s pack.

    `numbers` maps template id → letter number (see `NUMBER_KEYS`); the renderer sets
    ``surat.nomor`` per document with `for_document`. `steps` maps SOP step id → the
    step's record in the register (SPEC §8): the Lembar Kendali prints them, and a
    recorded signing (step 7) dates the signing when the workbook gives no day.
    `signatory`: `choose_signatory`'s answer for `partner`, when the caller has it.
    `names`: the parts its templates read (`CompiledTemplate.names`), when known: the
    analysis, the signatory and the SOP steps are made only when read.
    """
    steps = steps or {}
    signed = steps["7"].done_on if "7" in steps else None
    settings = workbook.settings
    officials = workbook.officials
    if signatory is None:
        signatory = choose_signatory(partner, workbook.units, officials, settings)
    surat: dict[str, Any] = {
        "nomor": "",
        **dict.fromkeys(DATED_BY_TODAY, partner.tanggal_surat or today),
        "sifat": partner.sifat or "Biasa",
    }
    for template_id, key in NUMBER_KEYS.items():
        surat[key] = numbers.get(template_id, "")
    context: Context = {
        **_of_run(workbook),
        "mitra": {
            "kode": partner.kode,
            "nama": partner.nama,
            "nama_en": partner.nama_en,
            "singkatan": partner.singkatan,
            "jenis": partner.jenis,
            "jenis_huruf": "abc"[JENIS_MITRA.index(partner.jenis)],
            "negara": partner.negara,
            "alamat": partner.alamat,
            "bidang": partner.bidang,
            "bidang_en": partner.bidang_en,
            "tujuan": partner.tujuan,
            "tujuan_en": partner.tujuan_en,
            "latar_belakang": partner.latar_belakang,
            "penandatangan_nama": partner.penandatangan_nama,
            "penandatangan_jabatan": partner.penandatangan_jabatan,
            "penandatangan_tingkat": partner.penandatangan_tingkat,
            "jangka_waktu": partner.jangka_waktu,
            "pembiayaan": partner.pembiayaan,
            "narahubung": partner.narahubung,
        },
        "ruang_lingkup": [
            {"no": item.no, "teks": item.teks, "teks_en": item.teks_en}
            for item in partner.ruang_lingkup
        ],
        "unit_pelaksana": [_unit(workbook.units[code]) for code in partner.unit_pelaksana],
        "surat": surat,
        "ttd": {
            "tempat": partner.tempat_ttd or settings.kota,
            "tempat_en": partner.tempat_ttd_en or partner.tempat_ttd or settings.kota,
            "tanggal": partner.tanggal_ttd or signed,
        },
    }
    if names is None or "kajian" in names:
        context["kajian"] = _analysis(partner, officials)
    if names is None or "penandatangan" in names:
        context["penandatangan"] = _signatory(signatory, settings)
    if names is None or "langkah" in names:
        context["langkah"] = {
            step: {
                "tanggal": steps[step].done_on if step in steps else None,
                "oleh": steps[step].done_by if step in steps else "",
                "catatan": steps[step].note if step in steps else "",
            }
            for step in STEP_IDS
        }
    return context


RUN_KEYS = frozenset({"kop", "kota", "kementerian", "naskah_berlaku", "pengirim", "pejabat"})
"""The parts of the context that come from the workbook's settings, units and officials
alone (`_of_run`): the same in every pack of a run."""


def _of_run(workbook: Workbook) -> Context:
    """The parts of `RUN_KEYS`, made anew for each pack (a template that changes its
    context changes only its own)."""
    settings = workbook.settings
    officials = workbook.officials
    return {
        "kop": {
            "baris_1": settings.kop_baris_1,
            "baris_2": settings.kop_baris_2,
            "alamat": settings.alamat_kop,
            "telepon": settings.telepon_kop,
            "laman": settings.laman_kop,
            "surel": settings.surel_kop,
            "logo": logo_context(workbook.logo),
        },
        "kota": settings.kota,
        "kementerian": {
            "nama": settings.nama_kementerian,
            "nama_en": settings.nama_kementerian_en,
        },
        "naskah_berlaku": settings.naskah_berlaku,
        "pengirim": _unit(workbook.units[settings.unit_pengirim]),
        "pejabat": {role.lower(): _official(officials[role]) for role in REQUIRED_ROLES},
    }


REPORTS_ON_SIGNING = ("laporan",)
"""Letters that report the MSP's signing, so cannot be dated before it."""


DOCUMENT_KEY = "surat"
"""The one part of a pack's context that `for_document` makes for each document."""


def part_of(name: str) -> str:
    """The part of the context a `FIELDS` name is in: ``mitra.nama`` → ``mitra``,
    ``ruang_lingkup[].teks`` → ``ruang_lingkup``."""
    return name.partition(".")[0].removesuffix("[]")


DATED_BY_TODAY = ("tanggal", "tanggal_penyampaian")
"""The dates of ``surat`` that are the day of writing when the partner has no Tanggal
Surat."""


def undated(context: Context, partner: Partner) -> Context:
    """`context` as a document's inputs see it: a letter without a Tanggal Surat is dated
    the day it is written, and that day is no input of its own, or every such letter
    would be stale the next morning."""
    if partner.tanggal_surat:
        return context
    surat = dict(context[DOCUMENT_KEY], **dict.fromkeys(DATED_BY_TODAY, date.min))
    return {**context, DOCUMENT_KEY: surat}


def for_document(context: Context, template_id: str) -> Context:
    """`context` with ``surat.nomor`` set to this document's letter number (or blank).

    The final report is dated no earlier than the MSP's signing: a report dated before
    the event it reports would be sent back. While the signing date is unknown its date
    is None, a dotted line to fill by hand (never the letter date)."""
    key = NUMBER_KEYS.get(template_id)
    surat = dict(context[DOCUMENT_KEY], nomor=context[DOCUMENT_KEY][key] if key else "")
    if template_id in REPORTS_ON_SIGNING:
        signed = context["ttd"]["tanggal"]
        surat["tanggal"] = max(signed, surat["tanggal"]) if signed else None
    return {**context, DOCUMENT_KEY: surat}
