"""The checks of scripts/multi-instance, against two `capuy serve` instances
(A and B) on one PostgreSQL database behind nginx. Run by that script, which
starts everything and passes the ports, the instances' process ids and the
admin password in the environment:

  a. a session made on A (API token and web sign-in cookie) works on B;
  b. documents of one series issued at the same moment through A and B get
     distinct, consecutive numbers;
  c. each scheduled job runs once a period, not once per instance (table
     job_runs, CAPUY_JOB_INTERVAL_SECONDS=2);
  d. a portal flood through nginx survives SIGKILL of A: every acknowledged
     receipt code is then found through B;
  e. an address of 100 KB gets nginx's 414 page in Vietnamese (capuy's own
     parser would close the connection without an answer), and one of 40 KB,
     under that parser's limit, reaches capuy directly and gets an answer.

Standard library only. Exits 1 with a message at the first failed check.
"""
import datetime
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import portal_load  # noqa: E402

HOST = "127.0.0.1"
LB = int(os.environ.get("CAPUY_MULTI_LB", "18480"))
A = int(os.environ.get("CAPUY_MULTI_A", "18481"))
B = int(os.environ.get("CAPUY_MULTI_B", "18482"))
PID_A = int(os.environ["CAPUY_MULTI_PID_A"])
PID_B = int(os.environ["CAPUY_MULTI_PID_B"])
PASSWORD = os.environ["CAPUY_ADMIN_PASSWORD"]
DB_URL = urllib.parse.urlparse(os.environ["CAPUY_DATABASE_URL"])
LOGS = os.environ.get("CAPUY_MULTI_LOGS", ".")
NAMES = {A: "A", B: "B", LB: "nginx"}
JOBS = ["task-reminders", "case-reminders", "session-cleanup"]


class Failed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)


def request(port, method, path, body=None, headers=None, timeout=30):
    """One request on its own connection; redirects are not followed.
    Returns (status, headers as a message, body bytes)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers = {"Content-Type": "application/json", **(headers or {})}
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.msg, resp.read()
    finally:
        conn.close()


def api(port, method, path, token, body=None, expect=(200,)):
    status, _, data = request(port, method, path, body, {"Authorization": f"Bearer {token}"})
    check(status in expect, f"{method} {path} on {NAMES[port]}: {status} {data[:300]!r}")
    return json.loads(data) if data else None


def wait_ready(deadline_s=90):
    start = time.monotonic()
    for port, pid in [(A, PID_A), (B, PID_B), (LB, None)]:
        while True:
            try:
                status, _, _ = request(port, "GET", "/healthz", timeout=2)
                if status == 200:
                    break
            except OSError:
                pass
            if pid is not None:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    raise Failed(f"instance {NAMES[port]} exited during start-up (see {LOGS}/{NAMES[port].lower()}.log)")
            check(time.monotonic() - start < deadline_s, f"{NAMES[port]} (port {port}) did not answer /healthz")
            time.sleep(0.3)
    return time.time()


def cookie_from(headers, name):
    for value in headers.get_all("Set-Cookie") or []:
        first = value.split(";", 1)[0]
        if first.startswith(name + "="):
            return first[len(name) + 1:]
    return None


# a. ------------------------------------------------------------------------

def check_sessions():
    status, _, data = request(A, "POST", "/api/v1/sessions", {"username": "admin", "password": PASSWORD})
    check(status == 201, f"API sign-in on A: {status} {data[:300]!r}")
    token = json.loads(data)["token"]
    orgs = api(B, "GET", "/api/v1/organizations", token)
    check(len(orgs) > 0, "GET /api/v1/organizations on B with A's token: no units")
    status, _, _ = request(B, "GET", "/api/v1/organizations", headers={"Authorization": "Bearer not-a-token"})
    check(status == 401, f"B accepted a made-up bearer token ({status})")

    status, headers, page = request(A, "GET", "/dang-nhap")
    check(status == 200, f"GET /dang-nhap on A: {status}")
    csrf_cookie = cookie_from(headers, "capuy_csrf")
    field = re.search(rb'name="_csrf" value="([^"]*)"', page)
    check(csrf_cookie and field, "the sign-in page on A has no CSRF cookie or field")
    form = urllib.parse.urlencode({"_csrf": field.group(1).decode(), "next": "/", "username": "admin",
                                   "password": PASSWORD}).encode()
    status, headers, data = request(A, "POST", "/dang-nhap", form,
                                    {"Content-Type": "application/x-www-form-urlencoded",
                                     "Cookie": f"capuy_csrf={csrf_cookie}"})
    session = cookie_from(headers, "capuy_session")
    check(status in (302, 303) and session, f"web sign-in on A: {status}, no session cookie {data[:300]!r}")
    status, headers, _ = request(B, "GET", "/")
    check(status in (302, 303) and "/dang-nhap" in (headers.get("Location") or ""),
          f"B served / without a session ({status})")
    status, headers, page = request(B, "GET", "/", headers={"Cookie": f"capuy_session={session}"})
    check(status == 200, f"GET / on B with A's session cookie: {status} Location={headers.get('Location')}")
    check(b'id="logout"' in page and b'action="/dang-nhap"' not in page,
          "GET / on B with A's session cookie is not the signed-in page")
    print(f"a. session shared: API token from A -> B 200 ({len(orgs)} units); "
          f"web sign-in on A -> B / 200 signed in; B without session -> redirect to sign-in", flush=True)
    return token


# b. ------------------------------------------------------------------------

def check_numbering(token, pairs=10):
    types = api(A, "GET", "/api/v1/document-types", token)
    check(types, "no document types")
    doc_type = types[0]
    provinces = api(A, "GET", "/api/v1/organizations?kind=provincialCommittee", token)
    check(provinces, "no provincial committee in the demo")
    issuer = provinces[0]
    today = datetime.date.today().strftime("%d/%m/%Y")
    drafts = []
    for i in range(2 * pairs):
        doc = api(A if i % 2 == 0 else B, "POST", "/api/v1/documents", token,
                  {"type": doc_type["code"], "issuerId": issuer["id"], "title": f"Kiểm tra nhiều máy chủ {i + 1}"},
                  expect=(201,))
        drafts.append(doc["id"])

    results = []
    lock = threading.Lock()

    def issue(port, doc_id, barrier):
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        conn.connect()
        body = json.dumps({"issuedOn": today}).encode()
        barrier.wait()
        try:
            conn.request("POST", f"/api/v1/documents/{doc_id}/issue", body=body,
                         headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        with lock:
            results.append((NAMES[port], doc_id, resp.status, data))

    for p in range(pairs):
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=issue, args=(A, drafts[2 * p], barrier)),
                   threading.Thread(target=issue, args=(B, drafts[2 * p + 1], barrier))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    bad = [(name, status, data[:300]) for name, _, status, data in results if status not in (200, 201)]
    check(not bad, f"concurrent issues refused: {bad}")
    docs = [json.loads(data) for _, _, _, data in results]
    numbers = sorted(d["number"] for d in docs)
    identifiers = {d["identifier"] for d in docs}
    check(len(set(numbers)) == len(numbers) and len(identifiers) == len(docs),
          f"two documents got the same number: {numbers}")
    check(numbers == list(range(numbers[0], numbers[0] + len(numbers))), f"numbers are not consecutive: {numbers}")
    # Every issue is seen the same way from both instances.
    for doc_id in drafts[:2]:
        seen = [api(port, "GET", f"/api/v1/documents/{doc_id}", token)["number"] for port in (A, B)]
        check(seen[0] == seen[1], f"A and B disagree on document {doc_id}: {seen}")
    print(f"b. concurrent numbering: {pairs} pairs issued at once through A and B ({doc_type['code']}, "
          f"{issuer['code']}): {len(docs)} x 200, numbers {numbers[0]}..{numbers[-1]} distinct and consecutive "
          f"(e.g. {sorted(identifiers)[0]})", flush=True)


# c. ------------------------------------------------------------------------

def psql(sql):
    env = dict(os.environ, PGPASSWORD=urllib.parse.unquote(DB_URL.password or ""))
    out = subprocess.run(["psql", "-h", DB_URL.hostname, "-p", str(DB_URL.port or 5432), "-U", DB_URL.username,
                          "-d", DB_URL.path.lstrip("/"), "-X", "-A", "-t", "-F", "\t", "-c", sql],
                         env=env, capture_output=True, text=True, timeout=30)
    check(out.returncode == 0, f"psql failed: {out.stderr.strip()}")
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def check_jobs(ready_at, wait_s=12):
    time.sleep(max(0.0, ready_at + wait_s - time.time()))
    rows = psql("SELECT name, holder, started_at_ms, finished_at_ms, summary FROM job_runs ORDER BY started_at_ms")
    holders = {}
    for pid, name in [(PID_A, "A"), (PID_B, "B")]:
        holders.update({h: name for h in {r[1] for r in rows} if h.endswith(f":{pid}")})
    figures = []
    for job in JOBS:
        runs = [r for r in rows if r[0] == job]
        check(len(runs) >= 3, f"job {job} ran {len(runs)} times in {wait_s} s with a 2 s period (expected at least 3)")
        failed = [r[4] for r in runs if r[4].startswith("failed")]
        check(not failed, f"job {job} failed: {failed[:1]}")
        starts = [int(r[2]) for r in runs]
        gaps = [b - a for a, b in zip(starts, starts[1:])]
        check(min(gaps) >= 1500, f"job {job} ran twice in one period: runs {min(gaps)} ms apart "
                                 f"({[(holders.get(r[1], r[1]), r[2]) for r in runs]})")
        unknown = {r[1] for r in runs} - set(holders)
        check(not unknown, f"job {job} was run by an unknown holder {unknown}")
        by = {name: sum(1 for r in runs if holders[r[1]] == name) for name in ("A", "B")}
        figures.append(f"{job} {len(runs)} runs (A {by['A']}, B {by['B']}), min gap {min(gaps) / 1000:.2f} s")
    print("c. jobs once a period: " + "; ".join(figures), flush=True)


# d. ------------------------------------------------------------------------

def check_failover(before_kill=200, after_kill_s=4.0):
    units = portal_load.first_unit(f"http://{HOST}:{LB}")
    check(units, "the portal lists no unit")
    acked = []
    lock = threading.Lock()
    stop = threading.Event()
    result = {}

    def on_ack(code):
        with lock:
            acked.append(code)

    def run():
        result["latencies"], result["errors"] = portal_load.flood(HOST, LB, units, total=1_000_000, threads=8,
                                                                   stop=stop, on_ack=on_ack)

    flood = threading.Thread(target=run)
    flood.start()
    started = time.monotonic()
    while len(acked) < before_kill:
        if not flood.is_alive() or time.monotonic() - started > 60:
            stop.set()
            flood.join()
            raise Failed(f"the flood through nginx made only {len(acked)} acknowledgements: "
                         f"{result.get('errors', [])[:3]}")
        time.sleep(0.02)
    os.kill(PID_A, signal.SIGKILL)
    with lock:
        at_kill = len(acked)
    time.sleep(after_kill_s)
    stop.set()
    flood.join()
    errors = result["errors"]
    after = len(acked) - at_kill
    check(after > 0, f"no submission was acknowledged after A was killed (B did not take over): {errors[:3]}")

    found, lost = 0, []
    lock_found = threading.Lock()
    work = iter(enumerate(acked))

    def lookup():
        nonlocal found
        while True:
            with lock_found:
                item = next(work, None)
            if item is None:
                return
            i, code = item
            status = portal_load.status(HOST, B, code, f"172.16.{i >> 8 & 255}.{i & 255}")
            with lock_found:
                if status == 200:
                    found += 1
                else:
                    lost.append((code, status))

    lookups = [threading.Thread(target=lookup) for _ in range(4)]
    for t in lookups:
        t.start()
    for t in lookups:
        t.join()
    check(not lost, f"{len(lost)} of {len(acked)} acknowledged submissions were not found through B: {lost[:5]}")
    kinds = sorted({e.split(" ", 1)[0] if e[:3].isdigit() else "connection" for e in errors})
    print(f"d. A killed mid-flood: acknowledged {len(acked)} ({at_kill} before the kill, {after} after, through B), "
          f"failed {len(errors)} ({', '.join(kinds) or 'none'}), found through B {found}/{len(acked)}", flush=True)


def check_long_addresses(token):
    long_query = "/api/v1/members?q=" + "a" * 100_000
    status, headers, data = request(LB, "GET", long_query, headers={"Authorization": f"Bearer {token}"})
    check(status == 414, f"a 100 KB address through nginx: {status} {data[:200]!r}")
    check("Địa chỉ quá dài" in data.decode("utf-8", "replace"), f"the 414 page does not say why: {data[:300]!r}")
    # Under the parser's 80 KB limit capuy answers itself: a search word
    # that long is refused with a problem document, never a dropped line.
    status, headers, data = request(A, "GET", "/api/v1/members?q=" + "a" * 40_000, headers={"Authorization": f"Bearer {token}"})
    check(status in (200, 400, 422), f"a 40 KB address straight to A: {status} {data[:200]!r}")
    print(f"long addresses: 100 KB through nginx 414 with the page; 40 KB to A {status}", flush=True)


def main():
    try:
        ready_at = wait_ready()
        print(f"instances A (:{A}) and B (:{B}) up behind nginx (:{LB})", flush=True)
        token = check_sessions()
        check_numbering(token)
        check_long_addresses(token)
        check_jobs(ready_at)
        check_failover()
    except Failed as e:
        print(f"multi-instance check FAILED: {e}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
