#!/usr/bin/python3
"""ref_grade.py: the reference for bench/bench-grade.c.

Grades the files bench-grade wrote (DIR/<kind>-task.json and
DIR/<kind>-sub.json) with scikit-learn (label) and plain Python (span, box)
following the rules of docs/grading.md, times each from the files' text to
the metrics (CPU time of the process, as bench-grade does), compares every
metric with the C grader's DIR/<kind>-c.json (max absolute difference, must
be <= 1e-9; nulls and integers must be equal) and prints the time ratio.
Each Python run is paired with one C run timed just before it
(build/bench-grade DIR --time KIND, its own process), and the ratio is the
median of the paired ratios: on a shared machine whose speed drifts, both
sides of each ratio are measured at the same moment. The metric functions
alone come from DIR/times-c.json.

Run with Debian's interpreter: /usr/bin/python3 bench/ref_grade.py DIR [REPS]
Exit status 1 when a metric differs or is missing.
"""
import json
import math
import os
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, cohen_kappa_score, confusion_matrix, f1_score,
                             precision_recall_fscore_support)

UNANSWERED = "\x00unanswered"  # never a declared label: labels may not contain NUL


def f1_of(p, r):
    """F1 as scikit-learn computes it: 2PR/(P+R), 0 when P+R is 0."""
    d = p + r
    return 0.0 if d == 0.0 else 2.0 * p * r / d


def prf(tp, predicted, gold):
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": p, "recall": r, "f1": f1_of(p, r), "support": gold}


# ---- label: scikit-learn -----------------------------------------------------

def ref_label(task, sub):
    labels = task["params"]["labels"]
    declared = set(labels)
    gold = task["gold"]
    answers = sub.get("answers") or {}
    ids = [it["id"] for it in task["items"]]
    y_true = [gold[i] for i in ids]
    y_pred = []
    for i in ids:
        a = answers.get(i)
        y_pred.append(a if isinstance(a, str) and a in declared else UNANSWERED)

    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=None, zero_division=0)
    mp, mr, mf, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, average="macro",
                                                    zero_division=0)
    micro = f1_score(y_true, y_pred, labels=labels, average="micro", zero_division=0)
    weighted = f1_score(y_true, y_pred, labels=labels, average="weighted", zero_division=0)
    acc = accuracy_score(y_true, y_pred)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kappa = cohen_kappa_score(y_true, y_pred)
    # Rows: gold over the declared labels; columns: the declared labels, then unanswered.
    cm = confusion_matrix(y_true, y_pred, labels=labels + [UNANSWERED])[: len(labels)]
    return {
        "accuracy": float(acc),
        "macro_precision": float(mp),
        "macro_recall": float(mr),
        "macro_f1": float(mf),
        "micro_f1": float(micro),
        "weighted_f1": float(weighted),
        "cohen_kappa": None if math.isnan(kappa) else float(kappa),
        "per_label": {
            labels[l]: {"precision": float(p[l]), "recall": float(r[l]), "f1": float(f[l]), "support": int(s[l])}
            for l in range(len(labels))
        },
        "confusion": {"labels": list(labels), "matrix": cm.tolist()},
    }


# ---- span: plain Python -------------------------------------------------------

def ref_span(task, sub):
    labels = task["params"]["labels"]
    length = {it["id"]: len(it["text"]) for it in task["items"]}  # Python str length = code points

    def collect(side):
        out = set()
        for item, spans in side.items():
            if spans is None:
                continue
            n = length[item]
            for s in spans:
                assert 0 <= s["start"] < s["end"] <= n, (item, s)
                out.add((item, s["start"], s["end"], s["label"]))
        return out

    gold = collect(task["gold"])
    pred = collect(sub.get("answers") or {})
    tp = gold & pred
    per = {}
    for l in labels:
        per[l] = prf(sum(1 for x in tp if x[3] == l), sum(1 for x in pred if x[3] == l),
                     sum(1 for x in gold if x[3] == l))
    allm = prf(len(tp), len(pred), len(gold))
    return {"precision": allm["precision"], "recall": allm["recall"], "f1": allm["f1"], "per_label": per}


# ---- box: plain Python --------------------------------------------------------

def iou(a, b):
    """Same operations, in the same order, as metrics_iou() in src/grade/metrics.c."""
    iw = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    ih = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if not (iw > 0) or not (ih > 0):
        return 0.0
    inter = iw * ih
    uni = a[2] * a[3] + b[2] * b[3] - inter
    return inter / uni if uni > 0 else 0.0


def ref_box(task, sub):
    labels = task["params"]["labels"]
    thr = task["params"].get("iou_threshold")
    thr = 0.5 if thr is None else float(thr)
    answers = sub.get("answers") or {}

    def boxes(v):
        return [(float(b["x"]), float(b["y"]), float(b["w"]), float(b["h"]), b["label"]) for b in (v or [])]

    tp = dict.fromkeys(labels, 0)
    npred = dict.fromkeys(labels, 0)
    ngold = dict.fromkeys(labels, 0)
    ious = []
    for it in task["items"]:
        img = it["id"]
        g = boxes(task["gold"].get(img))
        p = boxes(answers.get(img))
        for b in g:
            ngold[b[4]] += 1
        for b in p:
            npred[b[4]] += 1
        # Candidate pairs within the image and label, IoU >= threshold; highest IoU first,
        # then gold order, then answer order; matched one to one.
        pairs = []
        for gi, gb in enumerate(g):
            for pi, pb in enumerate(p):
                if gb[4] != pb[4]:
                    continue
                v = iou(gb, pb)
                if v >= thr:
                    pairs.append((-v, gi, pi))
        pairs.sort()
        gused, pused = set(), set()
        for negv, gi, pi in pairs:
            if gi in gused or pi in pused:
                continue
            gused.add(gi)
            pused.add(pi)
            tp[g[gi][4]] += 1
            ious.append(-negv)
    per = {l: prf(tp[l], npred[l], ngold[l]) for l in labels}
    allm = prf(sum(tp.values()), sum(npred.values()), sum(ngold.values()))
    return {
        "precision": allm["precision"],
        "recall": allm["recall"],
        "f1": allm["f1"],
        "mean_iou": math.fsum(ious) / len(ious) if ious else None,
        "per_label": per,
    }


# ---- comparison -------------------------------------------------------------

def compare(ref, c, path, problems):
    """Returns the largest absolute difference of numbers; records structural mismatches."""
    if isinstance(ref, dict):
        if not isinstance(c, dict):
            problems.append(f"{path}: C has {type(c).__name__}, reference an object")
            return 0.0
        worst = 0.0
        for k in ref.keys() | c.keys():
            if k not in c:
                problems.append(f"{path}.{k}: missing in C")
            elif k not in ref:
                problems.append(f"{path}.{k}: not in the reference")
            else:
                worst = max(worst, compare(ref[k], c[k], f"{path}.{k}", problems))
        return worst
    if isinstance(ref, list):
        if not isinstance(c, list) or len(c) != len(ref):
            problems.append(f"{path}: list shapes differ")
            return 0.0
        worst = 0.0
        for i, (x, y) in enumerate(zip(ref, c)):
            worst = max(worst, compare(x, y, f"{path}[{i}]", problems))
        return worst
    if ref is None or c is None:
        if ref is not c:
            problems.append(f"{path}: reference {ref!r}, C {c!r}")
        return 0.0
    if isinstance(ref, str):
        if ref != c:
            problems.append(f"{path}: reference {ref!r}, C {c!r}")
        return 0.0
    if isinstance(ref, int) and not isinstance(ref, bool) and isinstance(c, int):
        if ref != c:
            problems.append(f"{path}: reference {ref}, C {c}")
        return float(abs(ref - c))
    d = abs(float(ref) - float(c))
    if not d <= 1e-9:
        problems.append(f"{path}: reference {ref!r}, C {c!r} (|diff| {d:.3g})")
    return d


def count_numbers(v):
    if isinstance(v, dict):
        return sum(count_numbers(x) for x in v.values())
    if isinstance(v, list):
        return sum(count_numbers(x) for x in v)
    return 1 if v is None or isinstance(v, (int, float)) and not isinstance(v, bool) else 0


def c_time(d, kind):
    """CPU ms of one grade_run_text on DIR's KIND files, timed by build/bench-grade in its own process."""
    exe = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "bench-grade")
    out = subprocess.run([exe, d, "--time", kind], check=True, capture_output=True, text=True).stdout
    return float(out.strip())


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "build/bench-grade-data"
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with open(f"{d}/times-c.json") as f:
        ctimes = json.load(f)
    print(f"reference: Python {sys.version.split()[0]}, scikit-learn {sklearn.__version__}, numpy {np.__version__}")
    print(f"{'kind':6} {'metrics':>8} {'max |diff|':>11} {'py text->metrics':>17} {'C text->metrics':>16}"
          f" {'ratio':>8} {'py grade only':>14} {'C metric fn':>12} {'ratio':>8}")
    failed = False
    worst_ratio = float("inf")
    for kind, fn in (("label", ref_label), ("span", ref_span), ("box", ref_box)):
        with open(f"{d}/{kind}-task.json", encoding="utf-8") as f:
            task_text = f.read()
        with open(f"{d}/{kind}-sub.json", encoding="utf-8") as f:
            sub_text = f.read()
        whole, grade_only, c_runs, ratios = [], [], [], []
        ref = None
        for _ in range(reps):
            # The C grader, timed by itself in its own process, right before each Python run: on a
            # shared machine both sides of a ratio are then measured at the same moment.
            c_ms = c_time(d, kind)
            t0 = time.process_time()
            task = json.loads(task_text)
            sub = json.loads(sub_text)
            t1 = time.process_time()
            ref = fn(task, sub)
            t2 = time.process_time()
            whole.append((t2 - t0) * 1e3)
            grade_only.append((t2 - t1) * 1e3)
            c_runs.append(c_ms)
            ratios.append(whole[-1] / c_ms)
            del task, sub
        py_ms = statistics.median(whole)
        py_grade_ms = statistics.median(grade_only)
        c_ms = statistics.median(c_runs)
        with open(f"{d}/{kind}-c.json", encoding="utf-8") as f:
            cm = json.load(f)
        problems = []
        worst = compare(ref, cm, kind, problems)
        if problems:
            failed = True
            for p in problems[:20]:
                print("  MISMATCH", p)
        ct = ctimes[kind]
        ratio = statistics.median(ratios)
        worst_ratio = min(worst_ratio, ratio)
        print(f"{kind:6} {count_numbers(ref):8d} {worst:11.3g} {py_ms:17.1f} {c_ms:16.2f} {ratio:7.1f}x"
              f" {py_grade_ms:14.1f} {ct['arrays_ms']:12.2f} {py_grade_ms / ct['arrays_ms']:7.0f}x")
    print(f"(CPU ms, median of {reps} runs each. text->metrics: from the two files' text in memory to the metrics,"
          f" parsing and validation included -- json.loads + the reference in Python, grade_run_text in C, one C"
          f" run (build/bench-grade DIR --time KIND) right before each Python run; the first ratio, the median of"
          f" those paired ratios, is the issue's figure. 'py grade only' starts from the parsed dicts, 'C metric"
          f" fn' from the generator's arrays: the metric computation alone.)")
    print(f"SPEED: the slowest kind is {worst_ratio:.1f}x the reference (target: at least 20x)")
    print("RESULT:", "FAIL (a metric differs by more than 1e-9 or is missing)" if failed
          else "all metrics equal within 1e-9")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
