"""Browser tests run against a live `capuy serve --demo` (started by .ci/run or scripts/browser-tests).

CAPUY_BASE_URL names the server; CAPUY_ADMIN_PASSWORD the demo admin's password.
Screenshots of every step land in CAPUY_SCREENSHOTS (default: .build-screenshots/).
"""
import json
import os
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("CAPUY_BASE_URL", "http://127.0.0.1:8080")
PASSWORD = os.environ.get("CAPUY_ADMIN_PASSWORD", "")
SHOTS = os.environ.get("CAPUY_SCREENSHOTS", ".build-screenshots")


def make_driver(width, height):
    o = Options()
    o.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}", "--lang=vi"]:
        o.add_argument(a)
    # The driver path is given explicitly: selenium must not try to download one.
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.implicitly_wait(5)
    return d


def emulate_phone(driver, width, height):
    """A true phone viewport: headless Chromium will not size a window below
    500 px, so the phone runs used to be 500 px wide. DevTools' device
    emulation gives the real width, a touch screen and a 2x display."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})


@pytest.fixture(params=[(390, 844), (1280, 900)], ids=["phone", "desktop"])
def driver(request):
    width, height = request.param
    d = make_driver(max(width, 500), height)
    if width < 500:
        emulate_phone(d, width, height)
    d.capuy_width = width
    yield d
    d.quit()


@pytest.fixture
def shot(driver):
    os.makedirs(SHOTS, exist_ok=True)

    def take(name):
        driver.save_screenshot(os.path.join(SHOTS, f"{name}-{driver.capuy_width}.png"))
    return take


def follow(driver, element):
    """Clicks a link or submit button and waits until the next page has replaced
    this one and finished loading. Without the wait, a lookup right after the
    click can still find the old page's element, which then goes stale
    mid-read (a flaky failure)."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 15).until(_detached(old))
    WebDriverWait(driver, 15).until(_loaded)


def _detached(old):
    # Chromium reports a node of a page being replaced either as stale or as
    # "Node with given id does not belong to the document": both mean gone.
    def check(_):
        try:
            old.tag_name
            return False
        except WebDriverException:
            return True
    return check


def _loaded(driver):
    try:
        return driver.execute_script("return document.readyState") == "complete"
    except WebDriverException:
        return False


# Shared by the feature tests: the JSON API for set-up, and page helpers.

def api(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req) as res:
            return json.load(res)
    except urllib.error.HTTPError as e:
        raise AssertionError(f"{method} {path}: {e.code} {e.read().decode()}") from None


def token_of(username):
    return api("POST", "/api/v1/sessions", {"username": username, "password": PASSWORD})["token"]


def fill(driver, field, value):
    box = driver.find_element(By.ID, field)
    box.clear()
    box.send_keys(str(value))


def sign_in(driver, username):
    driver.delete_all_cookies()
    driver.get(BASE + "/dang-nhap")
    fill(driver, "username", username)
    fill(driver, "password", PASSWORD)
    follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "/dang-nhap" not in driver.current_url, f"{username} could not sign in"


def menu(driver, label):
    """Follows a link of the menu, opening it first as a person on a phone
    must: the menu is a <details> that stays closed below 900 px."""
    box = driver.find_element(By.ID, "menu")
    if box.get_attribute("open") is None:
        box.find_element(By.TAG_NAME, "summary").click()
    follow(driver, box.find_element(By.LINK_TEXT, label))


def absent(driver, by, value):
    """True when the page has no such element, without the implicit wait."""
    driver.implicitly_wait(0)
    try:
        return not driver.find_elements(by, value)
    finally:
        driver.implicitly_wait(5)


def flash(driver):
    return driver.find_element(By.CLASS_NAME, "flash").text
