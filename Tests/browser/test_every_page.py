"""Issue 17 ("done when"): every page, at a true 360 px phone viewport and
at 1,366 px, signed in as each role that uses it, neither scrolls sideways
nor has a serious or critical accessibility violation (axe-core).

"Every page" is found, not listed: each role starts at its home and
follows every link of its own pages (breadth first; one page per route,
ids and query strings set aside), so a page added to the app is visited
as soon as something links to it. Downloads, the language switch and
sign-out are not pages. Before the walk, a meeting, an inspection and a
survey are made through the API, so their pages have something to show.

The widths of every page are written to CAPUY_SCREENSHOTS/page-widths.json
(for the closing note's before-and-after table)."""
import datetime
import json
import os
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from selenium_axe_python import Axe
from selenium.webdriver.common.by import By

from conftest import BASE, PASSWORD, SHOTS, api, emulate_phone, make_driver, sign_in, token_of

WIDTHS = [360, 1366]
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
NOT_PAGES = re.compile(r"\.(xlsx|docx|csv|json|pdf)$|/ngon-ngu/|/dang-xuat|/dinh-kem/|^/api/|^/openapi")
SERIOUS = {"serious", "critical"}
LIMIT = 150


YEAR = re.compile(r"/(19|20)\d\d(?=/|$)")


def route(path):
    """The route a path belongs to: ids and years set aside (a pledge page links every year's)."""
    return YEAR.sub("/:year", UUID.sub(":id", path))


class World:
    """Accounts for each role on one of the demo's cells, and one meeting,
    inspection and survey there, made through the JSON API."""

    def __init__(self):
        admin = token_of("admin")
        suffix = uuid.uuid4().hex[:6]
        cells = api("GET", "/api/v1/organizations?kind=cell", token=admin)
        cell = next(c for c in cells if api("GET", f"/api/v1/members?organizationId={c['id']}&per=1", token=admin)["items"])
        member = api("GET", f"/api/v1/members?organizationId={cell['id']}&per=1", token=admin)["items"][0]
        province = next(o for o in api("GET", "/api/v1/organizations?kind=provincialCommittee", token=admin)
                        if o["name"] == "Đảng bộ tỉnh Quảng Trị")
        commune = cell["parentId"]

        def user(role, unit, member_id=None):
            body = {"username": f"{role}-{suffix}", "displayName": f"{role} {suffix}", "password": PASSWORD,
                    "role": role, "organizationId": unit}
            if member_id:
                body["memberId"] = member_id
            return api("POST", "/api/v1/users", body, token=admin)["username"]

        self.roles = {
            "admin": "admin",
            "office": user("office", province["id"]),
            "inspection": user("inspection", commune),
            "secretary": user("secretary", cell["id"]),
            "member": user("member", cell["id"], member["id"]),
        }
        # The server's day, in Asia/Ho_Chi_Minh: after 17:00 UTC the UTC date is yesterday there.
        today = datetime.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
        api("POST", "/api/v1/meetings", {"organizationId": cell["id"], "kind": "regular", "heldOn": today.strftime("%d/%m/%Y"),
                                         "startsAt": "19:30", "title": f"Sinh hoạt thường kỳ {suffix}", "place": "Hội trường"}, token=admin)
        api("POST", "/api/v1/inspections", {"organizationId": commune, "kind": "regularSupervision", "title": f"Giám sát thường xuyên {suffix}",
                                            "startsOn": today.strftime("%d/%m/%Y"),
                                            "endsOn": (today + datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
                                            "subjectOrganizationId": cell["id"]}, token=admin)
        api("POST", "/api/v1/surveys", {"organizationId": commune, "year": today.year, "title": f"Khảo sát chất lượng {suffix}"}, token=admin)


@pytest.fixture(scope="module")
def world():
    return World()


def page_links(driver):
    hrefs = driver.execute_script(
        "return Array.from(document.querySelectorAll('a[href^=\"/\"]'), a => a.getAttribute('href'))")
    return [h.split("#")[0] for h in hrefs if h.split("#")[0] and not NOT_PAGES.search(h.split("?")[0])]


def walk(driver, start, check):
    """Visits `start` and every page linked from the pages visited, one per route."""
    seen, queue = set(), [start]
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        key = route(url.split("?")[0])
        if key in seen:
            continue
        seen.add(key)
        driver.get(BASE + url)
        check(key)
        queue += [h for h in page_links(driver) if route(h.split("?")[0]) not in seen]
    return seen


def scroll_width(driver):
    return driver.execute_script("return document.documentElement.scrollWidth")


def serious_violations(driver):
    axe = Axe(driver)
    axe.inject()
    found = axe.run()["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in found if v.get("impact") in SERIOUS]


# Routes already checked by axe in this run (it is slow: each route once, on the phone).
AXED = set()
WIDTHS_SEEN = {}


@pytest.mark.parametrize("width", WIDTHS, ids=["phone-360", "desktop-1366"])
@pytest.mark.parametrize("role", ["admin", "office", "inspection", "secretary", "member", "citizen"])
def test_every_page_fits_and_has_no_serious_violation(world, role, width):
    driver = make_driver(max(width, 500), 800)
    problems = []
    try:
        if width < 500:
            emulate_phone(driver, width, 800)
        if role != "citizen":
            sign_in(driver, world.roles[role])

        def check(key):
            w = scroll_width(driver)
            WIDTHS_SEEN.setdefault(key, {})[str(width)] = max(w, WIDTHS_SEEN.get(key, {}).get(str(width), 0))
            if w > width:
                problems.append(f"{key} as {role}: {w} px wide at {width} px")
            if width == WIDTHS[0] and key not in AXED:
                AXED.add(key)
                problems.extend(f"{key} as {role}: {v}" for v in serious_violations(driver))

        seen = walk(driver, "/cong-dan" if role == "citizen" else "/", check)
        # A role that sees nothing but its home would pass for the wrong reason.
        assert len(seen) >= (4 if role == "citizen" else 8), sorted(seen)
        assert len(seen) < LIMIT, f"the walk stopped at {LIMIT} routes: raise LIMIT"
    finally:
        driver.quit()
        os.makedirs(SHOTS, exist_ok=True)
        with open(os.path.join(SHOTS, "page-widths.json"), "w") as f:
            json.dump(WIDTHS_SEEN, f, ensure_ascii=False, indent=1, sort_keys=True)
    assert not problems, "\n".join(problems)
