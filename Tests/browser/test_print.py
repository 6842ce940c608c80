"""Issue 17, deliverable 2: people print the report pages. Each report page,
laid out for print (DevTools' print media emulation) on an A4 sheet's
printable width, shows no menu, no form and no button, and fits the
sheet's width: nothing is cut at the right edge of the paper. Chromium's
own print to PDF then makes a document of a few pages, not dozens."""
import base64
import re

import pytest
from selenium.webdriver.common.by import By

from conftest import BASE, make_driver, sign_in

# A4 is 210 mm wide; with Chromium's default 1 cm margins, 190 mm remain:
# 718 CSS pixels at 96 per inch.
PRINTABLE_WIDTH = 718
UUID = r"[0-9a-fA-F-]{36}"

# The report pages, each reached from a list page: the link to follow and what to add to it.
REPORTS = [
    ("unit dashboard", "/to-chuc", rf"^/to-chuc/{UUID}$", "/tong-quan"),
    ("term dashboard", "/nhiem-ky", rf"^/nhiem-ky/{UUID}$", ""),
    ("review results", "/danh-gia", rf"^/danh-gia/{UUID}$", "/ket-qua"),
    ("meeting statistics", "/sinh-hoat/thong-ke", None, ""),
    ("case statistics", "/don-thu/thong-ke", None, ""),
    ("inspections", "/kiem-tra", None, ""),
    ("document and its roll-up", "/van-ban", rf"^/van-ban/{UUID}$", ""),
    ("case", "/don-thu", rf"^/don-thu/{UUID}$", ""),
    ("year-end report", "/to-chuc", rf"^/to-chuc/{UUID}$", "/bao-cao"),
]


@pytest.fixture(scope="module")
def printer():
    d = make_driver(1366, 900)
    sign_in(d, "admin")
    yield d
    d.quit()


def report_url(driver, start, pattern, suffix):
    if pattern is None:
        return BASE + start
    driver.get(BASE + start)
    hrefs = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "main a[href]")]
    paths = [h.removeprefix(BASE) for h in hrefs if h and h.startswith(BASE)]
    match = next((p for p in paths if re.match(pattern, p)), None)
    assert match, f"no link like {pattern} on {start}"
    return BASE + match + suffix


@pytest.mark.parametrize("name,start,pattern,suffix", REPORTS, ids=[r[0] for r in REPORTS])
def test_report_prints_on_a4_without_menu_or_forms(printer, name, start, pattern, suffix):
    url = report_url(printer, start, pattern, suffix)
    printer.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": PRINTABLE_WIDTH, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    printer.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        printer.get(url)
        assert printer.find_element(By.TAG_NAME, "h1").text.strip(), f"{name}: the page has no heading"
        shown = printer.execute_script("""
            const visible = e => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;
            return {
              menu: [...document.querySelectorAll('header, nav, #menu')].some(visible),
              forms: [...document.querySelectorAll('main form, main button')].filter(visible).length,
              width: document.documentElement.scrollWidth,
              rows: document.querySelectorAll('main table tbody tr').length,
            };""")
        assert not shown["menu"], f"{name}: the menu prints"
        assert shown["forms"] == 0, f"{name}: {shown['forms']} forms or buttons print"
        assert shown["width"] <= PRINTABLE_WIDTH, f"{name}: {shown['width']} px wide on a {PRINTABLE_WIDTH} px sheet"
        pdf = base64.b64decode(printer.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69})["data"])
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        # A table row is about 8 mm high: a page holds 30 rows at least; a report's prose and charts take 2 pages more.
        assert 1 <= pages <= 2 + shown["rows"] // 30 + 2, f"{name}: {pages} pages for {shown['rows']} table rows"
    finally:
        printer.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        printer.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
