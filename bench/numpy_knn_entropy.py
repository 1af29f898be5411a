"""numpy side of bench/knn-entropy.bench.mjs: kNN entropy by brute force, the
way a numpy user writes it: the full S x S distance matrix from
|a|^2 + |b|^2 - 2 a.b, np.partition for the k smallest per row, then the
Kozachenko-Leonenko formula (k = 1, 2, 3, max-norm). argv: x.npy.
Prints JSON {"seconds": s, "value": entropy}.
"""
import json
import sys
import time

import numpy as np
from scipy.special import digamma, gammaln


def knn_entropy(x, ks=(1, 2, 3)):
    x = x - x.mean(axis=0)
    s, d = x.shape
    x = x * (np.sqrt(d) / np.linalg.norm(x, axis=1).max())
    norms = (x * x).sum(axis=1)
    dist = norms[:, None] + norms[None, :] - 2.0 * (x @ x.T)
    np.fill_diagonal(dist, np.inf)
    nearest = np.sqrt(np.maximum(np.partition(dist, max(ks), axis=1)[:, : max(ks) + 1], 0))
    nearest.sort(axis=1)
    log_volume = d / 2 * np.log(np.pi) - gammaln(d / 2 + 1)
    return np.mean([digamma(s) - digamma(k) + log_volume + d / s * np.log(nearest[:, k - 1]).sum() for k in ks])


x = np.load(sys.argv[1])
start = time.perf_counter()
value = float(knn_entropy(x))
print(json.dumps({"seconds": time.perf_counter() - start, "value": value}))
