#!/usr/bin/env bash
# Article-extraction benchmark, claimledger side by side with Python trafilatura.
#   scripts/bench-article.sh [BENCH_DIR]
# (a) runs claimledger's own benchmark command (F1/precision/recall/accuracy, pages/s, metric
#     check against results-recomputed.tsv, publication-date accuracy);
# (b) installs trafilatura from PyPI into a throwaway venv under /tmp, times it on the same 181
#     pages and scores it with the same metric (scripts/bench-article-trafilatura.py);
# then prints both F1 and pages/s and the speed ratio. Both run single-threaded.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)

# The claimledger command that runs the benchmark; it must accept `--peer DIR` and `--json`.
# Default: `claimledger bench-article` from a release build (built here when missing).
if [[ -z "${BENCH_CMD:-}" ]]; then
    if [[ ! -x "$ROOT/target/release/claimledger" ]]; then
        echo "== building target/release/claimledger" >&2
        (cd "$ROOT" && cargo build --release --bin claimledger >&2)
    fi
    BENCH_CMD="$ROOT/target/release/claimledger bench-article"
fi
# The peer folder (holding article-extraction-benchmark/), as `claimledger bench-article --peer` takes it.
PEER_ROOT=${1:-"$ROOT/../shared/peer"}
PEER=$PEER_ROOT/article-extraction-benchmark
VENV=$(mktemp -d /tmp/bench-article-venv.XXXXXX)
trap 'rm -rf "$VENV"' EXIT

echo "== claimledger ($BENCH_CMD)" >&2
$BENCH_CMD --peer "$PEER_ROOT" >&2
ours_json=$($BENCH_CMD --peer "$PEER_ROOT" --json)

echo "== trafilatura (PyPI, venv $VENV)" >&2
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check trafilatura lxml_html_clean >&2
theirs_json=$("$VENV/bin/python" "$ROOT/scripts/bench-article-trafilatura.py" "$PEER")

python3 - "$ours_json" "$theirs_json" <<'PY'
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
m = ours["metrics"]
rows = [
    ("claimledger", m["f1"], m["precision"], m["recall"], m["accuracy"], ours["pages_per_second"]),
    ("trafilatura " + theirs["version"], theirs["f1"], theirs["precision"], theirs["recall"],
     theirs["accuracy"], theirs["pages_per_second"]),
]
print(f"{'tool':<20} {'F1':>6} {'prec':>6} {'recall':>6} {'acc':>6} {'pages/s':>8}")
for name, f1, p, r, a, pps in rows:
    print(f"{name:<20} {f1:6.3f} {p:6.3f} {r:6.3f} {a:6.3f} {pps:8.1f}")
print(f"speed ratio claimledger / trafilatura: {ours['pages_per_second'] / theirs['pages_per_second']:.1f}x")
d = ours.get("dates") or {}
if d.get("pages"):
    print(f"publication dates: {d['correct']}/{d['pages']} correct ({d['correct'] / d['pages']:.3f})")
checks = ours.get("metric_checks", [])
print("metric check:", ", ".join(f"{c['tool']} {'OK' if c['matches'] else 'MISMATCH'}" for c in checks))
PY
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
