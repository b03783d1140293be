#!/usr/bin/env python3
"""Writes the hostile-input fixtures of Fixtures/hostile/ (run from anywhere; deterministic).

Encodings other than UTF-8, documents with a DOCTYPE or XInclude, damaged gzip and fields whose
dates and numbers are not what they should be. Inputs too large to commit (70,000 lines, 10,001
items, symlink loops, FIFOs) are made at test time by Tests/EndToEndTests/HostileInputEndToEndTests.swift.
"""
import gzip
import itertools
import os
import unicodedata
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def write(relative, data):
    path = os.path.join(HERE, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def dump(declarations, encoding="UTF-8", prolog=True):
    head = f'<?xml version="1.0" encoding="{encoding}"?>\n' if prolog else ""
    return head + '<DeclarationDump xmlns="urn:declaudit:dump:1">\n' + "".join(declarations) + "</DeclarationDump>\n"


def declaration(number, tax_code, company, description, quantity="20", registered_on="2026-11-20",
                hs="8471.30.20", licences="", type_code="A11", extra=""):
    return f"""  <Declaration>
    <Number>{number}</Number>
    <TypeCode>{type_code}</TypeCode>
    <RegisteredOn>{registered_on}</RegisteredOn>
    <Declarant><TaxCode>{tax_code}</TaxCode><Name>{company}</Name></Declarant>
{extra}{licences}    <Item line="1">
      <HSCode>{hs}</HSCode>
      <Description>{description}</Description>
      <Quantity unit="PCE">{quantity}</Quantity>
    </Item>
  </Declaration>
"""


def cp1258(text):
    """Windows-1258 writes most Vietnamese letters as a base letter and a combining tone mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        for keep_count in range(len(marks) - 1, -1, -1):
            for keep in itertools.combinations(range(len(marks)), keep_count):
                kept = "".join(marks[i] for i in keep)
                rest = "".join(marks[i] for i in range(len(marks)) if i not in keep)
                try:
                    out += unicodedata.normalize("NFC", base + kept).encode("cp1258") + rest.encode("cp1258")
                    break
                except UnicodeEncodeError:
                    continue
            else:
                continue
            break
        else:
            raise ValueError(ch)
    return out


VIETNAMESE = declaration("107000009010", "0100000901", "Công ty TNHH Ví Dụ Hộp Mực", "Máy tính xách tay đã qua sử dụng")

# --- encoding/ ---------------------------------------------------------------------------------
write("encoding/windows-1258.xml", cp1258(dump([VIETNAMESE], "windows-1258")))
write("encoding/utf16-bom.xml", dump([VIETNAMESE.replace("107000009010", "107000009020")], "UTF-16").encode("utf-16"))
write("encoding/utf8-bom.xml", b"\xef\xbb\xbf" + dump([VIETNAMESE.replace("107000009010", "107000009030")]).encode())
# 0x8D is no character in windows-1258: the document cannot be decoded.
write("encoding/undecodable-windows-1258.xml",
      cp1258(dump([VIETNAMESE.replace("107000009010", "107000009040")], "windows-1258")).replace(b"TNHH", b"TN\x8dHH"))
write("encoding/unsupported-encoding.xml", dump([VIETNAMESE.replace("107000009010", "107000009050")], "x-declaudit-unknown").encode())
write("encoding/utf16-label-on-utf8.xml", dump([VIETNAMESE.replace("107000009010", "107000009060")], "UTF-16").encode())

# --- entities/: every DOCTYPE is refused, XInclude is never processed ---------------------------
write("entities/secret.txt", b"DECLAUDIT-FIXTURE-SECRET-5f2c\n")
laughs = "".join(f'  <!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">\n' for i in range(1, 10))
write("entities/billion-laughs.xml", (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE DeclarationDump [\n  <!ENTITY lol0 "lol">\n' + laughs + "]>\n"
    + dump([declaration("107000009110", "0100000911", "&lol9;", "Used laptops &lol9;")], prolog=False)).encode())
write("entities/external-entity.xml", (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE DeclarationDump [\n  <!ENTITY secret SYSTEM "secret.txt">\n]>\n'
    + dump([declaration("107000009120", "0100000912", "&secret;", "Used laptops &secret;")], prolog=False)).encode())
write("entities/external-dtd.xml", (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE DeclarationDump SYSTEM "secret.txt">\n'
    + dump([declaration("107000009130", "0100000913", "Cong ty", "Used laptops")], prolog=False)).encode())
write("entities/parameter-entity.xml", (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE DeclarationDump [\n  <!ENTITY % secret SYSTEM "secret.txt">\n  %secret;\n]>\n'
    + dump([declaration("107000009140", "0100000914", "Cong ty", "Used laptops")], prolog=False)).encode())
write("entities/xinclude.xml", dump([declaration(
    "107000009150", "0100000915", "Cong ty",
    'Used laptops <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="secret.txt" parse="text"/>')]).encode())

# --- gzip/ ---------------------------------------------------------------------------------------
def many(first):
    """Twelve declarations numbered first, first + 10, ... (the 12th digit counts amendments)."""
    return dump([declaration(str(first + 10 * i), f"01000092{i:02d}", f"Cong ty {i}", f"Used laptops, lot {i} " + "x" * (i * 7))
                 for i in range(1, 13)]).encode()


# Cut inside the deflate data, late enough that several declarations inflate in full.
whole = gzip.compress(many(107000009200), compresslevel=9, mtime=0)
write("gzip/cut-short.xml.gz", whole[: len(whole) * 3 // 4])
# Every byte inflates, but the trailer's CRC-32 does not match.
whole = gzip.compress(many(107000009400), compresslevel=9, mtime=0)
crc = zlib.crc32(many(107000009400)) ^ 0xFFFFFFFF
write("gzip/bad-checksum.xml.gz", whole[:-8] + crc.to_bytes(4, "little") + whole[-4:])

# --- fields/: dates and numbers that are not what they should be ------------------------------
GP = '    <Licence type="GP" number="P-900"/>\n'
HDGC = '    <Licence type="HDGC" number="1100100009160"/>\n'
write("fields/bad-fields.xml", dump([
    # A registration date that is no date: the permit check cannot place it.
    declaration("107000009100", "0100000901", "Cong ty 901", "Máy tính xách tay đã qua sử dụng", "5", "2026-02-30", licences=GP),
    # A decimal comma: the quantity cannot be drawn from the permit.
    declaration("107000009110", "0100000901", "Cong ty 901", "Máy tính xách tay đã qua sử dụng", "12,5", licences=GP),
    # Both wrong, no permit cited.
    declaration("107000009120", "0100000902", "Cong ty 902", "Used laptops", "1.5e3", "20/11/2026"),
    # Correct fields: covered by the permit, no finding (the run goes on).
    declaration("107000009130", "0100000901", "Cong ty 901", "Máy tính xách tay đã qua sử dụng", "10", "2026-11-21", licences=GP),
    # A processing import whose contract end is no date and whose quantity is no number.
    declaration("107000009160", "0700000916", "Cong ty Gia Cong", "Ổ cứng đã qua sử dụng", "3,0", "2026-11-22",
                hs="8471.70.20", type_code="E21", licences=HDGC,
                extra="    <Contract><Number>09/HDGC</Number><SignedOn>2026-01-01</SignedOn><ExpiresOn>2026-13-01</ExpiresOn></Contract>\n"),
]).encode())
write("fields/registry.csv",
      b"permit_no,holder_tax_code,case,hs_code,quantity,unit,valid_from,valid_to\n"
      b"P-900,0100000901,specialised,8471,100,PCE,2026-01-01,2026-12-31\n")
