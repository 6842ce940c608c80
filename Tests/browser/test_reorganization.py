"""Issue 15 in a real browser ("done when"): an organization board uploads a
reorganization plan, reads every problem of a bad one, then the preview of a
good one, applies it, and finds the new commune's history on its page."""
import datetime
import os
import tempfile
import urllib.parse
import uuid

from selenium.webdriver.common.by import By

from conftest import BASE, api, fill, flash, follow, menu, sign_in, token_of


def write_plan(text):
    handle, path = tempfile.mkstemp(suffix=".csv")
    with os.fdopen(handle, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def upload(driver, path, day):
    driver.find_element(By.ID, "file").send_keys(path)
    fill(driver, "effectiveOn", day)
    follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def test_plan_upload_preview_apply(driver, shot):
    token = token_of("admin")
    province = api("GET", "/api/v1/organizations?kind=provincialCommittee", token=token)[0]
    s = uuid.uuid4().hex[:6].upper()
    old = api("POST", "/api/v1/organizations", {"parentId": province["id"], "name": f"Đảng bộ xã Cũ {s}", "kind": "communeCommittee",
                                                "sector": "agency", "code": f"CU-{s}"}, token)
    cell = api("POST", "/api/v1/organizations", {"parentId": old["id"], "name": f"Chi bộ thôn Cũ {s}", "kind": "grassrootsCell",
                                                 "sector": "residential", "code": f"CU-{s}-1"}, token)
    api("POST", "/api/v1/members", {"fullName": "Trương Thị Mai", "birthDate": "02/09/1985", "gender": "female", "ethnicity": "Kinh",
                                    "admissionDate": "03/02/2010", "officialDate": "03/02/2011", "organizationId": cell["id"]}, token)
    today = datetime.date.today().strftime("%d/%m/%Y")

    sign_in(driver, "admin")
    menu(driver, "Tổ chức đảng")
    follow(driver, driver.find_element(By.ID, "reorganize-link"))

    # A bad plan: every problem with its row and column, in Vietnamese; nothing written.
    bad = write_plan("Thao tác,Đơn vị,Mã mới,Tên,Loại,Cấp trên,Kế thừa\n"
                     f"Sáp nhập,KHONG-CO-{s},,,,,{province['code']}\n"
                     f"Chuyển,CU-{s},,,,CU-{s}-1,\n")
    upload(driver, bad, today)
    problems = driver.find_element(By.ID, "plan-problems").text
    assert f"Dòng 2, cột Đơn vị" in problems and f"KHONG-CO-{s}" in problems
    assert "Dòng 3, cột Cấp trên" in problems
    shot("15-plan-problems")

    # A good one: a new commune founded, the old one merged into it.
    good = write_plan("Thao tác,Đơn vị,Mã mới,Tên,Loại,Cấp trên,Kế thừa\n"
                      f"Thành lập,,MOI-{s},Đảng bộ xã Mới {s},Đảng bộ xã,{province['code']},\n"
                      f"Sáp nhập,CU-{s},,,,,MOI-{s}\n")
    upload(driver, good, today)
    assert "2 dòng" in driver.find_element(By.ID, "plan-summary").text
    assert f"Chuyển Chi bộ thôn Cũ {s}" in driver.find_element(By.ID, "plan-changes").text
    members = driver.find_element(By.ID, "plan-members").text
    assert f"Chi bộ thôn Cũ {s}" in members and f"Đảng bộ xã Mới {s}" in members
    counts = driver.find_element(By.ID, "plan-counts").text
    assert f"Đảng bộ xã Mới {s}" in counts
    shot("16-plan-preview")
    follow(driver, driver.find_element(By.ID, "apply-plan"))
    assert "Đã áp dụng kế hoạch" in flash(driver)
    assert driver.find_element(By.ID, "plan-status").text == "Đã áp dụng"
    shot("17-plan-applied")

    # The new commune holds the cell and names its predecessor; the old one is closed.
    new = api("GET", "/api/v1/organizations?q=" + urllib.parse.quote(f"Đảng bộ xã Mới {s}"), token=token)[0]
    driver.get(BASE + f"/to-chuc/{new['id']}")
    assert f"Đảng bộ xã Cũ {s}" in driver.find_element(By.ID, "predecessors").text
    assert f"Chi bộ thôn Cũ {s}" in driver.page_source
    assert api("GET", f"/api/v1/organizations/{old['id']}", token=token)["closedOn"] is not None
