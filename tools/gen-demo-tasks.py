#!/usr/bin/python3
"""gen-demo-tasks.py: writes the demo practical tasks of aitcert (issue 3, item 5).

For every work function of every level of the standard 人工智能训练师
(4-04-05-05) it writes at least two original tasks, each as a directory

    data/tasks/<task-id>/task.json             the "aitcert-task/1" manifest
    data/tasks/<task-id>/img/*.png             images, for image tasks
    data/tasks/<task-id>/submission-gold.json  a perfect submission (from gold)
    data/tasks/<task-id>/submission-weak.json  a plausible imperfect one

and data/tasks/README.md, a table of every task. Every text was written for
the project (templates with slots, filled by a seeded generator); every
image is drawn here from rectangles, circles and polygons, so its gold boxes
are known exactly; tables carry injected errors next to their clean gold.

Deterministic: each task draws from its own generator seeded with the task
id, so a run always writes the same bytes (PNG through zlib level 9).
Usage: /usr/bin/python3 tools/gen-demo-tasks.py [--out DIR] [--only ID-PREFIX]
Stdlib plus numpy (Debian's python3-numpy).
"""

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import struct
import sys
import zlib

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORMAT = "aitcert-task/1"
SIZE_BUDGET = 8 << 20  # the whole of data/tasks

# ---------------------------------------------------------------------------
# Task registry and writing
# ---------------------------------------------------------------------------

BUILDERS = []  # (task id, builder function), in README order


def task(task_id):
    """Registers a builder: a function (rng) -> Task."""
    def wrap(fn):
        BUILDERS.append((task_id, fn))
        return fn
    return wrap


def seeded(task_id):
    """The task's own random generator (seeded by its id) and a numpy one."""
    h = int.from_bytes(hashlib.sha256(task_id.encode()).digest()[:8], "big")
    return random.Random(h), np.random.default_rng(h)


class Task:
    """A task under construction: the manifest, its assets, two submissions, a README row."""

    def __init__(self, tid, kind, level, function, content, minutes):
        self.id = tid
        self.kind = kind
        self.level = level
        self.function = str(function)
        self.content = content
        self.minutes = minutes
        self.title = {}
        self.instructions = {}
        self.params = {}
        self.items = []
        self.gold = {}
        self.scoring = {}
        self.assets = {}  # name -> bytes
        self.asset_types = {}
        self.sub_gold = None  # answers object
        self.sub_weak = None
        self.summary = ""  # README: what the candidate does (English)
        self.count = ""  # README: items

    def asset(self, name, data, mime):
        self.assets[name] = data
        self.asset_types[name] = mime

    def manifest(self):
        m = {
            "format": FORMAT,
            "id": self.id,
            "kind": self.kind,
            "level": self.level,
            "function": self.function,
            "content": self.content,
            "title": self.title,
            "instructions": self.instructions,
            "time_limit_min": self.minutes,
            "assets": [{"name": n, "type": self.asset_types[n], "size": len(self.assets[n])}
                       for n in sorted(self.assets)],
            "params": self.params,
            "items": self.items,
            "gold": self.gold,
            "scoring": self.scoring,
        }
        return m


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def write_task(out, t):
    d = os.path.join(out, t.id)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "task.json"), "w", encoding="utf-8") as f:
        f.write(dump(t.manifest()))
    for name, data in t.assets.items():
        p = os.path.join(d, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
    for which, ans in (("gold", t.sub_gold), ("weak", t.sub_weak)):
        if ans is None:
            continue
        with open(os.path.join(d, "submission-%s.json" % which), "w", encoding="utf-8") as f:
            f.write(dump({"answers": ans}))


def dir_size(path):
    total = 0
    for base, _, files in os.walk(path):
        for fn in files:
            total += os.path.getsize(os.path.join(base, fn))
    return total


# ---------------------------------------------------------------------------
# PNG writing and drawing (numpy canvas; a pixel (c, r) covers [c, c+1) x [r, r+1))
# ---------------------------------------------------------------------------

def png_bytes(img):
    """An 8-bit RGB PNG of img (H x W x 3 uint8), zlib level 9, no ancillary chunks."""
    h, w, _ = img.shape
    raw = b"".join(b"\x00" + img[r].tobytes() for r in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


class Canvas:
    """An RGB canvas; shapes are masks over pixel centres, so boxes are exact."""

    def __init__(self, w, h, color):
        self.w, self.h = w, h
        self.img = np.zeros((h, w, 3), dtype=np.uint8)
        self.img[:, :] = color
        ys, xs = np.mgrid[0:h, 0:w]
        self.cx = xs + 0.5
        self.cy = ys + 0.5

    def rect(self, x0, y0, x1, y1):
        return (self.cx >= x0) & (self.cx < x1) & (self.cy >= y0) & (self.cy < y1)

    def ellipse(self, cx, cy, rx, ry):
        return ((self.cx - cx) / rx) ** 2 + ((self.cy - cy) / ry) ** 2 <= 1.0

    def circle(self, cx, cy, r):
        return self.ellipse(cx, cy, r, r)

    def polygon(self, pts):
        """Convex polygon, points in either order."""
        n = len(pts)
        area = sum(pts[i][0] * pts[(i + 1) % n][1] - pts[(i + 1) % n][0] * pts[i][1] for i in range(n))
        sign = 1.0 if area > 0 else -1.0
        m = np.ones((self.h, self.w), dtype=bool)
        for i in range(n):
            (x0, y0), (x1, y1) = pts[i], pts[(i + 1) % n]
            m &= sign * ((x1 - x0) * (self.cy - y0) - (y1 - y0) * (self.cx - x0)) >= 0
        return m

    def paint(self, mask, color):
        self.img[mask] = color

    def noise(self, nrng, amount):
        """Mild sensor noise (kept small: PNGs stay compact)."""
        n = nrng.integers(-amount, amount + 1, size=self.img.shape)
        self.img = np.clip(self.img.astype(np.int16) + n, 0, 255).astype(np.uint8)

    def png(self):
        return png_bytes(self.img)


def mask_box(mask):
    """The exact box {x, y, w, h} of a mask's pixels, or None when empty."""
    rows = np.any(mask, axis=1)
    cols = np.any(mask, axis=0)
    if not rows.any():
        return None
    r0, r1 = np.where(rows)[0][[0, -1]]
    c0, c1 = np.where(cols)[0][[0, -1]]
    return {"x": int(c0), "y": int(r0), "w": int(c1 - c0 + 1), "h": int(r1 - r0 + 1)}


def shade(color, f):
    return tuple(max(0, min(255, int(round(c * f)))) for c in color)


def overlaps(box, boxes, margin):
    for b in boxes:
        if (box[0] < b[2] + margin and b[0] < box[2] + margin and box[1] < b[3] + margin and b[1] < box[3] + margin):
            return True
    return False


# ---------------------------------------------------------------------------
# Metric helpers (the same conventions as the graders; docs/grading.md)
# ---------------------------------------------------------------------------

def cls_metrics(labels, gold, pred):
    """accuracy, macro/per-label P R F1 as scikit-learn (labels declared, zero_division=0)."""
    n = len(gold)
    correct = sum(1 for g, p in zip(gold, pred) if g == p)
    per = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        per[lab] = {"precision": pr, "recall": rc, "f1": f1, "support": tp + fn}
    return {
        "accuracy": correct / n if n else 0.0,
        "macro_precision": sum(v["precision"] for v in per.values()) / len(labels),
        "macro_recall": sum(v["recall"] for v in per.values()) / len(labels),
        "macro_f1": sum(v["f1"] for v in per.values()) / len(labels),
        "per_label": per,
    }


def iou(a, b):
    ix = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    iy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    if ix <= 0 or iy <= 0:
        return 0.0
    inter = ix * iy
    return inter / (a["w"] * a["h"] + b["w"] * b["h"] - inter)


def coco_eval(images, labels):
    """
    COCO bbox AP as pycocotools' COCOeval (evaluate + accumulate + summarize),
    area range "all", maxDets 100, no crowd: returns (ap, ap50, ap75, {label: ap}).
    images: [{"gold": [{x,y,w,h,label}], "detections": [{x,y,w,h,label,score}]}].
    """
    thr = np.linspace(0.5, 0.95, int(np.round((0.95 - 0.5) / 0.05)) + 1, endpoint=True)
    rec_thr = np.array([i * 0.01 for i in range(101)])
    T, R, K = len(thr), len(rec_thr), len(labels)
    precision = -np.ones((T, R, K))
    for k, lab in enumerate(labels):
        scores_all, dtm_all, npig = [], [], 0
        for im in images:
            gt = [g for g in im["gold"] if g["label"] == lab]
            dt = [d for d in im["detections"] if d["label"] == lab]
            if not gt and not dt:
                continue
            order = np.argsort([-d["score"] for d in dt], kind="mergesort")
            dt = [dt[i] for i in order][:100]
            ious = np.array([[iou(d, g) for g in gt] for d in dt]).reshape(len(dt), len(gt))
            gtm = np.zeros((T, len(gt)))
            dtm = np.zeros((T, len(dt)))
            for t, tv in enumerate(thr):
                for di in range(len(dt)):
                    best = min(tv, 1 - 1e-10)
                    m = -1
                    for gi in range(len(gt)):
                        if gtm[t, gi] > 0:
                            continue
                        if ious[di, gi] < best:
                            continue
                        best = ious[di, gi]
                        m = gi
                    if m == -1:
                        continue
                    dtm[t, di] = 1
                    gtm[t, m] = 1
            npig += len(gt)
            scores_all.append(np.array([d["score"] for d in dt]))
            dtm_all.append(dtm)
        if npig == 0:
            continue
        scores = np.concatenate(scores_all) if scores_all else np.zeros(0)
        inds = np.argsort(-scores, kind="mergesort")
        dtm = np.concatenate(dtm_all, axis=1)[:, inds] if dtm_all else np.zeros((T, 0))
        tps = dtm.astype(bool)
        fps = ~tps
        tp_sum = np.cumsum(tps, axis=1).astype(float)
        fp_sum = np.cumsum(fps, axis=1).astype(float)
        for t in range(T):
            tp, fp = tp_sum[t], fp_sum[t]
            nd = len(tp)
            rc = tp / npig
            pr = (tp / (fp + tp + np.spacing(1))).tolist()
            q = np.zeros(R)
            for i in range(nd - 1, 0, -1):
                if pr[i] > pr[i - 1]:
                    pr[i - 1] = pr[i]
            idx = np.searchsorted(rc, rec_thr, side="left")
            try:
                for ri, pi in enumerate(idx):
                    q[ri] = pr[pi]
            except IndexError:
                pass
            precision[t, :, k] = q

    def mean(s):
        s = s[s > -1]
        return float(np.mean(s)) if s.size else -1.0

    per = {lab: mean(precision[:, :, k]) for k, lab in enumerate(labels)}
    return mean(precision), mean(precision[0]), mean(precision[5]), per


def r3(x):
    return round(x + 0.0, 3)


def r4(x):
    return round(x + 0.0, 4)


# ---------------------------------------------------------------------------
# Shared pools of names (all fictional)
# ---------------------------------------------------------------------------

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈")
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "晓东",
         "海燕", "志强", "丽华", "建国", "子涵", "浩然", "雨桐", "思远", "佳怡", "俊杰", "欣怡", "文博", "梓萱",
         "宇航", "诗琪", "国平", "春梅", "立新", "慧敏", "晨曦", "一鸣", "淑珍", "永刚"]
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆", "苏州", "长沙", "郑州",
          "青岛", "沈阳", "宁波", "合肥", "昆明", "厦门", "济南", "福州", "南昌", "贵阳", "兰州", "太原", "大连"]
DISTRICTS = {
    "北京": ["海淀区", "朝阳区", "丰台区", "西城区"], "上海": ["浦东新区", "徐汇区", "静安区", "闵行区"],
    "广州": ["天河区", "越秀区", "海珠区", "番禺区"], "深圳": ["南山区", "福田区", "宝安区", "龙岗区"],
    "杭州": ["西湖区", "拱墅区", "滨江区", "余杭区"], "成都": ["武侯区", "锦江区", "青羊区", "成华区"],
    "武汉": ["洪山区", "江汉区", "武昌区", "汉阳区"], "南京": ["鼓楼区", "玄武区", "建邺区", "江宁区"],
    "西安": ["雁塔区", "碑林区", "未央区", "长安区"], "重庆": ["渝中区", "江北区", "南岸区", "沙坪坝区"],
    "苏州": ["姑苏区", "吴中区", "相城区", "虎丘区"], "长沙": ["岳麓区", "芙蓉区", "天心区", "开福区"],
}
ROADS = ["人民路", "解放路", "中山路", "建设路", "文化路", "长江路", "和平路", "青年路", "新华路", "学院路",
         "滨河路", "光明路", "春晓路", "望江路", "科技路"]
COMPANIES = ["华辰科技", "远航电子", "青禾食品", "星河汽车", "云帆物流", "博远医药", "启明软件", "瑞丰农业",
             "长鲸航运", "蓝湾置业", "天衡新能源", "明德教育", "嘉禾家电", "锦程旅游", "润泽水务", "北辰通信"]


def person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def city_district(rng):
    c = rng.choice(list(DISTRICTS))
    return c, rng.choice(DISTRICTS[c])


def fill(rng, template, slots):
    """Fills {name} slots: a slot value is a list (one is picked) or a function rng -> str."""
    out = template
    for name, v in slots.items():
        key = "{" + name + "}"
        while key in out:
            val = v(rng) if callable(v) else (rng.choice(v) if isinstance(v, (list, tuple)) else str(v))
            out = out.replace(key, str(val), 1)
    return out


def bi(zh, en):
    return {"zh": zh, "en": en}


# ---------------------------------------------------------------------------
# Content: news snippets (6 categories), written for the project
# ---------------------------------------------------------------------------

NEWS_SLOTS = {
    "city": CITIES, "city2": CITIES, "company": COMPANIES, "player": lambda r: person(r), "singer": lambda r: person(r),
    "n": lambda r: r.randint(3, 30), "m": lambda r: r.randint(2, 15), "pct": lambda r: "%.1f" % r.uniform(1.2, 28.0),
    "amount": lambda r: r.choice(["12", "35", "58", "120", "260", "1.8", "4.5", "9.6"]), "year": ["2023", "2024"],
    "month": lambda r: r.randint(1, 12), "day": lambda r: r.randint(1, 28), "s1": lambda r: r.randint(95, 120),
    "s2": lambda r: r.randint(80, 94), "rank": lambda r: r.randint(2, 6), "mm": lambda r: r.randint(6, 15),
    "sport": ["游泳", "田径", "乒乓球", "羽毛球", "举重", "射箭"], "dist": ["500", "1000", "1500"],
    "sector": ["半导体", "新能源", "消费电子", "医药", "银行"], "updown": ["震荡上行", "小幅回调", "放量上涨"],
    "chip": ["图像处理", "车载计算", "物联网通信", "边缘推理"], "nm": ["5", "7", "12", "28"],
    "movie": ["春山如故", "长夜将尽", "追风的少年", "海岸线", "北纬三十度", "归途", "星火", "山河故人"],
    "show": ["非遗有新人", "一起去乡村", "少年说", "城市漫步"], "fest": ["丝路", "海峡", "西湖", "长江"],
    "prov": ["河南省", "广东省", "四川省", "山东省", "湖北省"], "univ": ["江城大学", "滨海理工大学", "西岭师范大学", "东川医科大学"],
    "group": ["老年人和慢性病患者", "孕妇和婴幼儿家长", "医护人员和学校教职工"], "wd": ["二", "四", "六"],
    "screen": ["眼底病", "骨密度", "口腔健康", "宫颈癌"], "site": ["酒泉卫星发射中心", "西昌卫星发射中心", "文昌航天发射场"],
    "sat": ["遥感三十号", "气象五号", "通信十八号", "海洋三号"], "model": ["百川", "灵犀", "天枢", "知微"],
    "brand": ["跃动", "奔跑者", "极光"], "rr": ["200", "500", "1200", "3000"], "loan": ["80", "100", "120", "150"],
    "bs": ["8900", "1.2万", "2.6万", "3.4万"], "cn": list("一二三四五六"),
    "techco": ["华辰科技", "启明软件", "北辰通信", "远航电子"], "gk": ["86", "98", "105", "131"], "steps": ["6000", "7000", "8000"],
}

NEWS = {
    "体育": [
        "{city}队主场以{s1}比{s2}击败{city2}队，{player}全场砍下{n}分{m}个篮板。",
        "{year}年全国{sport}锦标赛今天在{city}开幕，来自{n}个省区市的{m}00余名运动员参赛。",
        "{city}马拉松今晨鸣枪开跑，约{m}万名跑者参赛，男子组冠军成绩为2小时{mm}分。",
        "女排联赛第{n}轮，{city}队苦战五局险胜{city2}队，主教练赛后表示队员体能仍需加强。",
        "短道速滑世界杯分站赛男子{dist}米决赛，{player}以微弱优势夺冠，收获本赛季第{m}枚金牌。",
        "足协公布新赛季联赛赛程，揭幕战将于{month}月{day}日在{city}奥体中心打响。",
        "全运会{sport}项目资格赛落幕，{city}代表队共有{m}人获得决赛席位。",
        "{player}在乒乓球公开赛女单半决赛中逆转对手，将与队友会师决赛。",
    ],
    "财经": [
        "{company}发布三季度财报，营收同比增长{pct}%，净利润{amount}亿元，超出市场预期。",
        "央行今日开展{rr}亿元七天期逆回购操作，市场短期利率小幅回落。",
        "沪深两市今日{updown}，全天成交额超过九千亿元，{sector}板块涨幅居前。",
        "{city}出台新政，首套住房公积金贷款最高额度上调至{loan}万元。",
        "国家统计局数据显示，{month}月份全国居民消费价格同比上涨{pct}%。",
        "{company}宣布完成{amount}亿元新一轮融资，资金将主要用于扩建生产线。",
        "体育用品企业{brand}公司上半年营收增长{pct}%，线上渠道销售占比首次过半。",
        "多家银行下调存款挂牌利率，一年期定期存款利率降至1.{m}%左右。",
    ],
    "科技": [
        "{techco}发布新一代{chip}芯片，采用{nm}纳米工艺，能效比上代提升{pct}%。",
        "我国在{site}成功发射{sat}卫星，卫星顺利进入预定轨道，发射任务取得圆满成功。",
        "{techco}开源中文大模型“{model}”，参数规模{n}0亿，可在单张消费级显卡上运行。",
        "科研团队研制出新型固态电池样品，{m}分钟可充至八成电量，目前已进入中试阶段。",
        "{city}累计建成5G基站{bs}个，主城区和重点乡镇实现室外连续覆盖。",
        "某手机厂商推送系统更新，新增离线语音助手和通话实时字幕功能。",
        "{univ}团队研发的农业巡检机器人可自动识别{m}种常见病虫害，识别准确率超过九成。",
        "新版网络安全标准发布，要求智能家居设备出厂时不得使用统一默认密码。",
    ],
    "娱乐": [
        "电影《{movie}》上映{n}天票房突破{amount}亿元，暂列年度票房榜第{rank}位。",
        "歌手{singer}宣布将于{month}月在{city}开启巡回演唱会，门票本周五开售。",
        "电视剧《{movie}》迎来大结局，导演透露第二季剧本已在筹备中。",
        "第{n}届{fest}国际电影节公布入围名单，{m}部华语影片入围主竞赛单元。",
        "综艺节目《{show}》最新一期播出，嘉宾挑战非遗剪纸引发网友热议。",
        "演员{singer}凭借在《{movie}》中的表演获得最佳女主角提名。",
        "动画电影《{movie}》定档暑期，片方发布的首支预告片播放量一天破千万。",
        "{city}音乐节落幕，三天共吸引观众{m}万人次，多支乐队首次登台。",
    ],
    "教育": [
        "{year}年{prov}高考报名人数达{gk}万人，比上年增加{m}万人。",
        "教育部门发布通知，要求中小学生每天校内外体育活动时间不少于{m}小时。",
        "{univ}今年新增人工智能本科专业，计划招生{n}0人。",
        "{city}今年将新建、改扩建公办幼儿园{n}所，新增学位{m}000个。",
        "全国硕士研究生招生考试网上报名开始，考生需在{month}月{day}日前完成网上确认。",
        "{city}推行课后服务，{pct}%的小学已开设科技和艺术类兴趣课程。",
        "{univ}发布新学期选课安排，本学期新增跨专业辅修课程{m}门。",
        "多地中考改革方案出台，体育成绩在总分中的比重进一步提高。",
    ],
    "健康": [
        "专家提醒，秋冬季是流感高发期，{group}应尽早接种流感疫苗。",
        "{city}市第{cn}人民医院开设睡眠门诊，每周{wd}下午接诊。",
        "研究显示，每天步行{steps}步以上可明显降低心血管疾病的发病风险。",
        "医生提醒，儿童每天使用电子屏幕累计不宜超过{m}小时，以防近视过早发生。",
        "{city}启动免费{screen}筛查项目，计划覆盖{n}万名适龄居民。",
        "营养学会发布新版膳食指南，建议成年人每天食盐摄入量不超过5克。",
        "夏季气温升高，疾控部门提醒市民注意食品卫生，谨防细菌性食物中毒。",
        "{city}推出家庭医生签约服务，签约居民可在社区医院优先预约专家号。",
    ],
}


def gen_news(rng, per_cat):
    """per_cat unique snippets per category: [(text, category)], shuffled."""
    out = []
    for cat, temps in NEWS.items():
        seen = set()
        order = temps[:]
        rng.shuffle(order)
        i = 0
        while len(seen) < per_cat:
            s = fill(rng, order[i % len(order)], NEWS_SLOTS)
            i += 1
            if s not in seen:
                seen.add(s)
                out.append((s, cat))
    rng.shuffle(out)
    return out


def confuse(rng, labels, gold, share, pairs=None):
    """A weak annotator: changes about share of the labels, preferring confusable pairs."""
    out = []
    for g in gold:
        if rng.random() < share:
            if pairs and g in pairs and rng.random() < 0.7:
                out.append(pairs[g])
            else:
                out.append(rng.choice([l for l in labels if l != g]))
        else:
            out.append(g)
    return out


@task("L5-F2-label-news")
def t_label_news(rng, nrng):
    t = Task("L5-F2-label-news", "label", 5, 2, "2.1", 20)
    data = gen_news(rng, 10)
    labels = list(NEWS)
    t.params = {"labels": labels}
    t.items = [{"id": "n%02d" % (i + 1), "text": s} for i, (s, _) in enumerate(data)]
    t.gold = {it["id"]: c for it, (_, c) in zip(t.items, data)}
    t.title = bi("新闻短讯分类", "Classify news snippets")
    t.instructions = bi(
        "下面是 60 条新闻短讯。请按新闻的主要报道对象，为每一条选择一个类别：体育、财经、科技、娱乐、教育、健康。"
        "判定规则：以报道的核心事件为准，例如体育用品企业的财报属于“财经”，高校的科研成果属于“科技”。"
        "可用数字键 1–6 快速选择，可跳过后再回来。评分：按宏平均 F1（macro-F1）计分，0.50 及以下为 0 分，0.95 及以上为满分，其间按线性折算。",
        "Below are 60 news snippets. Give each one category by what the story is mainly about: 体育 (sports), 财经 (finance), "
        "科技 (technology), 娱乐 (entertainment), 教育 (education), 健康 (health). Rule: the core event decides, e.g. a sports-goods "
        "company's results are 财经 and a university's research result is 科技. Number keys 1–6 choose a label; you can skip and "
        "come back. Scoring: macro-F1; 0.50 or less scores 0, 0.95 or more scores 100, linear in between.")
    t.scoring = {"metric": "macro_f1", "zero_at": 0.5, "full_at": 0.95}
    t.sub_gold = dict(t.gold)
    pairs = {"科技": "财经", "财经": "科技", "教育": "科技", "娱乐": "体育", "健康": "教育", "体育": "娱乐"}
    weak = confuse(rng, labels, [t.gold[i["id"]] for i in t.items], 0.2, pairs)
    t.sub_weak = {i["id"]: w for i, w in zip(t.items, weak)}
    del t.sub_weak[t.items[7]["id"]]  # one skipped item
    t.summary = "Classify news snippets into 6 categories"
    t.count = "60 texts"
    return t


# ---------------------------------------------------------------------------
# Images: product photos (label), fruit on a table and street scenes (box)
# ---------------------------------------------------------------------------

PALETTE = [(200, 40, 40), (40, 90, 200), (30, 140, 70), (230, 160, 20), (120, 60, 160), (20, 160, 170),
           (210, 90, 140), (90, 90, 90), (160, 110, 60), (240, 240, 240)]
BACKS = [(236, 232, 224), (222, 230, 238), (238, 226, 226), (228, 238, 226), (245, 245, 240), (214, 214, 220)]


def draw_product(rng, nrng, kind):
    """A 160x160 product photo of one object of the given kind."""
    cv = Canvas(160, 160, rng.choice(BACKS))
    cv.paint(cv.rect(0, 118 + rng.randint(0, 14), 160, 160), shade(cv.img[0, 0].tolist(), 0.9))  # shelf
    col = rng.choice(PALETTE)
    s = rng.uniform(0.8, 1.15)
    cx, cy = 80 + rng.randint(-14, 14), 78 + rng.randint(-8, 8)
    if kind == "手机":
        w, h = 44 * s, 86 * s
        cv.paint(cv.rect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), shade(col, 0.5))
        cv.paint(cv.rect(cx - w / 2 + 4, cy - h / 2 + 9, cx + w / 2 - 4, cy + h / 2 - 10), (30, 40, 60))
        cv.paint(cv.circle(cx, cy - h / 2 + 4.5, 2), (10, 10, 10))
        cv.paint(cv.rect(cx - 6, cy + h / 2 - 6, cx + 6, cy + h / 2 - 4), (200, 200, 200))
    elif kind == "水杯":
        w, h = 48 * s, 62 * s
        x0, y0 = cx - w / 2 - 8, cy - h / 2
        cv.paint(cv.circle(x0 + w + 2, cy, 17 * s), col)
        cv.paint(cv.circle(x0 + w + 2, cy, 10 * s), cv.img[2, 2].tolist())
        cv.paint(cv.polygon([(x0, y0), (x0 + w, y0), (x0 + w - 6, y0 + h), (x0 + 6, y0 + h)]), col)
        cv.paint(cv.ellipse(x0 + w / 2, y0 + 2, w / 2 - 2, 4), shade(col, 0.6))
    elif kind == "T恤":
        w, h = 62 * s, 70 * s
        x0, y0 = cx - w / 2, cy - h / 2 + 4
        cv.paint(cv.rect(x0, y0, x0 + w, y0 + h), col)
        cv.paint(cv.polygon([(x0, y0), (x0 - 24 * s, y0 + 20 * s), (x0 - 14 * s, y0 + 32 * s), (x0, y0 + 20 * s)]), col)
        cv.paint(cv.polygon([(x0 + w, y0), (x0 + w + 24 * s, y0 + 20 * s), (x0 + w + 14 * s, y0 + 32 * s),
                             (x0 + w, y0 + 20 * s)]), col)
        cv.paint(cv.ellipse(cx, y0, 12 * s, 7 * s), cv.img[2, 2].tolist())
    elif kind == "书籍":
        w, h = 58 * s, 80 * s
        x0, y0 = cx - w / 2, cy - h / 2
        cv.paint(cv.rect(x0, y0, x0 + w, y0 + h), col)
        cv.paint(cv.rect(x0, y0, x0 + 7, y0 + h), shade(col, 0.6))
        cv.paint(cv.rect(x0 + 14, y0 + 14, x0 + w - 8, y0 + 20), (250, 250, 250))
        cv.paint(cv.rect(x0 + 14, y0 + 26, x0 + w - 18, y0 + 30), (250, 250, 250))
    else:  # 雨伞
        r = 46 * s
        canopy = cv.ellipse(cx, cy, r, r * 0.75) & (cv.cy < cy)
        cv.paint(canopy, col)
        for k in range(1, 4):
            cv.paint(cv.rect(cx - r + k * r / 2 - 1, cy - 4, cx - r + k * r / 2 + 1, cy), shade(col, 0.7))
        cv.paint(cv.rect(cx - 1.5, cy - 4, cx + 1.5, cy + 40 * s), (60, 60, 60))
        hook = cv.circle(cx + 6, cy + 40 * s, 7.5) & ~cv.circle(cx + 6, cy + 40 * s, 4.5) & (cv.cy > cy + 40 * s)
        cv.paint(hook, (60, 60, 60))

    return cv.png()


@task("L5-F2-label-product")
def t_label_product(rng, nrng):
    t = Task("L5-F2-label-product", "label", 5, 2, "2.1", 15)
    labels = ["手机", "水杯", "T恤", "书籍", "雨伞"]
    kinds = [labels[i % 5] for i in range(40)]
    rng.shuffle(kinds)
    t.params = {"labels": labels}
    for i, k in enumerate(kinds):
        name = "img/p%02d.png" % (i + 1)
        t.asset(name, draw_product(rng, nrng, k), "image/png")
        t.items.append({"id": "p%02d" % (i + 1), "image": name})
    t.gold = {it["id"]: k for it, k in zip(t.items, kinds)}
    t.title = bi("商品图片分类", "Classify product photos")
    t.instructions = bi(
        "电商平台采集了 40 张商品主图。请为每张图片选择商品类别：手机、水杯、T恤、书籍、雨伞（每张图只有一件商品）。"
        "数字键 1–5 可快速选择。评分：按准确率计分，0.60 及以下为 0 分，1.00 为满分，其间按线性折算。",
        "An online shop collected 40 product photos. Give each photo its product category: 手机 (phone), 水杯 (cup), "
        "T恤 (T-shirt), 书籍 (book), 雨伞 (umbrella); each photo shows one product. Number keys 1–5 choose a label. "
        "Scoring: accuracy; 0.60 or less scores 0, 1.00 scores 100, linear in between.")
    t.scoring = {"metric": "accuracy", "zero_at": 0.6, "full_at": 1.0}
    t.sub_gold = dict(t.gold)
    weak = confuse(rng, labels, kinds, 0.12, {"手机": "书籍", "书籍": "手机", "水杯": "T恤", "雨伞": "T恤", "T恤": "水杯"})
    t.sub_weak = {it["id"]: w for it, w in zip(t.items, weak)}
    if t.sub_weak == t.sub_gold:
        t.sub_weak[t.items[0]["id"]] = "雨伞" if kinds[0] != "雨伞" else "手机"
    t.summary = "Classify generated product photos into 5 categories"
    t.count = "40 images"
    return t


def fruit_scene(rng, nrng, n_obj):
    """A 320x240 table-top photo with n_obj fruits; returns (png, gold boxes)."""
    wood = rng.choice([(176, 128, 84), (196, 150, 100), (150, 105, 70), (210, 180, 140)])
    cv = Canvas(320, 240, wood)
    for y in range(0, 240, rng.randint(18, 30)):
        cv.paint(cv.rect(0, y, 320, y + 2), shade(wood, 0.88))
    if rng.random() < 0.6:  # a plate (not labelled)
        cv.paint(cv.ellipse(rng.uniform(90, 230), rng.uniform(90, 160), rng.uniform(70, 100), rng.uniform(40, 60)),
                 (235, 235, 232))
    if rng.random() < 0.4:  # a napkin
        x = rng.uniform(0, 260)
        cv.paint(cv.rect(x, 190, x + 60, 240), (120, 160, 200))
    placed, gold = [], []
    tries = 0
    while len(gold) < n_obj and tries < 400:
        tries += 1
        kind = rng.choice(["苹果", "苹果", "橙子", "橙子", "香蕉"])
        if kind == "香蕉":
            rx, ry = rng.uniform(30, 44), rng.uniform(14, 20)
            cx, cy = rng.uniform(rx - 10, 320 - rx + 10), rng.uniform(ry + 6, 240 - 4)
            ext = (cx - rx - 4, cy - ry - 4, cx + rx + 4, cy + ry + 4)
        else:
            r = rng.uniform(15, 28)
            cx, cy = rng.uniform(r - 8, 320 - r + 8), rng.uniform(r + 14, 240 - r + 8)
            ext = (cx - r - 2, cy - r - 14, cx + r + 12, cy + r + 2)
        if overlaps(ext, placed, 4):
            continue
        placed.append(ext)
        if kind == "苹果":
            col = rng.choice([(196, 30, 40), (170, 20, 30), (120, 180, 50)])
            parts = [(cv.circle(cx, cy, r), col),
                     (cv.rect(cx - 1.5, cy - r - 9, cx + 1.5, cy - r + 2), (100, 60, 30)),
                     (cv.ellipse(cx + 7, cy - r - 5, 6, 3), (60, 150, 50))]
            parts.append((cv.circle(cx - r * 0.35, cy - r * 0.35, r * 0.18), shade(col, 1.35)))
        elif kind == "橙子":
            col = rng.choice([(245, 140, 20), (235, 120, 10), (250, 165, 40)])
            parts = [(cv.circle(cx, cy, r), col), (cv.circle(cx + r * 0.2, cy - r * 0.1, 2.2), shade(col, 0.6))]
        else:
            col = rng.choice([(245, 215, 60), (235, 200, 40), (200, 200, 60)])
            body = cv.ellipse(cx, cy, rx, ry) & ~cv.ellipse(cx, cy - ry * 0.9, rx * 0.92, ry * 1.1)
            parts = [(body, col), (cv.rect(cx + rx * 0.86, cy - ry * 0.45, cx + rx + 3, cy - ry * 0.15), (90, 70, 30))]
        mask = np.zeros((240, 320), dtype=bool)
        for m, c in parts:
            cv.paint(m, c)
            if c is not None:
                mask |= m
        box = mask_box(mask)
        if box is None or box["w"] < 6 or box["h"] < 6:
            continue
        box["label"] = kind
        gold.append(box)

    gold.sort(key=lambda b: (b["x"], b["y"]))
    return cv.png(), gold


def weak_boxes(rng, gold, labels, miss, jitter, wrong, extra, w, h, scale=(0.85, 1.18)):
    """A plausible imperfect set of boxes: misses, loose or shifted boxes, a wrong label, a false box."""
    out = []
    for g in gold:
        if rng.random() < miss:
            continue
        j = jitter * max(g["w"], g["h"])
        x = g["x"] + rng.uniform(-j, j)
        y = g["y"] + rng.uniform(-j, j)
        bw = g["w"] * rng.uniform(*scale)
        bh = g["h"] * rng.uniform(*scale)
        lab = g["label"] if rng.random() >= wrong else rng.choice([l for l in labels if l != g["label"]])
        x, y = round(min(max(0.0, x), w - 2), 1), round(min(max(0.0, y), h - 2), 1)
        out.append({"x": x, "y": y, "w": round(min(bw, w - x), 1), "h": round(min(bh, h - y), 1), "label": lab})
    if rng.random() < extra:
        out.append({"x": float(rng.randint(0, w - 40)), "y": float(rng.randint(0, h - 40)), "w": 30.0, "h": 28.0,
                    "label": rng.choice(labels)})
    return out


@task("L5-F2-box-fruit")
def t_box_fruit(rng, nrng):
    t = Task("L5-F2-box-fruit", "box", 5, 2, "2.1", 25)
    labels = ["苹果", "橙子", "香蕉"]
    t.params = {"labels": labels, "iou_threshold": 0.5}
    t.sub_weak = {}
    for i in range(16):
        png, gold = fruit_scene(rng, nrng, rng.randint(2, 5))
        iid = "f%02d" % (i + 1)
        name = "img/%s.png" % iid
        t.asset(name, png, "image/png")
        t.items.append({"id": iid, "image": name, "width": 320, "height": 240})
        t.gold[iid] = gold
        t.sub_weak[iid] = weak_boxes(rng, gold, labels, 0.1, 0.12, 0.05, 0.25, 320, 240)
    t.sub_gold = {k: [dict(b) for b in v] for k, v in t.gold.items()}
    n = sum(len(v) for v in t.gold.values())
    t.title = bi("水果图片拉框标注", "Draw boxes around fruit")
    t.instructions = bi(
        "16 张桌面照片中有苹果、橙子、香蕉三种水果（盘子、餐巾不标）。请用矩形框框出每一个水果并选择类别。"
        "标注规范：框要贴合水果的外沿，包括果柄和叶子；被图片边缘截断的水果只框可见部分；每个水果一个框，不要重复。"
        "评分：与标准框的交并比（IoU）≥ 0.5 且类别相同即为命中，按 F1 计分，0.50 及以下为 0 分，0.95 及以上为满分，其间按线性折算。",
        "16 table-top photos show apples (苹果), oranges (橙子) and bananas (香蕉); plates and napkins are not labelled. "
        "Draw a rectangle around every fruit and choose its label. Rules: the box fits the outer edge of the fruit, stem and "
        "leaf included; a fruit cut by the image edge gets a box of its visible part; one box per fruit, no duplicates. "
        "Scoring: a box matches a gold box of the same label at IoU ≥ 0.5; F1 of the matches; 0.50 or less scores 0, "
        "0.95 or more scores 100, linear in between.")
    t.scoring = {"metric": "f1", "zero_at": 0.5, "full_at": 0.95}
    t.summary = "Box apples, oranges and bananas in generated table-top photos"
    t.count = "16 images, %d boxes" % n
    return t


def street_scene(rng, nrng, n_obj):
    """A 320x240 street photo with vehicles and pedestrians; returns (png, gold boxes)."""
    cv = Canvas(320, 240, rng.choice([(170, 205, 235), (190, 215, 235), (205, 210, 220)]))
    horizon = rng.randint(78, 96)
    x = -10
    while x < 320:  # skyline
        bw = rng.randint(24, 50)
        cv.paint(cv.rect(x, horizon - rng.randint(20, 60), x + bw, horizon), rng.choice([(150, 150, 160), (170, 160, 150), (130, 140, 150)]))
        x += bw + rng.randint(0, 8)
    cv.paint(cv.rect(0, horizon, 320, horizon + 14), (150, 150, 140))  # far sidewalk
    cv.paint(cv.rect(0, horizon + 14, 320, 240), (92, 92, 96))  # road
    for k in range(3):  # trees on the sidewalk (not labelled)
        tx = rng.uniform(10, 310)
        cv.paint(cv.rect(tx - 2, horizon - 10, tx + 2, horizon + 8), (100, 70, 40))
        cv.paint(cv.circle(tx, horizon - 16, rng.uniform(9, 13)), (60, 130, 60))
    lane = horizon + 14 + (240 - horizon - 14) // 2
    for x in range(0, 320, 40):
        cv.paint(cv.rect(x + 6, lane - 1, x + 26, lane + 2), (235, 235, 235))
    placed, gold = [], []
    tries = 0
    while len(gold) < n_obj and tries < 500:
        tries += 1
        kind = rng.choice(["小汽车", "小汽车", "小汽车", "公交车", "卡车", "行人", "行人"])
        if kind == "行人":
            hh = rng.uniform(24, 36)
            ww = hh * 0.36
            bx = rng.uniform(-ww * 0.4, 320 - ww * 0.6)
            by = rng.uniform(horizon - hh + 12, 236 - hh)
        else:
            dims = {"小汽车": (rng.uniform(54, 80), rng.uniform(30, 38)), "公交车": (rng.uniform(110, 140), rng.uniform(46, 56)),
                    "卡车": (rng.uniform(88, 118), rng.uniform(44, 54))}[kind]
            ww, hh = dims
            bx = rng.uniform(-ww * 0.3, 320 - ww * 0.7)
            by = rng.uniform(horizon + 16 - hh * 0.3, 238 - hh)
        ext = (bx, by, bx + ww, by + hh)
        if overlaps(ext, placed, 3):
            continue
        placed.append(ext)
        col = rng.choice(PALETTE)
        parts = []
        if kind == "行人":
            r = ww * 0.32
            parts.append((cv.circle(bx + ww / 2, by + r, r), (230, 190, 160)))
            parts.append((cv.rect(bx, by + 2 * r, bx + ww, by + hh * 0.62), col))
            parts.append((cv.rect(bx + ww * 0.1, by + hh * 0.62, bx + ww * 0.42, by + hh), (40, 40, 70)))
            parts.append((cv.rect(bx + ww * 0.58, by + hh * 0.62, bx + ww * 0.9, by + hh), (40, 40, 70)))
        elif kind == "小汽车":
            wr = hh * 0.2
            body_top = by + hh * 0.42
            parts.append((cv.polygon([(bx + ww * 0.22, body_top), (bx + ww * 0.32, by), (bx + ww * 0.7, by),
                                      (bx + ww * 0.82, body_top)]), shade(col, 0.9)))
            parts.append((cv.rect(bx + ww * 0.36, by + hh * 0.08, bx + ww * 0.66, body_top - 2), (190, 220, 240)))
            parts.append((cv.rect(bx, body_top, bx + ww, by + hh - wr), col))
            parts.append((cv.circle(bx + ww * 0.22, by + hh - wr, wr), (25, 25, 25)))
            parts.append((cv.circle(bx + ww * 0.78, by + hh - wr, wr), (25, 25, 25)))
        elif kind == "公交车":
            wr = hh * 0.14
            parts.append((cv.rect(bx, by, bx + ww, by + hh - wr), col))
            for k in range(int(ww // 22)):
                wx = bx + 6 + k * 22
                parts.append((cv.rect(wx, by + hh * 0.14, min(wx + 16, bx + ww - 4), by + hh * 0.45), (190, 220, 240)))
            parts.append((cv.circle(bx + ww * 0.18, by + hh - wr, wr), (25, 25, 25)))
            parts.append((cv.circle(bx + ww * 0.8, by + hh - wr, wr), (25, 25, 25)))
        else:  # 卡车
            wr = hh * 0.15
            cab = ww * 0.28
            parts.append((cv.rect(bx, by, bx + ww - cab - 2, by + hh - wr), (200, 200, 195)))
            parts.append((cv.rect(bx + ww - cab, by + hh * 0.3, bx + ww, by + hh - wr), col))
            parts.append((cv.rect(bx + ww - cab * 0.7, by + hh * 0.36, bx + ww - 3, by + hh * 0.55), (190, 220, 240)))
            for fx in (0.15, 0.45, 0.85):
                parts.append((cv.circle(bx + ww * fx, by + hh - wr, wr), (25, 25, 25)))
        mask = np.zeros((240, 320), dtype=bool)
        for m, c in parts:
            cv.paint(m, c)
            mask |= m
        box = mask_box(mask)
        if box is None or box["w"] < 5 or box["h"] < 8:
            continue
        box["label"] = kind
        gold.append(box)

    gold.sort(key=lambda b: (b["x"], b["y"]))
    return cv.png(), gold


@task("L4-F2-box-traffic")
def t_box_traffic(rng, nrng):
    t = Task("L4-F2-box-traffic", "box", 4, 2, "2.1", 30)
    labels = ["小汽车", "公交车", "卡车", "行人"]
    t.params = {"labels": labels, "iou_threshold": 0.7}
    t.sub_weak = {}
    for i in range(20):
        png, gold = street_scene(rng, nrng, rng.randint(3, 6))
        iid = "s%02d" % (i + 1)
        name = "img/%s.png" % iid
        t.asset(name, png, "image/png")
        t.items.append({"id": iid, "image": name, "width": 320, "height": 240})
        t.gold[iid] = gold
        t.sub_weak[iid] = weak_boxes(rng, gold, labels, 0.1, 0.025, 0.05, 0.3, 320, 240, (0.94, 1.06))
    t.sub_gold = {k: [dict(b) for b in v] for k, v in t.gold.items()}
    n = sum(len(v) for v in t.gold.values())
    t.title = bi("道路场景目标框标注", "Box vehicles and pedestrians in street photos")
    t.instructions = bi(
        "为自动驾驶感知模型准备训练数据：20 张道路照片中，请框出每一辆小汽车、公交车、卡车和每一位行人，并选择类别。"
        "标注规范：框紧贴目标外沿，车辆包括车轮和车顶；被图片边缘截断的目标只框可见部分；树木、建筑不标。"
        "本任务要求较高的框精度：与标准框的交并比（IoU）≥ 0.7 且类别相同才算命中。"
        "评分：按 F1 计分，0.50 及以下为 0 分，0.95 及以上为满分，其间按线性折算。",
        "Training data for a driving-perception model: in 20 street photos, box every car (小汽车), bus (公交车), truck (卡车) "
        "and pedestrian (行人) and choose its label. Rules: the box fits the object's outer edge, wheels and roof included; an "
        "object cut by the image edge gets a box of its visible part; trees and buildings are not labelled. Tight boxes are "
        "required: a box matches a gold box of the same label at IoU ≥ 0.7. Scoring: F1 of the matches; 0.50 or less scores "
        "0, 0.95 or more scores 100, linear in between.")
    t.scoring = {"metric": "f1", "zero_at": 0.5, "full_at": 0.95}
    t.summary = "Box cars, buses, trucks and pedestrians in generated street photos (IoU 0.7)"
    t.count = "20 images, %d boxes" % n
    return t


# ---------------------------------------------------------------------------
# Content: service work orders with entities (span), product reviews with aspects (span)
# ---------------------------------------------------------------------------

def assemble(pieces):
    """Joins pieces (a str, or (text, label)) into (text, spans) with code-point offsets, end exclusive."""
    text, spans = "", []
    for p in pieces:
        if isinstance(p, tuple):
            spans.append({"start": len(text), "end": len(text) + len(p[0]), "label": p[1]})
            text += p[0]
        else:
            text += p
    return text, spans


def ent_date(rng):
    y = rng.choice(["2024年", "2025年", ""])
    return "%s%d月%d日" % (y, rng.randint(1, 12), rng.randint(1, 28))


def ent_loc(rng, c, d):
    return rng.choice([c + "市" + d, c + "市" + d + rng.choice(ROADS), d + rng.choice(ROADS), c + "市", c + "市" + rng.choice(ROADS)])


def ent_org(rng, c, kind):
    """An organisation of the given kind in city c."""
    if kind == "telecom":
        return rng.choice(["北辰通信" + c + "分公司", c + "北辰通信营业厅", "北辰通信有限公司"])
    if kind == "hospital":
        return rng.choice([c + "市第%s人民医院" % rng.choice("一二三四五六"), c + "市中医院", c + "市妇幼保健院"])
    if kind == "water":
        return rng.choice([c + "润泽水务有限公司", "润泽水务" + c + "分公司", c + "市自来水公司"])
    if kind == "gas":
        return rng.choice([c + "燃气集团客服中心", c + "燃气集团", "安泰燃气" + c + "服务站"])
    if kind == "gov":
        return rng.choice([c + "市市场监督管理局", rng.choice(["明珠", "春晖", "和平", "新华"]) + "街道办事处",
                           c + "市城市管理局", c + "市12345热线办公室"])
    if kind == "retail":
        return rng.choice(["嘉禾家电" + c + "旗舰店", c + "嘉禾家电有限公司", "华辰科技售后服务中心"])
    return rng.choice(["云帆物流" + c + "分公司", "云帆物流有限公司", c + "云帆物流转运中心"])  # courier


def tag_date(r):
    s = ent_date(r)
    suffix = r.choice(["", "", "上午", "下午", "晚上"])
    return [(s, "日期"), suffix] if suffix else [(s, "日期")]


def _ner(fn):
    """A work-order template: fn(r, city, district, P, L, O(kind), D) -> pieces."""
    def build(r):
        c, d = city_district(r)
        return fn(r, c, d, lambda: (person(r), "人名"), lambda: (ent_loc(r, c, d), "地名"),
                  lambda kind: (ent_org(r, c, kind), "机构名"), lambda: tag_date(r))
    return build


NER_TEMPLATES = [
    _ner(lambda r, c, d, P, L, O, D: [*D(), "，客户", P(), "来电反映", L(), "一带宽带频繁掉线，已派单给", O("telecom"), "处理。"]),
    _ner(lambda r, c, d, P, L, O, D: [P(), "于", *D(), "在", O("retail"), "购买的冰箱出现异响，要求上门检修，地址为", L(), "。"]),
    _ner(lambda r, c, d, P, L, O, D: [O("gas"), "的", P(), "来电确认燃气开户流程，双方约定", *D(), "上门通气。"]),
    _ner(lambda r, c, d, P, L, O, D: ["用户", P(), "投诉快递员未按约定时间派送，收件地址为", L(), "，要求", O("courier"), "在",
                                      *D(), "前回复。"]),
    _ner(lambda r, c, d, P, L, O, D: [*D(), "起", L(), "进行供水管道抢修，", O("water"), "已通知沿线居民，现场联系人", P(), "。"]),
    _ner(lambda r, c, d, P, L, O, D: [P(), "反映在", O("telecom"), "充值后话费余额未到账，交易日期为", *D(), "。"]),
    _ner(lambda r, c, d, P, L, O, D: [O("retail"), "客服专员", P(), "回访：客户对", *D(), "的空调维修服务表示满意。"]),
    _ner(lambda r, c, d, P, L, O, D: [L(), "居民", P(), "申请将燃气表迁至厨房外侧，", O("gas"), "安排", *D(), "上门勘查。"]),
    _ner(lambda r, c, d, P, L, O, D: ["请", O("gov"), "于", *D(), "前答复", P(), "关于", L(), "路灯不亮的诉求。"]),
    _ner(lambda r, c, d, P, L, O, D: [P(), "和", P(), "两位客户反映", L(), "手机信号弱，工单已转", O("telecom"), "网络优化组。"]),
    _ner(lambda r, c, d, P, L, O, D: ["来电人", P(), "称其母亲在", O("hospital"), "就诊时医保卡无法结算，就诊日期为", *D(), "，请核实。"]),
    _ner(lambda r, c, d, P, L, O, D: [*D(), "，", L(), "的", P(), r.choice(["女士", "先生"]), "通过热线预约了家电清洗服务。"]),
    _ner(lambda r, c, d, P, L, O, D: ["市民", P(), "反映", L(), "占道经营问题，", O("gov"), "已于", *D(), "派员处置。"]),
]


@task("L5-F2-span-ner")
def t_span_ner(rng, nrng):
    t = Task("L5-F2-span-ner", "span", 5, 2, "2.1", 30)
    labels = ["人名", "地名", "机构名", "日期"]
    t.params = {"labels": labels}
    order = list(range(len(NER_TEMPLATES))) * 3
    rng.shuffle(order)
    seen = set()
    t.sub_weak = {}
    for k in order[:30]:
        while True:
            text, spans = assemble(NER_TEMPLATES[k](rng))
            if text not in seen:
                break
        seen.add(text)
        iid = "w%02d" % (len(t.items) + 1)
        t.items.append({"id": iid, "text": text})
        t.gold[iid] = spans
        weak = []
        for s in spans:
            s = dict(s)
            seg = text[s["start"]:s["end"]]
            if s["label"] == "日期" and rng.random() < 0.3:
                continue  # missed
            if s["label"] == "机构名" and "市" in seg[:4] and rng.random() < 0.5:
                cut = seg.index("市") + 1  # split the organisation: a location plus the rest
                weak.append({"start": s["start"], "end": s["start"] + cut, "label": "地名"})
                s["start"] += cut
            if s["label"] == "地名" and rng.random() < 0.2:
                s["end"] = s["start"] + max(1, seg.find("市") + 1)  # the city only
            if rng.random() < 0.04:
                s["label"] = rng.choice([l for l in labels if l != s["label"]])
            weak.append(s)
        t.sub_weak[iid] = weak
    t.sub_gold = {k: [dict(s) for s in v] for k, v in t.gold.items()}
    n = sum(len(v) for v in t.gold.values())
    t.title = bi("工单文本命名实体标注", "Tag named entities in service work orders")
    t.instructions = bi(
        "下面是 30 条客服工单记录。请标出文中的实体并选择类型：人名、地名、机构名、日期。标注规范："
        "（1）地名包括省市区和道路，连续出现时作为一个整体标注，如“杭州市西湖区文三路”；"
        "（2）机构名标完整名称，机构名内部的地名不再单独标注，如“成都市第一人民医院”整体为机构名；"
        "（3）日期只标年月日部分，不含“上午、下午、前、起”等词；（4）人名不含“女士、先生”等称呼。"
        "评分：起止位置和类型都一致才算正确，按 F1 计分，0.40 及以下为 0 分，0.95 及以上为满分，其间按线性折算。",
        "Below are 30 customer-service work orders. Mark the entities and give each a type: 人名 (person), 地名 (place), "
        "机构名 (organisation), 日期 (date). Rules: (1) places include provinces, cities, districts and roads; adjacent parts "
        "form one span, e.g. “杭州市西湖区文三路”; (2) an organisation is tagged with its full name and a place inside it is "
        "not tagged separately, e.g. “成都市第一人民医院” is one organisation; (3) a date covers only year, month and day, "
        "not words such as 上午, 下午, 前, 起; (4) a person's name excludes titles such as 女士, 先生. Scoring: a span counts "
        "when start, end and type all match; F1; 0.40 or less scores 0, 0.95 or more scores 100, linear in between.")
    t.scoring = {"metric": "f1", "zero_at": 0.4, "full_at": 0.95}
    t.summary = "Tag persons, places, organisations and dates in work orders"
    t.count = "30 texts, %d spans" % n
    return t


ASPECTS = {
    "手机": {"屏幕": (["清晰", "细腻", "亮"], ["发黄", "偏暗", "反光"]), "电池": (["耐用", "给力"], ["不耐用", "掉电快"]),
             "拍照": (["清楚", "好看"], ["模糊", "偏色"]), "系统": (["流畅", "稳定"], ["卡顿", "容易死机"]),
             "外观": (["漂亮", "精致"], ["普通", "廉价"]), "信号": (["稳定", "好"], ["差", "不稳定"])},
    "外卖": {"味道": (["鲜美", "正宗", "香"], ["偏咸", "太油", "一般"]), "分量": (["足", "实在"], ["少", "不够吃"]),
             "配送": (["快", "准时"], ["慢", "超时"]), "包装": (["严实", "干净"], ["漏汤", "简陋"]),
             "米饭": (["软糯", "香"], ["夹生", "太硬"])},
    "酒店": {"房间": (["干净", "宽敞", "整洁"], ["狭小", "潮湿", "有异味"]), "前台": (["热情", "专业"], ["冷淡", "效率低"]),
             "位置": (["方便", "优越"], ["偏僻", "难找"]), "早餐": (["丰富", "可口"], ["单调", "难吃"]),
             "隔音": (["好", "不错"], ["差", "一般"])},
    "服装": {"面料": (["舒服", "柔软", "透气"], ["起球", "扎人"]), "尺码": (["标准", "合适"], ["偏小", "偏大"]),
             "做工": (["精细", "讲究"], ["粗糙", "线头多"]), "颜色": (["正", "好看"], ["偏暗", "有色差"]),
             "版型": (["显瘦", "修身"], ["臃肿", "奇怪"])},
}
DEGREES = ["很", "非常", "特别", "挺", "比较", ""]
NEG_DEGREES = ["很", "非常", "有点", "太", "比较", ""]
NO_DEGREE = {"超时", "漏汤", "夹生", "线头多", "有色差", "有异味", "容易死机", "掉电快", "不耐用", "不够吃", "不稳定",
             "准时", "一般", "难找", "效率低", "起球"}
OPENERS = {"手机": ["用了一周，", "给爸妈买的，", "第二次买这个牌子了，", ""],
           "外卖": ["中午点的，", "加班点的晚饭，", "第一次点这家，", ""],
           "酒店": ["出差住了两晚，", "带孩子来玩住的，", "周末入住，", ""],
           "服装": ["收到试穿了，", "买给老公的，", "活动价入手，", ""]}
CLOSERS = (["总体满意。", "下次还会再来。", "给个好评。"], ["希望改进。", "有点失望。", "总的来说还行。"])


def review(rng, domain, k):
    """A review of k clauses: [(text or (span, label))], aspects tagged 属性词, opinions 评价词 (no degree words)."""
    asp = rng.sample(list(ASPECTS[domain]), k)
    pieces = [rng.choice(OPENERS[domain])]
    prev = None
    goods = []
    for i, a in enumerate(asp):
        pos, neg = ASPECTS[domain][a]
        good = rng.random() < 0.6
        op = rng.choice(pos if good else neg)
        deg = "" if op in NO_DEGREE else rng.choice(DEGREES if good else NEG_DEGREES)
        if i > 0:
            if good == prev:
                pieces.append(rng.choice(["，", "，", "，而且"]))
            else:
                pieces.append(rng.choice(["，不过", "，但是"] if prev else ["，不过", "，好在"]) if rng.random() < 0.7 else "，")
        pieces += [(a, "属性词"), "也" if i > 0 and good == prev and rng.random() < 0.3 else "", deg, (op, "评价词")]
        prev = good
        goods.append(good)
    pieces.append("，" + rng.choice(CLOSERS[0 if all(goods) else 1]) if rng.random() < 0.5 else "。")
    text, spans = assemble(pieces)
    if text.endswith("，"):
        text = text[:-1] + "。"
    return text, spans


@task("L4-F2-span-aspect")
def t_span_aspect(rng, nrng):
    t = Task("L4-F2-span-aspect", "span", 4, 2, "2.1", 30)
    labels = ["属性词", "评价词"]
    t.params = {"labels": labels}
    domains = list(ASPECTS) * 9
    rng.shuffle(domains)
    seen = set()
    t.sub_weak = {}
    for d in domains[:32]:
        while True:
            text, spans = review(rng, d, rng.randint(2, 4))
            if text not in seen:
                break
        seen.add(text)
        iid = "r%02d" % (len(t.items) + 1)
        t.items.append({"id": iid, "text": text})
        t.gold[iid] = spans
        weak = []
        for s in spans:
            s = dict(s)
            if s["label"] == "评价词":
                # a common mistake: the degree word is included
                j = s["start"]
                for deg in ("非常", "特别", "比较", "有点", "很", "挺", "太"):
                    if text[j - len(deg):j] == deg:
                        if rng.random() < 0.5:
                            s["start"] = j - len(deg)
                        break
            elif rng.random() < 0.08:
                continue
            weak.append(s)
        t.sub_weak[iid] = weak
    t.sub_gold = {k: [dict(s) for s in v] for k, v in t.gold.items()}
    n = sum(len(v) for v in t.gold.values())
    t.title = bi("商品评价属性词与评价词标注", "Tag aspects and opinions in reviews")
    t.instructions = bi(
        "为评价分析模型准备数据：下面 32 条用户评价来自手机、外卖、酒店、服装四类商品。请标出：属性词（被评价的方面，如“屏幕”“配送”）"
        "和评价词（对该方面的评价，如“清晰”“慢”）。标注规范：评价词不含“很、非常、特别、挺、比较、有点、太”等程度词，"
        "但包含否定和固定搭配，如“不耐用”“有色差”“容易死机”；连接词和语气词不标。"
        "评分：起止位置和类型都一致才算正确，按 F1 计分，0.50 及以下为 0 分，0.95 及以上为满分，其间按线性折算。",
        "Data for a review-analysis model: 32 user reviews of phones, food delivery, hotels and clothes. Mark aspects "
        "(属性词: what is judged, e.g. 屏幕 screen, 配送 delivery) and opinions (评价词: the judgement of that aspect, e.g. "
        "清晰 clear, 慢 slow). Rules: an opinion excludes degree words (很, 非常, 特别, 挺, 比较, 有点, 太) but includes "
        "negation and fixed phrases such as 不耐用, 有色差, 容易死机; connectives and particles are not tagged. Scoring: a span "
        "counts when start, end and type all match; F1; 0.50 or less scores 0, 0.95 or more scores 100, linear in between.")
    t.scoring = {"metric": "f1", "zero_at": 0.5, "full_at": 0.95}
    t.summary = "Tag aspect and opinion words in product reviews"
    t.count = "32 texts, %d spans" % n
    return t


# ---------------------------------------------------------------------------
# Content: customer messages of an online shop, by intent (label, tune, test, kb)
# ---------------------------------------------------------------------------

PRODUCTS = ["电饭煲", "蓝牙耳机", "羽绒服", "运动鞋", "扫地机器人", "空气炸锅", "儿童书包", "保温杯", "洗面奶", "台灯",
            "行李箱", "电动牙刷", "床上四件套", "婴儿奶粉", "机械键盘", "破壁机", "连衣裙", "登山包"]
MSG_SLOTS = {
    "oid": lambda r: "%d%07d" % (r.randint(2, 9), r.randint(0, 9999999)), "prod": PRODUCTS, "city": CITIES,
    "n": lambda r: r.randint(2, 9), "m": lambda r: r.choice([20, 30, 50, 100]), "k": lambda r: r.choice([199, 299, 399, 599]),
    "color": ["黑色", "白色", "粉色", "灰色", "藏青色"], "kg": lambda r: r.randint(90, 170), "company": COMPANIES,
    "day": ["今天", "明天", "周末", "这周五"],
    "eprod": ["电饭煲", "蓝牙耳机", "扫地机器人", "空气炸锅", "台灯", "电动牙刷", "机械键盘", "破壁机"], "dist": lambda r: r.choice(list(DISTRICTS.values()))[0],
}

INTENTS = {
    "物流查询": [
        "我的快递到哪了", "订单{oid}怎么还没发货", "都{n}天了还没收到货，帮我查一下物流", "物流信息好几天没更新了，是不是丢件了",
        "{day}能送到吗", "显示已签收但是我根本没收到", "什么时候发货啊，急用", "快递在{city}中转站停了{n}天了",
        "能不能帮我催一下快递", "单号{oid}的包裹现在到哪了", "买的{prod}发的哪家快递", "预售的{prod}大概几号发货",
    ],
    "退货退款": [
        "{prod}尺码不合适，想退货", "退款申请提交{n}天了还没到账", "收到的{prod}有质量问题，要求退款", "七天无理由退货运费谁出",
        "怎么申请仅退款", "退货已经寄回去了，钱什么时候退", "{prod}不想要了，还没拆封能退吗", "商品和描述不一样，申请退货退款",
        "退款退到哪里了，银行卡没看到", "{prod}坏了，是退款还是换新", "拒收之后多久能退款",
    ],
    "修改地址": [
        "下单地址填错了，能改吗", "帮我把收货地址改成{city}{dist}", "还没发货的话帮我改一下收件人电话", "我搬家了，订单{oid}的地址要换一下",
        "能不能改成送到公司", "收货人名字写错了一个字", "地址少写了门牌号，麻烦补上", "已经发货了还能改地址吗",
    ],
    "发票": [
        "怎么开发票", "我要开增值税专用发票，抬头是{company}", "发票开错了，税号少了一位，能重开吗", "电子发票在哪里下载",
        "订单{oid}能补开发票吗", "发票抬头可以写个人吗", "公司报销需要纸质发票", "开票金额和实付金额不一样",
    ],
    "商品咨询": [
        "这款{prod}有{color}的吗", "{eprod}保修多久", "我{kg}斤穿多大码", "{prod}是正品吗，有没有授权书",
        "{prod}和上一代有什么区别", "这个适合几岁的孩子用", "{eprod}支持全国联保吗", "{prod}的材质是什么",
        "{color}的还有货吗", "{prod}有没有说明书", "这个{eprod}耗电大不大",
    ],
    "投诉": [
        "你们客服态度太差了，我要投诉", "快递员把包裹扔在门口，东西摔坏了，我要投诉", "说好的赠品没给，这不是欺骗消费者吗",
        "同一个问题反映了{n}次都没人处理", "商家发错货还不承认，我要投诉他们", "再不处理我就打12315了",
        "你们这是虚假宣传，我要投诉", "客服一直不回消息，太不负责了", "配送员私自把货放驿站还不通知，投诉",
    ],
    "优惠活动": [
        "满{k}减{m}的券怎么用不了", "现在下单还有优惠吗", "会员日是哪天", "{prod}什么时候降价", "新人优惠券在哪领",
        "拼团没成功，券还能用吗", "积分可以抵现吗", "买两件{prod}能打折吗", "昨天买的今天降价了，能补差价吗",
    ],
    "账号问题": [
        "登录时一直提示验证码错误", "手机号换了，怎么换绑", "账号被冻结了怎么办", "忘记密码了怎么找回", "怎么注销账号",
        "收不到短信验证码", "账号在别的手机上登录了，是不是被盗了", "怎么修改登录密码", "实名认证一直审核不通过",
    ],
}
MSG_PRE = ["", "", "", "你好，", "您好，", "在吗？", "亲，", "客服，", "麻烦问下，", "请问", "喂，", "急！"]
MSG_SUF = ["", "", "。", "？", "！", "，谢谢", "，急", "，在线等", "，麻烦尽快处理", "??", "。。。", "，谢谢了"]
TYPOS = {"在": "再", "已": "以", "的": "得", "账": "帐", "退": "推", "货": "或", "码": "吗", "么": "嘛"}


def message(rng, intent, templates=None, noise=0.0):
    """One customer message of an intent (templates: a subset to draw from), with optional typos and drops."""
    t = rng.choice(templates or INTENTS[intent])
    s = fill(rng, t, MSG_SLOTS)
    if noise and rng.random() < noise:
        chars = list(s)
        j = rng.randrange(len(chars))
        if chars[j] in TYPOS and rng.random() < 0.7:
            chars[j] = TYPOS[chars[j]]
        elif len(chars) > 6:
            del chars[j]
        s = "".join(chars)
    pre = rng.choice(MSG_PRE)
    if s.endswith(("吗", "吧", "么", "呢", "多久", "哪了", "哪天", "几号")) or s.startswith(("怎么", "能", "请问")):
        suf = rng.choice(["", "？", "?", "，谢谢", "，在线等"])
    else:
        suf = rng.choice(MSG_SUF)
    return pre + s + suf


@task("L4-F2-label-intent")
def t_label_intent(rng, nrng):
    t = Task("L4-F2-label-intent", "label", 4, 2, "2.1", 25)
    labels = list(INTENTS)
    t.params = {"labels": labels}
    counts = {"物流查询": 12, "退货退款": 11, "修改地址": 7, "发票": 7, "商品咨询": 10, "投诉": 9, "优惠活动": 8, "账号问题": 8}
    data, seen = [], set()
    for lab, n in counts.items():
        temps = INTENTS[lab][:]
        rng.shuffle(temps)
        while sum(1 for _, l in data if l == lab) < n:
            k = sum(1 for _, l in data if l == lab)
            s = message(rng, lab, [temps[k % len(temps)]], noise=0.15)
            if s not in seen:
                seen.add(s)
                data.append((s, lab))
    rng.shuffle(data)
    t.items = [{"id": "m%02d" % (i + 1), "text": s} for i, (s, _) in enumerate(data)]
    t.gold = {it["id"]: l for it, (_, l) in zip(t.items, data)}
    t.title = bi("客服消息意图分类", "Classify customer messages by intent")
    t.instructions = bi(
        "网店客服系统采集了 72 条用户消息（保留了原始的口语、错别字）。请按用户的主要诉求为每条消息选择一个意图："
        "物流查询、退货退款、修改地址、发票、商品咨询、投诉、优惠活动、账号问题。"
        "定义：明确表达投诉、举报或要求追责的消息归为“投诉”，即使同时提到物流或商品；"
        "询问退款进度的归为“退货退款”而不是“物流查询”。数字键 1–8 可快速选择。"
        "评分：按宏平均 F1 计分（每个意图同等重要），0.50 及以下为 0 分，0.95 及以上为满分，其间按线性折算。",
        "An online shop's service desk collected 72 customer messages (colloquial wording and typos kept). Give each message "
        "the customer's main intent: 物流查询 (delivery status), 退货退款 (returns and refunds), 修改地址 (change of address), "
        "发票 (invoices), 商品咨询 (product questions), 投诉 (complaints), 优惠活动 (promotions), 账号问题 (account problems). "
        "Definitions: a message that clearly complains, reports or demands accountability is 投诉 even when it also mentions "
        "delivery or a product; asking about the progress of a refund is 退货退款, not 物流查询. Number keys 1–8 choose a "
        "label. Scoring: macro-F1 (every intent weighs the same); 0.50 or less scores 0, 0.95 or more scores 100, linear in "
        "between.")
    t.scoring = {"metric": "macro_f1", "zero_at": 0.5, "full_at": 0.95}
    t.sub_gold = dict(t.gold)
    pairs = {"投诉": "物流查询", "退货退款": "物流查询", "修改地址": "物流查询", "优惠活动": "商品咨询", "发票": "退货退款",
             "账号问题": "投诉", "商品咨询": "优惠活动", "物流查询": "投诉"}
    weak = confuse(rng, labels, [t.gold[i["id"]] for i in t.items], 0.22, pairs)
    t.sub_weak = {i["id"]: w for i, w in zip(t.items, weak)}
    t.summary = "Classify shop customer messages into 8 intents"
    t.count = "72 texts"
    return t


# ---------------------------------------------------------------------------
# Content: FAQ knowledge bases with held-back user queries (kb)
#
# A topic: key, standard question, similar questions, answer, held-back
# queries, and a flag: "new" (not in the starting KB: its answer is an
# approved answer in params.answers), "dup" (the starting KB holds it twice,
# the second copy worded as `alt`), "wrong" (the starting KB's answer is
# `alt`, contradicting the policy in the scenario).
# ---------------------------------------------------------------------------

def T(q, sim, a, qs, flag=None, alt=None):
    return {"q": q, "sim": sim, "a": a, "qs": qs, "flag": flag, "alt": alt}


KB_SHOP = [
    T("下单后多久发货？", ["什么时候发货"], "现货商品在付款后48小时内发货，预售商品以商品页面标注的发货时间为准。",
      ["我昨天拍的东西啥时候能发出", "付完款几天发货啊", "预售的东西什么时候寄"]),
    T("怎么查看物流信息？", ["物流在哪看"], "在“我的订单”中点击对应订单的“查看物流”即可看到实时物流；物流超过3天未更新请联系人工客服。",
      ["快递到哪里了怎么看", "物流好几天没动了", "我想看看包裹走到哪了"]),
    T("可以无理由退货吗？", ["支持七天无理由吗"], "商品签收后7天内，在不影响二次销售的前提下支持无理由退货。",
      ["不喜欢可以退吗", "买了不合适能退吗", "几天内可以无理由退"], "wrong", "商品签收后15天内均可无理由退货，无需任何条件。"),
    T("退货运费由谁承担？", [], "质量问题退货的运费由本店承担；无理由退货的运费由买家承担，已购运费险的可获赔付。",
      ["退回去的邮费谁出", "退货要我自己付快递费吗", "运费险怎么赔"]),
    T("退款多久到账？", ["退款什么时候到"], "商家确认收到退货后1个工作日内退款，原路返回，银行卡一般1–3个工作日到账。",
      ["钱什么时候退回来", "退款几天能到", "退款了但是卡里没看到钱"], "dup", ("退款要等多久？", "退货签收后会尽快退款，请耐心等待。")),
    T("下单后可以修改收货地址吗？", ["怎么改地址"], "订单未发货前可在订单详情中修改地址；已发货的订单请联系快递改派或联系人工客服。",
      ["地址写错了怎么办", "能换个收货地址吗", "收件人电话填错了能改吗"]),
    T("怎么取消订单？", [], "未发货订单可在订单详情点击“取消订单”，款项原路退回；已发货订单请拒收或签收后申请退货。",
      ["不想要了能取消吗", "刚下的单怎么撤销", "拍错了想取消"]),
    T("可以开发票吗？", ["开票"], "支持开具电子普通发票：下单时填写抬头和税号，确认收货后在订单详情下载。",
      ["需要发票怎么弄", "电子发票在哪下载", "公司报销要开票"]),
    T("可以开增值税专用发票吗？", [], "如需增值税专用发票，请联系人工客服提供营业执照、开户行和账号，审核后7个工作日内寄出纸质发票。",
      ["能开增值税专票吗", "专票怎么申请"], "new"),
    T("优惠券为什么用不了？", ["优惠券无法使用"], "请检查优惠券是否在有效期内、订单金额是否满足门槛、商品是否在适用范围；每个订单限用一张店铺券。",
      ["券领了用不上", "满减券不能用是怎么回事", "两张券能一起用吗"]),
    T("买完降价了能补差价吗？", ["价格保护"], "签收后7天内同款商品降价，可联系客服申请价格保护，差价以优惠券形式返还；秒杀活动价除外。",
      ["刚买就降价了怎么办", "能不能退差价", "保价怎么申请"]),
    T("尺码怎么选？", ["选哪个尺码"], "请参考商品详情页的尺码表，按身高体重选择；介于两个尺码之间建议选大一码。",
      ["我160cm 110斤穿什么码", "衣服偏大还是偏小", "不知道买多大的"]),
    T("收到的商品有质量问题怎么办？", [], "请在签收后48小时内拍照上传问题部位并申请售后，核实后免费为您换新或退款。",
      ["收到东西是坏的", "衣服有破洞怎么处理", "东西有瑕疵能换吗"]),
    T("收到的商品少了怎么办？", ["少件"], "请先核对是否分包裹发货；确认少件的，请提供外包装和面单照片联系客服补发。",
      ["买了三件只到两件", "包裹里少了东西", "赠品没收到"]),
    T("积分有什么用？", [], "积分可在下单时抵扣现金，100积分抵1元，单笔最多抵扣订单金额的10%。",
      ["积分能当钱花吗", "积分怎么抵扣"]),
    T("人工客服的工作时间是？", ["客服几点上班"], "人工客服每天9:00–22:00在线，其他时间可以留言，我们会在上班后第一时间回复。",
      ["晚上有人工吗", "怎么找真人客服", "客服几点下班"]),
    T("发什么快递？", [], "默认发云帆快递，偏远地区发邮政包裹，暂不支持指定快递。",
      ["能发顺丰吗", "用的哪家快递", "可以指定快递公司吗"]),
    T("哪些地区不包邮？", [], "新疆、西藏、青海及港澳台地区不包邮，下单时会显示需要补的运费。",
      ["新疆包邮吗", "西藏能寄吗要加钱吗"]),
    T("可以换货吗？", ["换尺码"], "签收后7天内支持更换尺码或颜色（限同款同价），请在订单中申请换货并寄回商品。",
      ["尺码不对能换一个吗", "想换个颜色", "换货怎么操作"]),
    T("登录时提示验证码错误怎么办？", [], "请确认手机号正确，并在5分钟内输入最新收到的验证码；多次失败请稍后再试或联系客服。",
      ["验证码总是说错误", "收到验证码登不上去"], "new"),
    T("怎么更换绑定的手机号？", [], "在“账户设置—手机号”中可更换绑定手机号，需要原手机号验证码；原号码已停用的请联系客服人工核验。",
      ["换手机号了怎么改绑定", "原来的号码不用了怎么办"], "new"),
    T("显示已签收但没收到货怎么办？", [], "请先查看门卫、快递柜或驿站；仍未找到请联系客服，我们会在24小时内与快递核实处理。",
      ["物流显示签收了可我没拿到", "没收到却显示已签收"]),
    T("可以礼品包装吗？", [], "下单时在备注中写明“礼品包装”即可免费包装，并可附赠手写贺卡。",
      ["送人的能包装一下吗", "能帮忙写贺卡吗"]),
    T("缺货的商品什么时候补货？", ["什么时候有货"], "缺货商品一般7–15天补货，可点击“到货提醒”，到货后会短信通知您。",
      ["没货了什么时候有", "断码了还会补吗"]),
    T("对服务不满意怎么投诉？", ["投诉"], "您可以在订单详情点击“投诉”，或拨打客服热线400-800-1234，我们会在48小时内处理并回复。",
      ["我要投诉你们", "客服态度差找谁反映"]),
    T("可以货到付款吗？", [], "暂不支持货到付款，可使用微信、支付宝、银行卡或分期付款。",
      ["能不能收到货再付钱", "支持货到付款吗"]),
    T("会员有哪些权益？", ["会员等级"], "会员按年消费金额分为银卡、金卡、钻石卡，分别享受95折、9折、85折和生日礼券。",
      ["金卡打几折", "会员有什么好处"]),
]

KB_APPLIANCE = [
    T("整机保修多久？", ["保修期多长"], "空调、冰箱、洗衣机整机保修3年，压缩机和电机保修10年；电视整机保修1年，屏幕保修3年。",
      ["冰箱坏了还在保修期吗", "压缩机保几年", "电视屏幕保修多久"], "wrong", "所有家电整机保修1年，过保后维修需付费。"),
    T("保修需要什么凭证？", ["保修要发票吗"], "凭购机发票或电子订单截图即可保修；无凭证的按出厂日期顺延3个月计算保修期。",
      ["发票丢了还能保修吗", "没有发票怎么保修"], "dup", ("没有发票可以保修吗？", "没有发票不能保修。")),
    T("怎么预约安装？", ["预约师傅安装"], "购买后在官方公众号“服务—预约安装”填写地址和时间，或拨打400-611-8899，师傅会在24小时内联系您。",
      ["空调到了怎么约师傅装", "热水器谁来安装", "新买的洗衣机要自己装吗"]),
    T("安装收费吗？", ["安装费"], "标准安装免费；空调超出3米的铜管、支架和高空作业按全国统一收费标准另收，师傅须出示收费标准。",
      ["装空调要另外给钱吗", "铜管加长怎么收费"]),
    T("空调不制冷怎么办？", ["空调不冷"], "请确认模式为制冷、设定温度低于室温、滤网清洁、室外机通风良好；仍不制冷请预约维修，可能需要检测冷媒。",
      ["空调吹的是热风", "开了半天屋里还是热", "空调不凉了"]),
    T("冰箱不制冷是什么原因？", [], "请检查电源和温控档位，避免频繁开门和放入过多热食；冷藏不冷而冷冻正常的，多为风道结冰，请断电化霜24小时后再试。",
      ["冰箱冷藏室不冷", "冰箱里东西放不住了"]),
    T("洗衣机显示E4怎么办？", ["E4故障"], "E4表示排水超时，请清理排水过滤器、检查排水管是否弯折或堵塞，然后重新启动程序。",
      ["滚筒显示E4", "洗衣机水排不出去"]),
    T("洗衣机脱水时声音很大怎么办？", [], "请确认已拆除运输螺栓、机器放置平稳、衣物分布均匀；仍有异响请预约检修。",
      ["甩干的时候噪音大", "洗衣机跳得厉害"]),
    T("热水器不出热水怎么办？", [], "请检查是否通电、温度设定和漏电保护插头；燃气热水器还需检查燃气阀门和电池。",
      ["热水器没热水了", "洗澡水一直是凉的"]),
    T("保修期外维修怎么收费？", ["过保维修"], "保外维修收取上门费30元和配件费，配件价格以官网公布为准，维修后所换配件保修90天。",
      ["过保了修一次多少钱", "上门费多少"]),
    T("在哪里买原厂配件？", [], "原厂配件可在官方商城“配件专区”购买，或联系当地服务网点代购。",
      ["遥控器丢了去哪买", "想买个新滤网"]),
    T("有以旧换新活动吗？", ["以旧换新"], "购买新机时可申请以旧换新，按旧机品类和年限补贴100–500元，旧机由师傅上门免费拆卸回收。",
      ["旧冰箱能抵钱吗", "旧空调回收吗"]),
    T("空调移机怎么收费？", [], "空调移机200元起（含拆装），需要加长铜管或补充冷媒的另行收费。",
      ["搬家了空调要挪一下", "拆装空调多少钱"]),
    T("可以上门清洗家电吗？", ["家电清洗"], "提供空调、洗衣机、油烟机上门深度清洗，挂机99元/台，柜机149元/台，可在公众号预约。",
      ["空调清洗多少钱", "洗衣机里面脏了能洗吗"]),
    T("怎么查询维修进度？", [], "在公众号“服务—我的工单”输入手机号即可查看工单状态和师傅联系方式。",
      ["师傅什么时候来", "报修了没人联系我"]),
    T("电视显示无信号怎么办？", [], "请检查信号源选择是否正确、HDMI线是否插紧、机顶盒是否开机，然后重启电视和机顶盒再试。",
      ["电视黑屏说没信号", "开机显示无信号"]),
    T("遥控器没反应怎么办？", [], "请更换电池并对准接收窗；智能电视的蓝牙遥控器需按说明书重新配对。",
      ["遥控器按了没反应", "遥控不好使了"]),
    T("新机有问题可以退换吗？", [], "自签收起7天内出现性能故障可选择退货或换货，15天内可换货，需保持包装和配件齐全。",
      ["刚买的冰箱就坏了能换新的吗", "新洗衣机漏水能退吗"]),
    T("多久能送货？", ["送货时间"], "城区一般下单后1–3天送货上门，乡镇3–5天，送货前会电话预约。",
      ["冰箱几天能送到", "什么时候送货"]),
    T("送货上楼收费吗？", [], "有电梯的免费送货上楼；无电梯的7楼以下免费，7楼及以上每层加收10元。",
      ["没有电梯送上楼要钱吗"], "wrong", "送货上楼一律每层加收10元。"),
    T("空调室内机漏水怎么办？", [], "多为排水管堵塞或安装倾斜，请关机后预约检修，不要自行拆机。",
      ["空调往下滴水", "挂机漏水了"]),
    T("冰箱有异味怎么办？", [], "请清理过期食物，用温水加少量小苏打擦拭内壁，可放置活性炭除味，生熟食物分开密封存放。",
      ["冰箱里一股味", "冰箱有臭味怎么去"]),
    T("可以购买延保服务吗？", [], "可以在保修期满前购买延保服务，延长1–3年整机保修，价格按品类和年限计算。",
      ["保修能延长吗", "延保怎么买"], "new"),
    T("电热水器需要换镁棒吗？", [], "电热水器建议每1–2年更换一次镁棒并清洗内胆，可预约上门服务，镁棒按配件价收费。",
      ["镁棒多久换一次", "热水器要清洗吗"], "new"),
    T("附近有维修网点吗？", ["售后网点"], "在公众号“服务—网点查询”中输入所在城市，即可查看附近授权服务网点的地址和电话。",
      ["哪里有售后网点", "维修点在哪"]),
    T("预约的上门时间可以改吗？", [], "可以，请在师傅上门前2小时通过公众号或服务热线修改预约时间。",
      ["师傅来的时间改一下", "明天不在家能改时间吗"]),
    T("购买节能家电有补贴吗？", [], "一级能效家电可享受当地以旧换新和节能补贴，具体以各地政策为准，凭发票在补贴平台申请。",
      ["买一级能效有补贴吗", "国家补贴怎么领"], "new"),
    T("油烟机吸力变小怎么办？", [], "请清洗或更换油网、检查止逆阀是否卡住、烟管是否过长或弯折；仍吸力不足请预约检修。",
      ["抽油烟机不怎么吸烟了", "油烟机吸不干净"]),
]

KB_HOSPITAL = [
    T("怎么预约挂号？", ["预约挂号"], "可通过医院公众号、App或自助机预约未来7天的号源，每天7:00放号。",
      ["网上怎么挂号", "明天的号怎么约", "几点放号"]),
    T("预约了去不了怎么取消？", [], "请在就诊前一天18:00前在原渠道取消；一年内爽约3次将暂停预约资格90天。",
      ["挂了号去不了怎么办", "怎么退号"]),
    T("当天还能挂号吗？", ["当日挂号"], "可以，当日号源可在自助机或App挂号，也可到门诊大厅人工窗口挂号。",
      ["今天来了还能挂上吗", "现场可以挂号吗"]),
    T("头疼应该挂什么科？", [], "持续头痛、头晕建议挂神经内科；伴发热的先到发热门诊；外伤后头痛请到急诊。",
      ["头晕头痛看哪个科", "偏头痛挂什么号"]),
    T("孩子发烧挂哪个科？", ["儿童发热"], "14岁以下儿童发热请挂儿科发热门诊，位于门诊楼1楼东侧，24小时开放。",
      ["小孩发烧去哪看", "宝宝发热挂什么科"]),
    T("怎么缴费？", ["缴费方式"], "可在诊间扫码、自助机或App缴费，支持医保卡、医保电子凭证、微信和支付宝。",
      ["看完病在哪交钱", "能用手机付费吗"]),
    T("门诊可以用医保吗？", ["医保结算"], "本市医保患者持医保卡或医保电子凭证可直接结算；异地医保需先在参保地办理备案。",
      ["外地医保能用吗", "医保卡能刷吗"]),
    T("检查报告怎么查？", ["查报告"], "检验报告一般2小时后可在App或自助机查询打印，影像报告1个工作日内出具。",
      ["验血结果什么时候出", "CT报告去哪拿"]),
    T("医院可以停车吗？", [], "地下停车场入口在南门，前1小时免费，之后每小时5元；就诊高峰车位紧张，建议乘公共交通。",
      ["开车来停哪", "停车怎么收费"]),
    T("门诊几点开始？", ["门诊时间"], "门诊周一至周五8:00–12:00、13:30–17:30，周末上午开放部分科室；急诊24小时开放。",
      ["周末有门诊吗", "下午几点上班"]),
    T("体检怎么预约？", [], "健康体检需提前在公众号预约，体检中心在3号楼2楼，体检当天需空腹。",
      ["想做个全身检查", "入职体检在哪做"], "new"),
    T("住院怎么办理手续？", [], "持医生开具的住院证、身份证和医保卡到1号楼1楼住院处办理，并预交押金。",
      ["办住院去哪里", "住院要带什么"], "new"),
    T("住院病人探视时间？", [], "普通病房探视时间为每天15:00–20:00，每位患者限1名陪护；ICU探视按科室规定。",
      ["几点可以去看病人", "可以陪床吗"], "new"),
    T("怎么复印病历？", [], "出院7个工作日后可凭患者身份证到行政楼1楼病案室复印，委托他人需提供委托书。",
      ["出院了要病历复印件", "报销需要病历怎么弄"], "new"),
    T("专家号怎么挂？", ["专家门诊"], "专家号在App“专家门诊”中预约，号源紧张时可登记候补，有人退号会短信通知。",
      ["想挂主任的号", "专家号抢不到怎么办"]),
    T("CT和核磁要预约吗？", [], "需要，开单缴费后在自助机或App预约检查时间，请按预约时间提前15分钟到影像科。",
      ["做核磁要排队吗", "CT什么时候能做"], "new"),
    T("抽血需要空腹吗？", [], "血糖、血脂、肝功能等项目需空腹8–12小时，可少量饮水；其他项目以检验单说明为准。",
      ["验血前能吃早饭吗", "抽血要饿肚子吗"], "new"),
    T("在哪里取药？", ["取药"], "西药房在门诊楼1楼大厅，中药房在2楼；缴费后凭取药单号到对应窗口取药。",
      ["药在哪拿", "中药房在几楼"]),
    T("缴费发票怎么开？", [], "电子票据在缴费后自动生成，可在App“我的票据”中下载；需要纸质票据的请到收费窗口打印。",
      ["看病的发票在哪打", "电子票据怎么下载"], "new"),
    T("有轮椅可以借吗？", [], "门诊楼各入口服务台可免费借用轮椅，凭身份证登记。",
      ["老人走不动有轮椅吗", "借轮椅要押金吗"], "new"),
    T("可以线上复诊开药吗？", [], "在本院就诊过的慢病患者可在App“互联网医院”复诊续方，药品可快递到家。",
      ["不想跑医院能网上开药吗", "高血压的药能线上续吗"], "new"),
    T("出院押金怎么退？", [], "出院结算时多退少补，押金原路退回；现金支付的凭押金条到住院处退还。",
      ["住院押金什么时候退", "预交金怎么退"], "new"),
    T("急诊在哪里？", ["急诊"], "急诊在医院北门，24小时开放；危急情况请直接拨打120。",
      ["晚上看急诊从哪进", "半夜肚子疼去哪"]),
    T("皮肤科在几楼？", [], "皮肤科在门诊楼3楼西区，乘电梯到3楼后右转。",
      ["皮肤科怎么走", "看湿疹去几楼"], "new"),
    T("号挂满了怎么办？", [], "可登记候补或选择同科室其他医生；病情紧急请到急诊就诊。",
      ["挂不上号了", "显示约满了怎么办"], "new"),
    T("没有就诊卡能看病吗？", ["就诊卡"], "可以，初次就诊可用身份证或医保电子凭证建档，无需办理实体就诊卡。",
      ["第一次来要办卡吗", "没带卡能挂号吗"]),
    T("成人疫苗在哪里打？", [], "成人疫苗在门诊楼4楼预防接种门诊接种，需提前在公众号预约。",
      ["可以打流感疫苗吗", "HPV疫苗怎么约"], "new"),
]

KB_GOV = [
    T("社保卡丢了怎么补办？", ["社保卡补办"], "可在人社App或社保卡服务网点挂失补办，补卡工本费免收，制卡约7个工作日。",
      ["医保卡掉了怎么办", "补办社保卡要多久"]),
    T("怎么查询社保缴费记录？", ["社保查询"], "登录人社App或国家社会保险公共服务平台，在“个人权益记录”中查询。",
      ["我交了几年社保怎么看", "社保断没断怎么查"]),
    T("灵活就业人员怎么交社保？", [], "持身份证到社保经办机构或在网上办事大厅办理灵活就业参保登记，可按月或按季缴费。",
      ["自由职业怎么交社保", "没单位怎么交养老保险"]),
    T("换城市工作社保怎么转？", ["社保转移"], "在新参保地提出转移申请，经办机构向原参保地发函，约45个工作日完成。",
      ["去外地上班社保怎么办", "养老保险跨省转移"]),
    T("租房可以提取公积金吗？", ["租房提取"], "连续足额缴存3个月以上、本市无自有住房的职工可提取公积金支付房租，每年额度以当年公布为准。",
      ["公积金能交房租吗", "租房怎么取公积金"]),
    T("公积金贷款能贷多少？", ["公积金贷款额度"], "额度按账户余额倍数和还款能力计算，单人最高50万元、夫妻双方最高80万元，以当年政策为准。",
      ["公积金最多贷多少钱", "夫妻俩公积金能贷多少"]),
    T("怎么查公积金余额？", [], "可通过公积金中心App、网上服务大厅或12329热线查询。",
      ["公积金里有多少钱怎么看", "查公积金打什么电话"]),
    T("离职后公积金能取出来吗？", [], "离职后账户封存满6个月且未重新就业的可申请提取；户籍不在本市的可办理销户提取。",
      ["辞职了公积金怎么取", "不在这边工作了公积金能取吗"]),
    T("身份证丢了怎么办？", ["补办身份证"], "到户籍所在地或居住地派出所申请补领，本省户籍可在全省任一办证点办理，工本费20元。",
      ["身份证掉了去哪补", "异地能补身份证吗"]),
    T("居住证怎么办理？", [], "在本市居住满半年并有合法稳定就业或住所的，可持身份证和居住登记凭证到社区服务站申领。",
      ["外地人怎么办居住证", "居住证要什么材料"]),
    T("第一次办护照需要什么？", ["护照办理"], "持身份证到任一出入境办证大厅办理，现场采集照片和指纹，7个工作日出证，费用120元。",
      ["办护照要带啥", "护照多久能拿到"]),
    T("港澳通行证签注怎么办？", [], "可在自助签注机或国家移民管理局App办理，办理后即时生效。",
      ["去香港签注在哪办", "通行证续签怎么弄"]),
    T("个体工商户营业执照怎么办？", ["营业执照"], "登录政务服务网“开办企业”专区在线申请，材料齐全的1个工作日内办结，执照可邮寄。",
      ["开个小店要什么执照", "个体户执照网上能办吗"]),
    T("买二手房怎么过户？", ["房产过户"], "买卖双方携带身份证、不动产权证书和购房合同到不动产登记中心办理，缴税后当场受理，5个工作日领证。",
      ["二手房过户流程", "买房过户要带什么"]),
    T("怎么查名下有几套房？", [], "本人持身份证到不动产登记中心或在“不动产登记”小程序查询，可出具住房情况证明。",
      ["开无房证明去哪", "查一下我名下的房产"], "new"),
    T("在外地看病怎么用医保？", ["异地就医"], "在国家医保服务平台App办理异地就医备案，备案后在定点医院可直接结算。",
      ["异地就医怎么备案", "在外地住院能报销吗"]),
    T("生育津贴怎么申领？", [], "产假结束后由单位在线申报，津贴按单位上年度职工月平均工资计发，发放到单位或个人账户。",
      ["产假工资怎么领", "生育津贴多久到账"], "new"),
    T("退休手续怎么办？", [], "达到法定退休年龄前1个月，由单位或本人向社保经办机构申请，审核通过后次月发放养老金。",
      ["快到退休年龄了要办啥", "养老金什么时候开始发"]),
    T("失业保险金怎么领？", ["失业金"], "非因本人意愿中断就业且缴费满1年的，可在人社App申领，按月发放，最长24个月。",
      ["被辞退了能领失业金吗", "失业金能领几个月"]),
    T("新生儿怎么上户口？", ["新生儿落户"], "出生后1个月内，父母携出生医学证明、户口簿、结婚证到派出所办理，也可在“出生一件事”平台联办。",
      ["宝宝出生后怎么报户口", "孩子上户口要什么材料"]),
    T("去大厅办事要预约吗？", [], "建议通过政务服务App预约，预约用户优先叫号；未预约也可以现场取号。",
      ["办事要提前约吗", "可以直接去大厅吗"]),
    T("政务大厅几点上班？", ["办公时间"], "周一至周五9:00–17:00，周六上午9:00–12:00提供部分事项延时服务，法定节假日休息。",
      ["周六能办事吗", "大厅中午休息吗"], "wrong", "政务大厅周一至周日全天24小时开放。"),
    T("可以用电子证照办事吗？", [], "在政务服务App领取电子证照后，办理大部分事项可免交纸质复印件。",
      ["电子身份证能用吗", "不带复印件可以吗"], "new"),
    T("对办事服务不满意怎么反映？", ["投诉建议"], "可拨打12345热线或在政务服务网“好差评”中评价，工作人员将在3个工作日内回复。",
      ["窗口态度不好找谁", "怎么给差评"]),
    T("驾驶证到期怎么换？", [], "有效期满前90日内可在“交管12123”App申请换证，新证邮寄到家。",
      ["驾照快过期了", "换驾照要去车管所吗"], "new"),
    T("公积金跨城市怎么转？", [], "在新城市公积金中心或“全国住房公积金”小程序申请异地转移接续，无需回原地办理。",
      ["换城市了公积金怎么办", "公积金异地转移"], "dup", ("公积金能转到外地吗？", "可以转，请咨询当地公积金中心。")),
    T("个人所得税怎么退？", ["个税退税"], "每年3月1日至6月30日可在“个人所得税”App办理上年度综合所得汇算，符合条件的可申请退税。",
      ["个税汇算怎么弄", "退税在哪里申请"]),
    T("落户需要什么材料？", ["户口迁入"], "人才落户需提供身份证、户口簿、学历证书和劳动合同，通过“落户一件事”平台在线申请，20个工作日内办结。",
      ["大学毕业生怎么落户", "迁户口要准备啥"]),
]

KB_BANK = [
    T("借记卡丢了怎么挂失？", ["储蓄卡挂失"], "可立即在手机银行“卡片管理—挂失”或拨打客服热线办理临时挂失，7天内到网点办理正式挂失并补卡。",
      ["银行卡掉了怎么办", "工资卡丢了要冻结"]),
    T("信用卡丢了怎么办？", ["信用卡挂失"], "请立即在信用卡App或拨打信用卡中心热线挂失；挂失前48小时内的盗刷损失可申请保障。",
      ["信用卡不见了", "信用卡被偷了怎么冻结"]),
    T("手机银行转账限额是多少？", ["转账限额"], "使用短信验证码单笔5万元、日累计20万元；使用U盾单笔50万元、日累计100万元，可在App中调低。",
      ["一天最多能转多少钱", "转账额度不够怎么办"]),
    T("怎么提高信用卡额度？", ["提额"], "用卡满6个月且还款记录良好的，可在信用卡App申请提额，系统实时审批。",
      ["信用卡额度太低了", "怎么申请提额"]),
    T("信用卡怎么还款？", [], "可通过手机银行、自动还款或网点柜台还款，到期还款日当天24点前到账即可。",
      ["信用卡账单怎么还", "设置自动还款"]),
    T("可以只还最低还款额吗？", ["最低还款"], "可以，还最低还款额不影响征信，但未还部分自记账日起按日利率万分之五计息。",
      ["还不上全部账单怎么办", "只还一部分会上征信吗"]),
    T("账单可以分期吗？", ["账单分期"], "出账后到期还款日前可在App申请账单分期，可选3、6、12期，手续费按期数收取。",
      ["信用卡分期手续费多少", "这个月的账单能分几期"]),
    T("理财产品怎么赎回？", ["理财赎回"], "开放式理财产品在开放日可赎回，T+1个工作日到账；封闭期内不能赎回。",
      ["买的理财怎么取出来", "理财多久能到账"]),
    T("为什么买理财要做风险评估？", [], "监管要求投资者风险测评结果与产品风险等级匹配，测评有效期1年，过期请重新测评。",
      ["风险测评过期了", "为什么我买不了这个理财"]),
    T("定期存款利率是多少？", ["存款利率"], "一年期整存整取年利率1.45%，三年期1.95%，以存入当日网点公布的利率为准。",
      ["存一年定期利息多少", "三年定期利率"], "wrong", "一年期定期存款利率为3.25%，长期不变。"),
    T("大额存单起存金额是多少？", [], "个人大额存单20万元起存，可部分提前支取，支持转让。",
      ["大额存单多少钱起", "大额存单能提前取吗"]),
    T("车险怎么报案理赔？", ["车险理赔"], "出险后请立即拨打保险公司报案电话或在App“车险理赔”报案，小额案件可线上拍照定损，3个工作日内赔付。",
      ["撞车了怎么走保险", "车被刮了怎么报案"]),
    T("住院医疗险怎么报销？", ["医疗险理赔"], "出院后在App上传发票、费用清单和出院小结即可申请理赔，资料齐全的5个工作日内赔付。",
      ["住院花的钱保险能报吗", "医疗险理赔要什么材料"]),
    T("保险买了可以退吗？", ["退保"], "长期险签收后15天犹豫期内可全额退保；犹豫期后退保只退还保单现金价值。",
      ["不想要这份保险了", "退保能退多少钱"]),
    T("怎么查我买了哪些保险？", [], "在App“我的保单”中查看，也可通过行业保单查询平台统一查询。",
      ["我的保单在哪看", "查一下名下的保险"], "new"),
    T("车险快到期了怎么续保？", [], "到期前30天可在App一键续保，上年无出险可享受无赔款优待折扣。",
      ["车险续费", "明年保费能便宜吗"]),
    T("怎么查个人征信？", ["征信查询"], "可登录人民银行征信中心网站或在部分银行App查询，每年前2次查询免费。",
      ["想看看自己的信用报告", "征信在哪里打"]),
    T("开银行卡需要什么？", ["开户"], "本人持有效身份证到网点办理，部分情况需提供工作或居住证明；也可先在App预约。",
      ["办张储蓄卡要带什么", "外地人能开卡吗"]),
    T("银行卡怎么注销？", ["销户"], "本人持卡和身份证到开户网点办理销户，卡内余额可转出或支取现金。",
      ["不用的卡怎么销掉", "注销储蓄卡"]),
    T("信用卡能在国外用吗？", ["境外用卡"], "带有银联、Visa或万事达标识的信用卡可在境外使用，外币消费按入账日汇率自动购汇还款。",
      ["出国刷卡怎么还", "在日本能刷信用卡吗"]),
    T("密码输错被锁了怎么办？", [], "借记卡密码当日错误3次将被锁定，次日自动解锁；忘记密码请本人持身份证到网点重置。",
      ["密码忘了取不了钱", "卡被锁了"], "new"),
    T("怎么开通手机银行？", [], "下载App后用银行卡号、身份证和预留手机号即可自助开通。",
      ["手机银行怎么注册", "网银怎么开"]),
    T("医疗险有等待期吗？", [], "百万医疗险一般有30天等待期，等待期内因疾病产生的费用不予赔付，意外除外。",
      ["刚买的保险能马上用吗", "等待期多长"], "new"),
    T("信用卡有年费吗？", ["年费"], "普卡首年免年费，当年刷卡满6次免次年年费；金卡及以上年费以产品说明为准。",
      ["怎么免年费", "信用卡年费多少"]),
    T("接到自称客服要求转账的电话怎么办？", ["防诈骗"], "银行和保险公司不会要求您向“安全账户”转账，请立即挂断并拨打官方客服核实，必要时报警。",
      ["有人说我的卡被冻结让我转钱", "自称理赔员要我先交手续费"]),
    T("理财产品会亏本吗？", [], "理财产品不保本，净值会随市场波动；请关注产品风险等级和历史业绩，谨慎投资。",
      ["理财保本吗", "理财净值跌了"], "new"),
    T("保单可以贷款吗？", [], "具有现金价值的长期寿险可申请保单贷款，额度不超过现金价值的80%，期限最长6个月。",
      ["急用钱保单能借钱吗", "保单贷款利息多少"], "new"),
    T("怎么购买外汇？", ["购汇"], "每人每年购汇便利化额度为等值5万美元，可在手机银行“外汇”中办理。",
      ["换美元怎么换", "每年能换多少外币"]),
    T("转账对方没收到怎么办？", [], "跨行转账一般实时到账，节假日可能延迟；超过24小时未到账请提供交易流水号联系客服查询。",
      ["转的钱对方没到账", "跨行转账多久到"], "dup", ("转账不到账怎么处理？", "请联系客服。")),
    T("保费怎么交？", [], "可选择银行卡自动扣费，保单生效后按年或按月扣缴，缴费日前请确保卡内余额充足。",
      ["保险费怎么扣的", "保费交晚了有影响吗"]),
]


def build_kb(t, rng, topics, scenario, weak_new, weak_sims, max_queries=60):
    """
    Fills a kb task from topics: the starting KB (items), the approved answers for the new topics
    (params.answers), the held-back queries (gold), a perfect and a weak maintained KB.
    """
    entries, answers, queries, gold_kb, dups = [], [], [], [], []
    keys = []
    n_new = 0
    for tp in topics:
        if tp["flag"] == "new":
            n_new += 1
            key = "new%02d" % n_new
            answers.append({"key": key, "text": tp["a"]})
        else:
            key = "k%02d" % (len(entries) + 1)
            entries.append({"id": key, "question": tp["q"], "similar": list(tp["sim"]),
                            "answer": tp["alt"] if tp["flag"] == "wrong" else tp["a"]})
        keys.append(key)
    for tp, key in zip(topics, keys):
        if tp["flag"] == "dup":
            dq, da = tp["alt"]
            dkey = "k%02d" % (len(entries) + len(dups) + 1)
            dups.append(({"id": dkey, "question": dq, "similar": [], "answer": da}, key))
    # the duplicates go in at random places, as they would in a KB grown over time
    for e, _ in dups:
        entries.insert(rng.randrange(len(entries) + 1), e)
    dup_of = {key: e["id"] for e, key in dups}
    # held-back queries: every topic keeps at least two; the rest are trimmed to max_queries
    per = [list(tp["qs"]) for tp in topics]
    total = sum(len(p) for p in per)
    order = [i for i in range(len(topics)) if len(per[i]) > 2]
    rng.shuffle(order)
    while total > max_queries and order:
        i = order.pop()
        per[i].pop()
        total -= 1
    for tp, key, qs in zip(topics, keys, per):
        for q in qs:
            queries.append({"q": q, "expect": [key, dup_of[key]] if key in dup_of else key})
    rng.shuffle(queries)
    # the perfect KB: duplicates merged, wrong answers fixed, new topics added, every query as a similar question
    for tp, key, qs in zip(topics, keys, per):
        sim = list(tp["sim"])
        if key in dup_of:
            sim.append(tp["alt"][0])
        gold_kb.append({"id": key if tp["flag"] != "new" else "n" + key[3:], "question": tp["q"],
                        "similar": sim + [q for q in qs if q not in sim], "answer": tp["a"]})
    # the weak KB: the starting KB, some new topics added with their standard question only,
    # a few similar questions of the candidate's own, wrong answers left as they were
    weak = [dict(e, similar=list(e["similar"])) for e in entries]
    k = 0
    for tp, key in zip(topics, keys):
        if tp["flag"] == "new":
            k += 1
            if k <= weak_new:
                weak.append({"id": "n%02d" % k, "question": tp["q"], "similar": [], "answer": tp["a"]})
    by_id = {e["id"]: e for e in weak}
    for tp, key, qs in zip(topics, keys, per):
        if key in by_id and rng.random() < weak_sims:
            by_id[key]["similar"].append(qs[0])
    t.items = entries
    t.params = {"scenario": scenario, "answers": answers}
    t.gold = {"queries": queries}
    t.sub_gold = {"kb": gold_kb}
    t.sub_weak = {"kb": weak}
    return len(entries), len(answers), len(queries)


KB_RULES_ZH = ("维护要求：（1）为每条标准问题补充用户常见的说法作为相似问法；（2）合并重复的条目（保留一条，把另一条的问法并入相似问法）；"
               "（3）按业务规则改正错误的答案；（4）为“待上线答案”中的每个答案新建条目，答案文字照抄，并写出标准问题和相似问法。"
               "可以随时用“试一试”向机器人提问。评分：提交后，机器人（字符一元和二元 BM25 检索）用系统保留的真实用户问题测试你的知识库，"
               "按首条答案命中率（top1_accuracy）计分。")
KB_RULES_EN = ("What to do: (1) add the ways users really ask as similar questions of each standard question; (2) merge "
               "duplicate entries (keep one, move the other's wording into its similar questions); (3) correct answers that "
               "contradict the business rules; (4) create an entry for every answer under “answers to go live”, copying the "
               "answer text and writing its standard and similar questions. You can try the bot at any time. Scoring: after you "
               "submit, the bot (BM25 over character unigrams and bigrams) answers held-back real user questions with your "
               "knowledge base; the score follows the share whose first answer is right (top1_accuracy). ")


@task("L5-F3-kb-shop")
def t_kb_shop(rng, nrng):
    t = Task("L5-F3-kb-shop", "kb", 5, 3, "3.2", 30)
    scenario = ("网店智能客服知识库日常维护。业务规则：签收后7天内支持无理由退货（不影响二次销售）；质量问题运费由店铺承担；"
                "每个订单限用一张店铺券；人工客服每天9:00–22:00在线。")
    ne, na, nq = build_kb(t, rng, KB_SHOP, scenario, weak_new=1, weak_sims=0.25)
    t.title = bi("网店客服知识库维护", "Maintain an online shop's FAQ knowledge base")
    t.instructions = bi(
        "你负责网店智能客服的知识库日常维护。知识库现有 %d 条问答，其中有重复条目、与业务规则不符的答案，"
        "而且问法单一，用户换个说法机器人就答不上。业务规则见任务说明中的场景。" % ne + KB_RULES_ZH +
        "命中率不高于 0.55 为 0 分，不低于 0.90 为满分，其间按线性折算。",
        "You maintain the FAQ knowledge base of an online shop's chatbot. It holds %d entries, with duplicates, answers that "
        "contradict the business rules (see the scenario), and a single wording per question, so the bot misses questions "
        "asked differently. " % ne + KB_RULES_EN + "A top-1 accuracy of 0.55 or less scores 0, 0.90 or more scores 100, "
        "linear in between.")
    t.scoring = {"metric": "top1_accuracy", "zero_at": 0.55, "full_at": 0.9}
    t.summary = "Maintain a shop FAQ: similar questions, duplicates, a wrong answer, new entries"
    t.count = "%d entries + %d new answers, %d held-back queries" % (ne, na, nq)
    return t


@task("L4-F3-kb-appliance")
def t_kb_appliance(rng, nrng):
    t = Task("L4-F3-kb-appliance", "kb", 4, 3, "3.1", 35)
    scenario = ("家电品牌售后智能客服。业务规则：空调、冰箱、洗衣机整机保修3年（压缩机、电机10年），电视整机1年、屏幕3年；"
                "凭发票或电子订单保修，无凭证按出厂日期顺延3个月；有电梯免费送货上楼，无电梯7楼以下免费、7楼及以上每层10元。")
    ne, na, nq = build_kb(t, rng, KB_APPLIANCE, scenario, weak_new=3, weak_sims=0.4)
    t.title = bi("家电售后知识库整理与维护", "Organise and maintain an appliance after-sales FAQ")
    t.instructions = bi(
        "你负责家电品牌售后机器人的知识整理。现有知识库 %d 条，存在重复条目、与最新售后政策不符的答案，问法覆盖不足；"
        "另有 %d 条新政策答案待上线。" % (ne, na) + KB_RULES_ZH + "命中率不高于 0.50 为 0 分，不低于 0.90 为满分，其间按线性折算。",
        "You organise the knowledge of an appliance brand's after-sales bot. The knowledge base holds %d entries, with "
        "duplicates, answers that contradict the current after-sales policy, and too few wordings; %d answers for new "
        "policies are to go live. " % (ne, na) + KB_RULES_EN + "A top-1 accuracy of 0.50 or less scores 0, 0.90 or more "
        "scores 100, linear in between.")
    t.scoring = {"metric": "top1_accuracy", "zero_at": 0.5, "full_at": 0.9}
    t.summary = "Organise an appliance after-sales FAQ: policy fixes, merges, new entries, wordings"
    t.count = "%d entries + %d new answers, %d held-back queries" % (ne, na, nq)
    return t


@task("L3-F3-kb-hospital")
def t_kb_hospital(rng, nrng):
    t = Task("L3-F3-kb-hospital", "kb", 3, 3, "3.2", 40)
    scenario = ("医院智能导诊机器人的人机交互流程设计：患者从“挂号—就诊—检查—缴费取药—住院—出院”的每个环节都可能提问。"
                "现有知识库只覆盖了挂号和门诊的部分环节；医务处已审定了其余环节的答案（见“待上线答案”）。")
    ne, na, nq = build_kb(t, rng, KB_HOSPITAL, scenario, weak_new=6, weak_sims=0.4)
    t.title = bi("医院智能导诊问答流程设计", "Design the FAQ flow of a hospital guide bot")
    t.instructions = bi(
        "请为医院智能导诊机器人设计完整的就医流程问答。现有知识库 %d 条，只覆盖部分环节；%d 条已审定的答案需要你设计标准问题和相似问法，"
        "让患者在各个环节用自己的话提问都能得到正确答复。设计要点：标准问题简洁、一条一意；相似问法覆盖口语、症状描述和地点询问等说法；"
        "不同环节的问法不要互相混淆。" % (ne, na) + KB_RULES_ZH + "命中率不高于 0.30 为 0 分，不低于 0.90 为满分，其间按线性折算。",
        "Design the complete care-journey FAQ of a hospital guide bot. The knowledge base holds %d entries covering only part "
        "of the journey; for %d approved answers you design the standard and similar questions, so that patients asking "
        "in their own words at any step get the right answer. Design points: one short standard question per intent; similar "
        "questions that cover colloquial wording, symptom descriptions and where-is questions; wordings of different steps "
        "that do not collide. " % (ne, na) + KB_RULES_EN + "A top-1 accuracy of 0.30 or less scores 0, 0.90 or more scores "
        "100, linear in between.")
    t.scoring = {"metric": "top1_accuracy", "zero_at": 0.3, "full_at": 0.9}
    t.summary = "Design a hospital guide bot's FAQ over the care journey (many new intents)"
    t.count = "%d entries + %d new answers, %d held-back queries" % (ne, na, nq)
    return t


@task("L2-F3-kb-gov")
def t_kb_gov(rng, nrng):
    t = Task("L2-F3-kb-gov", "kb", 2, 3, "3.1", 40)
    scenario = ("市政务服务“一网通办”智能客服，覆盖社保、公积金、户籍、出入境、不动产、市场主体登记等多个业务系统。"
                "业务规则：政务大厅周一至周五9:00–17:00办公，周六上午9:00–12:00提供部分事项延时服务，法定节假日休息。")
    ne, na, nq = build_kb(t, rng, KB_GOV, scenario, weak_new=2, weak_sims=0.4)
    t.title = bi("政务服务智能客服知识库方案", "Knowledge base of a multi-service government bot")
    t.instructions = bi(
        "请为覆盖多个业务系统的政务服务智能客服整理端到端的知识库。现有 %d 条问答来自不同部门，存在重复、过时答案和术语不统一的问题；"
        "%d 条新答案待上线。注意不同业务中相近说法的区分（如“社保转移”与“公积金转移”、“补办身份证”与“补办社保卡”）。" % (ne, na)
        + KB_RULES_ZH + "命中率不高于 0.55 为 0 分，不低于 0.90 为满分，其间按线性折算。",
        "Build the end-to-end knowledge base of a government-services bot that spans several departments' systems. The %d "
        "entries come from different departments, with duplicates, outdated answers and inconsistent terms; %d new answers "
        "are to go live. Keep similar wordings of different services apart (e.g. moving a pension account versus a housing-"
        "fund account; replacing an ID card versus a social-security card). " % (ne, na) + KB_RULES_EN + "A top-1 accuracy "
        "of 0.55 or less scores 0, 0.90 or more scores 100, linear in between.")
    t.scoring = {"metric": "top1_accuracy", "zero_at": 0.55, "full_at": 0.9}
    t.summary = "Build a government multi-service bot's knowledge base across departments"
    t.count = "%d entries + %d new answers, %d held-back queries" % (ne, na, nq)
    return t


@task("L1-F3-kb-finance")
def t_kb_finance(rng, nrng):
    t = Task("L1-F3-kb-finance", "kb", 1, 3, "3.1", 40)
    scenario = ("银行与保险跨领域的综合金融智能客服：借记卡、信用卡、理财、存款、外汇和车险、医疗险、寿险共用一个机器人。"
                "业务规则：一年期定期存款利率1.45%，三年期1.95%，以存入当日公布为准。")
    ne, na, nq = build_kb(t, rng, KB_BANK, scenario, weak_new=2, weak_sims=0.4)
    t.title = bi("银行保险跨领域智能客服知识库", "Cross-domain bank and insurance bot knowledge base")
    t.instructions = bi(
        "银行和保险两个领域合并为一个综合金融智能客服。现有知识库 %d 条，%d 条新答案待上线。跨领域的难点是同一个词在不同业务中的含义不同："
        "“挂失”（借记卡/信用卡）、“额度”（转账限额/信用额度/贷款额度）、“理赔”与“还款”、“退保”与“赎回”。"
        "请设计能区分这些业务的标准问题和相似问法，并修正错误答案、合并重复条目。" % (ne, na) + KB_RULES_ZH
        + "命中率不高于 0.50 为 0 分，不低于 0.90 为满分，其间按线性折算。",
        "A bank and an insurer now share one financial-services bot. The knowledge base holds %d entries and %d new answers "
        "are to go live. The cross-domain difficulty is that one word means different things in different lines: "
        "挂失 (reporting a lost debit or credit card), 额度 (transfer limit, credit limit, loan amount), claims versus "
        "repayments, surrender versus redemption. Design standard and similar questions that keep these apart, correct the "
        "wrong answer and merge duplicates. " % (ne, na) + KB_RULES_EN + "A top-1 accuracy of 0.50 or less scores 0, 0.90 or "
        "more scores 100, linear in between.")
    t.scoring = {"metric": "top1_accuracy", "zero_at": 0.5, "full_at": 0.9}
    t.summary = "Cross-domain bank + insurance FAQ: ambiguous terms, merges, new entries"
    t.count = "%d entries + %d new answers, %d held-back queries" % (ne, na, nq)
    return t


# ---------------------------------------------------------------------------
# Tables: collected business tables with injected errors and their clean gold (table)
# ---------------------------------------------------------------------------

def date_iso(y, m, d):
    return "%04d-%02d-%02d" % (y, m, d)


def rand_date(rng, y0=2024, y1=2024, m0=1, m1=12):
    y = rng.randint(y0, y1)
    m = rng.randint(m0, m1)
    return y, m, rng.randint(1, 28)


def messy_date(rng, y, m, d, bad_share):
    """A date as people type it: mostly forms the grader normalises, some it does not (to be fixed)."""
    r = rng.random()
    if r < bad_share:
        return rng.choice(["%d年%d月%d号" % (y, m, d), "%04d-%02d-%02d %02d:%02d" % (y, m, d, rng.randint(8, 21), rng.randint(0, 59)),
                           "%d.%d.%d日" % (y, m, d), "%02d/%02d/%04d" % (d, m, y)])
    return rng.choice([date_iso(y, m, d), date_iso(y, m, d), "%d/%d/%d" % (y, m, d), "%d年%d月%d日" % (y, m, d),
                       "%04d%02d%02d" % (y, m, d)])


def table_task(t, columns, key, messy_cols, messy_rows, gold_rows, weak_rows, ignore_case=None):
    """Sets the items, params, gold and submissions of a table task."""
    t.params = {"key": key, "columns": columns}
    if ignore_case is not None:
        t.params["ignore_case"] = ignore_case
    t.items = [{"id": "table", "columns": messy_cols, "rows": messy_rows}]
    names = [c["name"] for c in columns]
    t.gold = {"columns": names, "rows": gold_rows}
    t.sub_gold = {"table": {"columns": names, "rows": [list(r) for r in gold_rows]}}
    t.sub_weak = {"table": {"columns": names, "rows": weak_rows}}


CITY_FULL = {c: c + "市" for c in CITIES}
PAY = {"微信": ["微信", "微信支付", "WeChat", "wx"], "支付宝": ["支付宝", "Alipay", "支付宝支付"], "银行卡": ["银行卡", "刷卡", "银联卡"]}
ORDER_ITEMS = [("保温杯", 59), ("蓝牙耳机", 199), ("空气炸锅", 329), ("床上四件套", 268), ("电动牙刷", 149), ("台灯", 89),
               ("儿童书包", 128), ("洗面奶", 45), ("运动鞋", 399), ("行李箱", 459)]


@task("L5-F1-table-orders")
def t_table_orders(rng, nrng):
    t = Task("L5-F1-table-orders", "table", 5, 1, "1.2", 30)
    cols = [{"name": "订单号", "type": "text"}, {"name": "下单日期", "type": "date"}, {"name": "客户", "type": "text"},
            {"name": "城市", "type": "category"}, {"name": "商品", "type": "category"}, {"name": "数量", "type": "number"},
            {"name": "单价", "type": "number"}, {"name": "金额", "type": "number"}, {"name": "支付方式", "type": "category"}]
    names = [c["name"] for c in cols]
    gold, messy, weak = [], [], []
    cities = CITIES[:10]
    for i in range(110):
        oid = "DD2024%04d" % (1001 + i)
        y, m, d = rand_date(rng, 2024, 2024, 3, 5)
        cust = person(rng)
        city = rng.choice(cities)
        prod, price = rng.choice(ORDER_ITEMS)
        qty = rng.choice([1, 1, 1, 2, 2, 3, 4, 5])
        pay = rng.choice(list(PAY))
        g = [oid, date_iso(y, m, d), cust, CITY_FULL[city], prod, qty, price, qty * price, pay]
        gold.append(g)
        # the collected (messy) row
        mdate = messy_date(rng, y, m, d, 0.12)
        mcust = rng.choice([cust, cust, cust, " " + cust, cust + "　"])
        mcity = rng.choice([city, CITY_FULL[city], CITY_FULL[city], city + " "])
        mqty = qty if rng.random() > 0.1 else "%d件" % qty
        mprice = price if rng.random() > 0.12 else rng.choice(["¥%d.00" % price, "%d元" % price])
        r = rng.random()
        mamt = (qty * price if r > 0.14 else None if r > 0.06 else price)  # missing, or the unit price typed
        if isinstance(mamt, int) and rng.random() < 0.15:
            mamt = "{:,}.00".format(mamt)
        mpay = rng.choice(PAY[pay])
        messy.append([oid, mdate, mcust, mcity, prod, mqty, mprice, mamt, mpay])
        # a weak cleaner: fixes cities and payment names, leaves amounts, units and odd dates as they were
        weak.append([oid, mdate, cust, CITY_FULL[city], prod, mqty, mprice, mamt, pay])
    extra = []
    for k in range(6):  # duplicates collected twice
        j = rng.randrange(len(messy))
        dup = list(messy[j])
        dup[2] = dup[2].strip() + " "
        extra.append(dup)
    for k in range(3):  # test orders
        y, m, d = rand_date(rng, 2024, 2024, 3, 5)
        extra.append(["TEST%03d" % (k + 1), date_iso(y, m, d), "测试", "杭州", "保温杯", 1, 0.01, 0.01, "微信"])
    for k in range(3):  # impossible quantities
        y, m, d = rand_date(rng, 2024, 2024, 3, 5)
        prod, price = rng.choice(ORDER_ITEMS)
        q = rng.choice([0, -1, 999])
        extra.append(["DD2024%04d" % (1200 + k), date_iso(y, m, d), person(rng), rng.choice(cities), prod, q, price,
                      q * price, rng.choice(list(PAY))])
    for k in range(2):  # rows without an order number
        row = list(messy[rng.randrange(len(messy))])
        row[0] = ""
        extra.append(row)
    for row in extra:
        messy.insert(rng.randrange(len(messy) + 1), row)
        if row[0].startswith(("TEST", "DD20241")):
            weak.append(list(row))
    t.title = bi("订单数据整理", "Tidy a collected orders table")
    t.instructions = bi(
        "运营同事从三个渠道导出了 3–5 月的订单，合并后有重复、缺失和格式不一的问题。请按以下规则整理，可在表格中直接编辑或上传整理后的 CSV："
        "（1）订单号相同的重复行只保留一行；没有订单号的行删除；（2）客户为“测试”的测试订单删除；数量小于 1 或大于 100 的异常订单删除；"
        "（3）下单日期统一为 YYYY-MM-DD；（4）城市写全称，如“杭州市”；（5）数量、单价、金额只保留数字（去掉“件”“元”“¥”和千分位）；"
        "（6）金额 = 数量 × 单价，缺失或不等的按此补全、改正；（7）支付方式统一为“微信”“支付宝”“银行卡”三种。"
        "评分：按订单号与标准表对齐后，按单元格准确率计分，0.80 及以下为 0 分，1.00 为满分，其间按线性折算；行的精确率和召回率同时给出。",
        "Colleagues exported March–May orders from three channels; the merged table has duplicates, gaps and mixed formats. "
        "Tidy it by these rules, editing the grid or uploading a cleaned CSV: (1) keep one row per order number; delete rows "
        "without one; (2) delete test orders (customer 测试) and orders whose quantity is below 1 or above 100; (3) dates as "
        "YYYY-MM-DD; (4) cities by full name, e.g. 杭州市; (5) quantity, unit price and amount as plain numbers (no 件, 元, ¥ "
        "or thousands separators); (6) amount = quantity × unit price: fill in or correct it; (7) payment as one of 微信, "
        "支付宝, 银行卡. Scoring: rows are matched on the order number; cell accuracy; 0.80 or less scores 0, 1.00 scores "
        "100, linear in between; row precision and recall are reported too.")
    table_task(t, cols, "订单号", names, messy, gold, weak)
    t.scoring = {"metric": "cell_accuracy", "zero_at": 0.8, "full_at": 1.0}
    t.summary = "Tidy a merged orders table: duplicates, test rows, dates, units, amounts, payment names"
    t.count = "%d rows → %d clean" % (len(messy), len(gold))
    return t


@task("L4-F1-table-members")
def t_table_members(rng, nrng):
    t = Task("L4-F1-table-members", "table", 4, 1, "1.1", 35)
    cols = [{"name": "会员号", "type": "text"}, {"name": "姓名", "type": "text"}, {"name": "性别", "type": "category"},
            {"name": "手机号", "type": "text"}, {"name": "出生日期", "type": "date"}, {"name": "注册日期", "type": "date"},
            {"name": "城市", "type": "category"}, {"name": "积分", "type": "number"}]
    names = [c["name"] for c in cols]
    gold, messy, weak = [], [], []
    used_phones = set()
    for i in range(120):
        mid = "M%05d" % (30001 + i * 7)
        name = person(rng)
        sex = rng.choice(["男", "女"])
        while True:
            phone = "1" + rng.choice("3578") + "".join(str(rng.randint(0, 9)) for _ in range(9))
            if phone not in used_phones:
                used_phones.add(phone)
                break
        by, bm, bd = rand_date(rng, 1960, 2004)
        ry, rm, rd = rand_date(rng, 2019, 2024)
        city = rng.choice(CITIES[:12])
        pts = rng.choice([0, 120, 350, 860, 1200, 2400, 5600])
        g = [mid, name, sex, phone, date_iso(by, bm, bd), date_iso(ry, rm, rd), CITY_FULL[city], pts]
        m = list(g)
        w = list(g)
        r = rng.random()
        if r < 0.12:
            m[3] = phone[:3] + " " + phone[3:7] + " " + phone[7:]
        elif r < 0.2:
            m[3] = "+86" + phone
        elif r < 0.26:
            m[3] = phone[:3] + "-" + phone[3:7] + "-" + phone[7:]
        elif r < 0.31:
            m[3] = phone[:10]  # a digit lost: not a valid number, to be left empty
            g[3] = None
            w[3] = phone[:10]
        if rng.random() < 0.2:
            m[2] = {"男": rng.choice(["M", "男性", "1"]), "女": rng.choice(["F", "女性", "0"])}[sex]
        if rng.random() < 0.25:
            m[6] = city
        if rng.random() < 0.05:  # born after registering: the birth date is unusable
            m[4] = date_iso(ry + 1, bm, bd)
            g[4] = None
            w[4] = m[4]
        if rng.random() < 0.05:
            m[7] = -pts if pts else -50
            g[7] = 0
            w[7] = m[7]
        m[4] = messy_date(rng, *map(int, m[4].split("-")), 0.1) if isinstance(m[4], str) and "-" in m[4] else m[4]
        if rng.random() < 0.06:
            m[1] = " " + m[1] + " "
        gold.append(g)
        messy.append(m)
        w[2] = sex
        w[6] = CITY_FULL[city]
        w[3] = m[3] if r < 0.2 else w[3]  # the weak cleaner misses some phone formats
        weak.append(w)
    extra = []
    for k in range(8):  # the same person registered twice under a new number: keep the earlier registration
        j = rng.randrange(len(gold))
        g = gold[j]
        dup = list(messy[j])
        dup[0] = "M%05d" % (40001 + k * 3)
        dup[5] = date_iso(int(g[5][:4]) + 1, 12, 15)
        extra.append(dup)
    for k in range(4):  # test accounts
        extra.append(["T%05d" % (k + 1), "测试账号%d" % (k + 1), "男", "13800000000", "2000-01-01", "2024-01-01", "杭州市", 0])
    for k in range(3):  # empty records
        extra.append(["M%05d" % (50001 + k), "", "", "", "", "2024-06-01", "", 0])
    for row in extra:
        messy.insert(rng.randrange(len(messy) + 1), row)
        if rng.random() < 0.5:
            weak.append(list(row))
    t.title = bi("会员数据质量检验", "Quality-check a member table")
    t.instructions = bi(
        "会员系统导出的数据要用于用户画像模型，请先做质量检验并整理。规则：（1）同一人（姓名和手机号都相同）重复注册的，只保留注册日期较早的一条；"
        "测试账号（姓名含“测试”）和姓名、手机号都为空的空记录删除；（2）手机号统一为 11 位数字（去掉空格、横线和 +86），不足 11 位的无法修复，清空；"
        "（3）性别统一为“男”“女”；（4）出生日期晚于注册日期的无效，清空；日期统一为 YYYY-MM-DD；（5）城市写全称；（6）积分为负数的是系统错误，改为 0。"
        "评分：本任务重在识别应删除的记录，按会员号对齐后的行 F1 计分，0.94 及以下为 0 分，1.00 为满分，其间按线性折算；单元格准确率同时给出。",
        "The member export will feed a user-profile model: check and tidy it first. Rules: (1) where one person (same name "
        "and phone) registered twice, keep only the earlier registration; delete test accounts (name contains 测试) and "
        "records with neither name nor phone; (2) phones as 11 digits (no spaces, dashes or +86); a number shorter than 11 "
        "digits cannot be repaired: leave it empty; (3) sex as 男 or 女; (4) a birth date after the registration date is "
        "invalid: leave it empty; dates as YYYY-MM-DD; (5) cities by full name; (6) negative points are a system error: set 0. "
        "Scoring: the point is finding the records to delete: row F1 on the member number; 0.94 or less scores 0, 1.00 "
        "scores 100, linear in between; cell accuracy is reported too.")
    table_task(t, cols, "会员号", names, messy, gold, weak)
    t.scoring = {"metric": "row_f1", "zero_at": 0.94, "full_at": 1.0}
    t.summary = "Quality-check a member table: duplicate people, test and empty records, phones, dates"
    t.count = "%d rows → %d clean" % (len(messy), len(gold))
    return t


CHANNELS = {"电话": ["电话", "热线", "400电话"], "在线": ["在线", "在线客服", "网页"], "App": ["App", "APP", "手机App"],
            "微信": ["微信", "公众号", "微信公众号"]}
SATIS = {5: "非常满意", 4: "满意", 3: "一般", 2: "不满意", 1: "非常不满意"}


@task("L3-F1-table-tickets")
def t_table_tickets(rng, nrng):
    t = Task("L3-F1-table-tickets", "table", 3, 1, "1.1", 35)
    cols = [{"name": "工单号", "type": "text"}, {"name": "创建日期", "type": "date"}, {"name": "渠道", "type": "category"},
            {"name": "问题类型", "type": "category"}, {"name": "处理时长", "type": "number"},
            {"name": "满意度", "type": "number"}, {"name": "是否解决", "type": "category"}]
    names = [c["name"] for c in cols]
    kinds = ["物流", "退款", "商品质量", "账号", "发票", "其他"]
    gold, messy, weak = [], [], []
    for i in range(150):
        tid = "GD%06d" % (880100 + i * 3)
        y, m, d = rand_date(rng, 2024, 2024, 6, 8)
        ch = rng.choice(list(CHANNELS))
        kind = rng.choice(kinds)
        mins = rng.choice([5, 8, 12, 15, 20, 30, 45, 60, 75, 90, 120])
        sat = rng.choice([1, 2, 3, 4, 4, 5, 5, 5, None])
        solved = rng.choice(["是", "是", "是", "否"])
        g = [tid, date_iso(y, m, d), ch, kind, mins, sat, solved]
        mm = list(g)
        mm[1] = messy_date(rng, y, m, d, 0.15)
        mm[2] = rng.choice(CHANNELS[ch])
        r = rng.random()
        if r < 0.2 and mins >= 60:
            h, rest = divmod(mins, 60)
            mm[4] = "%d小时%d分" % (h, rest) if rest else "%d小时" % h
        elif r < 0.35:
            mm[4] = "%d分钟" % mins
        elif r < 0.42 and mins % 30 == 0:
            mm[4] = "%g小时" % (mins / 60)
        r = rng.random()
        if sat is not None and r < 0.2:
            mm[5] = SATIS[sat]
        elif sat is not None and r < 0.28:
            mm[5] = "%d星" % sat
        elif r < 0.33:
            mm[5] = rng.choice([0, 6, 10])  # outside 1–5: invalid, to be left empty
            g[5] = None
        mm[6] = rng.choice({"是": ["是", "已解决", "Y"], "否": ["否", "未解决", "N"]}[solved])
        gold.append(g)
        messy.append(mm)
        w = list(g)
        w[1] = mm[1]
        w[4] = mm[4] if isinstance(mm[4], str) and "小时" in mm[4] else mins  # hours not converted
        w[5] = mm[5] if isinstance(mm[5], int) else sat
        weak.append(w)
    for k in range(8):
        j = rng.randrange(len(messy))
        messy.insert(rng.randrange(len(messy) + 1), list(messy[j]))
    t.title = bi("客服工单数据处理", "Process service tickets by the data rules")
    t.instructions = bi(
        "为了分析客服模块的效果，需要按数据处理流程把三个渠道的工单合并成统一的表。请按规则处理：（1）工单号相同的重复行只保留一行；"
        "（2）渠道统一为“电话”“在线”“App”“微信”（热线、400电话算电话；在线客服、网页算在线；公众号算微信）；"
        "（3）处理时长统一为分钟数（如“1小时20分”为 80）；（4）满意度统一为 1–5 的数字（非常满意 5、满意 4、一般 3、不满意 2、非常不满意 1，“4星”为 4），"
        "超出 1–5 的无效，清空；（5）是否解决统一为“是”“否”；（6）日期统一为 YYYY-MM-DD。"
        "评分：按工单号对齐后的单元格准确率计分，0.70 及以下为 0 分，1.00 为满分，其间按线性折算。",
        "To analyse the service module, tickets from three channels must be merged into one table by the processing rules: "
        "(1) keep one row per ticket number; (2) channel as 电话, 在线, App or 微信 (热线 and 400电话 are 电话; 在线客服 and 网页 "
        "are 在线; 公众号 is 微信); (3) handling time in minutes (1小时20分 is 80); (4) satisfaction as a number 1–5 "
        "(非常满意 5, 满意 4, 一般 3, 不满意 2, 非常不满意 1; 4星 is 4); values outside 1–5 are invalid: leave empty; (5) solved as "
        "是 or 否; (6) dates as YYYY-MM-DD. Scoring: rows matched on the ticket number; cell accuracy; 0.70 or less scores 0, "
        "1.00 scores 100, linear in between.")
    table_task(t, cols, "工单号", names, messy, gold, weak)
    t.scoring = {"metric": "cell_accuracy", "zero_at": 0.7, "full_at": 1.0}
    t.summary = "Apply processing rules to merged service tickets: channels, durations, ratings"
    t.count = "%d rows → %d clean" % (len(messy), len(gold))
    return t


REGIONS = {"华东": ["华东", "华东区", "East"], "华南": ["华南", "华南区", "South"], "华北": ["华北", "华北区", "North"],
           "西南": ["西南", "西南区", "Southwest"]}
STORE_CITIES = {"华东": ["SH", "HZ", "NJ", "SZ"], "华南": ["GZ", "SZ", "XM"], "华北": ["BJ", "TJ", "QD"], "西南": ["CD", "CQ", "KM"]}


@task("L2-F1-table-stores")
def t_table_stores(rng, nrng):
    t = Task("L2-F1-table-stores", "table", 2, 1, "1.1", 40)
    cols = [{"name": "门店编码", "type": "text", "ignore_case": False}, {"name": "门店名称", "type": "text"},
            {"name": "区域", "type": "category"}, {"name": "开业日期", "type": "date"}, {"name": "面积", "type": "number"},
            {"name": "月销售额", "type": "number"}, {"name": "客流量", "type": "number"}, {"name": "成交笔数", "type": "number"},
            {"name": "转化率", "type": "number"}]
    names = [c["name"] for c in cols]
    mcols = names + ["来源"]
    gold, messy, weak = [], [], []
    used = set()
    for i in range(90):
        reg = rng.choice(list(REGIONS))
        while True:
            code = rng.choice(STORE_CITIES[reg]) + "%03d" % rng.randint(1, 60)
            if code not in used:
                used.add(code)
                break
        sname = rng.choice(["万象城", "天街", "印象城", "大悦城", "步行街", "高铁站", "机场", "大学城"]) + "店"
        y, m, d = rand_date(rng, 2016, 2023)
        area = rng.choice([80, 120, 150, 200, 260, 320])
        visits = rng.randint(3000, 26000)
        orders = int(visits * rng.uniform(0.08, 0.3))
        sales = orders * rng.randint(60, 180)
        conv = round(orders / visits, 4)
        g = [code, sname, reg, date_iso(y, m, d), area, sales, visits, orders, conv]
        erp = list(g) + ["ERP"]
        r = rng.random()
        if r < 0.25:
            erp[5] = "%g万" % round(sales / 10000, 4)
        if rng.random() < 0.3:
            erp[8] = "%.2f%%" % (conv * 100) if rng.random() < 0.6 else None
            if erp[8] and abs(float(erp[8][:-1]) / 100 - conv) > 1e-9:
                g[8] = round(float(erp[8][:-1]) / 100, 4)  # the gold keeps the ERP's figure
                conv = g[8]
        erp[2] = rng.choice(REGIONS[reg])
        erp[3] = messy_date(rng, y, m, d, 0.1)
        messy.append(erp)
        w = list(g)
        w[5] = erp[5]  # the weak answer leaves 万 unconverted
        w[8] = erp[8] if erp[8] is None else g[8]
        weak.append(w)
        if rng.random() < 0.35:  # the POS system's copy of the same store: older figures, another code form
            pos = list(erp)
            pos[0] = code.lower() if rng.random() < 0.5 else code[:2] + "-" + code[2:]
            pos[5] = int(sales * rng.uniform(0.8, 0.95))
            pos[8] = round(orders / visits, 4)
            pos[9] = "POS"
            messy.append(pos)
            if rng.random() < 0.5:
                weak.append(pos[:9])
        gold.append(g)
    rng.shuffle(messy)
    t.title = bi("门店经营数据整合", "Merge store data from two systems")
    t.instructions = bi(
        "为构建门店经营分析框架，需要把 ERP 和收银（POS）两个系统的门店月度数据整合成一张表（最后一列“来源”标明系统，整理后可删去）。规则："
        "（1）门店编码统一为两位大写字母加三位数字，如“SH012”；同一门店两个系统都有记录时，只保留 ERP 的记录；"
        "（2）区域统一为“华东”“华南”“华北”“西南”；（3）月销售额统一为元（“12.5万”即 125000）；"
        "（4）转化率 = 成交笔数 ÷ 客流量，用小数表示并保留四位（“12.50%”即 0.125）；ERP 已有的转化率保留原值，缺失的按公式补全；（5）日期统一为 YYYY-MM-DD。"
        "评分：按门店编码对齐后的单元格准确率计分，0.85 及以下为 0 分，1.00 为满分，其间按线性折算；行精确率反映是否删去了重复门店。",
        "To build a store-performance framework, merge the monthly store data of the ERP and the till (POS) systems into "
        "one table (the last column, 来源, names the system and may be dropped). Rules: (1) store codes as two capital "
        "letters and three digits, e.g. SH012; where both systems hold a store, keep only the ERP record; (2) regions as 华东, "
        "华南, 华北, 西南; (3) monthly sales in yuan (12.5万 is 125000); (4) conversion = orders ÷ visits as a decimal with "
        "four places (12.50% is 0.125); keep the ERP's value where it has one, fill in missing ones by the formula; (5) dates "
        "as YYYY-MM-DD. Scoring: rows matched on the store code; cell accuracy; 0.85 or less scores 0, 1.00 scores 100, "
        "linear in between; row precision shows whether duplicate stores were removed.")
    table_task(t, cols, "门店编码", mcols, messy, gold, weak)
    t.params["number_tolerance"] = 0.001
    t.scoring = {"metric": "cell_accuracy", "zero_at": 0.85, "full_at": 1.0}
    t.summary = "Merge ERP and POS store data: codes, regions, 万 units, conversion rates"
    t.count = "%d rows → %d clean" % (len(messy), len(gold))
    return t


# ---------------------------------------------------------------------------
# Review tasks: annotations by juniors, judged against the guidelines (label)
# ---------------------------------------------------------------------------

@task("L4-F2-label-review")
def t_label_review(rng, nrng):
    t = Task("L4-F2-label-review", "label", 4, 2, "2.2", 25)
    labels = ["正确", "错误"]
    intents = list(INTENTS)
    pairs = {"投诉": "物流查询", "退货退款": "物流查询", "修改地址": "物流查询", "优惠活动": "商品咨询", "发票": "退货退款",
             "账号问题": "投诉", "商品咨询": "优惠活动", "物流查询": "投诉"}
    seen = set()
    t.sub_weak = {}
    for i in range(70):
        lab = intents[i % len(intents)]
        while True:
            s = message(rng, lab, noise=0.1)
            if s not in seen:
                seen.add(s)
                break
        wrong = rng.random() < 0.3
        given = (pairs[lab] if rng.random() < 0.7 else rng.choice([x for x in intents if x != lab])) if wrong else lab
        iid = "v%02d" % (i + 1)
        t.items.append({"id": iid, "text": "用户消息：%s\n初标意图：%s" % (s, given)})
        t.gold[iid] = "错误" if wrong else "正确"
        # a hurried reviewer passes most items and catches only the obvious errors
        if wrong:
            t.sub_weak[iid] = "错误" if rng.random() < 0.55 else "正确"
        else:
            t.sub_weak[iid] = "正确" if rng.random() < 0.93 else "错误"
    order = list(range(len(t.items)))
    rng.shuffle(order)
    t.items = [t.items[k] for k in order]
    t.params = {"labels": labels}
    t.title = bi("意图标注质检", "Review intent annotations")
    t.instructions = bi(
        "初级标注员给 70 条客服消息标了意图（意图定义：物流查询、退货退款、修改地址、发票、商品咨询、投诉、优惠活动、账号问题；"
        "明确投诉、要求追责的归“投诉”；询问退款进度的归“退货退款”）。请逐条审核：初标意图符合定义的选“正确”，否则选“错误”。"
        "数字键 1 为正确、2 为错误。评分：按宏平均 F1 计分（漏判错误和误判正确同样扣分），0.50 及以下为 0 分，0.95 及以上为满分，其间按线性折算。",
        "A junior annotator gave intents to 70 customer messages (intents: 物流查询 delivery status, 退货退款 returns and "
        "refunds, 修改地址 change of address, 发票 invoices, 商品咨询 product questions, 投诉 complaints, 优惠活动 promotions, "
        "账号问题 account problems; a clear complaint or demand for accountability is 投诉; asking about a refund's progress "
        "is 退货退款). Review each: 正确 (correct) when the intent fits the definitions, else 错误 (wrong). Key 1 is 正确, "
        "2 is 错误. Scoring: macro-F1 (missing an error costs as much as flagging a correct label); 0.50 or less scores 0, "
        "0.95 or more scores 100, linear in between.")
    t.scoring = {"metric": "macro_f1", "zero_at": 0.5, "full_at": 0.95}
    t.sub_gold = dict(t.gold)
    n_wrong = sum(1 for v in t.gold.values() if v == "错误")
    t.summary = "Review a junior's intent labels: correct or wrong"
    t.count = "70 texts (%d wrong labels)" % n_wrong
    return t


@task("L3-F4-label-review")
def t_label_review_ner(rng, nrng):
    t = Task("L3-F4-label-review", "label", 3, 4, "4.2", 25)
    labels = ["正确", "边界错误", "类型错误", "不是实体"]
    kinds = ["正确"] * 20 + ["边界错误"] * 12 + ["类型错误"] * 10 + ["不是实体"] * 8
    rng.shuffle(kinds)
    t.sub_weak = {}
    order = list(range(len(NER_TEMPLATES)))
    for i, kind in enumerate(kinds):
        text, spans = assemble(NER_TEMPLATES[order[i % len(order)]](rng))
        if i % len(order) == len(order) - 1:
            rng.shuffle(order)
        sp = rng.choice(spans)
        seg, lab = text[sp["start"]:sp["end"]], sp["label"]
        if kind == "边界错误":
            if lab == "日期" and sp["end"] < len(text) and text[sp["end"]] in "上下晚起前":
                seg = text[sp["start"]:sp["end"] + 2]
            elif lab == "机构名" and "市" in seg[:4]:
                seg = seg[:seg.index("市") + 1] if rng.random() < 0.5 else seg[seg.index("市") + 1:]
            elif lab == "地名" and len(seg) > 3:
                seg = seg[:len(seg) - 2]
            elif lab == "人名":
                seg = text[max(0, sp["start"] - 2):sp["end"]]
            else:
                seg = seg[1:]
        elif kind == "类型错误":
            lab = {"人名": "机构名", "地名": "机构名", "机构名": "地名", "日期": "人名"}[lab]
        elif kind == "不是实体":
            cands = [w for w in ("宽带", "冰箱", "燃气表", "医保卡", "路灯", "快递员", "营业厅", "工单", "维修服务", "信号")
                     if w in text]
            seg = rng.choice(cands) if cands else "客户"
            lab = rng.choice(["机构名", "地名"])
        iid = "e%02d" % (i + 1)
        t.items.append({"id": iid, "text": "原文：%s\n标注：“%s” → %s" % (text, seg, lab)})
        t.gold[iid] = kind
        # the weak reviewer sees boundary errors as correct half the time and mixes up the two error types
        if kind == "边界错误" and rng.random() < 0.5:
            t.sub_weak[iid] = "正确"
        elif kind in ("类型错误", "不是实体") and rng.random() < 0.3:
            t.sub_weak[iid] = "不是实体" if kind == "类型错误" else "类型错误"
        else:
            t.sub_weak[iid] = kind
    t.params = {"labels": labels}
    t.title = bi("指导初级标注员：实体标注问题诊断", "Coach junior annotators: diagnose entity annotations")
    t.instructions = bi(
        "你在指导五级标注员做工单命名实体标注（规范：人名、地名、机构名、日期；地名连续部分整体标注；机构名标全称，内部地名不单独标；"
        "日期只标年月日，不含“上午、下午、前、起”；人名不含称呼）。下面 50 条是初级标注员的标注，每条给出原文和一处标注。"
        "请诊断每处标注：正确；边界错误（类型对，但多标或少标了字）；类型错误（范围对，类型标错）；不是实体（标了不该标的词）。"
        "诊断结果将用于给学员反馈。评分：按宏平均 F1 计分，0.40 及以下为 0 分，0.90 及以上为满分，其间按线性折算。",
        "You coach level-5 annotators who tag entities in work orders (rules: 人名 person, 地名 place, 机构名 organisation, "
        "日期 date; adjacent place parts form one span; organisations by full name without tagging a place inside; dates "
        "only year-month-day, without 上午, 下午, 前, 起; names without titles). Each of the 50 items shows a text and one "
        "junior's annotation. Diagnose it: 正确 (correct); 边界错误 (boundary error: right type, too many or too few "
        "characters); 类型错误 (type error: right span, wrong type); 不是实体 (not an entity). The diagnoses become feedback "
        "for the trainees. Scoring: macro-F1; 0.40 or less scores 0, 0.90 or more scores 100, linear in between.")
    t.scoring = {"metric": "macro_f1", "zero_at": 0.4, "full_at": 0.9}
    t.sub_gold = dict(t.gold)
    t.summary = "Diagnose juniors' entity annotations (correct / boundary / type / not an entity)"
    t.count = "50 texts"
    return t


def review_sentiment(rng):
    """A review and its sentiment by the guideline: 正面 only positive, 负面 only negative, 中性 both or none."""
    dom = rng.choice(list(ASPECTS))
    k = rng.randint(1, 3)
    asp = rng.sample(list(ASPECTS[dom]), k)
    want = rng.choice(["正面", "负面", "中性", "中性"])
    parts, pols = [rng.choice(OPENERS[dom])], []
    for i, a in enumerate(asp):
        pos, neg = ASPECTS[dom][a]
        if want == "正面":
            good = True
        elif want == "负面":
            good = False
        else:
            good = i % 2 == 0 if k > 1 else None
        if good is None:
            parts.append(a + rng.choice(["还没怎么用，不好评价", "中规中矩", "和图片差不多"]))
            pols.append(None)
            continue
        op = rng.choice(pos if good else neg)
        deg = "" if op in NO_DEGREE else rng.choice(DEGREES if good else NEG_DEGREES)
        if i > 0:
            parts.append("，" if good == pols[-1] else rng.choice(["，不过", "，但是"]))
        parts.append(a + deg + op)
        pols.append(good)
    text = "".join(parts) + "。"
    if all(p is True for p in pols):
        lab = "正面"
    elif all(p is False for p in pols):
        lab = "负面"
    else:
        lab = "中性"
    return text, lab


@task("L2-F2-label-gold")
def t_label_gold(rng, nrng):
    t = Task("L2-F2-label-gold", "label", 2, 2, "2.1", 30)
    labels = ["正面", "负面", "中性"]
    seen = set()
    t.sub_weak = {}
    for i in range(60):
        while True:
            text, lab = review_sentiment(rng)
            if text not in seen:
                seen.add(text)
                break
        # three annotators: usually right, but mixed reviews pull them towards the first or the last judgement
        votes = []
        for a in range(3):
            if lab == "中性" and rng.random() < 0.45:
                votes.append(rng.choice(["正面", "负面"]))
            elif rng.random() < 0.12:
                votes.append(rng.choice([l for l in labels if l != lab]))
            else:
                votes.append(lab)
        iid = "g%02d" % (i + 1)
        t.items.append({"id": iid, "text": "评价：%s\n三位标注员：甲=%s；乙=%s；丙=%s" % (text, *votes)})
        t.gold[iid] = lab
        majority = max(labels, key=lambda l: (votes.count(l), -labels.index(l)))
        t.sub_weak[iid] = majority  # the weak adjudicator takes the majority vote
    t.params = {"labels": labels}
    t.title = bi("构建黄金测试集：标注分歧裁决", "Build a gold test set: adjudicate disagreements")
    t.instructions = bi(
        "为了给情感分析模型构建上线验收用的“黄金”测试集，60 条商品评价各由三位标注员独立标注，结果有分歧。请按标注规范给出最终标签，"
        "不要简单按多数票：正面 = 评价中只有正面评价；负面 = 只有负面评价；中性 = 既有正面又有负面评价，或没有明确的褒贬。"
        "评分：按宏平均 F1 计分，0.50 及以下为 0 分，0.95 及以上为满分，其间按线性折算。",
        "To build the gold test set that gates a sentiment model's release, three annotators labelled 60 product reviews "
        "independently and disagree. Give the final label by the guideline, not by majority vote: 正面 (positive) = only "
        "positive judgements; 负面 (negative) = only negative ones; 中性 (neutral) = both positive and negative "
        "judgements, or no clear judgement. Scoring: macro-F1; 0.50 or less scores 0, 0.95 or more scores 100, linear in "
        "between.")
    t.scoring = {"metric": "macro_f1", "zero_at": 0.5, "full_at": 0.95}
    t.sub_gold = dict(t.gold)
    t.summary = "Adjudicate three annotators' sentiment labels by the guideline (gold test set)"
    t.count = "60 texts"
    return t


PII_FORMS = [lambda r: "我手机号是1%d%09d" % (r.choice([3, 5, 8]), r.randint(0, 999999999)),
             lambda r: "身份证号%d%05d19%02d%02d%02d%04d" % (r.randint(1, 6), r.randint(10000, 99999), r.randint(60, 99),
                                                         r.randint(1, 12), r.randint(1, 28), r.randint(1000, 9999)),
             lambda r: "收货地址%s市%s%s%d号%d室" % (*city_district(r), r.choice(ROADS), r.randint(1, 300), r.randint(101, 2404)),
             lambda r: "银行卡号6222%012d" % r.randint(0, 10 ** 12 - 1)]
JUNK = ["。。。。", "？？？", "1111111", "[图片]", "哈哈哈哈哈", "asdfgh", "嗯", "[语音消息]"]


@task("L1-F2-label-standard")
def t_label_standard(rng, nrng):
    t = Task("L1-F2-label-standard", "label", 1, 2, "2.1", 30)
    labels = ["合格", "标签错误", "含个人信息", "无效文本"]
    intents = list(INTENTS)
    pairs = {"投诉": "物流查询", "退货退款": "物流查询", "修改地址": "物流查询", "优惠活动": "商品咨询", "发票": "退货退款",
             "账号问题": "投诉", "商品咨询": "优惠活动", "物流查询": "投诉"}
    kinds = ["合格"] * 26 + ["标签错误"] * 14 + ["含个人信息"] * 12 + ["无效文本"] * 8
    rng.shuffle(kinds)
    t.sub_weak = {}
    for i, kind in enumerate(kinds):
        lab = rng.choice(intents)
        text = message(rng, lab, noise=0.05)
        given = lab
        if kind == "标签错误":
            given = pairs[lab]
        elif kind == "含个人信息":
            text = text.rstrip("。？！?") + "，" + rng.choice(PII_FORMS)(rng)
            if rng.random() < 0.3:
                given = pairs[lab]  # privacy comes first, whatever the label
        elif kind == "无效文本":
            text = rng.choice(JUNK)
            given = rng.choice(intents)
        iid = "d%02d" % (i + 1)
        t.items.append({"id": iid, "text": "样本：%s\n标签：%s" % (text, given)})
        t.gold[iid] = kind
        if kind == "含个人信息" and given != lab:
            t.sub_weak[iid] = "标签错误"
        elif kind == "含个人信息" and "收货地址" in text:
            t.sub_weak[iid] = "合格"  # an address overlooked
        elif kind == "标签错误" and rng.random() < 0.35:
            t.sub_weak[iid] = "合格"
        else:
            t.sub_weak[iid] = kind
    t.params = {"labels": labels}
    t.title = bi("按数据集标准验收训练样本", "Accept training samples against the dataset standard")
    t.instructions = bi(
        "你为客服意图识别制定了训练集标准，现在按标准验收供应商交付的 60 条样本（每条给出样本文本和意图标签）。判定规则按优先级："
        "（1）含个人信息：出现完整手机号、身份证号、银行卡号或精确到门牌的地址，无论标签对错都判此项（须脱敏后才能入库）；"
        "（2）无效文本：没有可识别诉求的文本（乱码、纯符号、纯表情或“[图片]”等占位）；（3）标签错误：意图标签不符合定义；"
        "（4）合格：以上都不是。评分：按宏平均 F1 计分，0.40 及以下为 0 分，0.90 及以上为满分，其间按线性折算。",
        "You wrote the training-set standard for customer-intent recognition; now accept a supplier's 60 samples (each a "
        "text and its intent label) against it. Decide in this order of priority: (1) 含个人信息 (personal data): a full "
        "phone number, ID number, bank-card number or an address down to the door number, whatever the label (it must be "
        "masked before use); (2) 无效文本 (invalid text): no recognisable request (garbage, symbols, emoticons only, "
        "placeholders such as [图片]); (3) 标签错误 (wrong label): the intent does not fit the definitions; (4) 合格 "
        "(acceptable): none of these. Scoring: macro-F1; 0.40 or less scores 0, 0.90 or more scores 100, linear in between.")
    t.scoring = {"metric": "macro_f1", "zero_at": 0.4, "full_at": 0.9}
    t.sub_gold = dict(t.gold)
    t.summary = "Accept supplier samples against a dataset standard (privacy, invalid text, wrong label)"
    t.count = "60 texts"
    return t


# ---------------------------------------------------------------------------
# Statistics tasks: datasets and questions with computed answers (stats)
# ---------------------------------------------------------------------------

SHARE_ZH = "用 0 到 1 之间的小数作答，保留三位小数"
SHARE_EN = "answer as a decimal between 0 and 1 with three places"


def stats_task(t, rows, questions, wrong):
    """
    rows: the dataset (dicts with "id"); questions: [(id, zh, en, type, tolerance|choices, gold)];
    wrong: {qid: weak answer} (the other weak answers are right).
    """
    t.items = rows
    qs = []
    for qid, zh, en, typ, extra, gold in questions:
        q = {"id": qid, "text": {"zh": zh, "en": en}, "type": typ}
        if typ == "number":
            q["tolerance"] = extra
        elif typ == "choice":
            q["choices"] = extra
        qs.append(q)
        t.gold[qid] = gold
    t.params = {"questions": qs}
    t.sub_gold = {q[0]: q[5] for q in questions}
    t.sub_weak = {q[0]: wrong.get(q[0], q[5]) for q in questions}
    n = len(questions)
    t.scoring = {"metric": "correct_share", "zero_at": 0.2, "full_at": 1.0}
    return n


STATS_RULE_ZH = "每题答对得同样的分；评分按答对题目的比例计，0.20 及以下为 0 分，全部答对为满分，其间按线性折算。"
STATS_RULE_EN = "Every question weighs the same; the score follows the share answered right: 0.20 or less scores 0, all right scores 100, linear in between."


@task("L5-F1-stats-survey")
def t_stats_survey(rng, nrng):
    t = Task("L5-F1-stats-survey", "stats", 5, 1, "1.2", 20)
    rows = []
    for i in range(120):
        ch = rng.choice(["线上", "线上", "门店", "电话"])
        sat = rng.choices([1, 2, 3, 4, 5], [1, 2, 4, 6, 5] if ch != "电话" else [2, 3, 4, 4, 2])[0]
        rec = "是" if (sat >= 4 and rng.random() < 0.85) or (sat == 3 and rng.random() < 0.3) else "否"
        age = rng.choice(["18-25", "26-35", "36-45", "46以上", "18-25", "26-35", ""])
        secs = rng.choice([rng.randint(8, 29)] + [rng.randint(35, 400)] * 6)
        rows.append({"id": "Q%03d" % (i + 1), "渠道": ch, "城市": rng.choice(["杭州市", "宁波市", "温州市", "绍兴市"]),
                     "年龄段": age, "满意度": sat, "是否推荐": rec, "填写时长(秒)": secs})
    valid = [r for r in rows if r["填写时长(秒)"] >= 30]
    n_valid = len(valid)
    shop = sum(1 for r in valid if r["渠道"] == "门店")
    high = sum(1 for r in valid if r["满意度"] >= 4) / n_valid
    mean = sum(r["满意度"] for r in valid) / n_valid
    miss_age = sum(1 for r in rows if not r["年龄段"])
    rec_by = {c: sum(1 for r in valid if r["渠道"] == c and r["是否推荐"] == "是") / max(1, sum(1 for r in valid if r["渠道"] == c))
              for c in ["线上", "门店", "电话"]}
    best = max(rec_by, key=rec_by.get)
    qs = [
        ("q1", "填写时长少于 30 秒的问卷视为无效。有效问卷有多少份？", "Questionnaires filled in under 30 seconds are invalid. How many are valid?",
         "number", 0, n_valid),
        ("q2", "有效问卷中，来自“门店”渠道的有多少份？", "Of the valid questionnaires, how many came through 门店 (in store)?", "number", 0, shop),
        ("q3", "有效问卷中，满意度为 4 或 5 的占比是多少？（%s）" % SHARE_ZH,
         "Of the valid questionnaires, what share rated satisfaction 4 or 5? (%s)" % SHARE_EN, "number", 0.001, r3(high)),
        ("q4", "有效问卷的平均满意度是多少？（保留两位小数）", "What is the mean satisfaction of the valid questionnaires? (two decimal places)",
         "number", 0.01, round(mean, 2)),
        ("q5", "全部问卷中，年龄段没有填写的有多少份？", "Of all questionnaires, how many left the age group empty?", "number", 0, miss_age),
        ("q6", "有效问卷中，哪个渠道的推荐率（是否推荐为“是”的占比）最高？", "Among the valid questionnaires, which channel has the highest share of 是 in 是否推荐?",
         "choice", ["线上", "门店", "电话"], best),
    ]
    wrong = {"q2": sum(1 for r in rows if r["渠道"] == "门店"), "q4": round(sum(r["满意度"] for r in rows) / len(rows) + 0.07, 2)}
    n = stats_task(t, rows, qs, wrong)
    t.title = bi("客户满意度问卷数据汇总", "Summarise a satisfaction survey")
    t.instructions = bi(
        "门店运营组通过线上、门店和电话三个渠道采集了 120 份满意度问卷。请用表格或统计工具汇总数据，回答 %d 个问题。注意先按规则剔除无效问卷。" % n
        + STATS_RULE_ZH,
        "The store team collected 120 satisfaction questionnaires online, in store and by phone. Summarise the data with a "
        "spreadsheet or statistics tool and answer %d questions; first drop invalid questionnaires by the rule given. " % n
        + STATS_RULE_EN)
    t.summary = "Summarise collected survey data: validity rule, counts, shares, mean"
    t.count = "120 rows, %d questions" % n
    return t


@task("L5-F2-stats-labels")
def t_stats_labels(rng, nrng):
    t = Task("L5-F2-stats-labels", "stats", 5, 2, "2.2", 20)
    rows = []
    for i in range(100):
        cat = rng.choices(["猫", "狗", "鸟", "其他"], [30, 35, 20, 15])[0]
        clear = "模糊" if rng.random() < 0.18 else "清晰"
        doubt = "是" if (clear == "模糊" and rng.random() < 0.6) or rng.random() < 0.06 else "否"
        rows.append({"id": "IMG%04d" % (i + 1), "类别": cat, "标注员": rng.choice(["A", "B", "C"]), "清晰度": clear,
                     "是否存疑": doubt})
    dogs = sum(1 for r in rows if r["类别"] == "狗")
    other = sum(1 for r in rows if r["类别"] == "其他") / len(rows)
    by_b = sum(1 for r in rows if r["标注员"] == "B")
    doubt_rows = [r for r in rows if r["是否存疑"] == "是"]
    cats = ["猫", "狗", "鸟", "其他"]
    top_doubt = max(cats, key=lambda c: (sum(1 for r in doubt_rows if r["类别"] == c), -cats.index(c)))
    blur_doubt = sum(1 for r in rows if r["清晰度"] == "模糊" and r["是否存疑"] == "是")
    qs = [
        ("q1", "类别为“狗”的图片有多少张？", "How many images are labelled 狗 (dog)?", "number", 0, dogs),
        ("q2", "类别为“其他”的图片占全部图片的比例是多少？（%s）" % SHARE_ZH, "What share of all images is labelled 其他 (other)? (%s)" % SHARE_EN,
         "number", 0.001, r3(other)),
        ("q3", "标注员 B 标注了多少张图片？", "How many images did annotator B label?", "number", 0, by_b),
        ("q4", "存疑图片中，哪个类别的数量最多？", "Among the doubtful images (是否存疑 = 是), which category is most frequent?", "choice", cats, top_doubt),
        ("q5", "清晰度为“模糊”且存疑的图片有多少张？", "How many images are both 模糊 (blurred) and doubtful?", "number", 0, blur_doubt),
    ]
    wrong = {"q2": round(other * 100, 1), "q5": sum(1 for r in rows if r["清晰度"] == "模糊")}
    n = stats_task(t, rows, qs, wrong)
    t.title = bi("标注结果分类统计", "Count and classify annotation results")
    t.instructions = bi(
        "一批 100 张宠物图片已完成标注（类别、标注员、清晰度、是否存疑）。请用筛选、分类汇总等工具统计标注结果，回答 %d 个问题。" % n + STATS_RULE_ZH,
        "A batch of 100 pet photos has been annotated (category, annotator, sharpness, doubtful). Use filters and group "
        "counts to summarise the results and answer %d questions. " % n + STATS_RULE_EN)
    t.summary = "Count annotated images by category, annotator and flags"
    t.count = "100 rows, %d questions" % n
    return t


@task("L5-F3-stats-log")
def t_stats_log(rng, nrng):
    t = Task("L5-F3-stats-log", "stats", 5, 3, "3.1", 25)
    rows = []
    qtexts = [message(rng, rng.choice(list(INTENTS))) for _ in range(150)]
    for i in range(150):
        hh = rng.choices(range(8, 24), [2, 4, 5, 5, 4, 3, 4, 5, 5, 4, 3, 3, 4, 4, 3, 2])[0]
        res = rng.choices(["已回答", "未识别", "转人工"], [70, 14, 16])[0]
        ms = int(nrng.lognormal(6.6, 0.55))
        err = ""
        if ms > 2000 or rng.random() < 0.06:
            err = rng.choices(["E102", "E204", "E500"], [5, 3, 2])[0]
        rows.append({"id": "L%04d" % (i + 1), "时间": "%02d:%02d" % (hh, rng.randint(0, 59)), "用户问题": qtexts[i],
                     "处理结果": res, "响应时间(毫秒)": ms, "错误码": err})
    unk = sum(1 for r in rows if r["处理结果"] == "未识别")
    human = sum(1 for r in rows if r["处理结果"] == "转人工") / len(rows)
    mean_ms = sum(r["响应时间(毫秒)"] for r in rows) / len(rows)
    slow = sum(1 for r in rows if r["响应时间(毫秒)"] > 2000)
    codes = ["E102", "E204", "E500"]
    top = max(codes, key=lambda c: (sum(1 for r in rows if r["错误码"] == c), -codes.index(c)))
    night = sum(1 for r in rows if r["时间"] >= "18:00")
    qs = [
        ("q1", "处理结果为“未识别”的会话有多少条？", "How many sessions ended 未识别 (not understood)?", "number", 0, unk),
        ("q2", "转人工的会话占全部会话的比例是多少？（%s）" % SHARE_ZH, "What share of sessions was handed to a human (转人工)? (%s)" % SHARE_EN,
         "number", 0.001, r3(human)),
        ("q3", "平均响应时间是多少毫秒？（保留整数）", "What is the mean response time in milliseconds? (whole number)", "number", 1,
         round(mean_ms)),
        ("q4", "响应时间超过 2000 毫秒的会话有多少条？", "How many sessions took more than 2000 ms to answer?", "number", 0, slow),
        ("q5", "出现次数最多的错误码是哪个？", "Which error code occurs most often?", "choice", codes, top),
        ("q6", "18:00（含）以后的会话有多少条？", "How many sessions started at or after 18:00?", "number", 0, night),
    ]
    wrong = {"q3": round(sorted(r["响应时间(毫秒)"] for r in rows)[75]), "q6": sum(1 for r in rows if r["时间"] > "18:00") + 3}
    n = stats_task(t, rows, qs, wrong)
    t.title = bi("智能客服运行日志统计", "Summarise a chatbot's run log")
    t.instructions = bi(
        "智能客服系统导出了某日 150 条会话日志（时间、用户问题、处理结果、响应时间、错误码）。请统计日志，回答 %d 个问题，"
        "这些数字将写入当日的系统运行记录。" % n + STATS_RULE_ZH,
        "The chatbot exported one day's 150 session logs (time, question, outcome, response time, error code). Summarise "
        "them and answer %d questions; the figures go into the day's operations record. " % n + STATS_RULE_EN)
    t.summary = "Summarise a chatbot's daily log: outcomes, response times, error codes"
    t.count = "150 rows, %d questions" % n
    return t


def phone_ok(p):
    return isinstance(p, str) and len(p) == 11 and p.isdigit() and p[0] == "1"


@task("L4-F1-stats-quality")
def t_stats_quality(rng, nrng):
    t = Task("L4-F1-stats-quality", "stats", 4, 1, "1.1", 25)
    rows = []
    ids = ["C%05d" % (10001 + i) for i in range(115)]
    for k in range(5):
        ids.append(ids[rng.randrange(40)])
    rng.shuffle(ids)
    for i, cid in enumerate(ids):
        phone = "1" + rng.choice("3578") + "%09d" % rng.randint(0, 10 ** 9 - 1)
        r = rng.random()
        if r < 0.08:
            phone = ""
        elif r < 0.14:
            phone = phone[:10]
        elif r < 0.17:
            phone = "0" + phone[1:]
        age = rng.randint(18, 75)
        r = rng.random()
        if r < 0.05:
            age = rng.choice([0, 3, 120, 150])
        elif r < 0.1:
            age = None
        email = "" if rng.random() < 0.2 else "user%d@example.com" % rng.randint(100, 999)
        city = "" if rng.random() < 0.04 else rng.choice(["杭州市", "苏州市", "南京市"])
        rows.append({"id": "r%03d" % (i + 1), "客户编号": cid, "手机号": phone, "年龄": age, "邮箱": email, "城市": city})
    n = len(rows)
    miss_phone = sum(1 for r in rows if not r["手机号"]) / n
    bad_phone = sum(1 for r in rows if r["手机号"] and not phone_ok(r["手机号"]))
    counts = {}
    for r in rows:
        counts[r["客户编号"]] = counts.get(r["客户编号"], 0) + 1
    dup_ids = sum(1 for v in counts.values() if v > 1)
    out_age = sum(1 for r in rows if r["年龄"] is not None and not 18 <= r["年龄"] <= 80)
    fields = ["手机号", "年龄", "邮箱", "城市"]
    miss = {f: sum(1 for r in rows if r[f] in ("", None)) for f in fields}
    worst = max(fields, key=lambda f: (miss[f], -fields.index(f)))
    ok = sum(1 for r in rows if phone_ok(r["手机号"]) and r["年龄"] is not None and 18 <= r["年龄"] <= 80
             and r["邮箱"] and r["城市"] and counts[r["客户编号"]] == 1) / n
    qs = [
        ("q1", "手机号的缺失率是多少？（%s）" % SHARE_ZH, "What is the missing rate of 手机号 (phone)? (%s)" % SHARE_EN, "number", 0.001, r3(miss_phone)),
        ("q2", "不缺失但不合规的手机号有多少个？（合规：11 位数字且以 1 开头）",
         "How many phone numbers are present but invalid? (valid: 11 digits starting with 1)", "number", 0, bad_phone),
        ("q3", "有多少个客户编号出现了不止一次？", "How many customer numbers (客户编号) occur more than once?", "number", 0, dup_ids),
        ("q4", "年龄不缺失但超出 18–80 岁范围的记录有多少条？", "How many records have an age outside 18–80 (age present)?", "number", 0, out_age),
        ("q5", "缺失值最多的字段是哪一个？", "Which field has the most missing values?", "choice", fields, worst),
        ("q6", "完全合格的记录占比是多少？（合格：手机号合规、年龄在 18–80 岁、邮箱和城市不缺失、客户编号不重复；%s）" % SHARE_ZH,
         "What share of records passes every check? (phone valid, age 18–80, e-mail and city present, customer number not "
         "repeated; %s)" % SHARE_EN, "number", 0.001, r3(ok)),
    ]
    wrong = {"q3": sum(v - 1 for v in counts.values() if v > 1) * 2, "q6": r3(ok + 0.05)}
    n_q = stats_task(t, rows, qs, wrong)
    t.title = bi("预处理后客户数据质量检验", "Quality inspection of pre-processed customer data")
    t.instructions = bi(
        "客户数据预处理后准备入库，请做质量检验：计算缺失率、合规率、重复和越界情况，回答 %d 个问题。缺失指单元格为空。" % n_q + STATS_RULE_ZH,
        "Pre-processed customer data is about to be loaded; inspect its quality: missing rates, validity, duplicates and "
        "out-of-range values, and answer %d questions. Missing means an empty cell. " % n_q + STATS_RULE_EN)
    t.summary = "Inspect data quality: missing rates, invalid phones, duplicate ids, out-of-range ages"
    t.count = "120 rows, %d questions" % n_q
    return t


@task("L4-F3-stats-split")
def t_stats_split(rng, nrng):
    t = Task("L4-F3-stats-split", "stats", 4, 3, "3.2", 25)
    rows = []
    for i, it in enumerate(INTENTS):
        n = rng.choice([180, 240, 320, 410, 520, 150, 95, 260])
        solved = int(n * rng.uniform(0.55, 0.9))
        human = int((n - solved) * rng.uniform(0.5, 0.95))
        rows.append({"id": "i%d" % (i + 1), "意图": it, "样本数": n, "机器人解决数": solved, "转人工数": human})
    total = sum(r["样本数"] for r in rows)
    rate = sum(r["机器人解决数"] for r in rows) / total
    worst = min(rows, key=lambda r: (r["机器人解决数"] / r["样本数"], rows.index(r)))["意图"]
    inv = next(r for r in rows if r["意图"] == "发票")
    test_inv = int(inv["样本数"] * 0.2 + 0.5)
    test_all = sum(int(r["样本数"] * 0.2 + 0.5) for r in rows)
    fold = total / 5
    focus = sum(1 for r in rows if r["转人工数"] / r["样本数"] > 0.2)
    qs = [
        ("q1", "全部意图的机器人解决率（机器人解决数之和 ÷ 样本数之和）是多少？（%s）" % SHARE_ZH,
         "What is the bot's overall resolution rate (sum solved ÷ sum samples)? (%s)" % SHARE_EN, "number", 0.001, r3(rate)),
        ("q2", "机器人解决率最低的意图是哪个？", "Which intent has the lowest resolution rate?", "choice", list(INTENTS), worst),
        ("q3", "按意图分层、训练集与测试集 8:2 划分（每个意图的测试样本数 = 样本数 × 0.2，四舍五入取整），“发票”意图有多少条测试样本？",
         "With an 8:2 train/test split stratified by intent (test samples of an intent = samples × 0.2, rounded half up), how "
         "many test samples does 发票 get?", "number", 0, test_inv),
        ("q4", "按同样的分层规则，测试集共有多少条样本？", "By the same rule, how many samples does the whole test set hold?", "number", 0, test_all),
        ("q5", "做 5 折交叉验证时，每折验证集平均有多少条样本？（保留一位小数）",
         "In 5-fold cross-validation, how many samples does each validation fold hold on average? (one decimal place)", "number",
         0.05, round(fold, 1)),
        ("q6", "转人工率（转人工数 ÷ 样本数）高于 0.2 的意图列为优化重点，共有几个？",
         "Intents whose hand-over rate (转人工数 ÷ 样本数) exceeds 0.2 become optimisation priorities. How many are there?", "number",
         0, focus),
    ]
    wrong = {"q1": r3(sum(r["机器人解决数"] / r["样本数"] for r in rows) / len(rows)), "q4": int(total * 0.2) + 2}
    n_q = stats_task(t, rows, qs, wrong)
    t.title = bi("智能客服数据拆分与分析", "Split and analyse chatbot data")
    t.instructions = bi(
        "为优化智能客服的意图识别，需要对上月的会话数据按意图做拆分与分析：计算解决率、划分训练集与测试集、安排交叉验证，并找出优化重点。"
        "请根据各意图的汇总数据回答 %d 个问题。" % n_q + STATS_RULE_ZH,
        "To improve the chatbot's intent recognition, split and analyse last month's sessions by intent: resolution rates, "
        "a train/test split, cross-validation folds and optimisation priorities. Answer %d questions from the per-intent "
        "summary. " % n_q + STATS_RULE_EN)
    t.summary = "Analyse per-intent chatbot data: resolution rates, stratified split, k-fold sizes"
    t.count = "8 rows, %d questions" % n_q
    return t


@task("L3-F1-stats-funnel")
def t_stats_funnel(rng, nrng):
    t = Task("L3-F1-stats-funnel", "stats", 3, 1, "1.2", 30)
    rows = []
    base = {"App": (0.8, 0.55, 0.6), "小程序": (0.75, 0.45, 0.5), "网页": (0.6, 0.35, 0.45)}
    for i in range(200):
        ch = rng.choices(list(base), [45, 35, 20])[0]
        new = rng.random() < 0.4
        p1, p2, p3 = base[ch]
        if new:
            p2 *= 0.75
            p3 *= 0.8
        rec = rng.random() < p1
        cart = rec and rng.random() < p2
        order = cart and rng.random() < p3
        rows.append({"id": "S%04d" % (i + 1), "渠道": ch, "用户类型": "新用户" if new else "老用户", "咨询": 1,
                     "获得推荐": int(rec), "加入购物车": int(cart), "下单": int(order)})
    n = len(rows)
    orders = sum(r["下单"] for r in rows)
    recs = sum(r["获得推荐"] for r in rows)
    carts = sum(r["加入购物车"] for r in rows)
    new_rows = [r for r in rows if r["用户类型"] == "新用户"]
    old_rows = [r for r in rows if r["用户类型"] == "老用户"]
    new_rate = sum(r["下单"] for r in new_rows) / len(new_rows)
    old_rate = sum(r["下单"] for r in old_rows) / len(old_rows)
    chans = list(base)
    conv = {c: sum(r["下单"] for r in rows if r["渠道"] == c) / sum(1 for r in rows if r["渠道"] == c) for c in chans}
    worst_ch = min(chans, key=lambda c: (conv[c], chans.index(c)))
    steps = {"咨询→获得推荐": recs / n, "获得推荐→加入购物车": carts / recs, "加入购物车→下单": orders / carts}
    worst_step = min(steps, key=lambda s: (steps[s], list(steps).index(s)))
    qs = [
        ("q1", "整体下单转化率（下单会话数 ÷ 全部会话数）是多少？（%s）" % SHARE_ZH,
         "What is the overall order conversion (sessions with an order ÷ all sessions)? (%s)" % SHARE_EN, "number", 0.001, r3(orders / n)),
        ("q2", "获得推荐的会话中，加入购物车的比例是多少？（%s）" % SHARE_ZH,
         "Of the sessions that got a recommendation, what share added to the cart? (%s)" % SHARE_EN, "number", 0.001, r3(carts / recs)),
        ("q3", "新用户的下单转化率是多少？（%s）" % SHARE_ZH, "What is the order conversion of new users (新用户)? (%s)" % SHARE_EN, "number",
         0.001, r3(new_rate)),
        ("q4", "老用户与新用户下单转化率之差（老用户减新用户）是多少？（%s）" % SHARE_ZH,
         "What is the difference in order conversion, returning minus new users? (%s)" % SHARE_EN, "number", 0.001, r3(old_rate - new_rate)),
        ("q5", "下单转化率最低的渠道是哪个？", "Which channel has the lowest order conversion?", "choice", chans, worst_ch),
        ("q6", "三个环节中，环节转化率最低（即流失最严重）的是哪个？", "Of the three steps, which has the lowest step conversion (the worst drop-off)?",
         "choice", list(steps), worst_step),
    ]
    wrong = {"q2": r3(carts / n), "q6": "咨询→获得推荐" if worst_step != "咨询→获得推荐" else "加入购物车→下单"}
    n_q = stats_task(t, rows, qs, wrong)
    t.title = bi("智能导购模块转化漏斗分析", "Funnel analysis of a shopping-assistant module")
    t.instructions = bi(
        "商城的智能导购模块上线一个月，产品经理要评估它的效果并找出问题环节。数据为 200 个会话：渠道、用户类型，以及是否获得推荐、"
        "是否加入购物车、是否下单（1 是、0 否）。请做漏斗分析，回答 %d 个问题。" % n_q + STATS_RULE_ZH,
        "A mall's shopping-assistant module has run for a month; the product manager wants its effect and the weak step. The "
        "data are 200 sessions: channel, user type, and whether the session got a recommendation, added to the cart and "
        "ordered (1 yes, 0 no). Do a funnel analysis and answer %d questions. " % n_q + STATS_RULE_EN)
    t.summary = "Funnel analysis of an assistant module: step conversions, segments, worst channel/step"
    t.count = "200 rows, %d questions" % n_q
    return t


@task("L2-F1-stats-scenario")
def t_stats_scenario(rng, nrng):
    t = Task("L2-F1-stats-scenario", "stats", 2, 1, "1.2", 30)
    scen = ["查询订单状态", "修改收货信息", "开具发票", "退款进度查询", "商品参数咨询", "售后维修预约", "会员积分查询",
            "投诉处理", "账号解冻", "优惠券使用", "门店营业时间", "物流异常处理"]
    rows = []
    for i, s in enumerate(scen):
        vol = rng.choice([1800, 2600, 3400, 5200, 7800, 9600, 12400, 15800, 980, 4300])
        aht = rng.choice([2.5, 3, 4, 5, 6, 8, 12, 15])
        std = rng.choice([0.9, 0.85, 0.8, 0.6, 0.5, 0.3, 0.2])
        bot = round(min(std, rng.uniform(0.05, 0.5)), 2)
        if s == "投诉处理":
            std, bot = 0.15, 0.05
        rows.append({"id": "s%02d" % (i + 1), "业务场景": s, "月咨询量": vol, "平均处理时长(分钟)": aht, "可标准化比例": std,
                     "当前机器人解决率": bot})
    total = sum(r["月咨询量"] for r in rows)
    top3 = sum(sorted((r["月咨询量"] for r in rows), reverse=True)[:3]) / total

    def hours(r):
        return r["月咨询量"] * (1 - r["当前机器人解决率"]) * r["平均处理时长(分钟)"] / 60

    def gain(r):
        return r["月咨询量"] * max(0.0, r["可标准化比例"] - r["当前机器人解决率"]) * r["平均处理时长(分钟)"] / 60

    all_hours = sum(hours(r) for r in rows)
    inv = next(r for r in rows if r["业务场景"] == "开具发票")
    best = max(rows, key=lambda r: (gain(r), -rows.index(r)))
    qs = [
        ("q1", "咨询量最大的 3 个场景占全部咨询量的比例是多少？（%s）" % SHARE_ZH,
         "What share of all enquiries do the 3 largest scenarios take? (%s)" % SHARE_EN, "number", 0.001, r3(top3)),
        ("q2", "“开具发票”场景每月需要的人工工时是多少小时？（人工工时 = 月咨询量 ×（1 − 当前机器人解决率）× 平均处理时长 ÷ 60；保留一位小数）",
         "How many agent hours a month does 开具发票 (invoices) need? (hours = volume × (1 − current bot rate) × handling "
         "minutes ÷ 60; one decimal place)", "number", 0.1, round(hours(inv), 1)),
        ("q3", "全部场景每月人工工时合计是多少小时？（保留整数）", "How many agent hours a month do all scenarios need together? (whole number)",
         "number", 1, round(all_hours)),
        ("q4", "若把机器人解决率提升到可标准化比例，节省人工工时最多的场景是哪个？（节省工时 = 月咨询量 ×（可标准化比例 − 当前机器人解决率）× 平均处理时长 ÷ 60）",
         "If the bot's rate rose to the standardisable share, which scenario would save the most agent hours? (saving = "
         "volume × (standardisable − current) × handling minutes ÷ 60)", "choice", scen, best["业务场景"]),
        ("q5", "该场景每月可节省多少小时？（保留一位小数）", "How many hours a month would that scenario save? (one decimal place)", "number", 0.1,
         round(gain(best), 1)),
    ]
    by_vol = max(rows, key=lambda r: r["月咨询量"])["业务场景"]
    wrong = {"q4": by_vol if by_vol != best["业务场景"] else scen[0], "q5": round(gain(best) * 1.2, 1)}
    n_q = stats_task(t, rows, qs, wrong)
    t.title = bi("智能应用场景挖掘：找出自动化切入点", "Find where automation pays: scenario mining")
    t.instructions = bi(
        "客服中心准备扩大智能客服的覆盖范围，请根据 12 个业务场景的月度数据（咨询量、平均处理时长、可标准化比例、当前机器人解决率）"
        "测算人工工时和自动化收益，找出最值得切入的场景，回答 %d 个问题。" % n_q + STATS_RULE_ZH,
        "A contact centre wants to widen its chatbot's reach. From monthly data on 12 scenarios (volume, handling time, "
        "standardisable share, current bot resolution) estimate agent hours and automation gains, find the best entry "
        "point and answer %d questions. " % n_q + STATS_RULE_EN)
    t.summary = "Estimate agent hours and automation gains per scenario; pick the entry point"
    t.count = "12 rows, %d questions" % n_q
    return t


@task("L2-F4-stats-training")
def t_stats_training(rng, nrng):
    t = Task("L2-F4-stats-training", "stats", 2, 4, "4.1", 25)
    rows = []
    for i in range(40):
        grp = "A组" if i % 2 == 0 else "B组"
        pre = rng.randint(38, 78)
        gain = rng.randint(-4, 22) + (4 if grp == "A组" else 0)
        post = max(0, min(100, pre + gain))
        acc0 = round(rng.uniform(0.72, 0.9), 3)
        acc1 = round(min(0.99, acc0 + rng.uniform(-0.01, 0.08)), 3)
        rows.append({"id": "t%02d" % (i + 1), "学员": person(rng), "组别": grp, "培训前测": pre, "培训后测": post,
                     "培训前标注准确率": acc0, "培训后标注准确率": acc1})
    n = len(rows)
    post_mean = sum(r["培训后测"] for r in rows) / n
    gain_mean = sum(r["培训后测"] - r["培训前测"] for r in rows) / n
    pass_rate = sum(1 for r in rows if r["培训后测"] >= 60) / n
    big = sum(1 for r in rows if r["培训后测"] - r["培训前测"] >= 10)
    g = {grp: sum(r["培训后测"] - r["培训前测"] for r in rows if r["组别"] == grp) / sum(1 for r in rows if r["组别"] == grp)
         for grp in ("A组", "B组")}
    better = "A组" if g["A组"] >= g["B组"] else "B组"
    acc_gain = sum(r["培训后标注准确率"] - r["培训前标注准确率"] for r in rows) / n
    qs = [
        ("q1", "培训后测的平均分是多少？（保留两位小数）", "What is the mean post-test score? (two decimal places)", "number", 0.01,
         round(post_mean, 2)),
        ("q2", "平均每人提高了多少分（后测 − 前测）？（保留两位小数）", "By how many points did a trainee improve on average (post − pre)? (two decimal places)",
         "number", 0.01, round(gain_mean, 2)),
        ("q3", "后测及格率（60 分及以上）是多少？（%s）" % SHARE_ZH, "What share passed the post-test (60 or more)? (%s)" % SHARE_EN, "number", 0.001,
         r3(pass_rate)),
        ("q4", "提高 10 分及以上的学员有多少人？", "How many trainees improved by 10 points or more?", "number", 0, big),
        ("q5", "哪个组的平均提高分更多？", "Which group improved more on average?", "choice", ["A组", "B组"], better),
        ("q6", "标注准确率平均提高了多少？（用小数表示，保留三位小数）", "By how much did annotation accuracy rise on average? (a decimal with three places)",
         "number", 0.001, r3(acc_gain)),
    ]
    wrong = {"q3": r3(sum(1 for r in rows if r["培训前测"] >= 60) / n), "q6": r3(acc_gain * 100)}
    n_q = stats_task(t, rows, qs, wrong)
    t.title = bi("培训效果评估", "Evaluate a training programme")
    t.instructions = bi(
        "你为 40 名三级及以下的标注人员组织了两期标注规范培训（A 组采用案例研讨，B 组采用集中讲授）。请根据培训前后的测验成绩和抽检准确率"
        "评估培训效果，回答 %d 个问题。" % n_q + STATS_RULE_ZH,
        "You ran annotation-guideline training for 40 annotators of level 3 and below in two groups (A: case workshops; B: "
        "lectures). Evaluate the effect from test scores and audited annotation accuracy before and after, and answer %d "
        "questions. " % n_q + STATS_RULE_EN)
    t.summary = "Evaluate training: pre/post scores, pass rate, group comparison, accuracy gain"
    t.count = "40 rows, %d questions" % n_q
    return t


@task("L1-F1-stats-capacity")
def t_stats_capacity(rng, nrng):
    t = Task("L1-F1-stats-capacity", "stats", 1, 1, "1.1", 30)
    rows = []
    v = 42000
    for i in range(24):
        y, m = 2023 + i // 12, i % 12 + 1
        season = 1.0 + (0.18 if m in (6, 11) else 0.08 if m in (5, 10, 12) else -0.1 if m == 2 else 0.0)
        vol = int(round(v * season * rng.uniform(0.96, 1.04), -2))
        rows.append({"id": "m%02d" % (i + 1), "月份": "%d-%02d" % (y, m), "标注需求量(条)": vol,
                     "在岗标注员(人)": rng.choice([18, 19, 20, 21, 22]) + i // 6})
        v *= 1.025
    vols = [r["标注需求量(条)"] for r in rows]
    y23, y24 = sum(vols[:12]), sum(vols[12:])
    xs = list(range(1, 25))
    xm = sum(xs) / 24
    ym = sum(vols) / 24
    b = sum((x - xm) * (y - ym) for x, y in zip(xs, vols)) / sum((x - xm) ** 2 for x in xs)
    a = ym - b * xm
    f25 = a + b * 25
    need = math.ceil(f25 / (22 * 120))
    peak = max(rows, key=lambda r: r["标注需求量(条)"])["月份"]
    qs = [
        ("q1", "2024 年标注需求总量比 2023 年增长了多少？（增长率，%s）" % SHARE_ZH,
         "By how much did the 2024 total grow over 2023? (growth rate, %s)" % SHARE_EN, "number", 0.001, r3(y24 / y23 - 1)),
        ("q2", "以月份序号 1–24 为自变量做最小二乘线性趋势，趋势线的斜率是每月多少条？（保留整数）",
         "Fit a least-squares linear trend on month numbers 1–24: what is the slope in items per month? (whole number)", "number",
         2, round(b)),
        ("q3", "按该趋势线预测第 25 个月（2025-01）的需求量是多少条？（保留整数）",
         "By that trend, what is the forecast demand for month 25 (2025-01)? (whole number)", "number", 5, round(f25)),
        ("q4", "若每名标注员每个工作日完成 120 条、每月 22 个工作日，第 25 个月至少需要多少名标注员？（向上取整）",
         "If an annotator completes 120 items per working day and a month has 22 working days, how many annotators does month "
         "25 need at least? (round up)", "number", 0, need),
        ("q5", "两年中需求量最高的是哪个月？（按表中的格式作答，如 2023-06）", "Which month had the highest demand? (as written in the table, e.g. 2023-06)",
         "text", None, peak),
    ]
    wrong = {"q2": round(b * 1.3), "q3": round(vols[-1] * 1.025), "q4": math.ceil(vols[-1] * 1.025 / (22 * 120))}
    if wrong["q4"] == need:
        wrong["q4"] = need - 1
    n_q = stats_task(t, rows, qs, wrong)
    for q in t.params["questions"]:
        if q["type"] == "text":
            q.pop("tolerance", None)
    t.title = bi("标注产能前瞻规划", "Forward planning of annotation capacity")
    t.instructions = bi(
        "为制定明年的数据标注业务规划，请分析近 24 个月的标注需求量，测算增长趋势和人力需求，回答 %d 个问题。" % n_q + STATS_RULE_ZH,
        "To plan next year's annotation business, analyse 24 months of annotation demand, estimate the trend and the staff "
        "needed, and answer %d questions. " % n_q + STATS_RULE_EN)
    t.summary = "Trend a 24-month demand series, forecast and size the team"
    t.count = "24 rows, %d questions" % n_q
    return t


def fleiss_kappa(table):
    """statsmodels' fleiss_kappa(method='fleiss') on an items × categories count table."""
    n_items = len(table)
    n_raters = sum(table[0])
    total = n_items * n_raters
    p_j = [sum(row[j] for row in table) / total for j in range(len(table[0]))]
    p_i = [(sum(c * c for c in row) - n_raters) / (n_raters * (n_raters - 1)) for row in table]
    p_bar = sum(p_i) / n_items
    p_e = sum(p * p for p in p_j)
    return (p_bar - p_e) / (1 - p_e)


@task("L1-F4-stats-raters")
def t_stats_raters(rng, nrng):
    t = Task("L1-F4-stats-raters", "stats", 1, 4, "4.2", 30)
    cats = ["正面", "负面", "中性"]
    raters = ["甲", "乙", "丙", "丁"]
    skill = {"甲": 0.9, "乙": 0.85, "丙": 0.8, "丁": 0.62}
    rows = []
    for i in range(60):
        gold = rng.choices(cats, [40, 35, 25])[0]
        row = {"id": "x%02d" % (i + 1), "标准答案": gold}
        for r in raters:
            if rng.random() < skill[r]:
                row[r] = gold
            elif r == "丁" and gold == "中性":
                row[r] = "正面"  # 丁 reads neutral reviews as positive
            else:
                row[r] = rng.choice([c for c in cats if c != gold])
        rows.append(row)
    acc = {r: sum(1 for x in rows if x[r] == x["标准答案"]) / len(rows) for r in raters}
    worst = min(raters, key=lambda r: (acc[r], raters.index(r)))
    all_agree = sum(1 for x in rows if len({x[r] for r in raters}) == 1) / len(rows)
    kappa = fleiss_kappa([[sum(1 for r in raters if x[r] == c) for c in cats] for x in rows])
    errs = {c: sum(1 for x in rows if x["标准答案"] == c and x["丁"] != c) for c in cats}
    ding = max(cats, key=lambda c: (errs[c], -cats.index(c)))
    qs = [
        ("q1", "与标准答案相比，准确率最低的标注员是谁？", "Compared with the gold answers, which annotator is least accurate?", "choice", raters, worst),
        ("q2", "标注员甲的准确率是多少？（%s）" % SHARE_ZH, "What is annotator 甲's accuracy? (%s)" % SHARE_EN, "number", 0.001, r3(acc["甲"])),
        ("q3", "四位标注员完全一致的样本占比是多少？（%s）" % SHARE_ZH, "What share of items did all four annotators label alike? (%s)" % SHARE_EN,
         "number", 0.001, r3(all_agree)),
        ("q4", "四位标注员之间的 Fleiss' kappa 是多少？（不含标准答案；保留三位小数）",
         "What is Fleiss' kappa among the four annotators (without the gold answers)? (three decimal places)", "number", 0.005,
         r3(kappa)),
        ("q5", "标注员丁在哪一类（按标准答案）上出错最多？", "On which gold category does annotator 丁 make the most errors?", "choice", cats, ding),
    ]
    wrong = {"q4": r3(all_agree), "q5": "负面" if ding != "负面" else "正面"}
    n_q = stats_task(t, rows, qs, wrong)
    t.title = bi("标注团队一致性分析与指导策略", "Rater agreement analysis for a guidance strategy")
    t.instructions = bi(
        "为制定标注团队的业务指导策略，你抽取了 60 条情感标注样本，比较四位标注员与标准答案、以及标注员之间的一致性。"
        "请回答 %d 个问题，据此确定重点指导对象和指导内容。" % n_q + STATS_RULE_ZH,
        "To set the team's guidance strategy you sampled 60 sentiment items and compare four annotators with the gold "
        "answers and with each other. Answer %d questions that decide whom to coach and on what. " % n_q + STATS_RULE_EN)
    t.summary = "Rater accuracy, full agreement and Fleiss' kappa; find whom to coach"
    t.count = "60 rows, %d questions" % n_q
    return t


# ---------------------------------------------------------------------------
# Algorithm testing: model outputs with controlled quality (test)
# ---------------------------------------------------------------------------

def model_probs(rng, nrng, labels, gold, correct, confusions, sharp):
    """A model's class probabilities: arg max = gold when correct, else a confusable label; 4 decimals, unique max."""
    if correct:
        pred = gold
    else:
        cand = confusions.get(gold) or [l for l in labels if l != gold]
        pred = rng.choice(cand)
    k = len(labels)
    while True:  # the predicted label's probability must stay the largest
        top = rng.uniform(*sharp)
        rest = nrng.dirichlet(np.ones(k - 1)) * (1 - top)
        if top > max(rest) + 0.001:
            break
    probs, j = {}, 0
    for lab in labels:
        if lab == pred:
            probs[lab] = top
        else:
            probs[lab] = float(rest[j])
            j += 1
    probs = {l: round(p, 4) for l, p in probs.items()}
    m = max(v for l, v in probs.items() if l != pred)
    if probs[pred] <= m:
        probs[pred] = round(m + 0.0001, 4)
    return probs


def predict(labels, probs, threshold=None, positive=None):
    if threshold is not None:
        return positive if probs.get(positive, 0) >= threshold else [l for l in labels if l != positive][0]
    best = labels[0]
    for lab in labels:
        if probs.get(lab, 0) > probs.get(best, 0):
            best = lab
    return best


def cls_answers(labels, items, questions, threshold=None, positive=None):
    """The true answers of classification questions (as the test grader computes them)."""
    gold = [it["label"] for it in items]
    pred = [predict(labels, it["probs"], threshold, positive) for it in items]
    m = cls_metrics(labels, gold, pred)
    out = {}
    for q in questions:
        name = q["metric"]
        if name in ("accuracy", "macro_f1", "macro_precision", "macro_recall"):
            out[q["id"]] = r4(m[name])
        elif name.startswith(("precision:", "recall:", "f1:")):
            kind, lab = name.split(":", 1)
            out[q["id"]] = r4(m["per_label"][lab][kind])
        elif name == "worst_slice_by:accuracy":
            order, acc = [], {}
            for it, g, p in zip(items, gold, pred):
                s = it["slice"]
                if s not in acc:
                    order.append(s)
                    acc[s] = [0, 0]
                acc[s][0] += g == p
                acc[s][1] += 1
            w = order[0]
            for s in order[1:]:
                if acc[s][0] / acc[s][1] < acc[w][0] / acc[w][1]:
                    w = s
            out[q["id"]] = w
        else:
            raise ValueError(name)
    return out


def test_questions(specs):
    return [{"id": "q%d" % (i + 1), "metric": m, "tolerance": 0.005} if not m.startswith("worst") else
            {"id": "q%d" % (i + 1), "metric": m} for i, m in enumerate(specs)]


def q_texts(questions):
    zh = {"accuracy": "准确率", "macro_f1": "宏平均 F1", "macro_precision": "宏平均精确率", "macro_recall": "宏平均召回率",
          "ap": "AP（IoU 0.50:0.95）", "ap50": "AP50", "ap75": "AP75"}
    lines_zh, lines_en = [], []
    for q in questions:
        m = q["metric"]
        if m in zh:
            z, e = zh[m], m
        elif m.startswith("worst_slice_by:"):
            z, e = "准确率最低的切片名称", "the name of the slice with the lowest accuracy"
        elif m.startswith("worst_label_by:"):
            z, e = "AP 最低的类别名称", "the name of the label with the lowest AP"
        else:
            kind, lab = m.split(":", 1)
            z = "“%s”的%s" % (lab, {"precision": "精确率", "recall": "召回率", "f1": "F1", "ap": "AP", "ap50": "AP50",
                                     "ap75": "AP75"}[kind])
            e = "%s of %s" % (kind, lab)
        lines_zh.append("%s：%s" % (q["id"], z))
        lines_en.append("%s: %s" % (q["id"], e))
    return "；".join(lines_zh), "; ".join(lines_en)


TEST_RULE_ZH = ("数值题用 0 到 1 之间的小数作答，与系统计算值相差不超过 0.005 即为正确；切片或类别名称须与数据中的写法完全一致。"
                "评分按答对题目的比例计，0.20 及以下为 0 分，全部答对为满分，其间按线性折算。")
TEST_RULE_EN = ("Answer numbers as decimals between 0 and 1; an answer within 0.005 of the value aitcert computes is right; "
                "a slice or label name must be written exactly as in the data. The score follows the share answered right: "
                "0.20 or less scores 0, all right scores 100, linear in between.")


def cls_test_task(t, rng, nrng, labels, n, slices, quality, confusions, specs, text_fn=None, threshold=None, positive=None,
                  weights=None, weak_changes=None):
    """quality: {slice: probability the model is right}; returns the questions."""
    items = []
    for i in range(n):
        s = rng.choices(list(slices), list(slices.values()))[0]
        g = rng.choices(labels, weights)[0] if weights else rng.choice(labels)
        ok = rng.random() < quality[s] * (quality.get(g, 1.0))
        it = {"id": "x%03d" % (i + 1)}
        if text_fn:
            it["text"] = text_fn(rng, g)
        it["label"] = g
        it["slice"] = s
        it["probs"] = model_probs(rng, nrng, labels, g, ok, confusions, (0.42, 0.97) if threshold is None else (0.51, 0.99))
        items.append(it)
    qs = test_questions(specs)
    t.items = items
    t.params = {"mode": "classification", "labels": labels, "questions": qs}
    if threshold is not None:
        t.params["threshold"] = threshold
        t.params["positive"] = positive
    t.gold = {}
    ans = cls_answers(labels, items, qs, threshold, positive)
    t.sub_gold = dict(ans)
    weak = dict(ans)
    for qid, fn in (weak_changes or {}).items():
        weak[qid] = fn(ans[qid])
    t.sub_weak = weak
    t.scoring = {"metric": "correct_share", "zero_at": 0.2, "full_at": 1.0}
    return qs


def other_slice(slices):
    return lambda w: [s for s in slices if s != w][0]


@task("L3-F2-test-cls")
def t_test_cls(rng, nrng):
    t = Task("L3-F2-test-cls", "test", 3, 2, "2.2", 35)
    labels = list(INTENTS)
    slices = {"App": 40, "网页": 25, "小程序": 20, "电话转写": 15}
    quality = {"App": 0.9, "网页": 0.88, "小程序": 0.86, "电话转写": 0.66, "投诉": 0.85, "发票": 0.92}
    conf = {"投诉": ["物流查询", "退货退款"], "退货退款": ["物流查询"], "修改地址": ["物流查询"], "优惠活动": ["商品咨询"],
            "商品咨询": ["优惠活动"], "物流查询": ["修改地址", "投诉"], "账号问题": ["投诉"], "发票": ["退货退款"]}
    specs = ["accuracy", "macro_f1", "recall:退货退款", "precision:投诉", "f1:发票", "worst_slice_by:accuracy"]
    qs = cls_test_task(t, rng, nrng, labels, 500, slices, quality, conf, specs,
                       text_fn=lambda r, g: message(r, g, noise=0.1),
                       weak_changes={"q2": lambda v: r4(v + 0.03), "q6": other_slice(slices)})
    zq, eq = q_texts(qs)
    t.title = bi("意图识别模型测试与分析", "Test an intent classifier")
    t.instructions = bi(
        "新训练的客服意图识别模型在 500 条带标准答案的测试样本上给出了各意图的概率（probs），样本按来源渠道分为 4 个切片（slice）。"
        "模型的预测为概率最大的意图（并列时取意图列表中靠前的）。请用测试工具或表格计算以下指标，为测试报告提供数据：" + zq + "。"
        "精确率、召回率和 F1 按意图逐类计算，宏平均为各意图的简单平均。" + TEST_RULE_ZH,
        "A newly trained intent classifier gave class probabilities (probs) for 500 labelled test messages, split into 4 "
        "slices by source channel. The prediction is the intent with the highest probability (ties: the one listed first). "
        "With a test tool or a spreadsheet compute, for the test report: " + eq + ". Precision, recall and F1 are per "
        "intent; macro averages are plain means over the intents. " + TEST_RULE_EN)
    t.summary = "Compute an intent classifier's metrics and worst slice from its outputs"
    t.count = "500 items, %d questions" % len(qs)
    return t


@task("L3-F3-test-voice")
def t_test_voice(rng, nrng):
    t = Task("L3-F3-test-voice", "test", 3, 3, "3.1", 30)
    labels = ["查话费", "办套餐", "查流量", "报故障", "转人工"]
    slices = {"普通话": 45, "粤语口音": 15, "川渝口音": 15, "老年用户": 15, "嘈杂环境": 10}
    quality = {"普通话": 0.93, "粤语口音": 0.8, "川渝口音": 0.83, "老年用户": 0.72, "嘈杂环境": 0.76, "转人工": 0.9}
    conf = {"查话费": ["查流量"], "查流量": ["查话费"], "办套餐": ["查流量"], "报故障": ["转人工"], "转人工": ["报故障"]}
    voice = {"查话费": ["我这个月话费多少", "帮我查一下话费余额", "还剩多少钱", "话费扣了多少"],
             "办套餐": ["我想换个便宜点的套餐", "有没有流量多的套餐", "办个宽带套餐", "套餐能改吗"],
             "查流量": ["流量还剩多少", "这个月流量用了多少", "查下流量", "流量超了没有"],
             "报故障": ["家里宽带上不了网", "手机没信号", "电视盒子连不上", "网速特别慢"],
             "转人工": ["转人工", "我要找客服", "人工服务", "让真人来接"]}
    specs = ["accuracy", "macro_f1", "recall:转人工", "f1:报故障", "worst_slice_by:accuracy"]
    qs = cls_test_task(t, rng, nrng, labels, 400, slices, quality, conf, specs,
                       text_fn=lambda r, g: r.choice(voice[g]),
                       weak_changes={"q5": other_slice(slices), "q2": lambda v: r4(v - 0.04)})
    zq, eq = q_texts(qs)
    t.title = bi("语音助手使用数据监控：找出最差人群", "Monitor a voice assistant: find the worst user group")
    t.instructions = bi(
        "运营商的语音助手上线后，监控平台抽取了 400 条带人工复核结果的使用记录（语音转写文本、复核后的真实意图、模型给出的各意图概率），"
        "按用户群体分为 5 个切片。预测为概率最大的意图（并列时取列表中靠前的）。请计算以下数据，用于使用数据分析报告和优化需求："
        + zq + "。" + TEST_RULE_ZH,
        "After launch, the operator's voice assistant was monitored on 400 usage records checked by people (transcript, "
        "checked intent, the model's probabilities), in 5 slices by user group. The prediction is the most probable "
        "intent (ties: the one listed first). Compute, for the usage-analysis report and the optimisation request: " + eq
        + ". " + TEST_RULE_EN)
    t.summary = "Monitor a voice assistant's outputs; find the worst user group"
    t.count = "400 items, %d questions" % len(qs)
    return t


@task("L2-F3-test-release")
def t_test_release(rng, nrng):
    t = Task("L2-F3-test-release", "test", 2, 3, "3.2", 35)
    labels = ["非投诉", "投诉"]
    slices = {"家电": 30, "手机数码": 30, "服饰": 25, "生鲜": 15}
    quality = {"家电": 0.92, "手机数码": 0.9, "服饰": 0.9, "生鲜": 0.78, "投诉": 0.88, "非投诉": 1.06}
    specs = ["accuracy", "precision:投诉", "recall:投诉", "f1:投诉", "worst_slice_by:accuracy"]
    qs = cls_test_task(t, rng, nrng, labels, 600, slices, quality, {}, specs,
                       text_fn=lambda r, g: message(r, "投诉" if g == "投诉" else r.choice([x for x in INTENTS if x != "投诉"])),
                       threshold=0.5, positive="投诉", weights=[82, 18],
                       weak_changes={"q2": lambda v: r4(v - 0.05), "q5": other_slice(slices)})
    zq, eq = q_texts(qs)
    t.title = bi("投诉识别模型上线验收测试", "Release test of a complaint detector")
    t.instructions = bi(
        "需求方要求新版投诉识别模型上线前，投诉的召回率不低于 0.80、精确率不低于 0.70，且任何品类的准确率不得明显低于其他品类。"
        "测试集 600 条（真实标签、模型给出的“投诉”概率、所属品类）。判定规则：“投诉”概率 ≥ 0.5 判为投诉，否则为非投诉。"
        "请计算：" + zq + "，据此判断能否上线。" + TEST_RULE_ZH,
        "Before release, the business requires the new complaint detector to reach recall ≥ 0.80 and precision ≥ 0.70 on "
        "complaints, with no product line clearly worse than the others. The test set has 600 messages (true label, the "
        "model's probabilities, product line). Rule: a 投诉 probability ≥ 0.5 means complaint, else not. Compute " + eq
        + ", and decide whether it can ship. " + TEST_RULE_EN)
    t.summary = "Release test of a binary complaint detector at threshold 0.5, per product line"
    t.count = "600 items, %d questions" % len(qs)
    return t


@task("L1-F3-test-platform")
def t_test_platform(rng, nrng):
    t = Task("L1-F3-test-platform", "test", 1, 3, "3.2", 35)
    labels = ["咨询", "办理", "投诉", "建议", "表扬"]
    slices = {"银行": 30, "保险": 25, "证券": 20, "电信": 15, "政务": 10}
    quality = {"银行": 0.9, "保险": 0.86, "证券": 0.82, "电信": 0.88, "政务": 0.7, "建议": 0.8}
    conf = {"建议": ["投诉", "咨询"], "投诉": ["建议"], "咨询": ["办理"], "办理": ["咨询"], "表扬": ["建议"]}
    specs = ["accuracy", "macro_f1", "macro_recall", "f1:建议", "recall:投诉", "worst_slice_by:accuracy"]
    qs = cls_test_task(t, rng, nrng, labels, 800, slices, quality, conf, specs, weights=[40, 25, 15, 12, 8],
                       weak_changes={"q2": lambda v: r4(v + 0.06), "q3": lambda v: r4(v - 0.03)})
    zq, eq = q_texts(qs)
    t.title = bi("通用工单分类平台的跨行业回归测试", "Cross-industry regression test of a ticket-classification platform")
    t.instructions = bi(
        "公司把工单分类方法沉淀为平台，同一模型服务银行、保险、证券、电信、政务五个行业的客户。平台发布新版本前，需要在 800 条跨行业回归测试集上"
        "复核各项指标（每条给出真实类别、模型各类别概率和所属行业）。预测为概率最大的类别（并列时取列表中靠前的）。请计算：" + zq + "。"
        + TEST_RULE_ZH,
        "The company turned its ticket-classification method into a platform: one model serves clients in banking, "
        "insurance, securities, telecoms and government. Before a new platform version ships, check its figures on an "
        "800-item cross-industry regression set (true class, the model's probabilities, industry). The prediction is the "
        "most probable class (ties: the one listed first). Compute " + eq + ". " + TEST_RULE_EN)
    t.summary = "Regression-test a multi-industry classifier platform: macro metrics, worst industry"
    t.count = "800 items, %d questions" % len(qs)
    return t


def det_items(rng, nrng, labels, n_img, per_label, w, h, box_size):
    """
    Detection outputs of controlled quality. per_label: {label: (mean boxes per image, recall, jitter, fp rate)}.
    Returns items [{"id", "gold", "detections"}].
    """
    items = []
    for i in range(n_img):
        gold, dets = [], []
        for lab, (mean, rec, jit, fpr) in per_label.items():
            for _ in range(nrng.poisson(mean)):
                bw, bh = rng.uniform(*box_size[lab][0]), rng.uniform(*box_size[lab][1])
                x, y = rng.uniform(0, w - bw), rng.uniform(0, h - bh)
                g = {"x": round(x, 1), "y": round(y, 1), "w": round(bw, 1), "h": round(bh, 1), "label": lab}
                gold.append(g)
                if rng.random() < rec:
                    dx, dy = rng.gauss(0, jit * bw), rng.gauss(0, jit * bh)
                    sw, sh = bw * math.exp(rng.gauss(0, jit)), bh * math.exp(rng.gauss(0, jit))
                    dets.append({"x": round(x + dx, 1), "y": round(y + dy, 1), "w": round(sw, 1), "h": round(sh, 1),
                                 "label": lab, "score": round(rng.uniform(0.45, 0.99), 3)})
                    if rng.random() < 0.08:  # a duplicate with a lower score
                        dets.append({"x": round(x + dx + 3, 1), "y": round(y + dy - 2, 1), "w": round(sw * 1.1, 1),
                                     "h": round(sh * 0.95, 1), "label": lab, "score": round(rng.uniform(0.2, 0.5), 3)})
            if rng.random() < fpr:  # a false detection
                bw, bh = rng.uniform(*box_size[lab][0]), rng.uniform(*box_size[lab][1])
                dets.append({"x": round(rng.uniform(0, w - bw), 1), "y": round(rng.uniform(0, h - bh), 1), "w": round(bw, 1),
                             "h": round(bh, 1), "label": lab, "score": round(rng.uniform(0.05, 0.75), 3)})
        rng.shuffle(dets)
        items.append({"id": "img%03d" % (i + 1), "gold": gold, "detections": dets})
    return items


def det_test_task(t, rng, nrng, labels, items, specs, weak_changes):
    qs = test_questions(specs)
    t.items = items
    t.params = {"mode": "detection", "labels": labels, "questions": qs}
    t.gold = {}
    ap, ap50, ap75, per = coco_eval(items, labels)
    ans = {}
    for q in qs:
        m = q["metric"]
        if m == "ap":
            ans[q["id"]] = r4(ap)
        elif m == "ap50":
            ans[q["id"]] = r4(ap50)
        elif m == "ap75":
            ans[q["id"]] = r4(ap75)
        elif m.startswith("ap:"):
            ans[q["id"]] = r4(per[m[3:]])
        elif m == "worst_label_by:ap":
            ans[q["id"]] = min(labels, key=lambda l: (per[l], labels.index(l)))
    t.sub_gold = dict(ans)
    weak = dict(ans)
    for qid, fn in weak_changes.items():
        weak[qid] = fn(ans[qid])
    t.sub_weak = weak
    t.scoring = {"metric": "correct_share", "zero_at": 0.2, "full_at": 1.0}
    return qs


DET_RULE_ZH = ("AP 按 COCO 评测（pycocotools COCOeval，bbox）的口径计算：IoU 阈值 0.50:0.05:0.95，101 个召回率点插值，"
               "每张图每类最多取得分最高的 100 个检测框，IoU 等于阈值即算匹配，没有标准框的类别不参与平均。")
DET_RULE_EN = ("AP follows the COCO evaluation (pycocotools COCOeval, bbox): IoU thresholds 0.50:0.05:0.95, precision "
               "interpolated at 101 recall points, at most the 100 highest-scoring detections per image and class, IoU equal "
               "to the threshold matches, classes without gold boxes left out of the mean.")


@task("L2-F2-test-det")
def t_test_det(rng, nrng):
    t = Task("L2-F2-test-det", "test", 2, 2, "2.2", 40)
    labels = ["小汽车", "公交车", "卡车", "行人"]
    per = {"小汽车": (2.0, 0.93, 0.05, 0.3), "公交车": (0.5, 0.95, 0.04, 0.1), "卡车": (0.6, 0.88, 0.07, 0.2),
           "行人": (1.4, 0.78, 0.08, 0.4)}
    size = {"小汽车": ((40, 90), (25, 45)), "公交车": ((100, 160), (45, 70)), "卡车": ((80, 140), (45, 65)),
            "行人": ((10, 22), (28, 60))}
    items = det_items(rng, nrng, labels, 150, per, 640, 480, size)
    specs = ["ap", "ap50", "ap75", "ap:行人", "ap:卡车", "worst_label_by:ap"]
    qs = det_test_task(t, rng, nrng, labels, items, specs,
                       {"q1": lambda v: r4(v + 0.04), "q5": lambda v: r4(v - 0.03)})
    zq, eq = q_texts(qs)
    n_g = sum(len(i["gold"]) for i in items)
    n_d = sum(len(i["detections"]) for i in items)
    t.title = bi("车辆行人检测模型测试方案执行", "Run the test plan of a vehicle and pedestrian detector")
    t.instructions = bi(
        "按测试方案，需要在 150 张道路图片（640×480）的测试集上评估检测模型。每张图给出标准框（gold）和模型输出的检测框及置信度（detections）。"
        + DET_RULE_ZH + "请计算：" + zq + "。" + TEST_RULE_ZH,
        "By the test plan, evaluate the detector on a test set of 150 street images (640×480). Each image gives the gold "
        "boxes and the model's detections with scores. " + DET_RULE_EN + " Compute " + eq + ". " + TEST_RULE_EN)
    t.summary = "COCO AP of a vehicle/pedestrian detector; find the worst class"
    t.count = "150 images, %d gold boxes, %d detections, %d questions" % (n_g, n_d, len(qs))
    return t


@task("L1-F2-test-defect")
def t_test_defect(rng, nrng):
    t = Task("L1-F2-test-defect", "test", 1, 2, "2.2", 40)
    labels = ["划痕", "凹坑", "污渍", "裂纹", "缺件"]
    per = {"划痕": (1.0, 0.85, 0.09, 0.35), "凹坑": (0.6, 0.9, 0.06, 0.2), "污渍": (0.8, 0.8, 0.09, 0.4),
           "裂纹": (0.5, 0.72, 0.1, 0.3), "缺件": (0.3, 0.95, 0.04, 0.05)}
    size = {"划痕": ((30, 120), (6, 20)), "凹坑": ((12, 30), (12, 30)), "污渍": ((20, 70), (20, 60)),
            "裂纹": ((8, 24), (40, 120)), "缺件": ((40, 80), (40, 80))}
    items = det_items(rng, nrng, labels, 240, per, 512, 512, size)
    specs = ["ap", "ap50", "ap75", "ap:裂纹", "ap:污渍", "ap:缺件", "worst_label_by:ap"]
    qs = det_test_task(t, rng, nrng, labels, items, specs,
                       {"q3": lambda v: r4(v + 0.05), "q7": lambda v: "污渍" if v != "污渍" else "划痕"})
    zq, eq = q_texts(qs)
    n_g = sum(len(i["gold"]) for i in items)
    n_d = sum(len(i["detections"]) for i in items)
    t.title = bi("工业质检视觉系统全面测试", "Full test of an industrial inspection vision system")
    t.instructions = bi(
        "产线视觉质检系统由多个检测模块组成，现对其缺陷检测模块做全面测试：测试集 240 张工件图片（512×512），5 类缺陷。"
        "每张图给出标准框（gold）和模型的检测框及置信度（detections）。" + DET_RULE_ZH + "请计算：" + zq + "，"
        "并据此确定下一轮数据补充的重点类别。" + TEST_RULE_ZH,
        "A production-line inspection system consists of several detection modules; test its defect module fully: 240 "
        "part images (512×512), 5 defect classes. Each image gives the gold boxes and the model's detections with scores. "
        + DET_RULE_EN + " Compute " + eq + ", and decide which class the next round of data should focus on. " + TEST_RULE_EN)
    t.summary = "COCO AP per defect class of an inspection detector; worst class"
    t.count = "240 images, %d gold boxes, %d detections, %d questions" % (n_g, n_d, len(qs))
    return t


# ---------------------------------------------------------------------------
# Hyper-parameter tuning datasets (tune)
# ---------------------------------------------------------------------------

def tune_rows(rng, labels, sizes, gen, label_noise):
    """sizes: {split: {label: n}}; gen(rng, label, split) -> text. Returns (items, test)."""
    items, test, seen = [], [], set()
    for split, per in sizes.items():
        for lab, n in per.items():
            k = 0
            while k < n:
                s = gen(rng, lab, split)
                if s in seen:
                    continue
                seen.add(s)
                k += 1
                shown = lab
                if split == "train" and rng.random() < label_noise:
                    shown = rng.choice([l for l in labels if l != lab])
                if split == "test":
                    test.append({"text": s, "label": lab})
                else:
                    items.append({"text": s, "label": shown, "split": split})
    rng.shuffle(items)
    rng.shuffle(test)
    for i, it in enumerate(items):
        it["id"] = "s%04d" % (i + 1)
    return [{"id": it["id"], "text": it["text"], "label": it["label"], "split": it["split"]} for it in items], test


TUNE_RULE_ZH = ("可调参数：学习率 learning_rate（1e-6–5）、训练轮数 epochs（1–100）、L2 正则 l2（0–0.1）、字符 n-gram 范围 ngram_min–ngram_max（1–5）、"
                "类别权重 class_weight（none 或 balanced）、哈希位数 hash_bits（10–20）%s。每次训练都会显示损失曲线和验证集宏平均 F1，"
                "可反复尝试；训练过程是确定的（同样的参数得到同样的模型）。提交后系统用同样的参数重新训练，在隐藏的测试集上计算宏平均 F1 计分，")
TUNE_RULE_EN = ("Settings: learning_rate (1e-6–5), epochs (1–100), l2 (0–0.1), the character n-gram range ngram_min–ngram_max "
                "(1–5), class_weight (none or balanced), hash_bits (10–20)%s. Each run shows the loss curve and the validation "
                "macro-F1; try as often as you like; training is deterministic (the same settings give the same model). After you "
                "submit, the same settings are trained again and scored by macro-F1 on a hidden test split: ")


@task("L3-F2-tune-intent")
def t_tune_intent(rng, nrng):
    t = Task("L3-F2-tune-intent", "tune", 3, 2, "2.2", 30)
    labels = list(INTENTS)
    # each intent keeps a third of its phrasings out of the training split, so generalising matters
    held = {lab: set(rng.sample(range(len(INTENTS[lab])), (len(INTENTS[lab]) * 2) // 5)) for lab in labels}

    def gen(r, lab, split):
        temps = [tp for i, tp in enumerate(INTENTS[lab]) if (i not in held[lab]) or split != "train"]
        return message(r, lab, temps, noise=0.4)

    train = {"物流查询": 200, "退货退款": 170, "修改地址": 60, "发票": 30, "商品咨询": 160, "投诉": 70, "优惠活动": 90, "账号问题": 28}
    valid = {lab: max(10, n // 4) for lab, n in train.items()}
    test = {lab: 40 for lab in labels}
    items, test_rows = tune_rows(rng, labels, {"train": train, "valid": valid, "test": test}, gen, 0.08)
    t.params = {"labels": labels, "defaults": dict(TUNE_START["L3-F2-tune-intent"])}
    t.items = items
    t.gold = {"test": test_rows}
    t.sub_gold = {"hyper": dict(TUNE_BEST["L3-F2-tune-intent"])}
    t.sub_weak = {"hyper": {"learning_rate": 0.1, "epochs": 5, "l2": 0.001, "ngram_min": 1, "ngram_max": 1,
                            "class_weight": "none", "threshold": None, "hash_bits": 14}}
    z, f = TUNE_SCALE["L3-F2-tune-intent"]
    t.title = bi("意图分类模型调参", "Tune an intent classifier")
    t.instructions = bi(
        "用平台内置的文本分类器（基于字符 n-gram 的多项逻辑回归）训练客服意图识别模型。训练集 %d 条、验证集 %d 条，8 个意图的样本数很不均衡，"
        "训练集里有少量标错的样本，而且测试集里有一部分说法在训练集中没有出现过。工作台的初始参数是同事第一次尝试的设置，效果很差。"
        "请调整超参数，让模型在各意图上都表现好。"
        % (sum(train.values()), sum(valid.values())) + TUNE_RULE_ZH % "" + "%.2f 及以下为 0 分，%.2f 及以上为满分，其间按线性折算。" % (z, f),
        "Train the customer-intent model with the platform's built-in text classifier (multinomial logistic regression on "
        "character n-grams). The training split holds %d messages and the validation split %d; the 8 intents are very "
        "unbalanced, a few training labels are wrong, and part of the test wording never occurs in training. The workbench "
        "starts from a colleague's first attempt, which does poorly. Tune the "
        "hyper-parameters so the model does well on every intent. " % (sum(train.values()), sum(valid.values()))
        + TUNE_RULE_EN % "" + "%.2f or less scores 0, %.2f or more scores 100, linear in between." % (z, f))
    t.scoring = {"metric": "macro_f1", "zero_at": z, "full_at": f}
    t.summary = "Tune the built-in classifier on unbalanced, noisy intent data"
    t.count = "%d train + %d valid, %d hidden test" % (sum(train.values()), sum(valid.values()), len(test_rows))
    return t


COMPLAINT_SUBTLE = ["这已经是第三次了", "你们到底管不管", "说好的承诺呢", "太不负责任了", "我很不满意你们的处理", "这事没完"]
FRUSTRATION = ["太慢了吧", "怎么回事啊", "急死了", "有点失望", "能不能快点", "等好久了", "怎么这么麻烦"]
COMPLAINT_EXTRA = ["再不给我处理我就去消协投诉", "必须给我一个说法", "我要求赔偿", "你们就是在敷衍我", "我已经在网上曝光了",
                   "这种服务态度真让人失望透顶，必须投诉", "等了一个星期没人理，太过分了", "你们经理电话多少，我要投诉到底"]


@task("L2-F2-tune-complaint")
def t_tune_complaint(rng, nrng):
    t = Task("L2-F2-tune-complaint", "tune", 2, 2, "2.2", 35)
    labels = ["非投诉", "投诉"]
    others = [x for x in INTENTS if x != "投诉"]

    def gen(r, lab, split):
        if lab == "投诉":
            x = r.random()
            if x < 0.3:
                base = message(r, r.choice(others), noise=0.2).rstrip("。？！?，")
                return base + "，" + r.choice(COMPLAINT_EXTRA)
            if x < 0.6:
                base = message(r, r.choice(others), noise=0.2).rstrip("。？！?，")
                return base + "，" + r.choice(COMPLAINT_SUBTLE)
            return message(r, "投诉", noise=0.25)
        base = message(r, r.choice(others), noise=0.25)
        if r.random() < 0.3:
            return base.rstrip("。？！?，") + "，" + r.choice(FRUSTRATION)
        return base

    items, test_rows = tune_rows(rng, labels, {"train": {"非投诉": 900, "投诉": 110}, "valid": {"非投诉": 220, "投诉": 30},
                                               "test": {"非投诉": 260, "投诉": 40}}, gen, 0.04)
    t.params = {"labels": labels, "defaults": dict(TUNE_START["L2-F2-tune-complaint"])}
    t.items = items
    t.gold = {"test": test_rows}
    t.sub_gold = {"hyper": dict(TUNE_BEST["L2-F2-tune-complaint"])}
    t.sub_weak = {"hyper": {"learning_rate": 0.1, "epochs": 10, "l2": 0.0001, "ngram_min": 1, "ngram_max": 2,
                            "class_weight": "none", "threshold": None, "hash_bits": 16}}
    z, f = TUNE_SCALE["L2-F2-tune-complaint"]
    t.title = bi("投诉预警模型参数调优", "Tune a complaint early-warning model")
    t.instructions = bi(
        "为客服中心设计投诉预警：从用户消息中识别投诉（正类“投诉”约占 11%）。漏掉投诉的代价很高，但误报太多也会让坐席忽略预警。"
        "工作台的初始参数是同事第一次尝试的设置。请制定调参方案并调优内置文本分类器，兼顾两类的表现。" + TUNE_RULE_ZH % "，以及二分类阈值 threshold（“投诉”概率达到阈值即判为投诉；不设则取概率较大的类）"
        + "%.2f 及以下为 0 分，%.2f 及以上为满分，其间按线性折算。" % (z, f),
        "Design a complaint early warning for a contact centre: detect complaints (投诉, about 11% of messages). Missing a "
        "complaint is costly, but too many false alarms make agents ignore the warning. The workbench starts from a "
        "colleague's first attempt. Plan the tuning and tune the "
        "built-in classifier so that both classes do well. " + TUNE_RULE_EN % ", and the decision threshold (a 投诉 "
        "probability at or above it means complaint; unset: the more probable class)" + "%.2f or less scores 0, %.2f or "
        "more scores 100, linear in between." % (z, f))
    t.scoring = {"metric": "macro_f1", "zero_at": z, "full_at": f}
    t.summary = "Tune class weights and threshold of a binary complaint detector (11% positives)"
    t.count = "1010 train + 250 valid, 300 hidden test"
    return t


# The best settings by validation macro-F1 in a grid search with the built-in trainer (aitcert grade over
# learning rates, epochs, l2, n-gram ranges, class weights and thresholds); the scale puts the starting
# settings near 0 and these at 100.
TUNE_BEST = {
    "L3-F2-tune-intent": {"learning_rate": 0.1, "epochs": 3, "l2": 1e-05, "ngram_min": 1, "ngram_max": 2,
                          "class_weight": "balanced", "threshold": None, "hash_bits": 18},
    "L2-F2-tune-complaint": {"learning_rate": 0.3, "epochs": 30, "l2": 0.001, "ngram_min": 1, "ngram_max": 2,
                             "class_weight": "none", "threshold": 0.4, "hash_bits": 18},
}
TUNE_START = {  # the workbench's starting settings: a colleague's first attempt
    "L3-F2-tune-intent": {"learning_rate": 0.02, "epochs": 3, "l2": 0.001, "ngram_min": 1, "ngram_max": 1,
                          "class_weight": "none", "threshold": None, "hash_bits": 12},
    "L2-F2-tune-complaint": {"learning_rate": 0.05, "epochs": 5, "l2": 0.001, "ngram_min": 1, "ngram_max": 1,
                             "class_weight": "none", "threshold": None, "hash_bits": 14},
}
TUNE_SCALE = {"L3-F2-tune-intent": (0.5, 0.9), "L2-F2-tune-complaint": (0.8, 0.94)}


# ---------------------------------------------------------------------------
# Deliverables rated by a rubric, with an optional automatic check (upload)
# ---------------------------------------------------------------------------

def rubric(*rows):
    out = [{"id": "c%d" % (i + 1), "criterion": {"zh": zh, "en": en}, "points": p} for i, (zh, en, p) in enumerate(rows)]
    assert sum(r["points"] for r in out) == 100
    return out


def upload_files(*names):
    types = {"pdf": "application/pdf", "csv": "text/csv", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    out = []
    for n in names:
        data = ("demo deliverable " + n).encode()
        out.append({"name": n, "type": types[n.rsplit(".", 1)[1]], "size": 20000 + 97 * len(n),
                    "sha256": hashlib.sha256(data).hexdigest()})
    return out


RUBRIC_NOTE_ZH = "本任务由评分员按评分细则评分（至少 3 名，取平均），提交后成绩显示为“待评”。请提交 PDF 文件。"
RUBRIC_NOTE_EN = "Raters score this task by the rubric (at least 3, averaged); after you submit, the result shows as pending. Submit a PDF file."


@task("L3-F2-upload-spec")
def t_upload_spec(rng, nrng):
    t = Task("L3-F2-upload-spec", "upload", 3, 2, "2.1", 40)
    cols = [{"name": "样本ID", "type": "text"}, {"name": "文本", "type": "text"}, {"name": "标签", "type": "category"},
            {"name": "标注员", "type": "category"}, {"name": "标注日期", "type": "date"}]
    names = [c["name"] for c in cols]
    variants = {"正面": ["正面", "积极", "好评", "positive"], "负面": ["负面", "消极", "差评", "negative"], "中性": ["中性", "一般", "neutral"]}
    gold, messy, weak, seen = [], [], [], set()
    for i in range(80):
        while True:
            text, lab = review_sentiment(rng)
            if text not in seen:
                seen.add(text)
                break
        sid = "R%04d" % (2001 + i)
        y, m, d = rand_date(rng, 2024, 2024, 9, 10)
        who = rng.choice(["张敏", "李强", "王芳", "赵磊"])
        gold.append([sid, text, lab, who, date_iso(y, m, d)])
        messy.append([sid, text, rng.choice(variants[lab]), who, messy_date(rng, y, m, d, 0.1)])
        weak.append([sid, text, lab, who, messy[-1][4]])
    extra = []
    for k in range(8):  # the same text collected twice under a new id: keep the first
        j = rng.randrange(len(gold))
        dup = list(messy[j])
        dup[0] = "R%04d" % (3001 + k)
        extra.append(dup)
    for k in range(5):  # nothing to label
        extra.append(["R%04d" % (3101 + k), rng.choice(["", "[图片]", "。。。", "11111", "默认好评"]), rng.choice(["正面", "中性"]),
                      rng.choice(["张敏", "李强"]), "2024-09-15"])
    for row in extra:
        messy.insert(rng.randrange(len(messy) + 1), row)
        if row[0] < "R3100" and rng.random() < 0.6:
            weak.append(list(row))
    t.items = [{"id": "sample", "columns": names, "rows": messy}]
    t.params = {"required": [{"pattern": "*.pdf"}, {"pattern": "*.csv"}],
                "check": {"kind": "table", "key": "样本ID", "columns": cols}}
    t.gold = {"columns": names, "rows": gold}
    t.scoring = {"metric": "row_f1", "zero_at": 0.8, "full_at": 1.0, "rubric": rubric(
        ("清洗流程完整：去重、无效样本、标签归一、格式统一各有明确步骤和判定条件",
         "Complete cleaning flow: de-duplication, invalid samples, label normalisation and formats each have clear steps and tests", 25),
        ("标注规范清晰：类别定义互斥、覆盖全面，边界案例（混合评价、反讽、无评价）有示例和判定",
         "Clear labelling guideline: exclusive, exhaustive class definitions; border cases (mixed, ironic, no judgement) with examples and rulings", 30),
        ("质检与验收：抽检比例、一致性指标（如 Kappa）、合格线和返工规则明确",
         "Quality control and acceptance: sampling rate, agreement measure (e.g. kappa), pass mark and rework rules", 20),
        ("可执行：流程图或步骤表、角色分工、工具和交付格式", "Actionable: flow chart or step table, roles, tools and delivery format", 15),
        ("文档结构清楚、术语统一、无明显错误", "Clear structure, consistent terms, no obvious errors", 10))}
    t.sub_gold = {"files": upload_files("情感标注数据清洗与标注规范.pdf", "cleaned.csv"), "table": {"columns": names, "rows": gold}}
    t.sub_weak = {"files": upload_files("规范初稿.docx", "cleaned.csv"), "table": {"columns": names, "rows": weak}}
    t.title = bi("制定数据清洗和标注规范", "Write a data-cleaning and labelling specification")
    t.instructions = bi(
        "团队要为商品评价情感分析（正面/负面/中性）批量生产训练数据。请：（1）编写《数据清洗与标注规范》（PDF），包括清洗流程、类别定义与边界案例、"
        "质检与验收标准；（2）按你的规范清洗所附的 %d 条样例数据，导出 CSV 一并提交（列：样本ID、文本、标签、标注员、标注日期）。" % len(messy) +
        "样例数据的清洗至少要做到：同一文本重复采集的只保留第一条；空文本、占位符和无实际内容的样本删除；标签统一为“正面”“负面”“中性”；日期统一为 YYYY-MM-DD。"
        "CSV 由系统自动检查（按样本ID对齐的行 F1，作为参考分），规范文档由评分员按细则评分。" + RUBRIC_NOTE_ZH.replace("请提交 PDF 文件。", ""),
        "The team will produce training data for review sentiment (positive/negative/neutral) at scale. (1) Write the "
        "data-cleaning and labelling specification (PDF): cleaning flow, class definitions with border cases, quality control "
        "and acceptance; (2) clean the attached %d sample rows by your specification and submit them as a CSV too (columns " % len(messy) +
        "样本ID, 文本, 标签, 标注员, 标注日期). The sample must at least: keep only the first of texts collected twice; delete "
        "empty texts, placeholders and samples without content; labels as 正面, 负面, 中性; dates as YYYY-MM-DD. The CSV is "
        "checked automatically (row F1 on the sample id, reported as a reference score); raters score the specification by "
        "the rubric. " + RUBRIC_NOTE_EN.replace(" Submit a PDF file.", ""))
    t.summary = "Write a cleaning/labelling spec (rubric) and apply it to a sample CSV (automatic check)"
    t.count = "%d sample rows → %d; rubric 5 criteria" % (len(messy), len(gold))
    return t


def rubric_task(t, title, instructions, required, crit, summary, weak_files):
    t.title = title
    t.instructions = instructions
    t.items = []
    t.params = {"required": [{"pattern": p} for p in required]}
    t.gold = {}
    t.scoring = {"rubric": rubric(*crit)}
    t.sub_gold = {"files": upload_files(*("%s.pdf" % title["zh"] if p == "*.pdf" else "附件.csv" for p in required))}
    t.sub_weak = {"files": upload_files(*weak_files)}
    t.summary = summary
    t.count = "rubric %d criteria" % len(crit)


@task("L3-F4-upload-handout")
def t_upload_handout(rng, nrng):
    t = Task("L3-F4-upload-handout", "upload", 3, 4, "4.1", 40)
    rubric_task(
        t, bi("图像拉框标注培训讲义", "Training handout: box annotation"),
        bi("为新入职的五级标注员编写一份《图像拉框标注》培训讲义（不少于 6 页），课时 2 小时。讲义应包括：培训目标；拉框标注的基本概念（类别、矩形框、IoU）；"
           "标注规范要点（贴边、截断目标、遮挡、小目标、不标注的对象）；标注工具的操作步骤和快捷键；正反案例各不少于 5 个；课堂练习和考核方式。" + RUBRIC_NOTE_ZH,
           "Write a handout for newly hired level-5 annotators on box annotation of images (at least 6 pages, a 2-hour "
           "session): aims; the basic ideas (labels, rectangles, IoU); the main rules (tight edges, truncated objects, "
           "occlusion, small objects, what not to label); the tool's steps and shortcuts; at least 5 good and 5 bad "
           "examples; class exercises and how learning is assessed. " + RUBRIC_NOTE_EN),
        ["*.pdf"],
        [("培训目标明确，与五级标注员的岗位要求对应", "Aims are clear and match the level-5 annotator's job", 15),
         ("内容准确：概念、规范要点和工具操作正确、完整", "Accurate content: concepts, rules and tool steps correct and complete", 30),
         ("案例和练习：正反案例典型，练习可操作并附答案", "Examples and exercises: typical good and bad cases; workable exercises with answers", 25),
         ("考核方式：有明确的考核题目或实操标准和合格线", "Assessment: clear test items or practical criteria and a pass mark", 15),
         ("结构清晰、图文并茂、适合初级人员阅读", "Clear structure, illustrated, readable for beginners", 15)],
        "Write a training handout for level-5 annotators (rubric)", ["讲义.docx"])
    return t


@task("L2-F4-upload-plan")
def t_upload_plan(rng, nrng):
    t = Task("L2-F4-upload-plan", "upload", 2, 4, "4.1", 40)
    rubric_task(
        t, bi("标注团队年度培训计划", "Annual training plan for an annotation team"),
        bi("某数据服务公司有五级至三级标注和质检人员 60 人，明年将承接大模型对话数据的标注业务。请编写年度培训计划（PDF），包括：培训需求分析"
           "（岗位能力差距、业务变化）；分级分类的课程设置与课时；培训方式与资源（讲授、案例研讨、带教、线上）；培训效果评估方案"
           "（如反应、学习、行为、结果四个层次，指标和数据来源）；进度安排、预算与保障措施。" + RUBRIC_NOTE_ZH,
           "A data-services company has 60 annotators and checkers of levels 5 to 3 and will take on labelling of dialogue "
           "data for large language models next year. Write the annual training plan (PDF): needs analysis (skill gaps, "
           "business change); courses and hours by level and role; methods and resources (lectures, case workshops, "
           "mentoring, online); how the effect is evaluated (e.g. reaction, learning, behaviour, results, with measures and "
           "data sources); schedule, budget and support. " + RUBRIC_NOTE_EN),
        ["*.pdf"],
        [("需求分析有数据支撑，能对应岗位能力差距和业务变化", "Needs analysis backed by data, tied to skill gaps and business change", 20),
         ("课程设置分级分类合理，课时和内容匹配", "Courses sensibly graded by level and role, hours matching content", 25),
         ("培训方式与资源可行，有师资和教材安排", "Feasible methods and resources, with trainers and materials", 20),
         ("效果评估方案完整：层次、指标、方法和时间点明确", "Complete evaluation: levels, measures, methods and timing", 25),
         ("进度、预算和保障措施具体", "Concrete schedule, budget and support", 10)],
        "Write an annual training plan with an evaluation design (rubric)", ["培训计划.pdf"])
    t.sub_weak["files"] = upload_files("培训计划.docx")
    return t


@task("L1-F1-upload-reengineering")
def t_upload_reengineering(rng, nrng):
    t = Task("L1-F1-upload-reengineering", "upload", 1, 1, "1.2", 40)
    rubric_task(
        t, bi("数据标注业务流程再造方案", "Re-engineering the annotation process"),
        bi("某标注中心目前采用“人工逐条标注—两级人工质检”的流程，人均日产 600 条，返工率 12%，交付周期 10 天，客户要求交付周期缩短到 4 天、质量不降。"
           "请提交业务流程再造方案（PDF）：现状诊断（瓶颈和数据）；再造后的流程（如模型预标注、主动学习选样、人机协同质检、自动化校验）；"
           "组织和岗位调整；效益测算（产能、周期、成本、质量）；风险、试点和分阶段实施路径。" + RUBRIC_NOTE_ZH,
           "An annotation centre works by manual item-by-item labelling followed by two levels of manual checking: 600 items "
           "per person-day, 12% rework, 10-day delivery; the client wants 4 days at no loss of quality. Submit a process "
           "re-engineering proposal (PDF): diagnosis (bottlenecks and figures); the new process (e.g. model pre-labelling, "
           "active-learning sample selection, human-machine quality control, automatic validation); changes to roles; "
           "estimated benefits (throughput, lead time, cost, quality); risks, a pilot and a phased path. " + RUBRIC_NOTE_EN),
        ["*.pdf"],
        [("现状诊断准确，瓶颈有数据支撑", "Accurate diagnosis, bottlenecks backed by figures", 25),
         ("再造方案有创新且可行，人机分工清楚", "Innovative yet feasible new process with a clear human-machine split", 30),
         ("效益测算方法合理、口径一致", "Sound benefit estimates with consistent definitions", 20),
         ("风险识别、试点和实施路径完整", "Complete risks, pilot and implementation path", 15),
         ("结构清晰、表达专业", "Clear structure, professional writing", 10)],
        "Re-engineer an annotation process (rubric)", [])
    return t


@task("L1-F4-upload-system")
def t_upload_system(rng, nrng):
    t = Task("L1-F4-upload-system", "upload", 1, 4, "4.1", 40)
    rubric_task(
        t, bi("人工智能训练师培训体系规划", "Training system for AI trainers"),
        bi("请为一家拥有 300 名人工智能训练师（五级至二级）的企业规划三年培训体系（PDF）：以国家职业技能标准为依据的能力模型和各等级能力要求；"
           "分级课程体系和学习路径；内部讲师队伍和课程资源建设；培训评估与职业技能等级认定的衔接；面向基层管理者的管理方法培训安排。" + RUBRIC_NOTE_ZH,
           "Plan a three-year training system (PDF) for a company with 300 AI trainers of levels 5 to 2: a competency model "
           "based on the national occupational skill standard with the requirements of each level; graded courses and "
           "learning paths; building internal trainers and course resources; linking training evaluation with skill-level "
           "certification; management-method training for first-line managers. " + RUBRIC_NOTE_EN),
        ["*.pdf"],
        [("能力模型依据标准，各等级要求清楚且递进", "Competency model follows the standard; level requirements clear and progressive", 25),
         ("分级课程体系和学习路径完整、衔接合理", "Complete graded curriculum and learning paths, sensibly linked", 25),
         ("师资和课程资源建设可行", "Feasible plan for trainers and course resources", 15),
         ("评估与等级认定衔接明确", "Clear link between evaluation and certification", 20),
         ("管理方法培训有针对性", "Targeted management-method training", 15)],
        "Plan a multi-level training system (rubric)", ["体系规划.pdf"])
    t.sub_weak["files"] = [{"name": "体系规划.pdf", "type": "application/pdf", "size": 0}]
    return t


# ---------------------------------------------------------------------------
# Checks, README and main
# ---------------------------------------------------------------------------

def load_standard():
    with open(os.path.join(ROOT, "data", "standard", "ai-trainer-4-04-05-05.json"), encoding="utf-8") as f:
        std = json.load(f)
    out = {}
    for lv in std["levels"]:
        for fn in lv["functions"]:
            out[(lv["code"], fn["code"])] = (fn["name"], {c["code"]: c["name"] for c in fn["contents"]})
    return out


def check(t, std):
    """The generator's own checks of a task (the graders validate the rest)."""
    import re
    assert re.fullmatch(r"[A-Za-z0-9._-]{1,64}", t.id), t.id
    assert t.id.startswith("L%d-F%s-%s-" % (t.level, t.function, t.kind)), t.id
    fname, contents = std[(t.level, t.function)]
    assert t.content in contents, (t.id, t.content)
    assert 10 <= t.minutes <= 40, t.id
    assert t.title.get("zh") and t.title.get("en") and t.instructions.get("zh") and t.instructions.get("en"), t.id
    ids = [it["id"] for it in t.items]
    assert len(ids) == len(set(ids)), t.id
    sc = t.scoring
    if "metric" in sc:
        assert sc["zero_at"] != sc["full_at"], t.id
    if "rubric" in sc:
        assert sum(r["points"] for r in sc["rubric"]) == 100, t.id
    assert t.sub_gold is not None and t.sub_weak is not None, t.id
    assert t.sub_gold != t.sub_weak, t.id
    return fname, contents[t.content]


def scoring_text(t):
    sc = t.scoring
    parts = []
    if "metric" in sc:
        parts.append("`%s`: 0 at %s, 100 at %s" % (sc["metric"], sc["zero_at"], sc["full_at"]))
    if "rubric" in sc:
        parts.append("rubric (%d criteria, raters)" % len(sc["rubric"]))
        if "metric" in sc:
            parts[0] = "check " + parts[0] + " (reported as auto_score)"
    return "; ".join(parts)


README_HEAD = """# Demo practical tasks

Original practical tasks for every work function of every level of the standard
人工智能训练师 (4-04-05-05), at least two per function, written for aitcert (issue 3,
item 5). Every directory holds an "aitcert-task/1" manifest (`task.json`, see
`docs/formats/task.md` and `docs/grading.md`), its assets (generated PNG images), and two
submissions used by `tests/api/demo-tasks.test.mjs`:

- `submission-gold.json`: a perfect submission derived from the gold (score 100; for an
  upload task the score is null because raters decide, and its automatic check gives 100);
- `submission-weak.json`: a plausible imperfect submission (a score from 0 to below 100).

Everything here is written by `tools/gen-demo-tasks.py` (`/usr/bin/python3
tools/gen-demo-tasks.py`): texts written for the project and filled from templates with a
generator seeded by the task id, images drawn from rectangles, circles and polygons (so
their boxes are exact), tables with injected errors next to their clean gold, knowledge
bases with held-back user queries, data sets for `tune`, and model outputs of controlled
quality for `test`. Re-running the generator rewrites the same bytes. A package is the
manifest and its assets only (not the submission files), e.g.
`tar -czf L5-F2-box-fruit.tar.gz -C data/tasks/L5-F2-box-fruit task.json img`; `aitcert grade`
also takes the bare `task.json`.

Scoring: `score = clamp((metric - zero_at) / (full_at - zero_at), 0, 1) × 100`. The
thresholds are set so that doing nothing (the starting knowledge base, the raw table, the
classifier's starting settings) scores about 0, a competent candidate 60 to 90, and a
perfect answer 100. Tune tasks were calibrated by a grid search with the built-in trainer;
kb tasks by the starting knowledge base's `baseline_top1_accuracy`.

"""


def write_readme(out, rows, total):
    lines = [README_HEAD]
    lines.append("| Task | Level | Function | Content | Kind | What the candidate does | Time | Scoring | Items |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    rows = sorted(rows, key=lambda r: (-r[0].level, int(r[0].function), r[0].content, r[0].id))
    for t, fname, cname in rows:
        lines.append("| `%s` | %d | %s %s | %s %s | %s | %s | %d min | %s | %s |" % (
            t.id, t.level, t.function, fname["zh"], t.content, cname["zh"], t.kind, t.summary, t.minutes, scoring_text(t),
            t.count))
    lines.append("")
    per = {}
    for t, _, _ in rows:
        per.setdefault((t.level, t.function), []).append(t.kind)
    lines.append("Tasks per level and function: " + "; ".join(
        "L%d F%s: %d" % (lv, fn, len(k)) for (lv, fn), k in sorted(per.items(), key=lambda x: (-x[0][0], x[0][1]))) + ".")
    lines.append("")
    lines.append("%d tasks; %.1f MiB in all (this README included)." % (len(rows), total / 1048576))
    lines.append("")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description="Writes the demo practical tasks into data/tasks.")
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "tasks"), help="output directory (default data/tasks)")
    ap.add_argument("--only", action="append", default=[], help="only tasks whose id starts with this (repeatable)")
    args = ap.parse_args()
    std = load_standard()
    os.makedirs(args.out, exist_ok=True)
    if not args.only:  # a full run replaces every task directory
        for name in os.listdir(args.out):
            p = os.path.join(args.out, name)
            if os.path.isdir(p) and os.path.exists(os.path.join(p, "task.json")):
                shutil.rmtree(p)
    rows = []
    for tid, fn in BUILDERS:
        if args.only and not any(tid.startswith(o) for o in args.only):
            continue
        rng, nrng = seeded(tid)
        t = fn(rng, nrng)
        assert t.id == tid
        fname, cname = check(t, std)
        if args.only:
            shutil.rmtree(os.path.join(args.out, tid), ignore_errors=True)
        write_task(args.out, t)
        rows.append((t, fname, cname))
        print("%-28s %-6s %s" % (tid, t.kind, t.count))
    if not args.only:
        for key in std:
            n = sum(1 for t, _, _ in rows if (t.level, t.function) == key)
            assert n >= 2, "level %d function %s has %d tasks" % (key[0], key[1], n)
        write_readme(args.out, rows, dir_size(args.out))
        write_readme(args.out, rows, dir_size(args.out))  # again, so the size counts the README itself
        total = dir_size(args.out)
        print("%d tasks, %d bytes" % (len(rows), total))
        if total > SIZE_BUDGET:
            sys.exit("data/tasks is %d bytes, over the budget of %d" % (total, SIZE_BUDGET))


if __name__ == "__main__":
    main()
