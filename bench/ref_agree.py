#!/usr/bin/python3
"""ref_agree.py: the reference for rater agreement (src/grade/agreement.c).

    /usr/bin/python3 bench/ref_agree.py RATINGS.json

RATINGS.json is {"scale": "nominal"|"interval", "ratings": [[r, ...], ...]}
(null = missing). Prints {"fleiss_kappa", "krippendorff_alpha", "icc2_1",
"seconds", "cpu_seconds"} (null where undefined); the times are the wall and
CPU time from the parsed JSON to the three figures.

 - fleiss_kappa: statsmodels' aggregate_raters + fleiss_kappa(method='fleiss')
   over the rows without a missing rating.
 - krippendorff_alpha: Krippendorff (2011), "Computing Krippendorff's
   Alpha-Reliability", by the book: the coincidence matrix o_ck of the
   pairable values (units with m_u >= 2), n_c its margins, and
   alpha = 1 - D_o / D_e with D_o = sum o_ck d_ck / n and
   D_e = sum n_c n_k d_ck / (n (n - 1)); d_ck = [c != k] (nominal) or
   (c - k)^2 (interval). An independent route from the C code, which uses
   per-unit sums of squares instead of the matrix.
 - icc2_1: Shrout & Fleiss (1979) ICC(2,1) from a textbook two-way ANOVA in
   numpy (SSE = SST - SSR - SSC) over the complete rows; statsmodels 0.13
   has no ICC. Interval scale only.
"""
import json
import math
import sys
import time

import numpy as np
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa


def nan_to_none(x):
    return None if x is None or not math.isfinite(x) else float(x)


def fleiss(rows, k):
    complete = [r for r in rows if all(v is not None for v in r)]
    if k < 2 or not complete:
        return None
    # every distinct value is a category (1 and 1.0 one, "1" another): integer codes for statsmodels
    seen = {}
    data = np.array([[seen.setdefault(('s', v) if isinstance(v, str) else ('n', float(v)), len(seen)) for v in r]
                     for r in complete])
    table, cats = aggregate_raters(data)
    if len(cats) < 2:
        return None
    with np.errstate(divide='ignore', invalid='ignore'):
        return nan_to_none(fleiss_kappa(table, method='fleiss'))


def krippendorff(rows, scale):
    k = len(rows[0]) if rows else 0
    if k == 0:
        return None
    A = np.array(rows, dtype=object).reshape(len(rows), k)
    present = A != None  # noqa: E711 (elementwise)
    if not present.any():
        return None
    unit = np.nonzero(present)[0]
    vals = A[present]
    if scale == 'interval':
        values, code = np.unique(vals.astype(np.float64), return_inverse=True)
    else:  # a category is a string or a number; 1 and 1.0 are one category, "1" another
        seen = {}
        code = np.array([seen.setdefault(('s', v) if isinstance(v, str) else ('n', float(v)), len(seen))
                         for v in vals])
        values = list(seen)
    C = len(values)
    counts = np.zeros((len(rows), C))
    np.add.at(counts, (unit, code), 1)
    m = counts.sum(axis=1)
    pair = m >= 2
    N = counts[pair]
    mu = m[pair]
    if N.shape[0] == 0:
        return None
    # o_ck = sum_u (n_uc n_uk - [c == k] n_uc) / (m_u - 1)
    w = 1.0 / (mu - 1)
    o = (N * w[:, None]).T @ N - np.diag((N * w[:, None]).sum(axis=0))
    n_c = o.sum(axis=0)
    n = n_c.sum()
    if scale == 'nominal':
        delta = 1.0 - np.eye(C)
    else:
        v = np.asarray(values, dtype=np.float64)
        delta = (v[:, None] - v[None, :]) ** 2
    d_o = (o * delta).sum() / n
    d_e = (np.outer(n_c, n_c) * delta).sum() / (n * (n - 1))
    if d_e == 0:
        return None
    return float(1 - d_o / d_e)


def icc2_1(rows, k, scale):
    if scale != 'interval' or k < 2:
        return None
    X = np.array([r for r in rows if all(v is not None for v in r)], dtype=np.float64)
    n = X.shape[0]
    if n < 2:
        return None
    gm = X.mean()
    sst = ((X - gm) ** 2).sum()
    ssr = k * ((X.mean(axis=1) - gm) ** 2).sum()
    ssc = n * ((X.mean(axis=0) - gm) ** 2).sum()
    sse = sst - ssr - ssc
    msr = ssr / (n - 1)
    msc = ssc / (k - 1)
    mse = sse / ((n - 1) * (k - 1))
    den = msr + (k - 1) * mse + k * (msc - mse) / n
    if not den > 0:
        return None
    return nan_to_none((msr - mse) / den)


def main():
    with open(sys.argv[1], encoding='utf-8') as f:
        doc = json.load(f)
    t0 = time.perf_counter()
    c0 = time.process_time()
    rows = doc['ratings']
    scale = doc['scale']
    k = len(rows[0]) if rows else 0
    out = {'fleiss_kappa': fleiss(rows, k), 'krippendorff_alpha': krippendorff(rows, scale),
           'icc2_1': icc2_1(rows, k, scale)}
    out['seconds'] = time.perf_counter() - t0
    out['cpu_seconds'] = time.process_time() - c0
    json.dump(out, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
