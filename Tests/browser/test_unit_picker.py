"""Issue 16, item 7: a unit picker over more units than one list holds is a
type-ahead. At a true phone width (360 px, DevTools emulation), an officer
types part of a unit's name, picks it from the matches (each named with its
parent) and moves a cell under it (as a cell of that committee); the page never scrolls sideways.

Runs after the other browser tests (the file name sorts last): the units it
adds make the admin's pickers searchable for every later page."""
import uuid
from urllib.parse import quote

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import BASE, api, emulate_phone, follow, sign_in, token_of

CROWD = 305  # more than UnitPicker.listAll (300) open units under one commune


def crowded_commune(token):
    """A commune with CROWD grassroots committees, made once per demo database."""
    found = api("GET", "/api/v1/organizations?q=" + quote("Đảng bộ xã Chọn Lọc"), token=token)
    commune = next((o for o in found if o["name"] == "Đảng bộ xã Chọn Lọc"), None)
    if commune is None:
        province = api("GET", "/api/v1/organizations?kind=provincialCommittee", token=token)[0]
        commune = api("POST", "/api/v1/organizations", {"parentId": province["id"], "name": "Đảng bộ xã Chọn Lọc",
                                                         "kind": "communeCommittee", "sector": "agency", "code": "CL"}, token=token)
        for i in range(1, CROWD + 1):
            api("POST", "/api/v1/organizations", {"parentId": commune["id"], "name": f"Đảng bộ cơ sở Chọn Lọc {i}",
                                                   "kind": "grassrootsCommittee", "sector": "agency", "code": f"CL-{i}"}, token=token)
    return commune




def no_sideways_scroll(driver):
    width, inner = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"the page is {width} px wide in a {inner} px viewport"


def test_pick_a_unit_by_typing(driver, shot):
    token = token_of("admin")
    commune = crowded_commune(token)
    suffix = uuid.uuid4().hex[:6]
    cell = api("POST", "/api/v1/organizations", {"parentId": commune["id"], "name": f"Chi bộ Chuyển Đi {suffix}",
                                                 "kind": "grassrootsCell", "sector": "agency", "code": f"CD-{suffix}"}, token=token)
    if driver.capuy_width < 500:
        emulate_phone(driver, 360, 780)
    sign_in(driver, "admin")
    driver.get(BASE + f"/to-chuc/{cell['id']}/chuyen")
    assert driver.find_element(By.CSS_SELECTOR, ".unit-picker[data-search]")
    # With the script, the no-script search button steps aside.
    assert not driver.find_element(By.CSS_SELECTOR, ".picker-search button").is_displayed()
    no_sideways_scroll(driver)

    box = driver.find_element(By.ID, "parentId__tim")
    box.send_keys("chon loc 123")
    wanted = "Đảng bộ cơ sở Chọn Lọc 123 · Đảng bộ xã Chọn Lọc (CL-123)"
    select = driver.find_element(By.ID, "parentId")
    # Read in one script call: the list is rebuilt as the answers come.
    options = "return Array.from(document.getElementById('parentId').options).map(o => o.text)"
    WebDriverWait(driver, 10).until(lambda d: wanted in d.execute_script(options))
    assert "1 đơn vị khớp" in driver.find_element(By.CLASS_NAME, "picker-note").text
    shot("16-picker-typed")
    no_sideways_scroll(driver)
    Select(select).select_by_visible_text(wanted)
    # Under a grassroots committee, a cell is a "chi bộ trực thuộc".
    Select(driver.find_element(By.ID, "kind")).select_by_value("cell")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]:not([name])"))
    assert "Đã chuyển" in driver.find_element(By.CLASS_NAME, "flash").text
    moved = api("GET", f"/api/v1/organizations/{cell['id']}", token=token)
    parent = api("GET", f"/api/v1/organizations/{moved['parentId']}", token=token)
    assert parent["code"] == "CL-123"
    no_sideways_scroll(driver)
