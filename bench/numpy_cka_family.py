"""numpy side of bench/cka-family.bench.mjs: Kornblith et al.'s notebook code,
unchanged, timed on the benchmark's files.

argv[1] = "pairs": all-pairs linear CKA of the layers in an .npz (a0..a11 vs
b0..b11) by a per-pair loop, as torch_cka-style tools do.
argv[1] = "rbf": RBF CKA (threshold 1) of two .npy files.
Prints JSON {"seconds": s, "values": [...]}.
"""
import json
import sys
import time

import numpy as np


def feature_space_linear_cka(features_x, features_y, debiased=False):
    features_x = features_x - np.mean(features_x, 0, keepdims=True)
    features_y = features_y - np.mean(features_y, 0, keepdims=True)
    dot_product_similarity = np.linalg.norm(features_x.T.dot(features_y)) ** 2
    normalization_x = np.linalg.norm(features_x.T.dot(features_x))
    normalization_y = np.linalg.norm(features_y.T.dot(features_y))
    return dot_product_similarity / (normalization_x * normalization_y)


def gram_rbf(x, threshold=1.0):
    dot_products = x.dot(x.T)
    sq_norms = np.diag(dot_products)
    sq_distances = -2 * dot_products + sq_norms[:, None] + sq_norms[None, :]
    sq_median_distance = np.median(sq_distances)
    return np.exp(-sq_distances / (2 * threshold ** 2 * sq_median_distance))


def center_gram(gram, unbiased=False):
    if not np.allclose(gram, gram.T):
        raise ValueError("Input must be a symmetric matrix.")
    gram = gram.copy()
    means = np.mean(gram, 0, dtype=np.float64)
    means -= np.mean(means) / 2
    gram -= means[:, None]
    gram -= means[None, :]
    return gram


def cka(gram_x, gram_y):
    gram_x = center_gram(gram_x)
    gram_y = center_gram(gram_y)
    scaled_hsic = gram_x.ravel().dot(gram_y.ravel())
    normalization_x = np.linalg.norm(gram_x)
    normalization_y = np.linalg.norm(gram_y)
    return scaled_hsic / (normalization_x * normalization_y)


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
