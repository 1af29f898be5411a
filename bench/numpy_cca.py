"""numpy side of bench/cca.bench.mjs: the CCA family the way the reference
code computes it (google/svcca's QR route; Raghu et al.'s SVD-then-CCA;
Morcos et al.'s projection weights), timed on the benchmark's files.

argv: method (cca | svcca | pwcca), x.npy, y.npy, repetitions.
Prints JSON {"seconds": best of the repetitions after a small warm-up call
(BLAS threads started), "value": mean rho or PWCCA similarity}.
"""
import json
import sys
import time

import numpy as np


def qr_cca(x, y):
    """Centre, thin QR of each, singular values (and left vectors) of Qx^T Qy."""
    xc = x - x.mean(axis=0)
    yc = y - y.mean(axis=0)
    qx, _ = np.linalg.qr(xc)
    qy, _ = np.linalg.qr(yc)
    u, rho, _ = np.linalg.svd(qx.T @ qy, full_matrices=False)
    return xc, qx, u, rho


def cca(x, y):
    return qr_cca(x, y)[3].mean()


def svcca(x, y, keep=0.99):
    def reduce(m):
        mc = m - m.mean(axis=0)
        _, s, vt = np.linalg.svd(mc, full_matrices=False)
        share = np.cumsum(s**2) / np.sum(s**2)
        k = int(np.searchsorted(share, keep)) + 1
        return mc @ vt[:k].T

    return cca(reduce(x), reduce(y))


def pwcca(x, y):
    xc, qx, u, rho = qr_cca(x, y)
    h = qx @ u  # unit canonical variates of x (x has no more neurons than y here)
    alpha = np.abs(h.T @ xc).sum(axis=1)
    alpha /= alpha.sum()
    return float(alpha @ rho)


if __name__ == "__main__":
    method = {"cca": cca, "svcca": svcca, "pwcca": pwcca}[sys.argv[1]]
    x = np.load(sys.argv[2])
    y = np.load(sys.argv[3])
    method(x[:200, :20], y[:200, :20])
    seconds = float("inf")
    for _ in range(int(sys.argv[4])):
        start = time.perf_counter()
        value = float(method(x, y))
        seconds = min(seconds, time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "value": value}))
