"""Issue 6 in a real browser ("done when"): a follower attends a cell meeting
and records her attendance, the meeting is scored, a survey round aggregates
by sector, an inspection concludes with a warning for a member, and that
member's review is capped.

Every run builds its own commune under the demo's province (two cells of
different sectors, their members, a committee member who follows one cell)
through the JSON API; the pages under test are driven in the browser. The
fixture runs this test twice (phone, desktop) against the same server."""
import datetime
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE, PASSWORD, absent, api, fill, flash, follow, menu, sign_in, token_of

# Form 2B of the annual review: C1 8, C2 8, C3 7, C4 7, KQ1 40, KQ2 15, KQ3 15 points at most.
REVIEW_SCORES = {"C1": 8, "C2": 8, "C3": 7, "C4": 7, "KQ1": 20, "KQ2": 15, "KQ3": 15}
# The standard survey form (out of 100; good from 80, fair from 65).
SURVEY_GOOD = {"CB": 15, "TG": 10, "TT": 15, "DH": 15, "PB": 12, "KL": 13, "BB": 10, "TH": 4}
SURVEY_FAIR = {"CB": 10, "TG": 8, "TT": 10, "DH": 10, "PB": 10, "KL": 10, "BB": 8, "TH": 4}


def choose(driver, select_id, value):
    Select(driver.find_element(By.ID, select_id)).select_by_value(value)


def tick(driver, name):
    box = driver.find_element(By.NAME, name)
    if not box.is_selected():
        box.click()


def into_view(driver, element):
    """Scrolls an element into view before a screenshot."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    return element


def cells_of(row):
    return [c.text for c in row.find_elements(By.CSS_SELECTOR, "th, td")]


def table_rows(driver, table_id):
    """The rows of a table, each as its cells' text, keyed by the first cell."""
    return {cells[0]: cells for cells in (cells_of(r) for r in driver.find_elements(By.CSS_SELECTOR, f"#{table_id} tbody tr"))}


def attendance(driver):
    return {cells[0]: cells[1:] for cells in (cells_of(r) for r in driver.find_elements(By.CSS_SELECTOR, "#attendance tbody tr"))}


class World:
    """One run's commune, cells, members and accounts, made through the JSON API."""

    def __init__(self):
        self.suffix = uuid.uuid4().hex[:6]
        self.today = datetime.date.today()
        self.year = self.today.year
        self.admin = token_of("admin")
        province = api("GET", "/api/v1/organizations?kind=provincialCommittee", token=self.admin)
        self.province = next(o for o in province if o["name"] == "Đảng bộ tỉnh Quảng Trị")

    def unit(self, parent, name, kind, sector):
        return api("POST", "/api/v1/organizations",
                   {"parentId": parent, "name": name, "kind": kind, "sector": sector}, token=self.admin)["id"]

    def member(self, name, female, unit):
        return api("POST", "/api/v1/members", {
            "fullName": name, "birthDate": "12/05/1980", "gender": "female" if female else "male", "ethnicity": "Kinh",
            "admissionDate": "19/05/2005", "officialDate": "19/05/2006", "organizationId": unit}, token=self.admin)["id"]

    def post(self, member, unit, title):
        api("POST", f"/api/v1/members/{member}/positions", {
            "organizationId": unit, "title": title, "term": "2025–2030", "startOn": f"01/01/{self.year}"}, token=self.admin)

    def user(self, prefix, name, role, unit, member=None):
        username = f"{prefix}-{self.suffix}"
        body = {"username": username, "displayName": name, "password": PASSWORD, "role": role, "organizationId": unit}
        if member:
            body["memberId"] = member
        created = api("POST", "/api/v1/users", body, token=self.admin)
        self.ids = getattr(self, "ids", {})
        self.ids[username] = created["id"]
        return username

    def day(self, delta=0):
        return (self.today + datetime.timedelta(days=delta)).strftime("%d/%m/%Y")


def test_meeting_survey_inspection_and_capped_review(driver, shot):
    w = World()
    commune_name = f"Đảng bộ xã Thử nghiệm {w.suffix}"
    village_name = "Chi bộ Thôn Đông"
    office_cell_name = "Chi bộ Cơ quan xã"
    commune = w.unit(w.province["id"], commune_name, "grassrootsCommittee", "residential")
    village = w.unit(commune, village_name, "cell", "residential")
    office_cell = w.unit(commune, office_cell_name, "cell", "agency")
    people = [("Trần Văn Bình", False), ("Lê Văn Cường", False), ("Phạm Thị Dung", True), ("Hoàng Văn Đức", False),
              ("Vũ Thị Giang", True), ("Đặng Văn Hải", False), ("Bùi Thị Lan", True)]
    ids = {name: w.member(name, female, village) for name, female in people}
    binh, dung = ids["Trần Văn Bình"], ids["Phạm Thị Dung"]
    hoa = w.member("Nguyễn Thị Hoa", True, office_cell)
    w.post(hoa, commune, "committeeMember")
    hoa_user = w.user("cuv-hoa", "Nguyễn Thị Hoa", "member", office_cell, member=hoa)
    binh_user = w.user("dv-binh", "Trần Văn Bình", "member", village, member=binh)
    secretary = w.user("bithu-dong", "Bí thư Chi bộ Thôn Đông", "secretary", village)
    office = w.user("vanphong-xa", "Văn phòng Đảng ủy xã", "office", commune)
    inspector = w.user("ubkt-xa", "Ủy ban Kiểm tra Đảng ủy xã", "inspection", commune)

    # 1a. The cell's secretary schedules today's regular meeting.
    sign_in(driver, secretary)
    menu(driver, "Sinh hoạt chi bộ")
    title = f"Sinh hoạt thường kỳ Thôn Đông {w.suffix}"
    choose(driver, "organizationId", village)
    choose(driver, "kind", "regular")
    fill(driver, "title", title)
    fill(driver, "place", "Nhà văn hóa thôn Đông")
    follow(driver, driver.find_element(By.ID, "schedule-meeting"))
    assert absent(driver, By.CLASS_NAME, "field-error"), driver.find_element(By.ID, "meeting-form").text
    assert "Đã lên lịch cuộc họp." in flash(driver)
    assert driver.find_element(By.TAG_NAME, "h1").text == title
    assert driver.find_element(By.ID, "meeting-status").text == "Đã lên lịch"
    meeting_url = driver.current_url.split("?")[0]
    meeting_id = meeting_url.rsplit("/", 1)[1]

    # 1b. The commune's office assigns a committee member to follow the cell.
    sign_in(driver, office)
    menu(driver, "Sinh hoạt chi bộ")
    follow(driver, driver.find_element(By.LINK_TEXT, "Phân công theo dõi chi bộ"))
    choose(driver, "memberId", hoa)
    choose(driver, "organizationId", village)
    fill(driver, "note", "Theo dõi, dự sinh hoạt chi bộ hằng tháng")
    shot("meetings-01-follow-assignment")
    follow(driver, driver.find_element(By.ID, "assign-follower"))
    assert absent(driver, By.CLASS_NAME, "field-error"), driver.find_element(By.ID, "follow-form").text
    assert "Đã phân công theo dõi." in flash(driver)
    assert any(r[0] == "Nguyễn Thị Hoa" and r[1] == village_name for r in table_rows(driver, "follow-assignments").values())

    # 1c. The follower finds the meeting in her calendar and records that she attended.
    sign_in(driver, hoa_user)
    menu(driver, "Sinh hoạt chi bộ")
    followed = driver.find_element(By.ID, "followed")
    assert village_name in followed.text, followed.text
    follow(driver, followed.find_element(By.PARTIAL_LINK_TEXT, title))
    assert driver.current_url.split("?")[0] == meeting_url
    assert absent(driver, By.ID, "roll-form"), "a follower does not take the cell's roll"
    follow(driver, driver.find_element(By.ID, "record-follower"))
    assert "Đã ghi nhận người dự." in flash(driver)
    assert attendance(driver)["Nguyễn Thị Hoa"] == ["Có mặt", "", "Người theo dõi"], attendance(driver)
    assert absent(driver, By.ID, "record-follower"), "she is on the roll once"
    into_view(driver, driver.find_element(By.ID, "attendance"))
    shot("meetings-02-follower-attended")

    # 1d. The secretary takes the roll (one member away with a reason) and marks the meeting held.
    sign_in(driver, secretary)
    driver.get(meeting_url)
    choose(driver, f"s-{dung}", "excused")
    fill_reason = driver.find_element(By.NAME, f"reason_{dung}")
    fill_reason.clear()
    fill_reason.send_keys("Đi công tác")
    follow(driver, driver.find_element(By.ID, "save-roll"))
    assert "Đã lưu điểm danh." in flash(driver)
    roll = attendance(driver)
    assert roll["Phạm Thị Dung"] == ["Vắng có lý do", "Đi công tác", ""], roll
    assert roll["Nguyễn Thị Hoa"][2] == "Người theo dõi"
    assert "(6/7)" in driver.find_element(By.XPATH, "//h2[contains(., '(6/7)')]").text
    fill(driver, "durationMinutes", 120)
    fill(driver, "minutes", "Chi bộ thông qua tình hình tháng, kiểm điểm nghị quyết tháng trước, bàn nhiệm vụ tháng tới.")
    tick(driver, "minutesComplete")
    fill(driver, "conclusion", "Tập trung vận động bà con hoàn thành đường giao thông nông thôn.")
    for code in ["J1", "J2", "J3"]:
        tick(driver, f"judged_{code}")
    fill(driver, "taskTitle", "Vận động hiến đất làm đường")
    fill(driver, "taskOwner", "Lê Văn Cường")
    fill(driver, "taskDue", w.day(30))
    shot("meetings-03-mark-held")
    follow(driver, driver.find_element(By.ID, "mark-held"))
    assert absent(driver, By.CLASS_NAME, "field-error"), driver.find_element(By.TAG_NAME, "main").text
    assert "Đã ghi nhận cuộc họp và chấm điểm." in flash(driver)
    assert driver.find_element(By.ID, "meeting-status").text == "Đã họp"
    # 6/7 present (86%), nobody unexcused, 120 minutes, complete minutes: 50 automatic points, plus J1–J3: 35.
    assert driver.find_element(By.ID, "meeting-score").text == "85"
    assert driver.find_element(By.ID, "meeting-level").text == "Tốt"
    quality = driver.find_element(By.ID, "meeting-quality").text
    assert "86%" in quality and "120" in quality, quality
    assert "Vận động hiến đất làm đường" in driver.find_element(By.ID, "meeting-tasks").text
    shot("meetings-04-scored")

    # 2a. The commune's office opens a survey round over the commune and assigns the follower to observe the cell.
    survey_title = f"Khảo sát chất lượng sinh hoạt chi bộ năm {w.year} – {w.suffix}"
    sign_in(driver, office)
    driver.get(BASE + "/khao-sat")
    choose(driver, "organizationId", commune)
    fill(driver, "year", w.year)
    fill(driver, "title", survey_title)
    follow(driver, driver.find_element(By.ID, "open-survey"))
    assert absent(driver, By.CLASS_NAME, "field-error"), driver.find_element(By.TAG_NAME, "main").text
    assert driver.find_element(By.ID, "survey-title").text == survey_title
    assert driver.find_element(By.ID, "total-cells").text == "2"
    round_id = driver.current_url.split("/khao-sat/")[1].split("?")[0]
    fill(driver, "username", hoa_user)
    choose(driver, "assign-unit", village)
    follow(driver, driver.find_element(By.ID, "assign-observer"))
    assert "Đã phân công người khảo sát." in flash(driver)
    # The agency cell is observed by the office itself, through the API.
    office_token = token_of(office)
    api("POST", f"/api/v1/surveys/{round_id}/observers", {"userId": w.ids[office], "organizationIds": [office_cell]}, token=office_token)
    api("POST", f"/api/v1/surveys/{round_id}/evaluations", {
        "organizationId": office_cell, "observedOn": w.day(), "scores": SURVEY_FAIR,
        "goodPractices": "Đảng viên phát biểu sôi nổi", "weaknesses": "Chưa chuẩn bị kỹ nội dung chuyên đề"}, token=office_token)

    # 2b. The observer fills the evaluation form for her cell on her phone.
    sign_in(driver, hoa_user)
    driver.get(BASE + "/khao-sat")
    follow(driver, driver.find_element(By.LINK_TEXT, survey_title))
    mine = driver.find_element(By.ID, "my-cells")
    assert village_name in mine.text and office_cell_name not in mine.text, mine.text
    follow(driver, mine.find_element(By.LINK_TEXT, village_name))
    assert village_name in driver.find_element(By.ID, "survey-cell").text
    fill(driver, "meetingId", meeting_id)
    for code, points in SURVEY_GOOD.items():
        fill(driver, f"score_{code}", points)
    fill(driver, "goodPractices", "Chuẩn bị nội dung chu đáo, đúng trình tự")
    fill(driver, "weaknesses", "Còn ít đảng viên trẻ phát biểu")
    shot("meetings-05-survey-form")
    follow(driver, driver.find_element(By.ID, "save-survey"))
    assert absent(driver, By.CLASS_NAME, "field-error"), driver.find_element(By.ID, "survey-form").text
    assert "Đã lưu." in flash(driver)
    current = driver.find_element(By.ID, "survey-current").text
    assert "Tốt" in current and "94" in current, current

    # 2c. The office reads the results aggregated by sector.
    sign_in(driver, office)
    driver.get(BASE + f"/khao-sat/{round_id}")
    assert commune_name in driver.find_element(By.ID, "survey-unit").text
    sectors = table_rows(driver, "by-sector")
    # Sector, cells, evaluated, good, fair, average, weak, average points.
    assert sectors["Khu dân cư"][1:7] == ["1", "1", "1 (100%)", "0 (0%)", "0 (0%)", "0 (0%)"], sectors
    assert sectors["Cơ quan"][1:7] == ["1", "1", "0 (0%)", "1 (100%)", "0 (0%)", "0 (0%)"], sectors
    assert driver.find_element(By.ID, "total-evaluated").text == "2"
    total = cells_of(driver.find_element(By.CSS_SELECTOR, "#by-sector tr.total"))
    assert total[3:5] == ["1 (50%)", "1 (50%)"], total
    chart = driver.find_element(By.ID, "chart-sectors")
    assert len(chart.find_elements(By.TAG_NAME, "rect")) == 2
    texts = driver.find_element(By.ID, "survey-texts").text
    assert "Chuẩn bị nội dung chu đáo" in texts and "Chưa chuẩn bị kỹ nội dung chuyên đề" in texts, texts
    into_view(driver, driver.find_element(By.ID, "by-sector"))
    shot("meetings-06-survey-by-sector")

    # 3. The commune's inspection committee inspects a member, concludes and decides a warning.
    sign_in(driver, binh_user)
    assert absent(driver, By.LINK_TEXT, "Kiểm tra, giám sát"), "inspection is for inspection roles only"
    sign_in(driver, inspector)
    menu(driver, "Kiểm tra, giám sát")
    inspection_title = f"Kiểm tra đảng viên Trần Văn Bình khi có dấu hiệu vi phạm {w.suffix}"
    choose(driver, "organizationId", commune)
    choose(driver, "kind", "signsOfViolation")
    fill(driver, "title", inspection_title)
    fill(driver, "subjectMemberId", binh)
    fill(driver, "team", "Đồng chí Chủ nhiệm Ủy ban Kiểm tra và hai ủy viên")
    fill(driver, "startsOn", w.day())
    fill(driver, "endsOn", w.day(30))
    shot("meetings-07-open-inspection")
    follow(driver, driver.find_element(By.ID, "open-inspection"))
    assert absent(driver, By.CLASS_NAME, "field-error"), driver.find_element(By.ID, "inspection-form").text
    assert driver.find_element(By.ID, "inspection-title").text == inspection_title
    inspection_url = driver.current_url.split("?")[0]
    assert driver.find_element(By.ID, "inspection-subject").text == "Trần Văn Bình"
    assert driver.find_element(By.ID, "inspection-status").text == "Đang tiến hành"
    fill(driver, "step-text", "Làm việc với đảng viên và chi bộ Thôn Đông")
    follow(driver, driver.find_element(By.ID, "save-step"))
    assert "Làm việc với đảng viên và chi bộ Thôn Đông" in driver.find_element(By.ID, "steps").text
    fill(driver, "findings-text", "Đảng viên vi phạm quy định về những điều đảng viên không được làm khi xây nhà trên đất nông nghiệp.")
    follow(driver, driver.find_element(By.ID, "save-findings"))
    assert driver.find_element(By.ID, "inspection-status").text == "Đã có kết quả thẩm tra"
    fill(driver, "conclusion-text", "Vi phạm đến mức phải xem xét, thi hành kỷ luật; đề nghị hình thức cảnh cáo.")
    follow(driver, driver.find_element(By.ID, "save-conclusion"))
    assert absent(driver, By.ID, "inspection-errors"), driver.find_element(By.ID, "inspection-errors").text
    assert driver.find_element(By.ID, "inspection-status").text == "Đã kết luận"
    assert "cảnh cáo" in driver.find_element(By.ID, "conclusion").text
    choose(driver, "form", "warning")
    fill(driver, "offenceOn", w.day(-40))
    fill(driver, "reason", "Xây nhà trên đất nông nghiệp trái quy định")
    follow(driver, driver.find_element(By.ID, "propose"))
    assert absent(driver, By.ID, "inspection-errors"), driver.find_element(By.ID, "inspection-errors").text
    proposal = driver.find_element(By.CSS_SELECTOR, "section.discipline")
    assert "Cảnh cáo" in proposal.text and "Trần Văn Bình" in proposal.text, proposal.text
    decision = proposal.get_attribute("id").removeprefix("discipline-")
    Select(driver.find_element(By.ID, f"body-{decision}")).select_by_visible_text(village_name)
    fill(driver, f"decided-{decision}", w.day())
    shot("meetings-08-decide-warning")
    follow(driver, proposal.find_element(By.CSS_SELECTOR, ".decide-form button[type=submit]"))
    assert absent(driver, By.ID, "inspection-errors"), driver.find_element(By.ID, "inspection-errors").text
    decided = driver.find_element(By.ID, f"discipline-{decision}")
    assert "Cảnh cáo" in decided.text, decided.text
    # Decided: no decision form any more; a complaint can now be filed against it.
    assert absent(driver, By.CSS_SELECTOR, f"#discipline-{decision} .decide-form")
    assert decided.find_element(By.ID, f"filed-{decision}").is_displayed()
    into_view(driver, driver.find_element(By.ID, f"discipline-{decision}"))
    shot("meetings-09-warning-decided")

    # 4. A review round opens over the commune; the warned member cannot rate herself above "not fulfilled".
    review_title = f"Đánh giá, xếp loại chất lượng năm {w.year} – {w.suffix}"
    api("POST", "/api/v1/review-rounds", {
        "organizationId": commune, "year": w.year, "period": "year", "title": review_title, "selfFrom": f"01/11/{w.year}",
        "selfTo": f"30/11/{w.year}", "unitReviewBy": f"10/12/{w.year}", "decisionBy": f"31/12/{w.year}"}, token=w.admin)
    sign_in(driver, binh_user)
    driver.get(inspection_url)
    assert absent(driver, By.ID, "inspection-title"), "inspection material is for the inspection committee only"
    driver.get(BASE + "/")
    menu(driver, "Đánh giá, xếp loại")
    follow(driver, driver.find_element(By.LINK_TEXT, review_title))
    follow(driver, driver.find_element(By.ID, "my-self"))
    assert "Trần Văn Bình" in driver.find_element(By.TAG_NAME, "h1").text
    assert driver.find_element(By.ID, "self-disciplined").is_displayed()
    for code, points in REVIEW_SCORES.items():
        fill(driver, f"score_{code}", points)
    fill(driver, "tasks", 10)
    fill(driver, "tasksOnTime", 9)
    fill(driver, "tasksBeyond", 0)
    fill(driver, "note", "Chấp hành quyết định kỷ luật, đã khắc phục vi phạm")
    choose(driver, "level", "good")
    follow(driver, driver.find_element(By.ID, "save-self"))
    error = driver.find_element(By.ID, "level-error").text
    assert "R-EVAL" not in error and "Không hoàn thành nhiệm vụ" in error, error
    into_view(driver, driver.find_element(By.ID, "level-error"))
    shot("meetings-10-review-capped")
    choose(driver, "level", "notFulfilled")
    follow(driver, driver.find_element(By.ID, "save-self"))
    assert absent(driver, By.ID, "level-error")
    assert "Đã lưu." in flash(driver)
    assert Select(driver.find_element(By.ID, "level")).first_selected_option.get_attribute("value") == "notFulfilled"
    shot("meetings-11-review-saved")
