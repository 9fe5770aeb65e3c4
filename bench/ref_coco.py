#!/usr/bin/python3
"""ref_coco.py: the reference for the `test` grader (src/grade/algotest.c).

    /usr/bin/python3 bench/ref_coco.py TASK.json

TASK.json is an aitcert `test` task (params.mode "detection" or
"classification"). Prints one JSON object with the reference's metrics and
"seconds" and "cpu_seconds", the wall and CPU time spent from the parsed JSON
to the metrics (json.load is not timed, as the C side is timed from parsed
JSON too).

detection: pycocotools is not available on Debian, so this is a faithful
port of pycocotools' COCOeval (iouType "bbox": _prepare, computeIoU with
maskApi's bbIou, evaluateImg, accumulate and the three AP lines of
summarize), restricted to what the grader reports (area range "all",
maxDets 100; the other ranges and limits only fill their own slices of the
arrays). Images are numbered 1..N in item order, categories 1..K in the
declared (or first-seen) order, annotation ids 1.. in item order, exactly as
a COCO file written from the task would number them.

classification: scikit-learn with labels = the declared labels and
zero_division=0; the prediction is numpy's argmax over the declared labels
(the first maximum wins), or the threshold rule.
"""
import json
import sys
import time

import numpy as np


# ---------------------------------------------------------------- COCOeval --

class Params:
    def __init__(self):
        self.imgIds = []
        self.catIds = []
        self.iouThrs = np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1, endpoint=True)
        self.recThrs = np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1, endpoint=True)
        self.maxDets = [100]
        self.areaRng = [[0 ** 2, 1e5 ** 2]]
        self.areaRngLbl = ['all']
        self.useCats = 1


def bb_iou(dt, gt):
    """maskApi.c bbIou for iscrowd = 0: o[d, g] = inter / (da + ga - inter), 0 without overlap."""
    if len(dt) == 0 or len(gt) == 0:
        return []
    d = np.asarray(dt, dtype=np.float64)
    g = np.asarray(gt, dtype=np.float64)
    D = d[:, None, :]
    G = g[None, :, :]
    ga = G[..., 2] * G[..., 3]
    da = D[..., 2] * D[..., 3]
    w = np.fmin(D[..., 2] + D[..., 0], G[..., 2] + G[..., 0]) - np.fmax(D[..., 0], G[..., 0])
    h = np.fmin(D[..., 3] + D[..., 1], G[..., 3] + G[..., 1]) - np.fmax(D[..., 1], G[..., 1])
    i = w * h
    u = da + ga - i
    with np.errstate(divide='ignore', invalid='ignore'):
        o = np.where((w <= 0) | (h <= 0), 0.0, i / u)
    return o


class COCOevalPort:
    def __init__(self, gts, dts, img_ids, cat_ids):
        self.params = Params()
        self.params.imgIds = sorted(img_ids)
        self.params.catIds = sorted(cat_ids)
        self.gts_list = gts
        self.dts_list = dts

    def _prepare(self):
        from collections import defaultdict
        self._gts = defaultdict(list)
        self._dts = defaultdict(list)
        for gt in self.gts_list:
            gt['ignore'] = gt['ignore'] if 'ignore' in gt else 0
            gt['ignore'] = 'iscrowd' in gt and gt['iscrowd']
            self._gts[gt['image_id'], gt['category_id']].append(gt)
        for dt in self.dts_list:
            self._dts[dt['image_id'], dt['category_id']].append(dt)

    def evaluate(self):
        p = self.params
        p.imgIds = list(np.unique(p.imgIds))
        p.catIds = list(np.unique(p.catIds))
        p.maxDets = sorted(p.maxDets)
        self._prepare()
        self.ious = {(imgId, catId): self.computeIoU(imgId, catId)
                     for imgId in p.imgIds for catId in p.catIds}
        maxDet = p.maxDets[-1]
        self.evalImgs = [self.evaluateImg(imgId, catId, areaRng, maxDet)
                         for catId in p.catIds for areaRng in p.areaRng for imgId in p.imgIds]

    def computeIoU(self, imgId, catId):
        p = self.params
        gt = self._gts[imgId, catId]
        dt = self._dts[imgId, catId]
        if len(gt) == 0 and len(dt) == 0:
            return []
        inds = np.argsort([-d['score'] for d in dt], kind='mergesort')
        dt = [dt[i] for i in inds]
        if len(dt) > p.maxDets[-1]:
            dt = dt[0:p.maxDets[-1]]
        g = [g['bbox'] for g in gt]
        d = [d['bbox'] for d in dt]
        return bb_iou(d, g)

    def evaluateImg(self, imgId, catId, aRng, maxDet):
        p = self.params
        gt = self._gts[imgId, catId]
        dt = self._dts[imgId, catId]
        if len(gt) == 0 and len(dt) == 0:
            return None
        for g in gt:
            if g['ignore'] or (g['area'] < aRng[0] or g['area'] > aRng[1]):
                g['_ignore'] = 1
            else:
                g['_ignore'] = 0
        gtind = np.argsort([g['_ignore'] for g in gt], kind='mergesort')
        gt = [gt[i] for i in gtind]
        dtind = np.argsort([-d['score'] for d in dt], kind='mergesort')
        dt = [dt[i] for i in dtind[0:maxDet]]
        iscrowd = [int(o['iscrowd']) for o in gt]
        ious = self.ious[imgId, catId][:, gtind] if len(self.ious[imgId, catId]) > 0 else self.ious[imgId, catId]
        T = len(p.iouThrs)
        G = len(gt)
        D = len(dt)
        gtm = np.zeros((T, G))
        dtm = np.zeros((T, D))
        gtIg = np.array([g['_ignore'] for g in gt])
        dtIg = np.zeros((T, D))
        if not len(ious) == 0:
            for tind, t in enumerate(p.iouThrs):
                for dind, d in enumerate(dt):
                    iou = min([t, 1 - 1e-10])
                    m = -1
                    for gind, g in enumerate(gt):
                        if gtm[tind, gind] > 0 and not iscrowd[gind]:
                            continue
                        if m > -1 and gtIg[m] == 0 and gtIg[gind] == 1:
                            break
                        if ious[dind, gind] < iou:
                            continue
                        iou = ious[dind, gind]
                        m = gind
                    if m == -1:
                        continue
                    dtIg[tind, dind] = gtIg[m]
                    dtm[tind, dind] = gt[m]['id']
                    gtm[tind, m] = d['id']
        a = np.array([d['area'] < aRng[0] or d['area'] > aRng[1] for d in dt]).reshape((1, len(dt)))
        dtIg = np.logical_or(dtIg, np.logical_and(dtm == 0, np.repeat(a, T, 0)))
        return {'dtMatches': dtm, 'gtMatches': gtm, 'dtScores': [d['score'] for d in dt],
                'gtIgnore': gtIg, 'dtIgnore': dtIg}

    def accumulate(self):
        p = self.params
        T = len(p.iouThrs)
        R = len(p.recThrs)
        K = len(p.catIds)
        A = len(p.areaRng)
        M = len(p.maxDets)
        precision = -np.ones((T, R, K, A, M))
        I0 = len(p.imgIds)
        A0 = len(p.areaRng)
        for k in range(K):
            Nk = k * A0 * I0
            for a in range(A):
                Na = a * I0
                for m, maxDet in enumerate(p.maxDets):
                    E = [self.evalImgs[Nk + Na + i] for i in range(I0)]
                    E = [e for e in E if e is not None]
                    if len(E) == 0:
                        continue
                    dtScores = np.concatenate([e['dtScores'][0:maxDet] for e in E])
                    inds = np.argsort(-dtScores, kind='mergesort')
                    dtm = np.concatenate([e['dtMatches'][:, 0:maxDet] for e in E], axis=1)[:, inds]
                    dtIg = np.concatenate([e['dtIgnore'][:, 0:maxDet] for e in E], axis=1)[:, inds]
                    gtIg = np.concatenate([e['gtIgnore'] for e in E])
                    npig = np.count_nonzero(gtIg == 0)
                    if npig == 0:
                        continue
                    tps = np.logical_and(dtm, np.logical_not(dtIg))
                    fps = np.logical_and(np.logical_not(dtm), np.logical_not(dtIg))
                    tp_sum = np.cumsum(tps, axis=1).astype(dtype=np.float64)
                    fp_sum = np.cumsum(fps, axis=1).astype(dtype=np.float64)
                    for t, (tp, fp) in enumerate(zip(tp_sum, fp_sum)):
                        tp = np.array(tp)
                        fp = np.array(fp)
                        nd = len(tp)
                        rc = tp / npig
                        pr = tp / (fp + tp + np.spacing(1))
                        q = np.zeros((R,))
                        pr = pr.tolist()
                        q = q.tolist()
                        for i in range(nd - 1, 0, -1):
                            if pr[i] > pr[i - 1]:
                                pr[i - 1] = pr[i]
                        inds = np.searchsorted(rc, p.recThrs, side='left')
                        try:
                            for ri, pi in enumerate(inds):
                                q[ri] = pr[pi]
                        except IndexError:
                            pass
                        precision[t, :, k, a, m] = np.array(q)
        self.precision = precision

    def summarize_ap(self, iouThr=None, cat=None):
        p = self.params
        s = self.precision
        if iouThr is not None:
            t = np.where(iouThr == p.iouThrs)[0]
            s = s[t]
        s = s[:, :, :, 0, 0]  # area "all", maxDets 100
        if cat is not None:
            s = s[:, :, cat]
        if len(s[s > -1]) == 0:
            return None
        return float(np.mean(s[s > -1]))


def detection(task):
    params = task.get('params', {})
    declared = params.get('labels')
    cats = list(declared) if declared else []
    cat_index = {c: i for i, c in enumerate(cats)}
    gts, dts = [], []
    for n, it in enumerate(task['items']):
        for b in it.get('gold', []):
            if b['label'] not in cat_index:
                cat_index[b['label']] = len(cats)
                cats.append(b['label'])
            gts.append({'id': len(gts) + 1, 'image_id': n + 1, 'category_id': cat_index[b['label']] + 1,
                        'bbox': [b['x'], b['y'], b['w'], b['h']], 'area': b['w'] * b['h'], 'iscrowd': 0})
        for b in it.get('detections', []):
            if b['label'] not in cat_index:
                cat_index[b['label']] = len(cats)
                cats.append(b['label'])
            dts.append({'id': len(dts) + 1, 'image_id': n + 1, 'category_id': cat_index[b['label']] + 1,
                        'bbox': [b['x'], b['y'], b['w'], b['h']], 'area': b['w'] * b['h'], 'score': b['score']})
    E = COCOevalPort(gts, dts, list(range(1, len(task['items']) + 1)), list(range(1, len(cats) + 1)))
    E.evaluate()
    E.accumulate()
    out = {'ap': E.summarize_ap(), 'ap50': E.summarize_ap(iouThr=.5), 'ap75': E.summarize_ap(iouThr=.75),
           'per_label': {}}
    for k, c in enumerate(cats):
        out['per_label'][c] = {'ap': E.summarize_ap(cat=k), 'ap50': E.summarize_ap(iouThr=.5, cat=k),
                               'ap75': E.summarize_ap(iouThr=.75, cat=k)}
    return out


# ---------------------------------------------------------- classification --

def classification(task):
    from sklearn.metrics import (accuracy_score, cohen_kappa_score, confusion_matrix,
                                 precision_recall_fscore_support)
    params = task['params']
    labels = params['labels']
    L = len(labels)
    index = {l: i for i, l in enumerate(labels)}
    items = task['items']
    n = len(items)
    P = np.zeros((n, L))
    y_true = np.empty(n, dtype=np.int64)
    slices = []
    for i, it in enumerate(items):
        y_true[i] = index[it['label']]
        row = P[i]
        for l, p in it['probs'].items():
            row[index[l]] = p
        slices.append(it.get('slice'))
    if 'threshold' in params:
        pos = index[params.get('positive', labels[1])]
        y_pred = np.where(P[:, pos] >= params['threshold'], pos, 1 - pos)
    else:
        y_pred = np.argmax(P, axis=1)  # the first maximum: declared order breaks ties
    codes = list(range(L))  # scikit-learn on integer codes of the declared labels, in declared order
    out = {'accuracy': accuracy_score(y_true, y_pred)}
    for avg in ('macro', 'micro', 'weighted'):
        p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, labels=codes, average=avg, zero_division=0)
        if avg == 'macro':
            out['macro_precision'], out['macro_recall'] = p, r
        out[avg + '_f1'] = f
    k = cohen_kappa_score(y_true, y_pred, labels=codes)
    out['cohen_kappa'] = None if np.isnan(k) else k
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=codes, average=None, zero_division=0)
    out['per_label'] = {l: {'precision': p[i], 'recall': r[i], 'f1': f[i], 'support': int(s[i])}
                        for i, l in enumerate(labels)}
    out['confusion'] = confusion_matrix(y_true, y_pred, labels=codes).tolist()
    ok = y_true == y_pred
    names = {}
    sid = np.array([names.setdefault(x, len(names)) if x is not None else -1 for x in slices])
    has = sid >= 0
    cnt = np.bincount(sid[has], minlength=len(names))
    hit = np.bincount(sid[has], weights=ok[has], minlength=len(names))
    out['per_slice'] = {x: {'accuracy': hit[j] / cnt[j], 'support': int(cnt[j])} for x, j in names.items()}
    return {k_: (float(v) if isinstance(v, (np.floating, float)) else v) for k_, v in out.items()}


def main():
    with open(sys.argv[1], encoding='utf-8') as f:
        task = json.load(f)
    t0 = time.perf_counter()
    c0 = time.process_time()
    mode = task['params']['mode']
    out = detection(task) if mode == 'detection' else classification(task)
    out['seconds'] = time.perf_counter() - t0
    out['cpu_seconds'] = time.process_time() - c0
    json.dump(out, sys.stdout, ensure_ascii=False, default=float)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
