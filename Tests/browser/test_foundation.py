"""The first day of an office user, in a real browser (issue 2, CI point 13):
log in, open the tree, create a unit, add a member, find her by a search typed
without accents, see the audit entry, log out."""
import re
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE, PASSWORD, follow, menu


def login(driver):
    driver.get(BASE + "/")
    assert "/dang-nhap" in driver.current_url
    driver.find_element(By.ID, "username").send_keys("admin")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Việc cần làm")
    assert driver.find_element(By.ID, "todo")


def test_office_day(driver, shot):
    login(driver)
    shot("01-home")

    # Open the tree and the provincial committee.
    menu(driver, "Tổ chức đảng")
    follow(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Đảng bộ tỉnh Quảng Trị"))
    shot("02-province")
    follow(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Đảng bộ phường Đồng Hới"))
    assert driver.find_element(By.ID, "unit-name").text == "Đảng bộ phường Đồng Hới"

    # Create a unit under the commune.
    suffix = uuid.uuid4().hex[:6]
    unit_name = f"Chi bộ khu phố Thử nghiệm {suffix}"
    follow(driver, driver.find_element(By.ID, "new-unit"))
    driver.find_element(By.ID, "name").send_keys(unit_name)
    Select(driver.find_element(By.ID, "kind")).select_by_value("grassrootsCell")
    Select(driver.find_element(By.ID, "sector")).select_by_value("residential")
    shot("03-new-unit")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert driver.find_element(By.ID, "unit-name").text == unit_name
    assert "Đã tạo." in driver.find_element(By.CLASS_NAME, "flash").text

    # A bad form first: the message is in Vietnamese, under the field.
    follow(driver, driver.find_element(By.ID, "new-member"))
    driver.find_element(By.ID, "birthDate").send_keys("31/02/1990")
    follow(driver, driver.find_element(By.ID, "save-member"))
    errors = " ".join(e.text for e in driver.find_elements(By.CLASS_NAME, "field-error"))
    assert "Họ và tên không được để trống." in errors
    assert "ngày/tháng/năm" in errors

    # Then the real member.
    member_name = "Hoàng Thị Đào"
    card = str(uuid.uuid4().int)[:8]
    for field, value in [("fullName", member_name), ("birthDate", "12/05/1991"), ("ethnicity", "Kinh"),
                         ("partyCardNumber", card), ("admissionDate", "19/05/2016"), ("officialDate", "19/05/2017")]:
        box = driver.find_element(By.ID, field)
        box.clear()
        box.send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "input[name=gender][value=female]").click()
    shot("04-new-member")
    follow(driver, driver.find_element(By.ID, "save-member"))
    assert driver.find_element(By.ID, "member-name").text == member_name
    assert card in driver.page_source

    # Find her with a search typed without accents (đ folded to d).
    menu(driver, "Đảng viên")
    box = driver.find_element(By.ID, "q")
    box.send_keys("hoang thi dao")
    follow(driver, driver.find_element(By.ID, "search-members"))
    shot("05-search")
    names = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#member-list tbody a")]
    assert member_name in names
    follow(driver, driver.find_element(By.LINK_TEXT, member_name))

    # The audit entry of her creation.
    follow(driver, driver.find_element(By.ID, "member-audit"))
    events = driver.find_element(By.ID, "audit-events").text
    assert "Thêm đảng viên" in events
    assert "admin" in events
    shot("06-audit")

    # Log out: the pages are closed again.
    follow(driver, driver.find_element(By.ID, "logout"))
    assert "/dang-nhap" in driver.current_url
    driver.get(BASE + "/dang-vien")
    assert "/dang-nhap" in driver.current_url


def test_english_switch_and_404(driver, shot):
    login(driver)
    follow(driver, driver.find_element(By.LINK_TEXT, "English"))
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("To do")
    # English counts have English plurals: "1 unread notice", "11 unread notices".
    todo = driver.find_element(By.ID, "todo").text
    assert "Needs doing today" in todo and "thông báo" not in todo, todo
    driver.get(BASE + "/to-chuc/00000000-0000-0000-0000-000000000000")
    assert "Not found" in driver.find_element(By.TAG_NAME, "h1").text
    shot("07-not-found")
    follow(driver, driver.find_element(By.LINK_TEXT, "Tiếng Việt"))
    assert re.search("Không tìm thấy", driver.page_source)
