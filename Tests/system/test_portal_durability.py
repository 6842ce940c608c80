"""Issue 4: killing the server with SIGKILL during a submission flood loses no
submission that was acknowledged. Starts `capuy serve --demo` itself on a
fresh SQLite file (CAPUY_BIN names the binary), floods the portal, kills the
process mid-flood, starts it again on the same file and looks every
acknowledged receipt code up."""
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))
import portal_load  # noqa: E402

BIN = os.environ.get("CAPUY_BIN", ".build/debug/capuy")
PORT = int(os.environ.get("CAPUY_DURABILITY_PORT", "8284"))


def start(work):
    env = dict(os.environ, CAPUY_DATABASE_URL=f"sqlite://{work}/db.sqlite", CAPUY_DATA_KEY_FILE=f"{work}/data.key",
               CAPUY_ADMIN_PASSWORD="durability-pw-1", CAPUY_TRUST_PROXY="true")
    proc = subprocess.Popen([BIN, "serve", "--demo", "--port", str(PORT)], env=env,
                            stdout=open(f"{work}/log", "a"), stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1).read()
            return proc
        except Exception:
            if proc.poll() is not None:
                raise RuntimeError(open(f"{work}/log").read()[-2000:])
            time.sleep(0.5)
    raise RuntimeError("capuy serve did not answer")


def test_sigkill_during_flood_loses_no_acknowledged_submission():
    with tempfile.TemporaryDirectory() as work:
        proc = start(work)
        units = portal_load.first_unit(f"http://127.0.0.1:{PORT}")
        acked = []
        stop = threading.Event()
        lock = threading.Lock()

        def on_ack(code):
            with lock:
                acked.append(code)

        flood = threading.Thread(target=portal_load.flood,
                                 kwargs=dict(host="127.0.0.1", port=PORT, units=units, total=1_000_000, threads=8,
                                             stop=stop, on_ack=on_ack))
        flood.start()
        while len(acked) < 300:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        stop.set()
        flood.join()
        assert len(acked) >= 300
        proc = start(work)
        try:
            lost = [c for i, c in enumerate(acked)
                    if portal_load.status("127.0.0.1", PORT, c, f"172.16.{i >> 8 & 255}.{i & 255}") != 200]
            assert lost == [], f"{len(lost)} of {len(acked)} acknowledged submissions were lost"
        finally:
            proc.terminate()
            proc.wait()
