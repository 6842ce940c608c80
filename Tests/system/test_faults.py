"""Issue 14, fault tests: the storage fails under a submission flood and capuy
answers cleanly, loses nothing it acknowledged, and recovers by itself.

- The disk fills under SQLite (a small tmpfs; needs root to mount): every
  answer is 201 or a 503 problem document in Vietnamese, never a 500 or a
  dropped connection; once space returns, submissions succeed again with no
  restart; afterwards the audit chain and the rollups verify.
- PostgreSQL restarts during a flood (CAPUY_SYSTEM_PG_URL names a scratch
  database; needs pg_ctlcluster; CI sets it): the same, across the restart,
  and the flood's clients resend what failed with their Idempotency-Key:
  every case stored reached its citizen, and none was stored twice. (A
  request used to go unanswered for ever when the server restarted between
  two statements of a transaction; ClosedConnectionGuard is the fix.)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))
import portal_load  # noqa: E402

BIN = os.environ.get("CAPUY_BIN", ".build/debug/capuy")
PORT = int(os.environ.get("CAPUY_FAULT_PORT", "8286"))
BASE = f"http://127.0.0.1:{PORT}"


def start(env, log):
    proc = subprocess.Popen([BIN, "serve", "--demo", "--port", str(PORT)], env=env, stdout=open(log, "a"), stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=1).read()
            return proc
        except Exception:
            if proc.poll() is not None:
                raise RuntimeError(open(log).read()[-2000:])
            time.sleep(0.5)
    raise RuntimeError("capuy serve did not answer")


def statuses(errors):
    """The HTTP status of each failed submission, or 'dropped' for a connection error."""
    return [e.split(" ", 1)[0] if e[:3].isdigit() else "dropped" for e in errors]


def flood_until(units, acked, stop, first, timeline=None, key_prefix=None):
    errors_box = {}

    def run():
        # A request waiting for a connection while PostgreSQL restarts gets its
        # 503 when the pool's 10-second wait runs out: the client waits longer.
        errors_box["errors"] = portal_load.flood("127.0.0.1", PORT, units, 10**9, threads=4, stop=stop,
                                                 on_ack=acked.append, first=first, timeout=30, key_prefix=key_prefix)[1]
    t = threading.Thread(target=run)
    t.start()
    return t, errors_box


def submit_one(unit, i):
    body = portal_load.submission(i, unit)
    req = urllib.request.Request(BASE + "/api/v1/public/cases", data=body, headers={
        "Content-Type": "application/json", "X-Forwarded-For": f"10.200.{i >> 8 & 255}.{i & 255}"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def verify(env):
    for args in (["audit", "verify"], ["rollups", "verify"]):
        out = subprocess.run([BIN] + args, env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stdout + out.stderr


def lost(acked):
    return [c for i, c in enumerate(acked) if portal_load.status("127.0.0.1", PORT, c, f"172.17.{i >> 8 & 255}.{i & 255}") != 200]


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mount") is None, reason="mounting a tmpfs needs root")
def test_disk_full_under_sqlite_answers_503_and_recovers():
    with tempfile.TemporaryDirectory() as work:
        disk = f"{work}/disk"
        os.mkdir(disk)
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", disk], capture_output=True, text=True)
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
        try:
            env = dict(os.environ, CAPUY_DATABASE_URL=f"sqlite://{disk}/db.sqlite", CAPUY_DATA_KEY_FILE=f"{work}/data.key",
                       CAPUY_ADMIN_PASSWORD="fault-test-pw-1", CAPUY_TRUST_PROXY="true", CAPUY_PORTAL_SUBMITS_PER_HOUR="100000",
                       CAPUY_JOB_INTERVAL_SECONDS="86400")
            proc = start(env, f"{work}/log")
            try:
                units = portal_load.first_unit(BASE)
                # Fill the disk to within a few hundred kilobytes.
                free = shutil.disk_usage(disk).free
                with open(f"{disk}/filler", "wb") as f:
                    f.write(b"\0" * max(0, free - 300_000))
                acked, seen = [], []
                for i in range(5000):
                    try:
                        status, body = submit_one(units[i % len(units)], i)
                    except Exception as e:  # a dropped connection is a failure of its own
                        seen.append(f"dropped: {e}")
                        break
                    if status == 201:
                        acked.append(body["receiptCode"])
                    else:
                        seen.append(str(status))
                        if len(seen) >= 5:
                            break
                print(f"disk full after {len(acked)} acknowledged; then {seen}")
                assert seen, f"the disk never filled: {len(acked)} acknowledged"
                assert set(seen) <= {"503"}, f"answers other than 201 and 503 on a full disk: {sorted(set(seen))}"
                assert proc.poll() is None, "the server stopped"
                status, problem = submit_one(units[0], 900_001)
                assert status == 503 and "hết chỗ lưu trữ" in problem.get("title", ""), (status, problem)
                # Space returns: the next submission is written, with no restart.
                os.remove(f"{disk}/filler")
                status, receipt = submit_one(units[0], 900_002)
                assert status == 201, (status, receipt)
                acked.append(receipt["receiptCode"])
                missing = lost(acked)
                assert missing == [], f"{len(missing)} of {len(acked)} acknowledged submissions are missing"
            finally:
                proc.terminate()
                proc.wait()
            verify(env)
        finally:
            subprocess.run(["umount", "-l", disk], check=False)


@pytest.mark.skipif(not os.environ.get("CAPUY_SYSTEM_PG_URL") or shutil.which("pg_ctlcluster") is None,
                    reason="needs CAPUY_SYSTEM_PG_URL (a scratch database) and pg_ctlcluster")
def test_postgres_restart_during_flood_answers_503_and_recovers():
    url = os.environ["CAPUY_SYSTEM_PG_URL"]
    subprocess.run(["psql", url, "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, CAPUY_DATABASE_URL=url, CAPUY_DATA_KEY_FILE=f"{work}/data.key", CAPUY_ADMIN_PASSWORD="fault-test-pw-2",
                   CAPUY_TRUST_PROXY="true", CAPUY_PORTAL_SUBMITS_PER_HOUR="100000", CAPUY_JOB_INTERVAL_SECONDS="86400")
        proc = start(env, f"{work}/log")
        try:
            units = portal_load.first_unit(BASE)
            acked, stop = [], threading.Event()
            t, box = flood_until(units, acked, stop, first=0, key_prefix="fault-test-restart")
            while len(acked) < 200:
                time.sleep(0.05)
            subprocess.run(["pg_ctlcluster", "15", "main", "restart"], check=True)
            before_restart_done = len(acked)
            deadline = time.time() + 60
            while time.time() < deadline and len(acked) < before_restart_done + 200:
                time.sleep(0.2)
            stop.set()
            t.join()
            seen = statuses(box.get("errors", []))
            print(f"restart: {before_restart_done} acknowledged before, {len(acked)} in all; failures {sorted(set(box.get('errors', [])))[:5]}")
            assert len(acked) >= before_restart_done + 200, f"no recovery after the restart: errors {seen[:5]}"
            assert set(seen) <= {"503"}, f"answers other than 201 and 503 across the restart: {sorted(set(seen))}"
            assert proc.poll() is None, "the server stopped"
            missing = lost(acked)
            assert missing == [], f"{len(missing)} of {len(acked)} acknowledged submissions are missing"
            assert len(set(acked)) == len(acked), "one receipt code acknowledged twice"
            def count(sql):
                out = subprocess.run(["psql", url, "-tAc", sql], check=True, capture_output=True, text=True).stdout
                return int(out.strip())
            flood = "FROM cases WHERE title LIKE 'Phản ánh số %'"
            twice = count(f"SELECT count(*) FROM (SELECT title {flood} GROUP BY title HAVING count(*) > 1) d")
            assert twice == 0, f"{twice} submissions were stored twice"
            stored = count(f"SELECT count(*) {flood}")
            assert stored == len(acked), f"{stored} stored, {len(acked)} acknowledged: a stored case never reached its citizen"
        finally:
            proc.terminate()
            proc.wait()
        verify(env)
