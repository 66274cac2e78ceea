"""Write a minimal Word document (DOCX) of a text file: one paragraph per
non-empty line, each split into several runs (as Word does when formatting
changes mid-word), and a province table. Usage: make_docx.py IN.txt OUT.docx"""
import sys
import zipfile
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ROWS = [("Tỉnh", "Tỷ lệ hộ dùng cáp quang"), ("Hà Nam", "68,54%"), ("Ninh Bình", "71,20%")]


def para(text):
    # cut the line into runs of 17 characters: a run may end inside a word
    runs = [text[i:i + 17] for i in range(0, len(text), 17)]
    return "<w:p>" + "".join(
        f'<w:r><w:rPr><w:b w:val="{i % 2}"/></w:rPr><w:t xml:space="preserve">{escape(r)}</w:t></w:r>'
        for i, r in enumerate(runs)) + "</w:p>"


def table():
    rows = "".join("<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in r) + "</w:tr>" for r in ROWS)
    return f"<w:tbl>{rows}</w:tbl>"


lines = [l.strip() for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
body = "".join(para(l) for l in lines) + table()
doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>'
ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in (("[Content_Types].xml", ct), ("_rels/.rels", rels), ("word/document.xml", doc)):
        zi = zipfile.ZipInfo(name, date_time=(2025, 4, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, data)
