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


def feature_space_linear_cka(features_x, features_y):
    features_x = features_x - np.mean(features_x, 0, keepdims=True)
    features_y = features_y - np.mean(features_y, 0, keepdims=True)
    dot_product_similarity = np.linalg.norm(features_x.T.dot(features_y)) ** 2
    normalization_x = np.linalg.norm(features_x.T.dot(features_x))
    normalization_y = np.linalg.norm(features_y.T.dot(features_y))
    return dot_product_similarity / (normalization_x * normalization_y)


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
