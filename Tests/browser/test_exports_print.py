"""Issue 18, "done when": LibreOffice opens every export. Each file the demo
offers for download is converted to PDF by `soffice --headless`, as an office
would print it, and its pages are counted with `pdfinfo`: a sheet prints one
page across with its rows down (a one-row sheet is one page, not seven), and
a Word file prints its party heading with the Vietnamese marks intact.
Needs apt libreoffice-calc-nogui, libreoffice-writer-nogui and poppler-utils."""
import html
import http.cookiejar
import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse
import urllib.request
import zipfile

import pytest

from conftest import BASE, PASSWORD, api, token_of

UUID = r"[0-9a-fA-F-]{36}"
# A printed A4 page holds at least this many rows of a sheet, landscape included.
ROWS_PER_PAGE = 25


def opener():
    """A browser-like session: the sign-in form's CSRF token, then the cookie."""
    jar = http.cookiejar.CookieJar()
    o = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = o.open(BASE + "/dang-nhap").read().decode()
    csrf = html.unescape(re.search(r'name="_csrf" value="([^"]+)"', form).group(1))
    body = urllib.parse.urlencode({"_csrf": csrf, "username": "admin", "password": PASSWORD}).encode()
    o.open(BASE + "/dang-nhap", data=body)
    return o


@pytest.fixture(scope="module")
def downloads():
    assert shutil.which("soffice") and shutil.which("pdfinfo"), "LibreOffice and poppler-utils are needed (see README)"
    admin = token_of("admin")
    cells = api("GET", "/api/v1/organizations?kind=cell", token=admin)
    cell = next(c for c in cells if api("GET", f"/api/v1/members?organizationId={c['id']}&per=1", token=admin)["items"])
    docs = api("GET", "/api/v1/documents?per=50", token=admin)
    items = docs["items"] if isinstance(docs, dict) else docs
    issued = [d for d in items if d.get("identifier")]
    with_tasks = next(d for d in issued if api("GET", f"/api/v1/documents/{d['id']}/tasks", token=admin))
    province = api("GET", "/api/v1/organizations?kind=provincialCommittee", token=admin)[0]
    commune = api("GET", "/api/v1/organizations?kind=communeCommittee", token=admin)[0]
    rounds = api("GET", "/api/v1/review-rounds", token=admin)
    review = max(rounds, key=lambda r: r["year"])
    surveys = api("GET", "/api/v1/surveys", token=admin)
    assert surveys, "the demo has a meeting-quality survey round (issue 18: a finished year)"
    last_year = review["year"]
    return {
        "register": "/van-ban/so-dang-ky.xlsx",
        "roll-up": f"/van-ban/{with_tasks['id']}/tong-hop.xlsx",
        "case statistics": "/don-thu/thong-ke.xlsx",
        "inspections": "/kiem-tra/thong-ke.xlsx",
        "one cell's meetings": f"/sinh-hoat/thong-ke.xlsx?donVi={cell['id']}",
        "one cell's members": f"/to-chuc/{cell['id']}/dang-vien.xlsx",
        "document": f"/van-ban/{with_tasks['id']}/van-ban.docx",
        "year-end report": f"/to-chuc/{province['id']}/bao-cao.docx?nam={last_year}",
        "year-end figures": f"/to-chuc/{province['id']}/bao-cao.xlsx?nam={last_year}",
        "review summary (Mẫu 01)": f"/danh-gia/{review['id']}/mau-01.xlsx?donVi={commune['id']}",
        "review decision": f"/danh-gia/{review['id']}/quyet-dinh.docx?donVi={commune['id']}",
        "survey results": f"/khao-sat/{surveys[0]['id']}/ket-qua.xlsx?donVi={surveys[0]['organizationId']}",
    }


# A Word file's pages at most: a party document is one to three; the year-end
# report's eight sections of tables, about eight; a decision lists its members.
DOCX_PAGES = {"document": 3, "year-end report": 12, "review decision": 4}


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def expected_pages(xlsx):
    """Each sheet: one page across, its rows down."""
    with zipfile.ZipFile(xlsx) as z:
        sheets = [n for n in z.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)]
        return sum(1 + z.read(n).decode().count("<row ") // ROWS_PER_PAGE for n in sheets), len(sheets)


@pytest.mark.parametrize("name", ["register", "roll-up", "case statistics", "inspections", "one cell's meetings",
                                  "one cell's members", "document", "year-end report", "year-end figures",
                                  "review summary (Mẫu 01)", "review decision", "survey results"])
def test_export_opens_in_libreoffice_and_prints_to_few_pages(downloads, name):
    session = opener()
    with tempfile.TemporaryDirectory() as work:
        res = session.open(BASE + downloads[name])
        disposition = res.headers.get("Content-Disposition", "")
        ext = "docx" if downloads[name].split("?")[0].endswith(".docx") else "xlsx"
        src = os.path.join(work, f"export.{ext}")
        with open(src, "wb") as f:
            f.write(res.read())
        assert "attachment" in disposition, f"{name}: not a download"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", work, src], check=True, capture_output=True, timeout=180)
        pdf = os.path.join(work, "export.pdf")
        assert os.path.exists(pdf), f"{name}: LibreOffice made no PDF"
        pages = pdf_pages(pdf)
        if ext == "xlsx":
            most, sheets = expected_pages(src)
            assert sheets <= pages <= most, f"{name}: {pages} pages for {sheets} sheets (at most {most})"
        else:
            text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
            assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text, f"{name}: the heading lost its marks"
            assert 1 <= pages <= DOCX_PAGES[name], f"{name}: {pages} pages"
