"""Issue 15: a SIGKILL during the apply of a reorganization plan leaves the
tree exactly as it was (the plan applies in one transaction), with both
verifications clean; the same plan then applies in full. Runs `capuy` itself
(CAPUY_BIN names the binary) on a fresh SQLite file with a generated
pre-2025 province and its plan."""
import os
import signal
import sqlite3
import subprocess
import tempfile
import time

BIN = os.environ.get("CAPUY_BIN", ".build/debug/capuy")


def run(env, *args, check=True):
    res = subprocess.run([BIN, *args], env=env, capture_output=True, text=True, timeout=900)
    if check:
        assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    return res


def picture(path):
    db = sqlite3.connect(path)
    try:
        return (db.execute("SELECT COUNT(*), SUM(closed_on IS NOT NULL) FROM organizations").fetchone(),
                db.execute("SELECT COUNT(*) FROM transfers").fetchone(),
                db.execute("SELECT group_concat(organization_path, ',') FROM (SELECT organization_path FROM members ORDER BY id)").fetchone(),
                db.execute("SELECT COUNT(*) FROM reorganization_plans").fetchone())
    finally:
        db.close()


def test_sigkill_during_apply_leaves_the_tree_as_it_was():
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, CAPUY_DATABASE_URL=f"sqlite://{work}/db.sqlite", CAPUY_DATA_KEY_FILE=f"{work}/data.key",
                   CAPUY_ADMIN_PASSWORD="reorganize-kill-1")
        run(env, "generate", "--scale", "province", "--seed", "2", "--pre-reform", "--plan", f"{work}/plan.csv")
        before = picture(f"{work}/db.sqlite")

        # Killed mid-apply, after it has written a good part of the plan inside its transaction.
        proc = subprocess.Popen([BIN, "reorganize", f"{work}/plan.csv", "--effective", "01/07/2025"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(float(os.environ.get("CAPUY_KILL_AFTER", "4")))
        assert proc.poll() is None, "the apply finished before it could be killed: raise the plan's size"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

        assert picture(f"{work}/db.sqlite") == before
        assert "OK" in run(env, "rollups", "verify").stdout
        assert "OK" in run(env, "audit", "verify").stdout

        # The same plan, run again, applies whole.
        done = run(env, "reorganize", f"{work}/plan.csv", "--effective", "01/07/2025")
        assert "Applied" in done.stdout
        db = sqlite3.connect(f"{work}/db.sqlite")
        stranded = db.execute("""SELECT COUNT(*) FROM members m JOIN organizations o ON o.id = m.organization_id
                                 WHERE o.closed_on IS NOT NULL OR o.path <> m.organization_path""").fetchone()[0]
        districts = db.execute("SELECT COUNT(*) FROM organizations WHERE kind = 'districtCommittee' AND closed_on IS NULL").fetchone()[0]
        db.close()
        assert stranded == 0 and districts == 0
        assert "OK" in run(env, "rollups", "verify").stdout
        assert "OK" in run(env, "audit", "verify").stdout
