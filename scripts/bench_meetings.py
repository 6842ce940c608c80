"""Driver of scripts/bench-meetings: a cell of 60 members with a held, scored
meeting (every member on the roll), then its page timed with wrk on one
connection (issue 6: under 30 ms)."""
import http.cookiejar, json, subprocess, sys, urllib.parse, urllib.request

BASE, PASSWORD, SECONDS = sys.argv[1], sys.argv[2], sys.argv[3]


def api(method, path, token, body=None):
    req = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(req))


def main():
    token = json.load(urllib.request.urlopen(urllib.request.Request(
        BASE + "/api/v1/sessions", data=json.dumps({"username": "admin", "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"})))["token"]
    province = api("GET", "/api/v1/organizations?kind=provincialCommittee", token)[0]
    cell = api("POST", "/api/v1/organizations", token, {"parentId": province["id"], "name": "Chi bộ Đo hiệu năng sinh hoạt",
                                                        "kind": "grassrootsCell", "sector": "residential"})
    given = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Phúc", "Quân"]
    family = ["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn"]
    members = [api("POST", "/api/v1/members", token, {
        "fullName": f"{family[i % 5]} {given[i % 12]} {given[(i // 12) % 12]}", "birthDate": "15/03/1975", "gender": "male" if i % 2 else "female",
        "ethnicity": "Kinh", "admissionDate": "03/02/2000", "officialDate": "03/02/2001", "organizationId": cell["id"]})["id"] for i in range(60)]
    today = subprocess.run(["date", "+%d/%m/%Y"], capture_output=True, text=True).stdout.strip()
    meeting = api("POST", "/api/v1/meetings", token, {"organizationId": cell["id"], "kind": "regular", "heldOn": today, "startsAt": "00:00"})
    api("PUT", f"/api/v1/meetings/{meeting['id']}/attendance", token,
        {"lines": [{"memberId": m, "status": "present" if i % 20 else "excused", "reason": None if i % 20 else "Đi công tác"} for i, m in enumerate(members)]})
    api("POST", f"/api/v1/meetings/{meeting['id']}/held", token, {"durationMinutes": 120, "minutes": "Biên bản đầy đủ.", "minutesComplete": True,
                                                                  "conclusion": "Chi bộ thống nhất nghị quyết tháng."})
    jar = http.cookiejar.CookieJar()
    web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    web.open(BASE + "/dang-nhap").read()
    csrf = next(c.value for c in jar if c.name == "capuy_csrf")
    web.open(BASE + "/dang-nhap", data=urllib.parse.urlencode({"username": "admin", "password": PASSWORD, "_csrf": csrf}).encode()).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    path = f"/sinh-hoat/{meeting['id']}"
    page = urllib.request.urlopen(urllib.request.Request(BASE + path, headers={"Cookie": cookie})).read().decode()
    if "Nguyễn Văn" not in page and "Lê Văn" not in page:
        sys.exit("bench-meetings: the meeting page does not list the roll")
    out = subprocess.run(["wrk", "-t1", "-c1", f"-d{SECONDS}s", "-s", "scripts/bench_wrk.lua", "-H", f"Cookie: {cookie}", BASE + path],
                         capture_output=True, text=True, check=True).stdout
    figures = json.loads(next(l for l in out.splitlines() if l.startswith("WRK "))[4:])
    print(f"meeting page, 60 on the roll: p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms, p99 {figures['p99']:.1f} ms, "
          f"{figures['rps']:.0f} requests/s on one connection, {figures['errors']} errors (target: under 30 ms)")


main()
