"""A numpy worker for the benchmark: times Kornblith et al.'s
feature_space_linear_cka on .npy pairs, one request per stdin line.

Request: {"x": path, "y": path, "reps": r} -> {"seconds": [...], "value": v}
                                             (one warm-up, then r timed runs back to back)
Request: {"x": path, "y": path, "reference": true}
                                          -> {"value": v} computed on float64 copies,
                                             the accuracy yardstick for float32 inputs.
Arrays are loaded once and kept until the next pair is requested. The
function is the reference notebook's, unchanged.
"""
import json
import sys
import time

import numpy as np

from kornblith_reference import feature_space_linear_cka


loaded = {}
for line in sys.stdin:
    job = json.loads(line)
    key = (job["x"], job["y"])
    if key not in loaded:
        loaded.clear()
        loaded[key] = (np.load(job["x"]), np.load(job["y"]))
    x, y = loaded[key]
    if job.get("reference"):
        reply = {"value": float(feature_space_linear_cka(x.astype(np.float64), y.astype(np.float64)))}
    else:
        feature_space_linear_cka(x, y)
        seconds = []
        for _ in range(job["reps"]):
            start = time.perf_counter()
            value = feature_space_linear_cka(x, y)
            seconds.append(time.perf_counter() - start)
        reply = {"seconds": seconds, "value": float(value)}
    print(json.dumps(reply), flush=True)
