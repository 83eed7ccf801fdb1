#!/usr/bin/env python3
"""Time Python trafilatura on the article-extraction benchmark and score it with the benchmark's
own metric (upstream evaluate.py, no bootstrap). Used by scripts/bench-article.sh.

usage: bench-article-trafilatura.py BENCH_DIR
prints one JSON object: tool, version, pages, f1, precision, recall, accuracy, seconds, pages_per_second
"""
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura

TOKEN = re.compile(r"\w+")


def shingles(text):
    tokens = TOKEN.findall(text or "")
    out = [tuple(tokens[i : i + 4]) for i in range(max(1, len(tokens) - 3))]
    return tokens, Counter(s for s in out if s)


def main():
    bench = Path(sys.argv[1])
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf8"))
    pages = {}
    for key in truth:
        with gzip.open(bench / "html" / f"{key}.html.gz", "rt", encoding="utf8") as f:
            pages[key] = f.read()
    start = time.perf_counter()
    predicted = {
        key: trafilatura.extract(html, url=truth[key].get("url")) or ""
        for key, html in pages.items()
    }
    seconds = time.perf_counter() - start
    precisions, recalls, exact = [], [], 0
    for key, item in truth.items():
        t_tokens, t = shingles(item.get("articleBody", ""))
        p_tokens, p = shingles(predicted[key])
        tp, fp, fn = sum((t & p).values()), sum((p - t).values()), sum((t - p).values())
        s = tp + fp + fn
        tp, fp, fn = (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)
        both_one = fp == 0 and fn == 0
        if tp + fp > 0:
            precisions.append(1.0 if both_one else tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(1.0 if both_one else tp / (tp + fn))
        exact += t_tokens == p_tokens
    precision, recall = statistics.mean(precisions), statistics.mean(recalls)
    print(json.dumps({
        "tool": "trafilatura",
        "version": trafilatura.__version__,
        "pages": len(truth),
        "f1": 2 * precision * recall / (precision + recall),
        "precision": precision,
        "recall": recall,
        "accuracy": exact / len(truth),
        "seconds": seconds,
        "pages_per_second": len(truth) / seconds,
    }))


if __name__ == "__main__":
    main()
