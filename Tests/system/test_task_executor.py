"""Issue 16, item 8: CAPUY_TASK_EXECUTOR chooses where Swift tasks run.
`dispatch` (the default) and `event-loops` both serve pages and stop cleanly
on SIGTERM; any other value stops start-up with one sentence naming the
variable, before anything is opened."""
import os
import signal
import subprocess
import tempfile
import time
import urllib.request

BIN = os.environ.get("CAPUY_BIN", ".build/debug/capuy")
PORT = int(os.environ.get("CAPUY_EXECUTOR_PORT", "8287"))


def env_in(folder, executor):
    env = dict(os.environ, CAPUY_DATABASE_URL=f"sqlite://{folder}/capuy.sqlite", CAPUY_DATA_KEY_FILE=f"{folder}/capuy.key",
               CAPUY_ADMIN_PASSWORD="executor-test-2026")
    if executor is not None:
        env["CAPUY_TASK_EXECUTOR"] = executor
    return env


def test_a_bad_executor_stops_start_up_with_a_sentence():
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run([BIN, "serve", "--port", str(PORT)], env=env_in(folder, "threads"), capture_output=True, text=True, timeout=60)
        assert out.returncode == 1
        assert "CAPUY_TASK_EXECUTOR must be dispatch or event-loops, not threads." in out.stderr
        assert not os.path.exists(f"{folder}/capuy.sqlite"), "nothing is created before the check"


def test_both_executors_serve_pages_and_stop_cleanly():
    for executor in (None, "dispatch", "event-loops"):
        with tempfile.TemporaryDirectory() as folder:
            log = open(f"{folder}/serve.log", "w")
            proc = subprocess.Popen([BIN, "serve", "--port", str(PORT)], env=env_in(folder, executor), stdout=log, stderr=subprocess.STDOUT)
            try:
                for _ in range(240):
                    try:
                        urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1).read()
                        break
                    except Exception:
                        assert proc.poll() is None, open(f"{folder}/serve.log").read()[-2000:]
                        time.sleep(0.5)
                page = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/dang-nhap", timeout=10).read().decode()
                assert 'name="password"' in page and "<footer" in page, f"{executor}: the sign-in page inside the layout"
            finally:
                proc.send_signal(signal.SIGTERM)
                assert proc.wait(timeout=60) == 0, f"{executor}: " + open(f"{folder}/serve.log").read()[-2000:]
