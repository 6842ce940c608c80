"""Floods the portal's submit endpoint the way many citizens would.

Used by scripts/bench-portal (throughput and latency) and by
Tests/system/test_portal_durability.py (SIGKILL mid-flood loses nothing that
was acknowledged). Each request comes from its own client address, as behind
the load balancer (the server runs with CAPUY_TRUST_PROXY=true), so the
per-client throttle does not hold the flood back.
"""
import http.client
import json
import threading
import time
import urllib.request


def first_unit(base):
    with urllib.request.urlopen(base + "/api/v1/public/units?q=xa") as r:
        units = json.load(r)
    return [u["id"] for u in units]


def submission(i, unit):
    return json.dumps({
        "kind": ["petition", "report", "complaint", "denunciation"][i % 4],
        "topic": "landAndHousing",
        "title": f"Phản ánh số {i} về tình trạng lấn chiếm vỉa hè",
        "content": f"Nội dung phản ánh thứ {i}: đoạn đường trước chợ bị lấn chiếm kéo dài, đề nghị xử lý dứt điểm lần {i}.",
        "subjectOrganizationId": unit,
        "identity": {"name": f"Người gửi {i}", "phone": f"09{i:08d}"},
    }).encode()


def flood(host, port, units, total, threads=8, stop=None, on_ack=None, timeline=None, first=0, timeout=10, key_prefix=None):
    """Sends `total` submissions on `threads` keep-alive connections, numbered
    from `first`. Returns (latencies in ms of acknowledged requests, errors);
    `timeline`, when given, gets (start time, ms) of each acknowledged one.
    With `key_prefix`, each submission carries an Idempotency-Key and one
    that fails (503 or a dropped line) is sent again with it until it is
    acknowledged, as a careful client would."""
    latencies, errors = [], []
    lock = threading.Lock()
    counter = iter(range(first, first + total))

    def worker(w):
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        retry, tries = None, 0
        # A submission being retried is carried through to its answer even
        # after `stop`: it may already be stored, and its citizen needs the code.
        while stop is None or not stop.is_set() or (retry is not None and tries < 100):
            if retry is None:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
            else:
                i = retry
                tries += 1
            body = submission(i, units[i % len(units)])
            headers = {"Content-Type": "application/json", "X-Forwarded-For": f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"}
            if key_prefix:
                headers["Idempotency-Key"] = f"{key_prefix}-{i:010d}"
            start = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/public/cases", body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
            except Exception as e:  # the server went away (SIGKILL) or reset
                with lock:
                    errors.append(str(e))
                conn.close()
                retry = i if key_prefix else None
                if stop is not None and stop.is_set() and retry is None:
                    return
                time.sleep(0.05)
                conn = http.client.HTTPConnection(host, port, timeout=timeout)
                continue
            ms = (time.perf_counter() - start) * 1000
            retry = i if key_prefix and resp.status == 503 else None
            tries = tries if retry is not None else 0
            if retry is not None:
                time.sleep(0.2)
            if resp.status == 201:
                code = json.loads(data)["receiptCode"]
                with lock:
                    latencies.append(ms)
                    if timeline is not None:
                        timeline.append((start, ms))
                if on_ack:
                    on_ack(code)
            else:
                with lock:
                    errors.append(f"{resp.status} {data[:200]!r}")

    pool = [threading.Thread(target=worker, args=(w,)) for w in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return latencies, errors


def status(host, port, code, client):
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("POST", "/api/v1/public/cases/status", body=json.dumps({"receiptCode": code}).encode(),
                 headers={"Content-Type": "application/json", "X-Forwarded-For": client})
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp.status
