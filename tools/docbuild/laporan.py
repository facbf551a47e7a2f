"""08 laporan: the final report."""

from __future__ import annotations

from .layout import (
    Doc,
    para,
    row,
    table,
    tag,
)
from .parts import (
    addressee,
    body,
    closing,
    kop,
    nomor_block,
    sign_off,
)
from .phrases import (
    MITRA,
    PEMBIAYAAN_SINGKAT,
    TTD_TANGGAL,
    UNIT_NAMES,
)


def build_laporan() -> Doc:
    """08: the final report to the Kepala Biro that the cooperation was carried out."""
    doc = Doc("Laporan Akhir")
    kop(doc)
    nomor_block(doc, "Laporan Pelaksanaan Kerja Sama dengan " + MITRA,
                lampiran="1 (satu) berkas")
    addressee(doc, ["Yth. {{ pejabat.kabiro.jabatan }}"])
    body(doc, "Menindaklanjuti surat kami Nomor {{ surat.nomor_penyampaian|utuh }} tanggal "
         "{{ surat.tanggal_penyampaian|tanggal }} hal "
         "Penyampaian Rencana Kerja Sama dengan " + MITRA + ", dengan hormat kami laporkan "
         "bahwa kerja sama tersebut telah dilaksanakan dengan penandatanganan Memorandum "
         "Saling Pengertian tentang kerja sama di bidang {{ mitra.bidang }}, dengan "
         "keterangan sebagai berikut:")
    info = table(doc.body, (1.25, 4.3, 0.4, doc.text_width - 5.95))
    facts: list[tuple[str, str]] = [
        ("Para pihak", "{{ penandatangan.pihak }} dan " + MITRA),
        ("Jenis mitra", "{{ mitra.jenis }} (Pasal 7 huruf {{ mitra.jenis_huruf }} "
         "Permenkumham Nomor 65 Tahun 2016), {{ mitra.negara }}"),
        ("Penandatangan", "{{ penandatangan.jabatan }} ({{ penandatangan.nama }}) dan "
         "{{ mitra.penandatangan_jabatan }}{% if mitra.penandatangan_nama %} "
         "({{ mitra.penandatangan_nama }}){% endif %}, {{ mitra.nama_en }}"),
        ("Tempat dan tanggal", "{{ ttd.tempat }}, " + TTD_TANGGAL),
        ("Jangka waktu", "{{ mitra.jangka_waktu|terbilang }} tahun sejak tanggal "
         "penandatanganan"),
        ("Unit pelaksana", UNIT_NAMES),
        ("Pembiayaan", "Biaya " + PEMBIAYAAN_SINGKAT),
    ]
    for label, text in facts:
        cells = row(info)
        para(cells[1], label)
        para(cells[2], ":")
        para(cells[3], text, align="left")
    cells = row(info)
    para(cells[1], "Ruang lingkup")
    para(cells[2], ":")
    scope = doc.new_list("lowerLetter", "%1.", left=0.6, hanging=0.6)
    tag(cells[3], "for item in ruang_lingkup")
    para(cells[3], "{{ item.teks }}", num=scope)
    tag(cells[3], "endfor")
    body(doc, "Salinan Memorandum Saling Pengertian yang telah ditandatangani kami lampirkan "
         "untuk pencatatan dan arsip kerja sama Kementerian.", before=6)
    closing(doc)
    sign_off(doc, "pengirim.jabatan", "pengirim.nama_pimpinan", "pengirim.nip",
             ["{{ pejabat.sekjen.jabatan }}", "{{ pejabat.kabag.jabatan }}"],
             paraf=["{{ pejabat.kabag.jabatan }}", "{{ pejabat.subkoor.jabatan }}"])
    return doc
