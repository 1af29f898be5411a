"""numpy side of bench/isa.bench.mjs: the reference code of each workload,
timed on the benchmark's files.

argv: workload, then its files, then repetitions. Workloads:
  linear x.npy y.npy       Kornblith et al.'s feature_space_linear_cka
  pairs layers.npz count   the same over every (a_i, b_j) pair, as a loop
  rbf x.npy y.npy          cka(gram_rbf(x), gram_rbf(y))
  cca x.npy y.npy          google/svcca's QR route (numpy_cca.py)
Prints JSON {"seconds": best of the repetitions after a warm-up call}.
"""
import json
import sys
import time

import numpy as np

from kornblith_reference import cka, feature_space_linear_cka, gram_rbf
from numpy_cca import cca


def workload(name, args):
    if name == "pairs":
        archive = np.load(args[0])
        count = int(args[1])
        a = [archive[f"a{i}"] for i in range(count)]
        b = [archive[f"b{i}"] for i in range(count)]
        return lambda: [feature_space_linear_cka(x, y) for x in a for y in b]
    x = np.load(args[0])
    y = np.load(args[1])
    if name == "linear":
        return lambda: feature_space_linear_cka(x, y)
    if name == "rbf":
        return lambda: cka(gram_rbf(x), gram_rbf(y))
    if name == "cca":
        return lambda: cca(x, y)
    raise SystemExit(f"unknown workload {name}")


run = workload(sys.argv[1], sys.argv[2:-1])
reps = int(sys.argv[-1])
run()  # warm-up: BLAS threads started, pages touched
seconds = float("inf")
for _ in range(reps):
    start = time.perf_counter()
    run()
    seconds = min(seconds, time.perf_counter() - start)
print(json.dumps({"seconds": seconds}))
