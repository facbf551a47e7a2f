"""Who signs the MSP, and which rule decided it (SPEC §5).

Permenkumham 65/2016 Pasal 14 ayat (1) and SOP step 7: the Menteri, a Pimpinan Unit
Utama, a Kepala Kantor Wilayah or a Kepala UPT signs; one unit's cooperation may be
signed by that unit's head, two or more units' by the Menteri or the Sekretaris
Jenderal; the signatory may follow the partner's level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from ksdocs.models import Official, Partner, Settings, Unit
from ksdocs.records import quick_init

DASAR = "Pasal 14 ayat (1) Permenkumham 65/2016 dan langkah 7 SOP"

HEAD_BY_UNIT_TYPE = {
    "Unit Utama": "Pimpinan Unit Utama",
    "Kantor Wilayah": "Kepala Kantor Wilayah",
    "UPT": "Kepala Unit Pelaksana Teknis",
}

HURUF_MENTERI = "a"
HURUF_BY_UNIT_TYPE = {"Unit Utama": "b", "Kantor Wilayah": "c", "UPT": "d"}
"""The huruf of Pasal 14 ayat (1) that names each signing official: a. Menteri,
b. Pimpinan Unit Utama, c. Kepala Kantor Wilayah, d. Kepala Unit Pelaksana Teknis."""

_COUNTRY_SUFFIXES = (" republik indonesia", " of the republic of indonesia")


class Rule(Enum):
    """The four rules of SPEC §5, in the order they are tried."""

    OVERRIDE = 1
    COUNTERPART_MINISTER = 2
    SEVERAL_UNITS = 3
    ONE_UNIT = 4


@quick_init
@dataclass(frozen=True)
class Signatory:
    """The official who signs the MSP and the party the MSP names for the ministry."""

    jabatan: str
    jabatan_en: str
    nama: str
    nip: str
    rule: Rule
    reason: str
    pihak: str
    """The party in Indonesian: the ministry, or the unit with the ministry after it."""
    pihak_en: str
    unit: Unit | None = None
    """The unit whose head signs, when a unit's head signs."""
    huruf: str = ""
    """The huruf of Pasal 14 ayat (1) naming the signing official ("" for the Sekretaris
    Jenderal, whom the SOP adds for cooperation of several units)."""
    alasan: str = ""
    """Mitra: Alasan Penggantian, when an override decided (rule 1)."""
    pihak_unit: Unit | None = None
    """The unit the MSP names as the party, when it names a unit (else the ministry)."""
    peran: str = ""
    """The signer's `Pejabat` role (``MENTERI``, ``SEKJEN``, …); "" for a unit's head."""


def _names_ministry(unit_name: str, ministry: str) -> bool:
    """"Kantor Wilayah Kementerian Hukum Jawa Timur" already names "Kementerian Hukum
    Republik Indonesia": the ministry's name without the country's."""
    core = ministry.strip().casefold()
    for suffix in _COUNTRY_SUFFIXES:
        core = core.removesuffix(suffix)
    return bool(core) and core in unit_name.casefold()


def unit_party(unit: Unit, settings: Settings) -> tuple[str, str]:
    """A unit as the MSP's party, followed by the ministry unless its name names it."""
    pihak = unit.nama
    if not _names_ministry(unit.nama, settings.nama_kementerian):
        pihak = f"{unit.nama}, {settings.nama_kementerian}"
    pihak_en = unit.nama_en
    if not _names_ministry(unit.nama_en, settings.nama_kementerian_en):
        pihak_en = f"{unit.nama_en}, {settings.nama_kementerian_en}"
    return pihak, pihak_en


def _signs(
    who: Official | Unit, rule: Rule, reason: str, settings: Settings, *,
    party: Unit | None, huruf: str, alasan: str = "",
) -> Signatory:
    """`who` signs; the MSP names `party` (a unit), or the ministry when it is None."""
    if isinstance(who, Unit):
        jabatan, jabatan_en, nama, nip = who.jabatan, who.jabatan_en, who.nama_pimpinan, who.nip
    else:
        jabatan, jabatan_en, nama, nip = who.jabatan, who.jabatan_en, who.nama, who.nip
    if party is None:
        pihak, pihak_en = settings.nama_kementerian, settings.nama_kementerian_en
    else:
        pihak, pihak_en = unit_party(party, settings)
    return Signatory(
        jabatan, jabatan_en, nama, nip, rule, reason, pihak, pihak_en,
        who if isinstance(who, Unit) else None, huruf, alasan, party,
        "" if isinstance(who, Unit) else who.peran,
    )


def choose_signatory(
    partner: Partner,
    units: Mapping[str, Unit],
    officials: Mapping[str, Official],
    settings: Settings,
) -> Signatory:
    """Apply SPEC §5 to a validated partner; `KeyError` means the workbook was not validated.

    With two or more implementing units the party is always the ministry, whoever signs;
    with one, the unit when an official below the Menteri and the Sekretaris Jenderal signs.
    """
    one_unit = units[partner.unit_pelaksana[0]] if len(partner.unit_pelaksana) == 1 else None
    if partner.pengganti:
        reason = f"Aturan 1 (penandatangan pengganti): {partner.alasan_pengganti}"
        code = partner.pengganti
        if code in officials:
            ministry_level = code in ("MENTERI", "SEKJEN")
            return _signs(
                officials[code], Rule.OVERRIDE, reason, settings,
                party=None if ministry_level else one_unit,
                huruf=HURUF_MENTERI if code == "MENTERI" else "",
                alasan=partner.alasan_pengganti,
            )
        unit = units[code]
        return _signs(
            unit, Rule.OVERRIDE, reason, settings, party=unit if one_unit else None,
            huruf=HURUF_BY_UNIT_TYPE.get(unit.jenis, ""), alasan=partner.alasan_pengganti,
        )
    if partner.penandatangan_tingkat == "Menteri":
        return _signs(
            officials["MENTERI"], Rule.COUNTERPART_MINISTER,
            "Aturan 2: penandatangan mitra setingkat Menteri, maka MSP ditandatangani "
            f"Menteri ({DASAR}: pejabat penandatangan dapat disesuaikan dengan pihak mitra).",
            settings, party=None, huruf=HURUF_MENTERI,
        )
    count = len(partner.unit_pelaksana)
    if one_unit is None:
        return _signs(
            officials["SEKJEN"], Rule.SEVERAL_UNITS,
            f"Aturan 3: dilaksanakan oleh {count} unit, maka MSP ditandatangani Sekretaris "
            f"Jenderal ({DASAR}: kerja sama 2 unit atau lebih ditandatangani Menteri atau "
            "Sekretaris Jenderal).",
            settings, party=None, huruf="",
        )
    head = HEAD_BY_UNIT_TYPE.get(one_unit.jenis, "Pimpinan unit")
    return _signs(
        one_unit, Rule.ONE_UNIT,
        f"Aturan 4: dilaksanakan oleh 1 unit ({one_unit.nama}, {one_unit.jenis}), maka MSP "
        f"ditandatangani {head} ({DASAR}).",
        settings, party=one_unit, huruf=HURUF_BY_UNIT_TYPE.get(one_unit.jenis, ""),
    )
