"""The measures of repsim's measure table computed the way their reference
code computes them: ReSi's (github.com/mklabunde/resi, repsim/measures/),
netrep's LinearMetric for the shape metric, and platonic-rep's metrics.py
(torch there) for mutual kNN and CKNNA, written here with numpy and scipy
only: scikit-learn and torch are not installed on the bench machine, so their
pairwise distances, neighbour searches and top-k are the numpy products they
amount to (n x n matrices, as those libraries materialise them).

Usage: python3 numpy_measures.py <measure> <x.npy> <y.npy>
Prints {"seconds": ..., "value": ..., "peak_mib": ...}: the best of up to ten
runs, as many as fit in five seconds (one for the slow references), and the
process's peak resident memory.
"""
import json
import resource
import sys
import time

import numpy as np
import scipy.linalg
import scipy.optimize
import scipy.stats


def centred(a):
    return a - a.mean(axis=0)


def padded(a, b):
    d = max(a.shape[1], b.shape[1])
    pad = lambda m: np.hstack([m, np.zeros((m.shape[0], d - m.shape[1]))])
    return pad(a), pad(b)


def distances(a):
    sq = (a * a).sum(axis=1)
    d = sq[:, None] + sq[None, :] - 2.0 * (a @ a.T)
    np.maximum(d, 0.0, out=d)
    np.fill_diagonal(d, 0.0)
    return np.sqrt(d)


def unit_rows(a):
    norms = np.linalg.norm(a, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return a / norms


def neighbours(a, k):
    """The k cosine nearest neighbours of every row, itself excluded, best first."""
    u = unit_rows(a)
    s = u @ u.T
    np.fill_diagonal(s, -np.inf)
    idx = np.argpartition(-s, k, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(s, idx, axis=1), axis=1)
    return np.take_along_axis(idx, order, axis=1)


def aligned_cosine(x, y):
    a, b = padded(x, y)
    q, _ = scipy.linalg.orthogonal_procrustes(a, b)
    r = a @ q
    num = (r * b).sum(axis=1)
    den = np.linalg.norm(r, axis=1) * np.linalg.norm(b, axis=1)
    keep = den > 0
    return float((num[keep] / den[keep]).mean())


def angular_shape(x, y):
    a, b = centred(x), centred(y)
    a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
    a, b = padded(a, b)
    q, _ = scipy.linalg.orthogonal_procrustes(a, b)
    return float(np.arccos(np.clip(np.trace(q.T @ a.T @ b), -1, 1)))


def procrustes_size_shape(x, y):
    a, b = padded(centred(x), centred(y))
    nuc = scipy.linalg.orthogonal_procrustes(a, b)[1]
    return float(np.sqrt(max(0.0, -2 * nuc + np.linalg.norm(a) ** 2 + np.linalg.norm(b) ** 2)))


def netrep_whiten(a, alpha, eigval_tol=1e-7):
    """netrep's partial whitening, variance preserved: returns a @ z."""
    if alpha > 1 - eigval_tol:
        return a
    lam, v = np.linalg.eigh(a.T @ a)
    lam = np.maximum(lam, eigval_tol)
    d = alpha + (1 - alpha) * lam**-0.5
    new_var = np.sum(alpha**2 * lam + 2 * alpha * (1 - alpha) * lam**0.5 + (1 - alpha) ** 2)
    d *= np.sqrt(np.sum(lam) / new_var)
    return a @ ((v * d[None, :]) @ v.T)


def shape_metric(x, y, alpha=1.0):
    """netrep's LinearMetric(alpha, center_columns=True, zero_pad=True, 'angular')."""
    a, b = padded(x, y)
    a, b = netrep_whiten(centred(a), alpha), netrep_whiten(centred(b), alpha)
    u, _, vt = np.linalg.svd(a.T @ b)
    ta, tb = a @ u, b @ vt.T
    return float(np.arccos(np.dot(ta.ravel(), tb.ravel()) / (np.linalg.norm(ta) * np.linalg.norm(tb))))


def permutation_procrustes(x, y):
    a, b = padded(x, y)
    r, c = scipy.optimize.linear_sum_assignment(a.T @ b, maximize=True)
    return float(np.linalg.norm(a[:, r] - b[:, c]))


def correlations(x, y):
    a, b = centred(x), centred(y)
    return np.clip(unit_rows(a.T) @ unit_rows(b.T).T, -1, 1)


def hard_correlation_match(x, y):
    c = correlations(x, y)
    r, k = scipy.optimize.linear_sum_assignment(c, maximize=True)
    return float(c[r, k].mean())


def soft_correlation_match(x, y):
    c = correlations(x, y)
    return float((c.max(axis=1).mean() + c.max(axis=0).mean()) / 2)


def linear_regression(x, y):
    a, b = centred(x), centred(y)
    base = b @ scipy.linalg.inv(scipy.linalg.sqrtm(b.T @ b))
    return float(np.linalg.norm(base.T @ a) ** 2 / np.linalg.norm(a) ** 2)


def gulp(x, y):
    n = x.shape[0]
    a = centred(x).T
    a = np.sqrt(n) * a / np.linalg.norm(a)
    b = centred(y).T
    b = np.sqrt(n) * b / np.linalg.norm(b)
    ea, va = np.linalg.eigh(a @ a.T)
    eb, vb = np.linalg.eigh(b @ b.T)
    ea = (ea + np.abs(ea)) / (2 * n)
    eb = (eb + np.abs(eb)) / (2 * n)
    ia = np.where(ea > 0, 1 / np.where(ea > 0, ea, 1), 0)
    ib = np.where(eb > 0, 1 / np.where(eb > 0, eb, 1), 0)
    cab = a @ b.T / n
    t3 = np.trace((np.diag(np.sqrt(ia)) @ va.T) @ cab @ (vb @ np.diag(ib) @ vb.T) @ cab.T @ (va @ np.diag(np.sqrt(ia))))
    return float(np.sum((ea * ia) ** 2) + np.sum((eb * ib) ** 2) - 2 * t3)


def eigenspace_overlap(x, y):
    u = np.linalg.svd(x)[0][:, : np.linalg.matrix_rank(x)]
    v = np.linalg.svd(y)[0][:, : np.linalg.matrix_rank(y)]
    return float(np.linalg.norm(u.T @ v) ** 2 / max(x.shape[1], y.shape[1]))


def upper(m):
    return m[np.triu_indices(m.shape[0], 1)]


def rsa(x, y):
    sx = unit_rows(x - x.mean(axis=1, keepdims=True))
    sy = unit_rows(y - y.mean(axis=1, keepdims=True))
    return float(scipy.stats.spearmanr(upper(sx @ sx.T), upper(sy @ sy.T)).statistic)


def rsa_pearson(x, y):
    sx = unit_rows(x - x.mean(axis=1, keepdims=True))
    sy = unit_rows(y - y.mean(axis=1, keepdims=True))
    return float(scipy.stats.pearsonr(upper(sx @ sx.T), upper(sy @ sy.T)).statistic)


def rsm_norm_difference(x, y):
    return float(np.linalg.norm(distances(x) - distances(y), ord=2))


def distance_correlation(x, y):
    def double_centred(d):
        return d - d.mean(axis=0, keepdims=True) - d.mean(axis=1, keepdims=True) + d.mean()

    a, b = double_centred(distances(x)), double_centred(distances(y))
    return float(np.sqrt((a * b).mean() / np.sqrt((a * a).mean() * (b * b).mean())))


def jaccard_knn(x, y, k=10):
    nx, ny = neighbours(x, k), neighbours(y, k)
    return float(np.mean([len(set(p) & set(q)) / len(set(p) | set(q)) for p, q in zip(nx, ny)]))


def rank_similarity(x, y, k=10):
    nx, ny = neighbours(x, k), neighbours(y, k)
    scores = []
    for p, q in zip(nx, ny):
        common = set(p) & set(q)
        if not common:
            scores.append(0.0)
            continue
        norm = sum(1 / m for m in range(1, len(common) + 1))
        s = 0.0
        for j in common:
            r1 = int(np.argwhere(p == j)[0][0]) + 1
            r2 = int(np.argwhere(q == j)[0][0]) + 1
            s += 2 / ((1 + abs(r1 - r2)) * (r1 + r2))
        scores.append(s / norm)
    return float(np.mean(scores))


def second_order_cosine(x, y, k=10):
    nx, ny = neighbours(x, k), neighbours(y, k)
    ux, uy = unit_rows(x), unit_rows(y)
    dx, dy = 1 - ux @ ux.T, 1 - uy @ uy.T
    values = []
    for i, (p, q) in enumerate(zip(nx, ny)):
        u = list(set(p) | set(q))
        a, b = dx[i, u], dy[i, u]
        values.append(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
    return float(np.mean(values))


def platonic_top_k(gram, k):
    """platonic-rep's neighbours: the k largest inner products, self excluded."""
    g = gram.copy()
    np.fill_diagonal(g, -np.inf)
    return np.argsort(-g, axis=1, kind="stable")[:, :k]


def platonic_mask(gram, k):
    n = gram.shape[0]
    mask = np.zeros((n, n))
    mask[np.arange(n)[:, None], platonic_top_k(gram, k)] = 1.0
    return mask


def mutual_knn(x, y, k=10):
    ux, uy = unit_rows(x), unit_rows(y)
    mx, my = platonic_mask(ux @ ux.T, k), platonic_mask(uy @ uy.T, k)
    return float(((mx * my).sum(axis=1) / k).mean())


def hsic_unbiased(kk, ll):
    m = kk.shape[0]
    kt, lt = kk.copy(), ll.copy()
    np.fill_diagonal(kt, 0)
    np.fill_diagonal(lt, 0)
    value = (kt * lt.T).sum() + kt.sum() * lt.sum() / ((m - 1) * (m - 2)) - 2 * (kt @ lt).sum() / (m - 2)
    return value / (m * (m - 3))


def cknna(x, y, k=10):
    ux, uy = unit_rows(x), unit_rows(y)
    kk, ll = ux @ ux.T, uy @ uy.T

    def similarity(a, b):
        mask = platonic_mask(a, k) * platonic_mask(b, k)
        return hsic_unbiased(mask * a, mask * b)

    # platonic-rep adds 1e-6 to the denominator; repsim does not (README).
    return float(similarity(kk, ll) / np.sqrt(similarity(kk, kk) * similarity(ll, ll)))


def magnitude_difference(x, y):
    return float(abs(np.linalg.norm(x.mean(axis=0)) - np.linalg.norm(y.mean(axis=0))))


def concentricity_difference(x, y):
    c = lambda a: (unit_rows(a) @ unit_rows(a.mean(axis=0, keepdims=True)).T).mean()
    return float(abs(c(x) - c(y)))


def uniformity_difference(x, y, t=2.0):
    u = lambda a: np.log(np.exp(-t * distances(a) ** 2).sum() / a.shape[0] ** 2)
    return float(abs(u(x) - u(y)))


MEASURES = {
    "aligned-cosine": aligned_cosine,
    "angular-shape": angular_shape,
    "procrustes-size-shape": procrustes_size_shape,
    "permutation-procrustes": permutation_procrustes,
    "shape-metric": shape_metric,
    "hard-correlation-match": hard_correlation_match,
    "soft-correlation-match": soft_correlation_match,
    "linear-regression": linear_regression,
    "gulp": gulp,
    "eigenspace-overlap": eigenspace_overlap,
    "rsa": rsa,
    "rsa-pearson": rsa_pearson,
    "rsm-norm-difference": rsm_norm_difference,
    "distance-correlation": distance_correlation,
    "jaccard-knn": jaccard_knn,
    "rank-similarity": rank_similarity,
    "second-order-cosine": second_order_cosine,
    "mutual-knn": mutual_knn,
    "cknna": cknna,
    "magnitude-difference": magnitude_difference,
    "concentricity-difference": concentricity_difference,
    "uniformity-difference": uniformity_difference,
}

if __name__ == "__main__":
    name, fx, fy = sys.argv[1:4]
    x, y = np.load(fx), np.load(fy)
    best = float("inf")
    spent = 0.0
    for _ in range(10):
        start = time.perf_counter()
        value = MEASURES[name](x, y)
        took = time.perf_counter() - start
        best = min(best, took)
        spent += took
        if spent > 5.0:
            break
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": best, "value": value, "peak_mib": peak_mib}))
