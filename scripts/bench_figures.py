#!/usr/bin/env python3
"""Side-by-side figures benchmark: claimledger vs quantulum3 vs Microsoft Recognizers-Text.

Runs each tool over the same war-economy articles (the dev set and the seed), reports text
throughput (MB/s, one core) and F1 against the gold claims with a LOOSE rule that ignores kinds,
units and signs (a prediction matches a gold claim of the same article when its absolute value is
within 1% of the gold value, or of a range bound) — the rule most favourable to the other tools.
claimledger's strict F1 (kinds, units, signs) comes from `claimledger eval`.

Usage: scripts/bench_figures.py CLAIMLEDGER_BIN ARTICLES.jsonl GOLD.jsonl [--repeat N]
Run by scripts/bench-figures.sh, which makes the throwaway venv.
"""
import json
import subprocess
import sys
import tempfile
import time
import warnings

warnings.filterwarnings("ignore")


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def loose_f1(pred, gold):
    """pred, gold: {article: [values]}; gold entries are (value, low, high, optional)."""
    tp = fp = fn = 0
    for art in set(pred) | set(gold):
        g = list(gold.get(art, []))
        used = [False] * len(g)
        for v in pred.get(art, []):
            hit = None
            for i, (gv, lo, hi, _opt) in enumerate(g):
                if used[i]:
                    continue
                cands = [abs(x) for x in (gv, lo, hi) if x is not None]
                if any(abs(abs(v) - c) <= 0.01 * max(c, 1e-9) for c in cands):
                    hit = i
                    break
            if hit is None:
                fp += 1
            else:
                used[hit] = True
                if not g[hit][3]:
                    tp += 1
        fn += sum(1 for i, x in enumerate(g) if not used[i] and not x[3])
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_quantulum(texts):
    from quantulum3 import parser

    out = {}
    start = time.perf_counter()
    for art, text in texts:
        vals = []
        for q in parser.parse(text):
            vals.append(float(q.value))
        out[art] = vals
    return out, time.perf_counter() - start


def run_recognizers(texts):
    from recognizers_number import recognize_number, recognize_percentage
    from recognizers_number_with_unit import recognize_currency, recognize_dimension
    from recognizers_text import Culture

    out = {}
    start = time.perf_counter()
    for art, text in texts:
        vals = []
        spans = []
        for fn in (recognize_currency, recognize_percentage, recognize_dimension, recognize_number):
            for r in fn(text, Culture.English):
                if any(s <= r.start and r.end <= e for s, e in spans):
                    continue  # a number inside a currency/percentage already found
                res = r.resolution or {}
                v = res.get("value")
                try:
                    v = float(str(v).rstrip("%").replace(",", ""))
                except (TypeError, ValueError):
                    continue
                spans.append((r.start, r.end))
                vals.append(v)
        out[art] = vals
    return out, time.perf_counter() - start


def run_claimledger(binary, articles_path, repeat):
    # Throughput: the corpus replicated `repeat` times in one process run, minus start-up.
    with open(articles_path, encoding="utf-8") as f:
        lines = [l for l in f if l.strip()]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as big:
        for i in range(repeat):
            for l in lines:
                rec = json.loads(l)
                rec["id"] = f"{rec['id']}#{i}"
                big.write(json.dumps(rec, ensure_ascii=False) + "\n")
    def timed(path):
        best = None
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([binary, "extract", path], check=True, stdout=subprocess.DEVNULL)
            d = time.perf_counter() - t
            best = d if best is None else min(best, d)
        return best
    once = timed(articles_path)
    many = timed(big.name)
    res = subprocess.run([binary, "extract", articles_path], check=True, capture_output=True, text=True)
    out = {}
    for l in res.stdout.splitlines():
        c = json.loads(l)
        out.setdefault(c["article"], []).append(float(c["value"]))
    # seconds for one pass over the corpus, excluding process start and input parsing overhead
    per_pass = max((many - once) / max(repeat - 1, 1), 1e-9)
    return out, per_pass, once


def main():
    binary, articles_path, gold_path = sys.argv[1:4]
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 50
    articles = load(articles_path)
    texts = [(a["id"], a["text"]) for a in articles]
    nbytes = sum(len(t.encode("utf-8")) for _, t in texts)
    gold = {}
    for g in load(gold_path):
        gold.setdefault(g["article"], []).append((g["value"], g.get("low"), g.get("high"), g.get("optional", False)))

    rows = []
    q_out, q_t = run_quantulum(texts)
    rows.append(("quantulum3", q_t, loose_f1(q_out, gold)))
    r_out, r_t = run_recognizers(texts)
    rows.append(("Recognizers-Text", r_t, loose_f1(r_out, gold)))
    c_out, c_t, c_once = run_claimledger(binary, articles_path, repeat)
    rows.append(("claimledger", c_t, loose_f1(c_out, gold)))

    print(f"corpus: {len(texts)} articles, {nbytes / 1e3:.1f} kB; claimledger timed over {repeat} passes in one process")
    print("| tool | MB/s (1 core) | loose P | loose R | loose F1 | claimledger speed-up |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, t, (p, r, f) in rows:
        mbs = nbytes / t / 1e6
        ratio = t / c_t
        print(f"| {name} | {mbs:.3f} | {p:.3f} | {r:.3f} | {f:.3f} | {ratio:.0f}x |")
    print(json.dumps({n: {"seconds": t, "mb_per_s": nbytes / t / 1e6, "f1": f} for n, t, (_, _, f) in rows}))


if __name__ == "__main__":
    main()
