"""Times the roll-up as a signed-in user gets it: usage BASE USER PASSWORD DOCUMENT_ID."""
import http.cookiejar
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request

base, user, password, doc = sys.argv[1:5]
jar = http.cookiejar.CookieJar()
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
web.open(base + "/dang-nhap").read()
csrf = next(c.value for c in jar if c.name == "capuy_csrf")
form = urllib.parse.urlencode({"username": user, "password": password, "_csrf": csrf}).encode()
web.open(base + "/dang-nhap", data=form).read()

req = urllib.request.Request(base + "/api/v1/sessions", data=json.dumps({"username": user, "password": password}).encode(),
                             headers={"Content-Type": "application/json"})
token = json.load(urllib.request.urlopen(req))["token"]


def timed(label, fetch, runs=200):
    fetch()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fetch()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"{label}: p50 {statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95)]:.1f} ms over {runs} requests")


def page(query=""):
    def get():
        body = web.open(f"{base}/van-ban/{doc}{query}").read()
        assert b'id="rollup"' in body
    return get


def api(query=""):
    def get():
        r = urllib.request.Request(f"{base}/api/v1/documents/{doc}/rollup{query}", headers={"Authorization": f"Bearer {token}"})
        json.load(urllib.request.urlopen(r))
    return get


timed("document page with roll-up (HTML)", page())
timed("document page, whole cascade (HTML)", page("?chuoi=true"))
timed("roll-up API", api())
