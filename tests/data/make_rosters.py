"""Writes the small rosters in old formats that tests/import.rs reads: 名册.xls (Excel 97-2003,
BIFF8, as WPS and older Excel save it) and 名册.ods (OpenDocument, as LibreOffice and WPS save
it). Run once with `pip install xlwt odfpy` (PyPI); the files are kept in git.

Both hold the same roster: a title row, the header in row 2, and three members whose dates are
a date cell, a text date and (in the xls) a date serial number in a General cell.
"""
import datetime
import os

import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ["姓名", "性别", "民族", "出生日期", "入党日期", "转正日期"]
ROWS = [
    ["张三", "男", "汉族", datetime.date(1985, 3, 8), datetime.date(2010, 7, 1), datetime.date(2011, 7, 1)],
    ["李四", "女", "回族", 32878, "2015/7/1", "2016年7月1日"],
    ["王五", "男", "汉族", "1992-03-15", "2026.05.01", None],
]


def xls(path):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("党员名册")
    date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    ws.write_merge(0, 0, 0, 5, "某某党支部党员名册")
    for c, h in enumerate(HEADER):
        ws.write(1, c, h)
    for r, row in enumerate(ROWS, start=2):
        for c, v in enumerate(row):
            if isinstance(v, datetime.date):
                ws.write(r, c, v, date)
            elif v is not None:
                ws.write(r, c, v)
    wb.save(path)


def ods(path):
    doc = OpenDocumentSpreadsheet()
    t = Table(name="党员名册")

    def text_cell(v):
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=v))
        return cell

    title = TableRow()
    title.addElement(text_cell("某某党支部党员名册"))
    t.addElement(title)
    header = TableRow()
    for h in HEADER:
        header.addElement(text_cell(h))
    t.addElement(header)
    for row in ROWS:
        tr = TableRow()
        for v in row:
            if isinstance(v, datetime.date):
                cell = TableCell(valuetype="date", datevalue=v.isoformat())
                cell.addElement(P(text=v.isoformat()))
            elif isinstance(v, int):
                cell = TableCell(valuetype="float", value=v)
                cell.addElement(P(text=str(v)))
            elif v is None:
                cell = TableCell()
            else:
                cell = text_cell(v)
            tr.addElement(cell)
        t.addElement(tr)
    doc.spreadsheet.addElement(t)
    doc.save(path)


xls(os.path.join(HERE, "名册.xls"))
ods(os.path.join(HERE, "名册.ods"))
