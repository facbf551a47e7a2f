"""The office's emblem at the left of the letterhead (the `Logo` setting).

`read_logo` checks the file a workbook names and reads its pixel size from the PNG or
JPEG header itself; `logo_context` is what a template sees (`kop.logo`); `embed_logo`
adds the picture to a rendered document whose kop holds the logo's drawing.
"""

from __future__ import annotations

import hashlib
import re
import stat
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ksdocs.docxzip import Member, read_members, write_zip
from ksdocs.errors import LogoProblem

MAX_LOGO_BYTES = 5 * 1024 * 1024
"""The largest logo file accepted: an emblem printed 2.5 cm high needs far less; more is
a photograph or the wrong file, and every document of every pack would carry it."""

HEIGHT_CM = 2.5
"""The emblem's height: about the height of the letterhead's lines beside it."""
MAX_WIDTH_CM = 2.8
"""The widest a logo is printed (the kop's left cell is a little wider): a wide logo is
made smaller instead."""
_EMU_PER_CM = 360000

RELATIONSHIP_ID = "rIdKsdocsLogo"
"""The relationship the drawing names; added with the picture, only when it is used."""

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
"""JPEG start-of-frame markers (the others in C0–CF are tables, not frames)."""
_CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}


@dataclass(frozen=True)
class Logo:
    """A checked logo file: its bytes, kind and size in pixels."""

    path: str
    data: bytes
    kind: str
    """``png`` or ``jpeg``, from the file's content."""
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def extent(self) -> tuple[int, int]:
        """Width and height printed, in EMU: `HEIGHT_CM` high, the aspect kept, at most
        `MAX_WIDTH_CM` wide."""
        cy = round(HEIGHT_CM * _EMU_PER_CM)
        cx = round(cy * self.width / self.height)
        widest = round(MAX_WIDTH_CM * _EMU_PER_CM)
        if cx > widest:
            cx, cy = widest, round(widest * self.height / self.width)
        return cx, cy


def read_logo(path: Path, written: str) -> Logo:
    """The logo at `path` (`written` as the workbook spells it), checked: an existing
    file of at most `MAX_LOGO_BYTES`, a PNG or a JPEG by its content (not its name), its
    size readable. `LogoProblem` otherwise."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise LogoProblem(f'Logo "{written}" adalah folder, bukan berkas gambar')
        if not stat.S_ISREG(status.st_mode):  # a device or a pipe would never end
            raise LogoProblem(f'Logo "{written}" bukan berkas biasa; sebutkan berkas gambar '
                              "PNG atau JPEG")
        with path.open("rb") as stream:
            data = stream.read(MAX_LOGO_BYTES + 1)
            size = max(status.st_size, len(data))
        if size > MAX_LOGO_BYTES:
            megabytes = f"{size / 1024 / 1024:.1f}".replace(".", ",")
            raise LogoProblem(
                f'berkas Logo "{written}" berukuran {megabytes} MB, lebih dari batas '
                f"{MAX_LOGO_BYTES // 1024 // 1024} MB; simpan lambangnya dalam ukuran yang "
                "lebih kecil")
    except LogoProblem:
        raise
    except FileNotFoundError:
        raise LogoProblem(f'berkas Logo "{written}" tidak ada (dicari di {path}); nama '
                          "berkas relatif dibaca dari folder buku kerja") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise LogoProblem(f'berkas Logo "{written}" tidak dapat dibaca '
                          f"({getattr(exc, 'strerror', None) or exc})") from None
    kind, width, height = image_size(data, written)
    return Logo(str(path), data, kind, width, height)


def image_size(data: bytes, written: str) -> tuple[str, int, int]:
    """(``png`` or ``jpeg``, width, height) of an image, from its own header."""
    if data.startswith(_PNG):
        kind = "png"
        complete = len(data) >= 24 and data[12:16] == b"IHDR"
        size = struct.unpack(">II", data[16:24]) if complete else (0, 0)
    elif data.startswith(_JPEG):
        kind, size = "jpeg", _jpeg_size(data)
    else:
        raise LogoProblem(f'berkas Logo "{written}" bukan gambar PNG atau JPEG (menurut '
                          "isinya, bukan nama berkasnya); simpan lambangnya sebagai PNG")
    width, height = size
    if not width or not height:
        raise LogoProblem(f'ukuran gambar Logo "{written}" tidak terbaca (berkas {kind.upper()} '
                          "rusak atau terpotong); simpan ulang gambarnya")
    return kind, width, height


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """Width and height from a JPEG's start-of-frame segment; (0, 0) when none is found
    before the image data."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return 0, 0
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a segment
            at += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no frame before
            return 0, 0
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        if marker in _SOF:
            if at + 9 > len(data):
                return 0, 0
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        at += 2 + length
    return 0, 0


MARKUP_FIELDS = frozenset({"kop.logo.gambar"})
"""The fields whose value is markup ksdocs builds whole (`xml_proof`): the emblem's
drawing, one well-formed run."""


def logo_context(logo: Logo | None) -> dict[str, Any] | None:
    """``kop.logo``: None without a logo; else its drawing (``gambar``, written by
    ``{{r kop.logo.gambar }}``), printed size in EMU and the file's SHA-256, so that a
    changed picture makes the documents that print it stale."""
    if logo is None:
        return None
    cx, cy = logo.extent
    return {"gambar": Markup(_drawing(cx, cy, logo.kind)), "lebar": cx, "tinggi": cy,
            "sha256": logo.sha256}


def _drawing(cx: int, cy: int, kind: str) -> str:
    """A run holding the picture inline, `cx` × `cy` EMU."""
    return (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:docPr id="900" name="Logo" descr="Logo"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>'
        '</wp:cNvGraphicFramePr>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="logo.{kind}"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip r:embed="' + RELATIONSHIP_ID + '" xmlns:r="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships"/>'
        '<a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_USES = f'r:embed="{RELATIONSHIP_ID}"'.encode()
_PART = re.compile(r"word/[^/]+\.xml")


def embed_logo(docx: bytes, logo: Logo, level: int = 1) -> bytes:
    """`docx` with the logo's picture added for every part whose drawing names it: the
    image part, its relationship and its content type. A document that does not print
    the logo (a template without it) is returned as it is."""
    members = read_members(docx)
    by_name = {member.name.decode("utf-8"): member for member in members}
    users = [name for name, member in by_name.items()
             if _PART.fullmatch(name) and _USES in _inflate(member)]
    if not users:
        return docx
    media = f"media/logo.{logo.kind}"
    template = by_name["[Content_Types].xml"]
    added: list[Member] = []
    for name in users:
        rels_name = f"word/_rels/{name.removeprefix('word/')}.rels"
        relationship = (f'<Relationship Id="{RELATIONSHIP_ID}" Type="{_IMAGE}" '
                        f'Target="{media}"/>')
        if rels_name in by_name:
            xml = _inflate(by_name[rels_name]).replace(
                b"</Relationships>", relationship.encode() + b"</Relationships>")
            by_name[rels_name] = by_name[rels_name].with_data(xml, level)
        else:
            xml = (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                   f'<Relationships xmlns="{_RELS}">{relationship}</Relationships>').encode()
            added.append(_new_member(template, rels_name, xml, level))
    types = _inflate(template)
    extension = f'Extension="{logo.kind}"'.encode()
    if extension not in types:
        default = f'<Default {extension.decode()} ContentType="{_CONTENT_TYPES[logo.kind]}"/>'
        types = types.replace(b"<Default ", default.encode() + b"<Default ", 1)
        by_name["[Content_Types].xml"] = template.with_data(types, level)
    added.append(_new_member(template, f"word/{media}", logo.data, level))
    return write_zip([*by_name.values(), *added])


def _inflate(member: Member) -> bytes:
    return zlib.decompress(member.compressed, -15) if member.method else member.compressed


def _new_member(like: Member, name: str, data: bytes, level: int) -> Member:
    """A new member named `name` holding `data`, dated as `like`."""
    empty = Member(name.encode("utf-8"), 0, 0, like.time, like.date, 0, b"", 0)
    return empty.with_data(data, level)
