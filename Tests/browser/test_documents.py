"""Issue 3 in a real browser: the provincial office issues a resolution that
gives every commune a task, a commune issues its implementing plan, the
office sees who is late and exports the register, all in Vietnamese."""
import datetime
import re
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE, follow, menu
from test_foundation import login


def fill(driver, field, value):
    box = driver.find_element(By.ID, field)
    box.clear()
    box.send_keys(value)


def rollup_row(driver, unit_name):
    for row in driver.find_elements(By.CSS_SELECTOR, "#rollup tbody tr"):
        cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
        if cells and cells[0].startswith(unit_name):
            return cells
    raise AssertionError(f"no roll-up row for {unit_name}")


def test_resolution_cascade(driver, shot):
    login(driver)
    today = datetime.date.today()
    suffix = uuid.uuid4().hex[:6]

    # Draft the resolution in the province's name.
    menu(driver, "Văn bản")
    follow(driver, driver.find_element(By.ID, "new-document"))
    Select(driver.find_element(By.ID, "type")).select_by_value("resolution")
    title = f"Nghị quyết về nâng cao chất lượng sinh hoạt chi bộ {suffix}"
    fill(driver, "title", title)
    fill(driver, "summary", "về nâng cao chất lượng sinh hoạt chi bộ")
    fill(driver, "content", "Các đảng bộ xã, phường xây dựng kế hoạch thực hiện.")
    fill(driver, "signerName", "Lê Văn Thành")
    fill(driver, "signerTitle", "Bí thư")
    shot("11-new-resolution")
    follow(driver, driver.find_element(By.ID, "save-document"))
    assert "Dự thảo" in driver.find_element(By.ID, "document-identifier").text

    # Every commune committee must issue its plan within 30 days.
    driver.find_element(By.CSS_SELECTOR, "details.card summary").click()
    fill(driver, "task-title", "Ban hành kế hoạch thực hiện Nghị quyết")
    fill(driver, "deadline", (today + datetime.timedelta(days=30)).strftime("%d/%m/%Y"))
    Select(driver.find_element(By.ID, "deliverable")).select_by_value("implementingDocument")
    driver.find_element(By.ID, "target-kind").click()
    Select(driver.find_element(By.ID, "kind")).select_by_value("communeCommittee")
    follow(driver, driver.find_element(By.ID, "assign-task"))
    assert "Đã giao nhiệm vụ." in driver.find_element(By.CLASS_NAME, "flash").text
    recipients = int(driver.find_element(By.CSS_SELECTOR, "#task-list tbody tr td:last-child").text)
    assert recipients == 6

    # A bad issue date first: a clear Vietnamese refusal, still a draft.
    fill(driver, "issuedOn", "31/02/2026")
    follow(driver, driver.find_element(By.ID, "issue-document"))
    assert "ngày/tháng/năm" in driver.find_element(By.CLASS_NAME, "field-error").text
    fill(driver, "issuedOn", today.strftime("%d/%m/%Y"))
    follow(driver, driver.find_element(By.ID, "issue-document"))
    identifier = driver.find_element(By.ID, "document-identifier").text
    assert re.fullmatch(r"\d{2}-NQ/TU", identifier), identifier
    shot("12-issued")
    resolution_url = driver.current_url
    assert rollup_row(driver, "Đảng bộ phường Đồng Hới")[2] == "1"  # not started

    # The ward of Đồng Hới issues its implementing plan.
    follow(driver, driver.find_element(By.ID, "implement"))
    Select(driver.find_element(By.ID, "type")).select_by_value("plan")
    issuer = Select(driver.find_element(By.ID, "issuerId"))
    issuer.select_by_visible_text(next(o.text for o in issuer.options if o.text.endswith("Đảng bộ phường Đồng Hới")))
    fill(driver, "title", f"Kế hoạch thực hiện Nghị quyết {identifier} {suffix}")
    follow(driver, driver.find_element(By.ID, "save-document"))
    fill(driver, "issuedOn", today.strftime("%d/%m/%Y"))
    follow(driver, driver.find_element(By.ID, "issue-document"))
    plan_identifier = driver.find_element(By.ID, "document-identifier").text
    assert re.fullmatch(r"\d{2}-KH/ĐU", plan_identifier), plan_identifier
    assert identifier in driver.find_element(By.ID, "chain-up").text

    # Back on the resolution: the ward is done, the other communes are not.
    driver.get(resolution_url)
    assert rollup_row(driver, "Đảng bộ phường Đồng Hới")[4] == "1"  # done on time
    assert plan_identifier in driver.find_element(By.ID, "chain-down").text
    shot("13-rollup")

    # Who is late: the demo's resolution of two months ago has overdue communes.
    follow(driver, driver.find_element(By.LINK_TEXT, "Sổ đăng ký văn bản"))
    fill(driver, "q", "chuyen doi so")
    follow(driver, driver.find_element(By.ID, "search-documents"))
    follow(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "-NQ/TU"))
    overdue_column = 6
    late = sum(int(c.find_elements(By.TAG_NAME, "td")[overdue_column].text)
               for c in driver.find_elements(By.CSS_SELECTOR, "#rollup tbody tr"))
    assert late >= 1
    shot("14-late")

    # The register exports to XLSX with the browser's session.
    follow(driver, driver.find_element(By.LINK_TEXT, "Sổ đăng ký văn bản"))
    href = driver.find_element(By.ID, "export-register").get_attribute("href")
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done([r.status, r.headers.get('content-type'), b.byteLength])));",
        href)
    assert result[0] == 200 and "spreadsheetml" in result[1] and result[2] > 1000, result
