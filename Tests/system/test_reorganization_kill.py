"""Issue 15: a SIGKILL during the apply of a reorganization plan leaves the
tree exactly as it was (the plan applies in one transaction), with both
verifications clean; the same plan then applies in full. Runs `capuy` itself
(CAPUY_BIN names the binary) with a generated pre-2025 province (its
members, documents, tasks and cases) and its plan, on a fresh SQLite file and,
when CAPUY_SYSTEM_PG_URL names a scratch database, on PostgreSQL."""
import os
import sqlite3
import signal
import subprocess
import tempfile
import time

import pytest

BIN = os.environ.get("CAPUY_BIN", ".build/debug/capuy")

# What must not change when the apply dies: units and closures, transfers,
# every member's place, open task assignments and cases by unit, plans stored.
PICTURE = [
    "SELECT COUNT(*), COUNT(closed_on) FROM organizations",
    "SELECT COUNT(*) FROM transfers",
    "SELECT COUNT(*), MIN(organization_path), MAX(organization_path) FROM members",
    "SELECT organization_id, COUNT(*) FROM task_assignments WHERE completed_on IS NULL GROUP BY organization_id ORDER BY 1",
    "SELECT handling_org_id, subject_org_id FROM cases ORDER BY id",
    "SELECT COUNT(*) FROM reorganization_plans",
]
MEMBER_PATHS = "SELECT id, organization_path FROM members ORDER BY id"
AFTER = [
    """SELECT COUNT(*) FROM members m JOIN organizations o ON o.id = m.organization_id
       WHERE o.closed_on IS NOT NULL OR o.path <> m.organization_path""",
    "SELECT COUNT(*) FROM organizations WHERE kind = 'districtCommittee' AND closed_on IS NULL",
    """SELECT COUNT(*) FROM cases c JOIN organizations o ON o.id = c.handling_org_id OR o.id = c.subject_org_id
       WHERE o.closed_on IS NOT NULL""",
]


def run(env, *args, check=True):
    res = subprocess.run([BIN, *args], env=env, capture_output=True, text=True, timeout=900)
    if check:
        assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    return res


def sqlite_query(path):
    def query(sql):
        db = sqlite3.connect(path)
        try:
            return [tuple(str(v) for v in row) for row in db.execute(sql).fetchall()]
        finally:
            db.close()
    return query


def pg_query(url):
    def query(sql):
        out = subprocess.run(["psql", url, "-qAtX", "-F", "|", "-c", sql], check=True, capture_output=True, text=True).stdout
        return [tuple(line.split("|")) for line in out.splitlines()]
    return query


def kill_then_rerun(env, work, query):
    run(env, "generate", "--scale", "province", "--seed", "2", "--pre-reform", "--plan", f"{work}/plan.csv")
    before = [query(sql) for sql in PICTURE] + [query(MEMBER_PATHS)]
    assert int(query("SELECT COUNT(*) FROM cases")[0][0]) > 0, "the generated province has no cases to hand over"

    # Killed mid-apply, after it has written a good part of the plan inside its transaction.
    proc = subprocess.Popen([BIN, "reorganize", f"{work}/plan.csv", "--effective", "01/07/2025"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(float(os.environ.get("CAPUY_KILL_AFTER", "4")))
    assert proc.poll() is None, "the apply finished before it could be killed: raise the plan's size"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    assert [query(sql) for sql in PICTURE] + [query(MEMBER_PATHS)] == before
    assert "OK" in run(env, "rollups", "verify").stdout
    assert "OK" in run(env, "audit", "verify").stdout

    # The same plan, run again, applies whole: no member, case or district is left behind.
    done = run(env, "reorganize", f"{work}/plan.csv", "--effective", "01/07/2025")
    assert "Applied" in done.stdout
    assert [int(query(sql)[0][0]) for sql in AFTER] == [0, 0, 0]
    assert "OK" in run(env, "rollups", "verify").stdout
    assert "OK" in run(env, "audit", "verify").stdout


def test_sigkill_during_apply_leaves_the_tree_as_it_was_on_sqlite():
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, CAPUY_DATABASE_URL=f"sqlite://{work}/db.sqlite", CAPUY_DATA_KEY_FILE=f"{work}/data.key",
                   CAPUY_ADMIN_PASSWORD="reorganize-kill-1")
        kill_then_rerun(env, work, sqlite_query(f"{work}/db.sqlite"))


@pytest.mark.skipif(not os.environ.get("CAPUY_SYSTEM_PG_URL"), reason="needs CAPUY_SYSTEM_PG_URL (a scratch database)")
def test_sigkill_during_apply_leaves_the_tree_as_it_was_on_postgresql():
    url = os.environ["CAPUY_SYSTEM_PG_URL"]
    subprocess.run(["psql", url, "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, CAPUY_DATABASE_URL=url, CAPUY_DATA_KEY_FILE=f"{work}/data.key", CAPUY_ADMIN_PASSWORD="reorganize-kill-2")
        kill_then_rerun(env, work, pg_query(url))
