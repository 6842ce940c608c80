"""Driver of scripts/bench (see its usage line): every scenario of issue 7
beside its limit, measured in the same run, so each figure is also a ratio
that holds on a noisy machine. Writes bench/results.json."""
import argparse
import csv
import http.cookiejar
import json
import os
import shutil
import signal
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
import portal_load  # noqa: E402
import bench_cursor  # noqa: E402

BIN = os.environ.get("CAPUY_BENCH_BIN", ".build/release/capuy")
PASSWORD = "bench-password-2026"
KEY = "bench/bench.key"
PORT = int(os.environ.get("CAPUY_BENCH_PORT", "8290"))
BASE = f"http://127.0.0.1:{PORT}"
results = {"scenarios": []}


def env_for(db):
    return dict(os.environ, CAPUY_DATABASE_URL=f"sqlite://{os.path.abspath(db)}", CAPUY_DATA_KEY_FILE=os.path.abspath(KEY),
                CAPUY_ADMIN_PASSWORD=PASSWORD, CAPUY_TRUST_PROXY="true", CAPUY_PORTAL_SUBMITS_PER_HOUR="100000")


def timed(args, env=None):
    """Runs a command; returns (seconds, peak resident KB, stdout)."""
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "PEAK %M"] + args, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(args)} failed:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    peak = next((int(l.split()[1]) for l in p.stderr.splitlines() if l.startswith("PEAK ")), 0)
    return seconds, peak, p.stdout


def remove_db(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def checkpoint(path):
    subprocess.run(["sqlite3", path, "PRAGMA wal_checkpoint(TRUNCATE);"], check=True, capture_output=True)


def dataset(scale, seed, fresh, members=True):
    path = f"bench/{scale}-{seed}{'' if members else '-tree'}.sqlite"
    if fresh or not os.path.exists(path):
        remove_db(path)
        args = [BIN, "generate", "--scale", scale, "--seed", str(seed)] + ([] if members else ["--without-members"])
        print(f"== generate {scale} (seed {seed}{'' if members else ', tree only'})", flush=True)
        seconds, peak, out = timed(args, env_for(path))
        print(out.strip().splitlines()[-1])
        if members:
            results["generate"] = generation(scale, seconds, peak, out)
            print(phase_line(results["generate"]))
            v_seconds, v_peak, v_out = timed([BIN, "rollups", "verify"], env_for(path))
            print(v_out.strip())
            results["rollupsVerify"] = {"seconds": round(v_seconds, 1), "peakMB": v_peak // 1024, "output": v_out.strip()}
        checkpoint(path)
    return path


def phases(out):
    """The "phase NAME: S s" lines that capuy generate prints, in order."""
    found = {}
    for line in out.splitlines():
        # "phase ratings: 80.3 s (peak 512 MB)"
        if line.startswith("phase ") and ": " in line:
            name, rest = line[len("phase "):].rsplit(": ", 1)
            found[name] = float(rest.split(" s", 1)[0])
    return found


def generation(scale, seconds, peak, out):
    return {"scale": scale, "seconds": round(seconds, 1), "peakMB": peak // 1024, "phases": phases(out),
            "summary": out.strip().splitlines()[-1]}


def phase_line(g):
    return "phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in g["phases"].items())


def postgres_generation(url, scale, seed):
    """With a PostgreSQL URL: the whole dataset generated there, phase by phase."""
    env = dict(env_for("unused"), CAPUY_DATABASE_URL=url)
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
                   check=True, capture_output=True)
    print(f"== generate {scale} on PostgreSQL", flush=True)
    seconds, peak, out = timed([BIN, "generate", "--scale", scale, "--seed", str(seed)], env)
    results["generatePostgres"] = generation(scale, seconds, peak, out)
    print(out.strip().splitlines()[-1])
    print(phase_line(results["generatePostgres"]))


def scenario(name, figure, unit, limit, ok, detail=""):
    results["scenarios"].append({"name": name, "figure": figure, "unit": unit, "limit": limit, "met": ok, "detail": detail})
    print(f"   {name}: {figure} {unit} (limit {limit}: {'met' if ok else 'MISSED'}) {detail}", flush=True)


# MARK: import

def make_csv(db, out, limit=None):
    if os.path.exists(out):
        return
    con = sqlite3.connect(db)
    q = ("SELECT m.full_name, m.birth_date, m.gender, m.ethnicity, m.party_card_number, m.admission_date, m.official_date, o.code "
         "FROM members m JOIN organizations o ON o.id = m.organization_id ORDER BY m.rowid")
    if limit:
        q += f" LIMIT {limit}"
    vn = lambda iso: f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}" if iso else ""
    with open(out + ".part", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số thẻ đảng", "Ngày vào Đảng", "Ngày chính thức", "Chi bộ"])
        for name, birth, gender, ethnicity, card, admitted, official, code in con.execute(q):
            w.writerow([name, vn(birth), "Nữ" if gender == "female" else "Nam", ethnicity, card or "", vn(admitted), vn(official), code])
    os.rename(out + ".part", out)


RAW_COLUMNS = ("full_name TEXT, birth_date TEXT, gender TEXT, ethnicity TEXT, party_card_number TEXT, "
               "admission_date TEXT, official_date TEXT, unit TEXT")
MEMBER_COLUMNS = ("id, party_card_number, full_name, name_folded, sort_key, birth_date, gender, ethnicity, admission_date, "
                  "official_date, status, organization_id, organization_path, created_at, updated_at")


def raw_move(new_id, now, target="members"):
    """The limit's second step: the staged file into the members table (with
    its indexes), the unit found by code, the computed columns given the raw name."""
    return (f"INSERT INTO {target} ({MEMBER_COLUMNS}) SELECT {new_id}, NULLIF(r.party_card_number, ''), r.full_name, r.full_name, "
            f"r.full_name, r.birth_date, r.gender, r.ethnicity, r.admission_date, NULLIF(r.official_date, ''), 'full', o.id, o.path, "
            f"{now}, {now} FROM members_raw r JOIN organizations o ON o.code = r.unit;")


def copy_members_table(db):
    """members_copy: the members table's columns, keys and indexes, without the
    search index's triggers (Debian's sqlite3 3.40 cannot write an FTS5 table
    with contentless_delete, so the limit leaves the trigram index out: a
    stricter limit than capuy's own import meets)."""
    con = sqlite3.connect(db)
    rows = con.execute("SELECT type, sql FROM sqlite_master WHERE tbl_name = 'members' AND type IN ('table', 'index') "
                       "AND sql IS NOT NULL").fetchall()
    for _, ddl in sorted(rows, key=lambda r: r[0] != "table"):
        ddl = re.sub(r'^CREATE TABLE "members"', 'CREATE TABLE "members_copy"', ddl)
        ddl = re.sub(r'^CREATE INDEX "?(\w+)"? ON "?members"?\s*\(', r'CREATE INDEX "\1_copy" ON "members_copy" (', ddl)
        con.execute(ddl)
    con.commit()
    con.close()


def import_scenario(label, tree_db, csv_path):
    """capuy's import against the issue's limit: sqlite3 loads the same file
    into a staging table, then one INSERT … SELECT moves it into a copy of
    capuy's members table with the same indexes."""
    rows = sum(1 for _ in open(csv_path, encoding="utf-8")) - 1
    target = "bench/tmp-import.sqlite"
    remove_db(target)
    shutil.copy(tree_db, target)
    seconds, peak, _ = timed([BIN, "import", "members", csv_path], env_for(target))
    remove_db(target)
    raw = "bench/tmp-raw.sqlite"
    remove_db(raw)
    shutil.copy(tree_db, raw)
    copy_members_table(raw)
    script = (f"CREATE TABLE members_raw ({RAW_COLUMNS});\n.import --csv --skip 1 {csv_path} members_raw\n"
              + raw_move("lower(hex(randomblob(16))) || '-' || r.rowid", "0", target="members_copy") + "\n")
    start = time.perf_counter()
    subprocess.run(["sqlite3", "-bail", raw], input=script, text=True, check=True, capture_output=True)
    raw_seconds = time.perf_counter() - start
    remove_db(raw)
    rate, raw_rate = rows / seconds, rows / raw_seconds
    scenario(f"import, {label} ({rows:,} rows)", round(100 * rate / raw_rate, 1), "% of sqlite3 .import + INSERT…SELECT", "≥ 50",
             rate >= raw_rate / 2, f"capuy {rate:,.0f} rows/s ({seconds:.1f} s, peak {peak // 1024} MB); "
             f"sqlite3 {raw_rate:,.0f} rows/s ({raw_seconds:.1f} s)")
    scenario(f"import memory, {label}", peak // 1024, "MB peak", "< 256", peak // 1024 < 256)


def postgres_import_scenario(url, scale, seed, csv_path):
    """With a PostgreSQL URL: capuy's import into a generated tree there, against
    psql's COPY of the same file into a staging table, then INSERT … SELECT
    into a copy of the members table with its indexes."""
    rows = sum(1 for _ in open(csv_path, encoding="utf-8")) - 1
    env = dict(env_for("unused"), CAPUY_DATABASE_URL=url)
    psql = ["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c"]
    # A clean schema each run: the tree is generated into it, then the file imported.
    subprocess.run(psql + ["DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True, capture_output=True)
    timed([BIN, "generate", "--scale", scale, "--seed", str(seed), "--without-members"], env)
    seconds, peak, _ = timed([BIN, "import", "members", csv_path], env)
    subprocess.run(psql + [f"CREATE TABLE members_raw ({RAW_COLUMNS}); "
                           "CREATE TABLE members_copy (LIKE members INCLUDING ALL);"], check=True, capture_output=True)
    copy_seconds, _, _ = timed(psql + [f"\\copy members_raw FROM '{os.path.abspath(csv_path)}' WITH (FORMAT csv, HEADER true)"])
    move_seconds, _, _ = timed(psql + [raw_move("gen_random_uuid()", "now()", target="members_copy")])
    raw_seconds = copy_seconds + move_seconds
    rate, raw_rate = rows / seconds, rows / raw_seconds
    scenario(f"import on PostgreSQL ({rows:,} rows)", round(100 * rate / raw_rate, 1), "% of COPY + INSERT…SELECT", "≥ 50",
             rate >= raw_rate / 2, f"capuy {rate:,.0f} rows/s ({seconds:.1f} s, peak {peak // 1024} MB); "
             f"psql {raw_rate:,.0f} rows/s (COPY {copy_seconds:.1f} s + move {move_seconds:.1f} s)")


# MARK: server

def sign_in():
    jar = http.cookiejar.CookieJar()
    web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    web.open(BASE + "/dang-nhap").read()
    csrf = next(c.value for c in jar if c.name == "capuy_csrf")
    web.open(BASE + "/dang-nhap", data=urllib.parse.urlencode({"username": "admin", "password": PASSWORD, "_csrf": csrf}).encode()).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    req = urllib.request.Request(BASE + "/api/v1/sessions", data=json.dumps({"username": "admin", "password": PASSWORD}).encode(),
                                 headers={"Content-Type": "application/json"})
    return cookie, json.load(urllib.request.urlopen(req))["token"]


def wrk(path, header, marker, seconds, connections=8):
    req = urllib.request.Request(BASE + path, headers=dict([header.split(": ", 1)]) if header else {})
    body = urllib.request.urlopen(req).read()
    if marker.encode() not in body:
        sys.exit(f"bench: {path} answered without {marker!r}")
    args = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "-s", "scripts/bench_wrk.lua"] + (["-H", header] if header else []) + [BASE + path]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("WRK "))
    figures = json.loads(line[4:])
    if figures["errors"]:
        sys.exit(f"bench: {path}: {figures['errors']} errors under load")
    return figures


def api_call(method, path, token, body=None):
    req = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))


def bench_document(token, province, db):
    """A province's resolution, issued in its 2025-2030 term, with a task for
    each of its communes: the national dataset holds no documents of its own.
    Made once per dataset and found again by its title."""
    title = "Nghị quyết về công tác xây dựng Đảng (bench)"
    found = sqlite3.connect(db).execute("SELECT id FROM documents WHERE title = ? AND issuer_id = ?", (title, province)).fetchone()
    if found:
        return found[0]
    api_call("POST", "/api/v1/terms", token, {"organizationId": province, "startsOn": "01/10/2025", "endsOn": "30/09/2030"})
    doc_type = api_call("GET", "/api/v1/document-types", token)[0]["code"]
    doc = api_call("POST", "/api/v1/documents", token, {"type": doc_type, "issuerId": province, "title": title})
    api_call("POST", f"/api/v1/documents/{doc['id']}/issue", token, {"issuedOn": time.strftime("%d/%m/%Y")})
    api_call("POST", f"/api/v1/documents/{doc['id']}/tasks", token,
             {"title": "Tổ chức quán triệt nghị quyết", "deadline": time.strftime("%d/%m/%Y", time.localtime(time.time() + 30 * 86400)),
              "targets": {"under": province, "kind": "communeCommittee"}})
    return doc["id"]


def page_ratios(cookie, token, bare, units, seconds, db):
    """Issue 16, item 8: each page's rate at eight connections against /healthz's."""
    _, province, _ = units[1]
    _, commune, _ = units[2]
    pages = [("member-list page (commune)", f"/dang-vien?donVi={commune}", 'id="member-list"', 30),
             ("document page (a province's, tasks to its communes)", f"/van-ban/{bench_document(token, province, db)}", 'id="task-list"', 30),
             ("case list (whole country)", "/don-thu", 'id="case-total"', 30)]
    pages += [(f"dashboard {label}", f"/to-chuc/{uid}/tong-quan", 'id="dash-members"', 50) for label, uid, _ in units]
    # Issue 17: the home everyone opens, for the administrator of the whole country (every count at the root).
    pages.append(("home with today's to-do list (national administrator)", "/", 'id="todo"', 30))
    one = wrk("/", f"Cookie: {cookie}", 'id="todo"', seconds, connections=1)
    scenario("home with today's to-do list (national administrator)", one["p95"], "ms p95", "< 50", one["p95"] < 50,
             f"p50 {one['p50']:.1f} ms, p99 {one['p99']:.1f} ms")
    for label, path, marker, limit in pages:
        run = wrk(path, f"Cookie: {cookie}", marker, seconds)
        share = 100 * run["rps"] / bare["rps"]
        scenario(f"{label}, vs bare route", round(share, 1), "% of /healthz rate", f"≥ {limit}", share >= limit,
                 f"{run['rps']:.0f} requests/s, p95 {run['p95']:.1f} ms")


def report_scenario(token, units, db):
    """Issue 18: the year-end report of the national root and of a province,
    for the year of the dataset's ratings, as JSON and as the Word file; five
    runs each, one at a time, as an office asks for it."""
    year = sqlite3.connect(db).execute("SELECT MAX(year) FROM review_rounds").fetchone()[0] or time.localtime().tm_year - 1
    for label, uid, members in units[:2]:
        for kind, suffix in [("JSON", ""), ("DOCX", "/export.docx")]:
            times = []
            for _ in range(5):
                req = urllib.request.Request(f"{BASE}/api/v1/organizations/{uid}/reports/year/{year}{suffix}",
                                             headers={"Authorization": f"Bearer {token}"})
                start = time.perf_counter()
                body = urllib.request.urlopen(req, timeout=120).read()
                times.append((time.perf_counter() - start) * 1000)
                if suffix == "" and b'"sections"' not in body:
                    sys.exit("bench: the report answered without its sections")
            times.sort()
            scenario(f"year-end report {year}, {label} ({members:,} members), {kind}", round(times[-1]), "ms (slowest of 5)", "< 5000",
                     times[-1] < 5000, f"median {times[2]:.0f} ms")


def pick_units(db):
    con = sqlite3.connect(db)
    one = lambda q, *a: con.execute(q, a).fetchone()
    root = one("SELECT id, path FROM organizations WHERE depth = 0 ORDER BY path LIMIT 1")
    province = one("SELECT o.id, o.path FROM organizations o JOIN rollups r ON r.organization_id = o.id "
                   "WHERE o.kind = 'provincialCommittee' ORDER BY r.members DESC LIMIT 1")
    commune = one("SELECT o.id, o.path FROM organizations o JOIN rollups r ON r.organization_id = o.id "
                  "WHERE o.kind = 'communeCommittee' AND o.path > ? AND o.path < ? ORDER BY r.members DESC LIMIT 1",
                  province[1] + ".", province[1] + "/")
    members = lambda path: one("SELECT members FROM rollups r JOIN organizations o ON o.id = r.organization_id WHERE o.path = ?", path)[0]
    return [("root", root[0], members(root[1])), ("province", province[0], members(province[1])), ("commune", commune[0], members(commune[1]))]


def wait_for_server():
    """Until /healthz answers, for at most five minutes."""
    for _ in range(600):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=1).read()
            return
        except Exception:
            time.sleep(0.5)


def server_scenarios(db, seconds):
    log = open("bench/server.log", "w")
    peak_file = "bench/server-peak.txt"
    proc = subprocess.Popen(["/usr/bin/time", "-o", peak_file, "-f", "PEAK %M", BIN, "serve", "--port", str(PORT)], env=env_for(db),
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_server()
        cookie, token = sign_in()
        units = pick_units(db)
        bare = wrk("/healthz", None, "ok", seconds)
        scenario("bare route /healthz", round(bare["rps"]), "requests/s", "—", True, f"p95 {bare['p95']:.1f} ms")
        for label, uid, members in units:
            # Latency as one user sees it (one connection), throughput with eight.
            path = f"/to-chuc/{uid}/tong-quan"
            one = wrk(path, f"Cookie: {cookie}", 'id="dash-members"', seconds, connections=1)
            many = wrk(path, f"Cookie: {cookie}", 'id="dash-members"', seconds)
            scenario(f"dashboard {label} ({members:,} members)", one["p95"], "ms p95", "< 50", one["p95"] < 50,
                     f"p50 {one['p50']:.1f} ms, p99 {one['p99']:.1f} ms; {many['rps']:.0f} requests/s at 8 connections "
                     f"(p95 {many['p95']:.1f} ms)")
        # Issue 5: the national distribution of last year's ratings, from the rating rollups.
        round_id = sqlite3.connect(db).execute("SELECT id FROM review_rounds ORDER BY year DESC LIMIT 1").fetchone()[0]
        rated = sqlite3.connect(db).execute("SELECT COUNT(*) FROM member_reviews WHERE round_id = ?", (round_id,)).fetchone()[0]
        path = f"/danh-gia/{round_id}/ket-qua"
        one = wrk(path, f"Cookie: {cookie}", 'id="distribution"', seconds, connections=1)
        scenario(f"ratings distribution page, whole country ({rated:,} rated)", one["p95"], "ms p95", "< 100", one["p95"] < 100,
                 f"p50 {one['p50']:.1f} ms, p99 {one['p99']:.1f} ms")
        report_scenario(token, units, db)
        label, commune, _ = units[2]
        page = wrk(f"/to-chuc/{commune}", f"Cookie: {cookie}", 'id="unit-name"', seconds)
        scenario("unit page (commune), vs bare route", round(100 * page["rps"] / bare["rps"], 1), "% of /healthz rate", "≥ 30",
                 page["rps"] >= 0.3 * bare["rps"], f"{page['rps']:.0f} requests/s, p95 {page['p95']:.1f} ms")
        api = wrk(f"/api/v1/members?organizationId={commune}&per=50", f"Authorization: Bearer {token}", '"items"', seconds)
        scenario("member-list API page (commune), vs bare route", round(100 * api["rps"] / bare["rps"], 1), "% of /healthz rate", "≥ 30",
                 api["rps"] >= 0.3 * bare["rps"], f"{api['rps']:.0f} requests/s, p95 {api['p95']:.1f} ms")
        page_ratios(cookie, token, bare, units, seconds, db)
        # Issue 16: any page of the national and a province's list, by cursor, at random depths (one connection).
        for label, uid, members in units[:2]:
            path = sqlite3.connect(db).execute("SELECT path FROM organizations WHERE id = ?", (uid,)).fetchone()[0]
            times = bench_cursor.deep_pages(BASE, token, db, KEY, uid, path)
            p95 = times[int(len(times) * 0.95)]
            # Offset paging stops at 10,000 rows in a large list; its deepest page, for comparison.
            offset = bench_cursor.offset_page(BASE, token, uid, 200)
            scenario(f"member list, a page at a random depth by cursor ({label}, {members:,} members)", round(p95, 1), "ms p95", "< 50",
                     p95 < 50, f"p50 {times[len(times) // 2]:.1f} ms over {len(times)} pages; page 200 by offset took {offset:.0f} ms")
        # Issue 16: search by a name, part of a name or six digits of a card, at the national root.
        label, root, members = units[0]
        root_path = sqlite3.connect(db).execute("SELECT path FROM organizations WHERE id = ?", (root,)).fetchone()[0]
        times = bench_cursor.searches(BASE, token, db, root, root_path)
        p95 = times[int(len(times) * 0.95)]
        scenario(f"member search ({label}, {members:,} members)", round(p95, 1), "ms p95", "< 50", p95 < 50,
                 f"p50 {times[len(times) // 2]:.1f} ms, max {times[-1]:.1f} ms over {len(times)} searches")
        portal_units = [r[0] for r in sqlite3.connect(db).execute(
            "SELECT id FROM organizations WHERE kind = 'communeCommittee' ORDER BY path LIMIT 200")]
        total = int(os.environ.get("CAPUY_BENCH_PORTAL", "3000"))
        start = time.perf_counter()
        latencies, errors = portal_load.flood("127.0.0.1", PORT, portal_units, total, threads=4)
        elapsed = time.perf_counter() - start
        latencies.sort()
        p99 = latencies[int(len(latencies) * 0.99)] if latencies else 0
        scenario(f"portal submissions ({total:,})", round(len(latencies) / elapsed), "submissions/s", "15,000 a month", not errors,
                 f"p99 {p99:.1f} ms, {len(errors)} errors")
    finally:
        # To the group: /usr/bin/time ignores SIGINT while it waits for the server.
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)
    peak = next(int(l.split()[1]) for l in open(peak_file) if l.startswith("PEAK "))
    scenario("server peak memory", peak // 1024, "MB", "< 1024", peak < 1024 * 1024)


def reviews_scenario():
    db = "bench/tmp-reviews.sqlite"
    remove_db(db)
    _, _, out = timed([BIN, "bench", "reviews", "--runs", "200"], env_for(db))
    remove_db(db)
    for line in out.splitlines():
        if not line.startswith("reviews: "):
            continue
        label, figures = line[len("reviews: "):].split(": p50 ", 1)
        p95 = float(figures.split("p95 ")[1].split(" ms")[0])
        limit = 100 if label.startswith("decisions") else 50 if label.startswith("quota") else 100
        scenario(f"reviews: {label}", p95, "ms p95", f"< {limit}", p95 < limit, "p50 " + figures)


def cascade_scenario():
    db = "bench/tmp-cascade.sqlite"
    remove_db(db)
    _, _, out = timed([BIN, "bench", "documents", "--runs", "50"], env_for(db))
    remove_db(db)
    line = next(l for l in out.splitlines() if l.startswith("cascade:"))
    seconds = float(line.rsplit(" in ", 1)[1].split()[0])
    rollup = next((l for l in out.splitlines() if l.startswith("rollup")), "")
    scenario("document cascade (national tree)", seconds, "s", "—", True, f"{line}; {rollup}")


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))] if values else 0.0


def escalation_scenario(backlog):
    """Issue 14, item 5: citizens keep submitting while the reminder job
    escalates a backlog of overdue cases; intake's p99 before, during and
    after the job (target: under 100 ms during)."""
    db = "bench/tmp-escalation.sqlite"
    remove_db(db)
    env = dict(env_for(db), CAPUY_JOB_INTERVAL_SECONDS="86400")
    timed([BIN, "migrate", "--demo"], env)
    log = open("bench/server-escalation.log", "w")
    proc = subprocess.Popen([BIN, "serve", "--port", str(PORT)], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_server()
        units = portal_load.first_unit(BASE)
        made, errors = portal_load.flood("127.0.0.1", PORT, units, backlog, threads=4)
        if errors:
            sys.exit(f"bench: making the backlog: {len(errors)} errors, first {errors[0]}")
        con = sqlite3.connect(db, timeout=60)
        with con:
            con.execute("UPDATE cases SET state = 'accepted', received_on = date('now', '-160 days'), "
                        "accepted_on = date('now', '-150 days'), due_on = date('now', '-30 days'), "
                        "reminded_on = NULL, escalated_on = NULL, finished_on = NULL")
        overdue = con.execute("SELECT COUNT(*) FROM cases WHERE escalated_on IS NULL").fetchone()[0]
        con.close()
        stop, timeline = threading.Event(), []
        box = {}
        flooder = threading.Thread(target=lambda: box.update(errors=portal_load.flood(
            "127.0.0.1", PORT, units, 10**9, threads=4, stop=stop, timeline=timeline, first=backlog)[1]))
        flooder.start()
        time.sleep(5)
        t0 = time.perf_counter()
        job = subprocess.run([BIN, "jobs", "run"], env=env, capture_output=True, text=True)
        t1 = time.perf_counter()
        time.sleep(10)
        stop.set()
        flooder.join()
        if job.returncode != 0:
            sys.exit(f"bench: capuy jobs run failed:\n{job.stdout[-1000:]}\n{job.stderr[-1000:]}")
        escalated = sqlite3.connect(db).execute("SELECT COUNT(*) FROM cases WHERE escalated_on IS NOT NULL").fetchone()[0]
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)
    remove_db(db)
    before = [ms for at, ms in timeline if at < t0]
    during = [ms for at, ms in timeline if t0 <= at <= t1]
    after = [ms for at, ms in timeline if at > t1]
    p99 = percentile(during, 0.99)
    errors = box.get("errors", [])
    scenario(f"portal intake while {overdue:,} overdue cases escalate", round(p99, 1), "ms p99 during", "< 100",
             p99 < 100 and not errors and escalated >= overdue,
             f"job {t1 - t0:.1f} s, {escalated:,} escalated; {len(during)} submissions during (p50 {percentile(during, 0.5):.1f} ms, "
             f"max {max(during, default=0):.1f} ms); p99 before {percentile(before, 0.99):.1f} ms, after {percentile(after, 0.99):.1f} ms; "
             f"{len(errors)} errors")


def main():
    ap = argparse.ArgumentParser(description="capuy benchmark (issue 7)")
    ap.add_argument("--scale", default="national", choices=["small", "province", "national"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fresh", action="store_true", help="generate the datasets again")
    ap.add_argument("--seconds", type=int, default=8, help="seconds per wrk run")
    # The importer keeps the whole file in memory to write all rows or none
    # (about 4.6 KB a row): the national file needs more memory than this machine has.
    ap.add_argument("--full-import", action="store_true", help="also import the whole dataset's file (province scale or smaller)")
    ap.add_argument("--backlog", type=int, default=15_000, help="overdue cases the reminder job escalates while citizens submit")
    ap.add_argument("--postgres", metavar="URL", help="also time the import on this PostgreSQL database against COPY "
                    "(its public schema is dropped and recreated)")
    ap.add_argument("--only", choices=["escalation", "cascade", "reviews", "server", "import"],
                    help="run this one scenario (server: the pages and lists on the dataset, without the imports; "
                         "import: the imports alone)")
    a = ap.parse_args()
    started = time.perf_counter()
    if a.only == "server":
        server_scenarios(dataset(a.scale, a.seed, a.fresh), a.seconds)
        report(started)
        return
    if a.only and a.only != "import":
        {"escalation": lambda: escalation_scenario(a.backlog), "cascade": cascade_scenario, "reviews": reviews_scenario}[a.only]()
        return
    db = dataset(a.scale, a.seed, a.fresh)
    import_scenarios(a, db)
    if a.only == "import":
        report(started)
        return
    print("== server", flush=True)
    server_scenarios(db, a.seconds)
    print("== document cascade", flush=True)
    cascade_scenario()
    reviews_scenario()
    print("== escalation of a backlog while citizens submit", flush=True)
    escalation_scenario(a.backlog)
    report(started)


def import_scenarios(a, db):
    tree = dataset(a.scale, a.seed, a.fresh, members=False)
    print("== import", flush=True)
    full_csv = f"bench/members-{a.scale}-{a.seed}.csv"
    small_csv = f"bench/members-{a.scale}-{a.seed}-100k.csv"
    make_csv(db, small_csv, 100_000)
    if a.full_import:
        make_csv(db, full_csv)
        import_scenario(f"{a.scale} file", tree, full_csv)
    import_scenario("first 100,000 rows", tree, small_csv)
    if a.postgres:
        postgres_generation(a.postgres, a.scale, a.seed)
        postgres_import_scenario(a.postgres, a.scale, a.seed, small_csv)


def report(started):
    results["when"] = time.strftime("%Y-%m-%d %H:%M:%S")
    results["totalSeconds"] = round(time.perf_counter() - started, 1)
    results["cores"] = os.cpu_count()
    with open("bench/results.json", "w") as f:
        json.dump(results, f, ensure_ascii=False, indent=2)
    print("\n| scenario | figure | limit | met |\n|---|---|---|---|")
    for s in results["scenarios"]:
        print(f"| {s['name']} | {s['figure']} {s['unit']} | {s['limit']} | {'yes' if s['met'] else 'NO'} |")
    if "generate" in results:
        g = results["generate"]
        print(f"\ngenerate {g['scale']}: {g['seconds']} s, peak {g['peakMB']} MB; rollups verify {results['rollupsVerify']['seconds']} s")
        print(phase_line(g))
    if "generatePostgres" in results:
        g = results["generatePostgres"]
        print(f"generate {g['scale']} on PostgreSQL: {g['seconds']} s, peak {g['peakMB']} MB; {phase_line(g)}")
    print(f"whole benchmark: {results['totalSeconds']} s")
    print("bench/results.json written.")


if __name__ == "__main__":
    main()
