#!/usr/bin/env python3
"""Deterministic benchmark inputs for declaudit.

  generate.py dump SIZE_MB OUT.xml      a declaration dump of about SIZE_MB MiB
  generate.py dumps COUNT SIZE_MB DIR   COUNT dumps of SIZE_MB MiB, declarations numbered apart
  generate.py ecus5 COUNT OUT_DIR       COUNT ECUS5-shaped files with base64 blobs

Realistic mix: imports and exports of many type codes, 1-12 goods lines per declaration,
about one line in 200 described as used IT goods. Same arguments, same bytes.
"""
import base64
import os
import random
import sys

IMPORT_CODES = ["A11"] * 30 + ["A12"] * 8 + ["A41"] * 5 + ["E21"] * 10 + ["E23"] * 2 + ["E31"] * 8 + ["G12"] * 2 + ["A31"]
EXPORT_CODES = ["B11"] * 20 + ["E52"] * 8 + ["E54"] + ["E62"] * 6 + ["G22"]
NEW_GOODS = [
    ("39263000", "Chốt định vị bằng nhựa dùng cho ô tô, hàng mới 100%", "PCE"),
    ("73202019", "Lò xo cuộn bằng thép, mã 85345-2S000, mới 100%", "PCE"),
    ("85176249", "Bộ chuyển mạch mạng 24 cổng, hàng mới 100%", "PCE"),
    ("84713020", "Máy tính xách tay Dell Latitude, hàng mới 100%", "PCE"),
    ("61091000", "Áo phông cotton nam, brand new", "PCE"),
    ("40169390", "Miếng đệm từ cao su lưu hóa, kích thước 21x20x3mm", "KGM"),
    ("85423100", "Vi mạch tích hợp dùng cho bo mạch điều khiển", "PCE"),
    ("94036090", "Bàn làm việc bằng gỗ công nghiệp, new 100%", "SET"),
]
USED_IT = [
    ("84713020", "Máy tính xách tay đã qua sử dụng", "PCE"),
    ("84715010", "Refurbished Dell PowerEdge server", "SET"),
    ("85171300", "Điện thoại di động đã qua sử dụng", "PCE"),
    ("84433229", "Máy in đơn sắc, hàng đã qua sử dụng", "PCE"),
    ("85285200", "Used LCD monitors", "PCE"),
]


def goods(rng):
    if rng.randrange(200) == 0:
        return rng.choice(USED_IT)
    return rng.choice(NEW_GOODS)


def declaration(rng, serial, out):
    is_import = rng.random() < 0.6
    type_code = rng.choice(IMPORT_CODES if is_import else EXPORT_CODES)
    prefix = "10" if is_import else "30"
    number = f"{prefix}{serial:09d}{rng.choice('0000001')}"
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    tax = f"0{rng.randrange(100000000, 999999999)}"
    out.append("  <Declaration>\n")
    out.append(f"    <Number>{number}</Number>\n    <TypeCode>{type_code}</TypeCode>\n")
    out.append(f"    <CustomsOffice>{rng.choice(['01AB', '02CI', '28NJ', '03CC'])}</CustomsOffice>\n")
    out.append(f"    <RegisteredOn>2026-{month:02d}-{day:02d}</RegisteredOn>\n")
    out.append(f"    <Declarant><TaxCode>{tax}</TaxCode><Name>Công ty TNHH Sản Xuất {serial % 997}</Name></Declarant>\n")
    out.append("    <Partner><Name>Foreign Partner Co., Ltd</Name><Country>KR</Country></Partner>\n")
    if type_code.startswith("E"):
        out.append(f"    <Contract><Number>{serial % 500}/HĐGC</Number><SignedOn>2025-01-01</SignedOn><ExpiresOn>2027-01-01</ExpiresOn></Contract>\n")
        out.append(f"    <Licence type=\"HDGC\" number=\"11001000{serial % 500:05d}\"/>\n")
    for line in range(1, rng.randint(1, 12) + 1):
        hs, text, unit = goods(rng)
        out.append(f"    <Item line=\"{line}\">\n      <HSCode>{hs[:4]}.{hs[4:6]}.{hs[6:]}</HSCode>\n")
        out.append(f"      <ProductCode>P{serial % 10000}-{line}</ProductCode>\n")
        out.append(f"      <Description>{text}</Description>\n      <Origin>KR</Origin>\n")
        out.append(f"      <Quantity unit=\"{unit}\">{rng.randint(1, 50000)}.00</Quantity>\n")
        out.append(f"      <Value currency=\"USD\">{rng.randint(10, 90000)}.5</Value>\n    </Item>\n")
    out.append("  </Declaration>\n")


def dump(size_mb, path, seed=20261129, first_serial=1):
    rng = random.Random(seed)
    limit = size_mb * 1024 * 1024
    written = 0
    serial = first_serial
    with open(path, "w", encoding="utf-8") as f:
        head = '<?xml version="1.0" encoding="UTF-8"?>\n<DeclarationDump xmlns="urn:declaudit:dump:1" source="bench">\n'
        f.write(head)
        written += len(head.encode())
        while written < limit:
            chunk = []
            for _ in range(200):
                declaration(rng, serial, chunk)
                serial += 1
            text = "".join(chunk)
            f.write(text)
            written += len(text.encode())
        f.write("</DeclarationDump>\n")


def dumps(count, size_mb, folder):
    os.makedirs(folder, exist_ok=True)
    for index in range(count):
        dump(size_mb, os.path.join(folder, f"dump-{index:03d}.xml"), seed=20261129 + index,
             first_serial=1 + index * 1_000_000)


def ecus5(count, folder):
    rng = random.Random(7)
    os.makedirs(folder, exist_ok=True)
    blob = base64.b64encode(bytes(rng.randrange(256) for _ in range(200_000))).decode()
    for index in range(count):
        sotk = f"10{5000000000 + index:010d}"
        lines = rng.randint(1, 12)
        rows = []
        for line in range(1, lines + 1):
            hs, text, unit = goods(rng)
            rows.append(
                "    <DHangMDDK>\n      <Data>\n"
                f"        <_DToKhaiMDID>{index}</_DToKhaiMDID>\n        <SOTK>{sotk}</SOTK>\n        <MA_LH>A11</MA_LH>\n"
                f"        <STTHANG>{line}</STTHANG>\n        <MA_HANGKB>{hs}</MA_HANGKB>\n        <MA_NPL_SP>NULL</MA_NPL_SP>\n"
                f"        <TEN_HANG>P{line}#&amp;{text}</TEN_HANG>\n        <NUOC_XX>CN</NUOC_XX>\n        <MA_DVT>{unit}</MA_DVT>\n"
                f"        <LUONG>{rng.randint(1, 900)}.00000000</LUONG>\n        <TRIGIA_KB>{rng.randint(10, 9000)}</TRIGIA_KB>\n"
                "        <MIENTHUE_MA>NULL</MIENTHUE_MA>\n      </Data>\n    </DHangMDDK>\n")
        text = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Root>\n  <App>ECUS5VNACCS2018</App>\n  <Date>21/11/2026</Date>\n'
            "  <DToKhaiMDIDs>\n    <DToKhaiMD>\n      <Data>\n"
            f"        <_DToKhaiMDID>{index}</_DToKhaiMDID>\n        <SOTK>{sotk}</SOTK>\n        <MA_LH>A11</MA_LH>\n"
            "        <MA_HQ>01B1</MA_HQ>\n        <NGAY_DK>2026-11-21</NGAY_DK>\n        <MA_DV>0101234567</MA_DV>\n"
            "        <_Ten_DV_L1>CôNG TY TNHH VÍ DỤ</_Ten_DV_L1>\n        <MA_GP>NULL</MA_GP>\n        <SO_GP>NULL</SO_GP>\n"
            "        <MA_NT>USD</MA_NT>\n      </Data>\n    </DToKhaiMD>\n  </DToKhaiMDIDs>\n"
            f"  <DMSG_OUT_REPs>\n    <DMSG_OUT_REP>\n      <Data>\n        <MSG_CONTENT>{blob}</MSG_CONTENT>\n      </Data>\n    </DMSG_OUT_REP>\n  </DMSG_OUT_REPs>\n"
            "  <DHangMDDKs>\n" + "".join(rows) + "  </DHangMDDKs>\n"
            f"  <DCHUNGTU_BSs>\n    <DCHUNGTU_BS>\n      <Data>\n        <FILE_CONTENT>{blob}</FILE_CONTENT>\n      </Data>\n    </DCHUNGTU_BS>\n  </DCHUNGTU_BSs>\n"
            "</Root>\n")
        with open(os.path.join(folder, f"ECUS5_{index:05d}.xml"), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    kind = sys.argv[1] if len(sys.argv) > 1 else ""
    if kind == "dump" and len(sys.argv) == 4:
        dump(int(sys.argv[2]), sys.argv[3])
    elif kind == "dumps" and len(sys.argv) == 5:
        dumps(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif kind == "ecus5" and len(sys.argv) == 4:
        ecus5(int(sys.argv[2]), sys.argv[3])
    else:
        sys.exit(__doc__)
