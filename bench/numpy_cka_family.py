"""numpy side of bench/cka-family.bench.mjs: Kornblith et al.'s notebook code
(kornblith_reference.py), timed on the benchmark's files.

argv[1] = "pairs": all-pairs linear CKA of the layers in an .npz (a0..a11 vs
b0..b11) by a per-pair loop, as torch_cka-style tools do.
argv[1] = "rbf": RBF CKA (threshold 1) of two .npy files.
Prints JSON {"seconds": s, "values": [...]}.
"""
import json
import sys
import time

import numpy as np

from kornblith_reference import cka, feature_space_linear_cka, gram_rbf


if sys.argv[1] == "pairs":
    archive = np.load(sys.argv[2])
    count = int(sys.argv[3])
    a = [archive[f"a{i}"] for i in range(count)]
    b = [archive[f"b{i}"] for i in range(count)]
    start = time.perf_counter()
    values = [feature_space_linear_cka(x, y) for x in a for y in b]
    seconds = time.perf_counter() - start
else:
    x = np.load(sys.argv[2])
    y = np.load(sys.argv[3])
    start = time.perf_counter()
    values = [float(cka(gram_rbf(x), gram_rbf(y)))]
    seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "values": [float(v) for v in values]}))
