"""Issue 17 ("done when"): a cell secretary's month on a phone, at a true
360 px viewport. Her home tells her what to do; she follows each line:
schedules the month's regular meeting, takes the roll, marks it held and
scored, reports progress on the commune's task, and assesses herself in
the year's review. Each done thing leaves her home, and no page she sees
scrolls sideways.

The commune, the cell, its members, the commune's task and the review
round are made through the JSON API; everything she does is done in the
browser."""
import datetime
import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE, PASSWORD, absent, api, emulate_phone, fill, flash, follow, make_driver, menu, sign_in, token_of
from test_reviews import scores

WIDTH = 360


@pytest.fixture
def phone():
    d = make_driver(500, 780)
    emulate_phone(d, WIDTH, 780)
    d.capuy_width = WIDTH
    yield d
    d.quit()


def iso(day):
    return day.isoformat()


class Month:
    """The cell, its people, the commune's task and the open review round."""

    def __init__(self):
        self.suffix = uuid.uuid4().hex[:6]
        # The server counts days in Asia/Ho_Chi_Minh; dates here keep a margin either side.
        self.today = datetime.date.today()
        admin = token_of("admin")
        province = next(o for o in api("GET", "/api/v1/organizations?kind=provincialCommittee", token=admin)
                        if o["name"] == "Đảng bộ tỉnh Quảng Trị")

        def unit(parent, name, kind, sector):
            return api("POST", "/api/v1/organizations", {"parentId": parent, "name": name, "kind": kind, "sector": sector},
                       token=admin)["id"]

        self.commune = unit(province["id"], f"Đảng bộ xã Một Tháng {self.suffix}", "grassrootsCommittee", "residential")
        self.cell = unit(self.commune, "Chi bộ Thôn Bắc", "cell", "residential")
        self.members = {}
        for name, female in [("Nguyễn Thị Mai", True), ("Trần Văn Nam", False), ("Lê Thị Oanh", True), ("Phạm Văn Phúc", False)]:
            self.members[name] = api("POST", "/api/v1/members", {
                "fullName": name, "birthDate": "12/05/1984", "gender": "female" if female else "male", "ethnicity": "Kinh",
                "admissionDate": "19/05/2009", "officialDate": "19/05/2010", "organizationId": self.cell}, token=admin)["id"]

        def user(prefix, role, unit, member=None):
            body = {"username": f"{prefix}-{self.suffix}", "displayName": prefix, "password": PASSWORD, "role": role,
                    "organizationId": unit}
            if member:
                body["memberId"] = member
            return api("POST", "/api/v1/users", body, token=admin)["username"]

        # The secretary is a member of her cell: she assesses herself too.
        self.secretary = user("bithu-bac", "secretary", self.cell, self.members["Nguyễn Thị Mai"])
        office = token_of(user("vanphong-mt", "office", self.commune))
        api("POST", "/api/v1/terms", {"organizationId": self.commune, "startsOn": iso(self.today - datetime.timedelta(days=400)),
                                      "endsOn": iso(self.today + datetime.timedelta(days=1400))}, token=office)
        doc = api("POST", "/api/v1/documents", {
            "type": "plan", "issuerId": self.commune, "title": "Kế hoạch ra quân làm đường giao thông nông thôn",
            "signerName": "Lê Văn Ký", "signerTitle": "Bí thư", "place": "Thử nghiệm", "content": "Các chi bộ tổ chức thực hiện.",
            "recipientIds": [self.cell]}, token=office)
        api("POST", f"/api/v1/documents/{doc['id']}/issue", {"issuedOn": iso(self.today - datetime.timedelta(days=2))}, token=office)
        self.task = "Vận động nhân dân hiến đất làm đường"
        api("POST", f"/api/v1/documents/{doc['id']}/tasks", {
            "title": self.task, "deadline": iso(self.today + datetime.timedelta(days=5)), "deliverable": "report",
            "targets": {"organizationIds": [self.cell]}}, token=office)
        self.round = f"Kiểm điểm, đánh giá, xếp loại năm {self.today.year} – {self.suffix}"
        board = token_of(user("bantochuc-mt", "organizationBoard", self.commune))
        api("POST", "/api/v1/review-rounds", {
            "organizationId": self.commune, "year": self.today.year, "period": "year", "title": self.round,
            "selfFrom": iso(self.today - datetime.timedelta(days=10)), "selfTo": iso(self.today + datetime.timedelta(days=20)),
            "unitReviewBy": iso(self.today + datetime.timedelta(days=30)),
            "decisionBy": iso(self.today + datetime.timedelta(days=40))}, token=board)


def todo(driver):
    """The home's to-do lines."""
    return [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#todo li")]


def fits(driver):
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{driver.current_url} is {width} px wide on a {WIDTH} px phone"


def home(driver):
    menu(driver, "Việc cần làm")
    fits(driver)
    return todo(driver)


def line(driver, start):
    return next(a for a in driver.find_elements(By.CSS_SELECTOR, "#todo li a") if a.text.startswith(start))


def test_a_cell_secretarys_month_on_a_phone(phone):
    m = Month()
    sign_in(phone, m.secretary)
    fits(phone)
    lines = todo(phone)
    assert any(l.startswith("1 chi bộ chưa lên lịch sinh hoạt thường kỳ") for l in lines), lines
    assert "1 nhiệm vụ đến hạn trong 7 ngày tới" in lines, lines
    assert any(l.startswith("Tự đánh giá, xếp loại: " + m.round) for l in lines), lines

    # 1. The month's meeting: scheduled from the home's line.
    follow(phone, line(phone, "1 chi bộ chưa lên lịch"))
    fits(phone)
    Select(phone.find_element(By.ID, "organizationId")).select_by_value(m.cell)
    Select(phone.find_element(By.ID, "kind")).select_by_value("regular")
    fill(phone, "title", f"Sinh hoạt thường kỳ Thôn Bắc {m.suffix}")
    fill(phone, "place", "Nhà văn hóa thôn Bắc")
    follow(phone, phone.find_element(By.ID, "schedule-meeting"))
    assert "Đã lên lịch cuộc họp." in flash(phone)
    meeting = phone.current_url.split("?")[0]
    fits(phone)
    assert not any(l.startswith("1 chi bộ chưa lên lịch") for l in home(phone))

    # 2. The roll (everyone present, the form's default) and the meeting held and scored.
    phone.get(meeting)
    follow(phone, phone.find_element(By.ID, "save-roll"))
    assert "Đã lưu điểm danh." in flash(phone)
    fill(phone, "durationMinutes", 95)
    fill(phone, "minutes", "Chi bộ đánh giá tình hình tháng, bàn việc làm đường.")
    box = phone.find_element(By.NAME, "minutesComplete")
    if not box.is_selected():
        box.click()
    fill(phone, "conclusion", "Ra quân làm đường vào Chủ nhật.")
    for code in ["J1", "J2"]:
        phone.find_element(By.NAME, f"judged_{code}").click()
    follow(phone, phone.find_element(By.ID, "mark-held"))
    assert "Đã ghi nhận cuộc họp và chấm điểm." in flash(phone)
    assert phone.find_element(By.ID, "meeting-status").text == "Đã họp"
    assert phone.find_element(By.ID, "meeting-score").text.isdigit()
    # A scored meeting's roll is closed, and the page says why instead of offering the form.
    assert absent(phone, By.ID, "roll-form")
    assert "không sửa được nữa" in phone.find_element(By.ID, "roll-closed").text
    fits(phone)
    assert not any("cuộc họp" in l for l in home(phone))

    # 3. Progress on the commune's task, from the home's line.
    follow(phone, line(phone, "1 nhiệm vụ đến hạn"))
    fits(phone)
    card = next(c for c in phone.find_elements(By.CSS_SELECTOR, "#inbox li.card") if m.task in c.text)
    percent = card.find_element(By.NAME, "percent")
    percent.clear()
    percent.send_keys("100")
    card.find_element(By.NAME, "note").send_keys("Đã vận động 12 hộ hiến đất.")
    follow(phone, card.find_element(By.CLASS_NAME, "report-progress"))
    assert absent(phone, By.CLASS_NAME, "field-error")
    assert not any("nhiệm vụ" in l for l in home(phone))

    # 4. Her own self-assessment, from the home's line.
    follow(phone, line(phone, "Tự đánh giá, xếp loại"))
    fits(phone)
    for code, points in scores(88).items():
        fill(phone, f"score_{code}", points)
    fill(phone, "tasks", 6)
    fill(phone, "tasksOnTime", 6)
    fill(phone, "tasksBeyond", 1)
    fill(phone, "note", "Hoàn thành tốt nhiệm vụ bí thư chi bộ")
    Select(phone.find_element(By.ID, "level")).select_by_value("good")
    follow(phone, phone.find_element(By.ID, "save-self"))
    assert absent(phone, By.CLASS_NAME, "field-error"), phone.find_element(By.TAG_NAME, "main").text
    assert "Đã lưu." in flash(phone)
    assert not any(l.startswith("Tự đánh giá") for l in home(phone))
