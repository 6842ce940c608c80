"""Issue 16, "Any page of any list": times member-list pages at random depths
of a subtree, reached by keyset cursor. The cursors are signed here as the
server signs them (HMAC-SHA256 under a key derived from the data key, 128
bits kept), from members picked at random, so a page deep in the national
list is timed without walking the hundred thousand pages before it."""
import base64
import hashlib
import hmac
import json
import sqlite3
import time
import urllib.parse
import urllib.request


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def cursor(key, member_id, sort_key):
    payload = (member_id.upper() + "\n" + sort_key).encode()
    cursor_key = hmac.new(key, b"capuy-list-cursor-v1", hashlib.sha256).digest()
    return b64url(payload) + "." + b64url(hmac.new(cursor_key, payload, hashlib.sha256).digest()[:16])


def deep_pages(base, token, db, key_path, unit_id, unit_path, runs=200):
    """Latencies (ms, sorted) of `runs` pages of 50 after random members of the subtree."""
    key = open(key_path, "rb").read()
    con = sqlite3.connect(db)
    picks = con.execute("SELECT id, sort_key FROM members WHERE organization_path >= ? AND organization_path < ? "
                        "ORDER BY random() LIMIT ?", (unit_path, unit_path + "/", runs)).fetchall()
    con.close()
    times = []
    for member_id, sort_key in picks:
        query = urllib.parse.urlencode({"organizationId": unit_id, "per": 50, "after": cursor(key, member_id, sort_key)})
        req = urllib.request.Request(f"{base}/api/v1/members?{query}", headers={"Authorization": f"Bearer {token}"})
        start = time.perf_counter()
        page = json.load(urllib.request.urlopen(req))
        times.append((time.perf_counter() - start) * 1000)
        assert page["items"] or not page.get("next"), "a cursor page came back empty with more to come"
    return sorted(times)


def offset_page(base, token, unit_id, page):
    """One request for an offset page (offset paging stops at 10,000 rows of a large list)."""
    req = urllib.request.Request(f"{base}/api/v1/members?organizationId={unit_id}&per=50&page={page}",
                                 headers={"Authorization": f"Bearer {token}"})
    start = time.perf_counter()
    json.load(urllib.request.urlopen(req))
    return (time.perf_counter() - start) * 1000


def searches(base, token, db, unit_id, unit_path, runs=200):
    """Issue 16, "Search across the tree": latencies (ms, sorted) of `runs`
    searches over the subtree as an office types them: a random member's full
    name, the last two words of a name, or six digits of a card."""
    con = sqlite3.connect(db)
    picks = con.execute("SELECT full_name, party_card_number FROM members WHERE organization_path >= ? AND organization_path < ? "
                        "ORDER BY random() LIMIT ?", (unit_path, unit_path + "/", runs)).fetchall()
    con.close()
    times, found = [], 0
    for i, (name, card) in enumerate(picks):
        words = name.split()
        text = [name, " ".join(words[-2:]), (card or name)[-6:]][i % 3]
        query = urllib.parse.urlencode({"organizationId": unit_id, "per": 50, "q": text})
        req = urllib.request.Request(f"{base}/api/v1/members?{query}", headers={"Authorization": f"Bearer {token}"})
        start = time.perf_counter()
        page = json.load(urllib.request.urlopen(req))
        times.append((time.perf_counter() - start) * 1000)
        found += 1 if page["items"] else 0
    assert found == len(picks), f"{len(picks) - found} searches for an existing member found nothing"
    return sorted(times)
