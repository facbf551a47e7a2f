"""02 penyampaian: the letter sending the plan."""

from __future__ import annotations

from .layout import (
    Doc,
)
from .parts import (
    addressee,
    body,
    closing,
    kop,
    nomor_block,
    scope_list,
    sign_off,
)
from .phrases import (
    DOTS,
    MITRA,
    PERMEN_65,
    UNIT_NAMES,
)


def build_penyampaian() -> Doc:
    """02: the letter sending the plan to the Sekretaris Jenderal c.q. the Kepala Biro."""
    doc = Doc("Surat Penyampaian Rencana Kerja Sama")
    kop(doc)
    nomor_block(doc, "Penyampaian Rencana Kerja Sama dengan " + MITRA,
                lampiran="1 (satu) berkas")
    addressee(doc, ["Yth. {{ pejabat.sekjen.jabatan }}", "c.q. {{ pejabat.kabiro.jabatan }}"])
    body(doc, "Sehubungan dengan rencana kerja sama antara {{ pengirim.nama }} dan " + MITRA
         + " di bidang {{ mitra.bidang }}, bersama ini kami sampaikan Rencana Kerja Sama "
         "Nomor {{ surat.nomor_rencana|utuh }} sebagaimana terlampir, sesuai dengan ketentuan "
         "Pasal 9 ayat (1) " + PERMEN_65 + ". {{ mitra.nama }} merupakan {{ mitra.jenis }} "
         "sebagaimana dimaksud dalam Pasal 7 huruf {{ mitra.jenis_huruf }} Peraturan Menteri "
         "tersebut, yang berkedudukan di {{ mitra.negara }}.")
    body(doc, "Kerja sama tersebut akan dituangkan dalam Memorandum Saling Pengertian untuk "
         "jangka waktu {{ mitra.jangka_waktu|terbilang }} tahun dan dilaksanakan oleh "
         + UNIT_NAMES + ", dengan ruang lingkup:", after=0)
    scope_list(doc, left=1.85)
    body(doc, "Sehubungan dengan hal tersebut, kami mohon fasilitasi dan koordinasi lebih "
         "lanjut, termasuk konsultasi dengan Kementerian Luar Negeri. Narahubung: "
         "{% if mitra.narahubung %}{{ mitra.narahubung|kalimat }}{% else %}" + DOTS
         + ".{% endif %}",
         before=6)
    closing(doc)
    sign_off(doc, "pengirim.jabatan", "pengirim.nama_pimpinan", "pengirim.nip",
             ["{{ pejabat.kabag.jabatan }}"],
             paraf=["{{ pejabat.kabag.jabatan }}", "{{ pejabat.subkoor.jabatan }}"])
    return doc
