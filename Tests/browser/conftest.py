"""Browser tests run against a live `capuy serve --demo` (started by .ci/run or scripts/browser-tests).

CAPUY_BASE_URL names the server; CAPUY_ADMIN_PASSWORD the demo admin's password.
Screenshots of every step land in CAPUY_SCREENSHOTS (default: .build-screenshots/).
"""
import os
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


@pytest.fixture(params=[(390, 844), (1280, 900)], ids=["phone", "desktop"])
def driver(request):
    d = make_driver(*request.param)
    d.capuy_width = request.param[0]
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
