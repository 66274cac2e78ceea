"""Write a workbook as a Vietnamese Excel user keeps one: shared strings and
inline strings, figures in number cells with their unit in words in the next
column, a date cell (an Excel serial), a second sheet of notes without
indicators. Usage: make_xlsx.py OUT.xlsx"""
import sys
import zipfile
from xml.sax.saxutils import escape

shared = ["Chỉ tiêu", "Kỳ báo cáo", "Giá trị", "Đơn vị tính", "Ngày công bố",
          "Doanh thu dịch vụ viễn thông", "Quý 1/2025", "tỷ đồng"]
rows = [
    [("s", 0), ("s", 1), ("s", 2), ("s", 3), ("s", 4)],
    [("s", 5), ("s", 6), ("n", "85400"), ("s", 7), ("n", "45750")],
    [("i", "telecom.mobile_subs"), ("i", "Tháng 3/2025"), ("n", "127.3"), ("i", "triệu thuê bao"), ("n", "45750")],
    [("i", "infosec.attacks"), ("i", "2025-Q1"), ("n", "1245"), ("i", "cuộc"), ("n", "45750")],
    [("i", "telecom.fixed_bb_household_rate"), ("i", "Quý 1/2025"), ("n", "68.54"), ("i", "%"), ("n", "45750")],
]


def cell(ref, kind, v):
    if kind == "s":
        return f'<c r="{ref}" t="s"><v>{v}</v></c>'
    if kind == "i":
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
    return f'<c r="{ref}"><v>{v}</v></c>'


def sheet(rs):
    out = []
    for i, r in enumerate(rs, 1):
        out.append(f'<row r="{i}">' + "".join(cell(f"{chr(65 + j)}{i}", k, v) for j, (k, v) in enumerate(r)) + "</row>")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            "<sheetData>" + "".join(out) + "</sheetData></worksheet>")


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
files = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
    "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{R}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{R}"><sheets><sheet name="Ghi chú" sheetId="2" r:id="rId2"/><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{R}/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="{R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    "xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f"<si><t>{escape(t)}</t></si>" if i != 5 else "<si><r><t>Doanh thu </t></r><r><t>dịch vụ viễn thông</t></r></si>" for i, t in enumerate(shared)) + "</sst>",
    "xl/worksheets/sheet1.xml": sheet(rows),
    "xl/worksheets/sheet2.xml": sheet([[("i", "Ghi chú")], [("i", "Số liệu sơ bộ, 85.400 tỷ đồng")]]),
}
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in files.items():
        zi = zipfile.ZipInfo(name, date_time=(2025, 4, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, data)
