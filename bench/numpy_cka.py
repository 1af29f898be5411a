"""Times Kornblith et al.'s feature_space_linear_cka in numpy on .npy pairs.

Reads a JSON list of {"x", "y", "reps"} on stdin, prints a JSON list of
{"seconds": [...], "value", "value_float64"} on stdout. The function is the
reference notebook's, unchanged; value_float64 recomputes it on float64
copies, as the accuracy yardstick for float32 inputs.
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


results = []
for job in json.load(sys.stdin):
    x = np.load(job["x"])
    y = np.load(job["y"])
    feature_space_linear_cka(x, y)  # warm-up
    seconds = []
    for _ in range(job["reps"]):
        start = time.perf_counter()
        value = feature_space_linear_cka(x, y)
        seconds.append(time.perf_counter() - start)
    reference = feature_space_linear_cka(x.astype(np.float64), y.astype(np.float64))
    results.append({"seconds": seconds, "value": float(value), "value_float64": float(reference)})
print(json.dumps(results))
