"""Issue 4 in a real browser ("done when"): a citizen files a denunciation of
a commune's leader on a phone-sized window; the province's inspection officer
receives it, extends it once, concludes it; the citizen reads the result with
the receipt code; the commune's own office cannot see the case at all."""
import json
import urllib.request
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE, PASSWORD, follow, make_driver, SHOTS
import os


def fill(driver, field, value):
    box = driver.find_element(By.ID, field)
    box.clear()
    box.send_keys(value)


def sign_in(driver, username):
    driver.get(BASE + "/dang-nhap")
    fill(driver, "username", username)
    fill(driver, "password", PASSWORD)
    follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def commune_of_office():
    """The unit the demo's commune office account is granted at."""
    req = urllib.request.Request(BASE + "/api/v1/sessions", data=json.dumps({"username": "vanphong-xa", "password": PASSWORD}).encode(),
                                 headers={"Content-Type": "application/json"})
    token = json.load(urllib.request.urlopen(req))["token"]
    me = json.load(urllib.request.urlopen(urllib.request.Request(BASE + "/api/v1/me", headers={"Authorization": f"Bearer {token}"})))
    unit = me["grants"][0]["organizationId"]
    org = json.load(urllib.request.urlopen(urllib.request.Request(BASE + f"/api/v1/organizations/{unit}",
                                                                  headers={"Authorization": f"Bearer {token}"})))
    return org["name"]


def test_denunciation_from_phone_to_conclusion():
    os.makedirs(SHOTS, exist_ok=True)
    commune = commune_of_office()
    marker = uuid.uuid4().hex[:6]
    title = f"Tố cáo chủ tịch xã nhận tiền hỗ trợ sai quy định {marker}"
    phone = make_driver(390, 844)
    desk = make_driver(1280, 900)
    try:
        # 1. The citizen, on a phone, finds the commune and writes in with name and phone.
        phone.get(BASE + "/cong-dan")
        follow(phone, phone.find_element(By.ID, "portal-submit"))
        fill(phone, "q", commune.replace("Đảng bộ ", ""))
        follow(phone, phone.find_element(By.ID, "find-unit"))
        follow(phone, phone.find_element(By.LINK_TEXT, commune))
        assert phone.find_element(By.ID, "chosen-unit").text == commune
        Select(phone.find_element(By.ID, "kind")).select_by_value("denunciation")
        fill(phone, "title", title)
        fill(phone, "content", "Chủ tịch xã nhận tiền hỗ trợ của 12 hộ nghèo nhưng không chi trả đủ, có biên nhận kèm theo.")
        fill(phone, "subjectPerson", "Chủ tịch UBND xã")
        phone.find_element(By.ID, "subjectIsLeader").click()
        fill(phone, "name", "Phạm Thị Tốcáo")
        fill(phone, "phone", "0987 654 321")
        follow(phone, phone.find_element(By.ID, "send-case"))
        errors = [e.text for e in phone.find_elements(By.CLASS_NAME, "field-error")]
        heading = phone.find_element(By.TAG_NAME, "h1").text
        assert not errors and heading == "Đã tiếp nhận", f"the portal refused the submission: {heading} {errors}"
        code = phone.find_element(By.ID, "receipt-code").text
        assert len(code) == 14 and code.count("-") == 2
        assert "90 ngày làm việc" in phone.find_element(By.ID, "receipt-message").text
        phone.save_screenshot(os.path.join(SHOTS, "cases-01-receipt-390.png"))

        # 2. The commune's own office cannot see it: not in its list, 404 by address.
        sign_in(desk, "vanphong-xa")
        desk.get(BASE + "/don-thu?q=" + marker)
        assert title not in desk.page_source

        # 3. The province's inspection officer receives it, accepts, takes it, extends once and concludes.
        desk.delete_all_cookies()
        sign_in(desk, "kiemtra-tinh")
        desk.get(BASE + "/don-thu?q=" + marker)
        follow(desk, desk.find_element(By.LINK_TEXT, title))
        case_url = desk.current_url
        follow(desk, desk.find_element(By.ID, "action-accept"))
        fill(desk, "username", "kiemtra-tinh")
        follow(desk, desk.find_element(By.ID, "assign"))
        fill(desk, "reveal-reason", "Cần liên hệ người tố cáo để xác minh")
        follow(desk, desk.find_element(By.ID, "reveal"))
        assert "Phạm Thị Tốcáo" in desk.find_element(By.ID, "identity").text
        desk.get(case_url)
        assert "Phạm Thị Tốcáo" not in desk.page_source
        fill(desk, "extend-reason", "Vụ việc cần xác minh thêm tại 12 hộ")
        follow(desk, desk.find_element(By.ID, "extend"))
        assert "đã gia hạn 1 lần" in desk.find_element(By.ID, "case-facts").text
        fill(desk, "extend-reason", "Gia hạn lần hai")
        follow(desk, desk.find_element(By.ID, "extend"))
        assert desk.find_elements(By.CLASS_NAME, "field-error"), "a second extension of a party denunciation is refused"
        desk.get(case_url)
        fill(desk, "conclusion", "Tố cáo đúng một phần: số tiền hỗ trợ đã được chi trả bổ sung, đề nghị kiểm điểm trách nhiệm.")
        follow(desk, desk.find_element(By.ID, "action-conclude"))
        follow(desk, desk.find_element(By.ID, "action-notifySubmitter"))
        assert desk.find_element(By.ID, "case-state").text == "Đã thông báo kết quả"
        desk.save_screenshot(os.path.join(SHOTS, "cases-02-handled-1280.png"))

        # 4. The commune office still gets "not found" for the case itself.
        desk.delete_all_cookies()
        sign_in(desk, "vanphong-xa")
        desk.get(case_url)
        assert desk.find_element(By.CLASS_NAME, "status-code").text == "404"

        # 5. The citizen reads the result with the code, on the phone.
        phone.get(BASE + "/cong-dan/tra-cuu")
        fill(phone, "code", code.lower())
        follow(phone, phone.find_element(By.ID, "track-case"))
        assert phone.find_element(By.ID, "case-state").text == "Đã thông báo kết quả"
        steps = phone.find_element(By.ID, "case-steps").text
        assert "thụ lý" in steps and "gia hạn" in steps
        assert "đúng một phần" in phone.find_element(By.ID, "case-conclusion").text
        assert "Phạm Thị Tốcáo" not in phone.page_source
        phone.save_screenshot(os.path.join(SHOTS, "cases-03-result-390.png"))
    finally:
        phone.quit()
        desk.quit()
