"""numpy side of bench/stats.bench.mjs: a permutation test or bootstrap the
way a numpy user writes one -- a loop that resamples rows and calls the
reference function -- timed on the benchmark's files.

argv: metric (linear-cka | rbf-cka | cca), kind (permutation | bootstrap),
x.npy, y.npy, count.
linear-cka: Kornblith's feature_space_linear_cka on the resampled rows.
rbf-cka: the notebook's gram_rbf / center_gram / cka with both Gram matrices
         computed once and indexed per resample (the bandwidth fixed, as
         repsim does), the fair fast way to write it in numpy.
cca: google/svcca's QR route (bench/numpy_cca.py) on the resampled rows.
Prints JSON {"seconds": s, "mean": mean of the resampled values}.
"""
import json
import sys
import time

import numpy as np

from kornblith_reference import center_gram, cka, feature_space_linear_cka, gram_rbf
from numpy_cca import cca

metric, kind, x_path, y_path, count = sys.argv[1:6]
x = np.load(x_path)
y = np.load(y_path)
n = x.shape[0]
rng = np.random.default_rng(0)
start = time.perf_counter()
values = []
if metric == "rbf-cka":
    kx = gram_rbf(x)
    ky = gram_rbf(y)
for _ in range(int(count)):
    rows = rng.permutation(n) if kind == "permutation" else rng.integers(0, n, n)
    xrows = np.arange(n) if kind == "permutation" else rows
    if metric == "linear-cka":
        values.append(feature_space_linear_cka(x[xrows], y[rows]))
    elif metric == "rbf-cka":
        values.append(cka(kx[np.ix_(xrows, xrows)], ky[np.ix_(rows, rows)]))
    else:
        values.append(cca(x[xrows], y[rows]))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "mean": float(np.mean(values))}))
