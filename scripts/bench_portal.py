"""usage: bench_portal.py BASE_HOST PORT TOTAL — prints throughput and latency of portal submissions."""
import statistics
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import portal_load  # noqa: E402

host, port, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
units = portal_load.first_unit(f"http://{host}:{port}")
portal_load.flood(host, port, units, 200, threads=4)  # warm up
start = time.perf_counter()
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 8
lat, errors = portal_load.flood(host, port, units, total, threads=threads)
elapsed = time.perf_counter() - start
lat.sort()
print(f"portal submissions ({threads} connections): {len(lat)} acknowledged in {elapsed:.1f} s = {len(lat) / elapsed:.0f}/s; "
      f"p50 {statistics.median(lat):.1f} ms, p99 {lat[int(len(lat) * 0.99)]:.1f} ms, max {lat[-1]:.1f} ms; errors {len(errors)}")
if errors:
    print("first errors:", errors[:3])
