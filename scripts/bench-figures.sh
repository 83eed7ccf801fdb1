#!/usr/bin/env bash
# Figures side by side: claimledger vs quantulum3 vs Recognizers-Text on the dev set.
# Installs the Python tools from PyPI into a throwaway venv under ${TMPDIR:-/tmp}.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${BENCH_VENV:-${TMPDIR:-/tmp}/claimledger-bench-figures}
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "quantulum3==0.10.0" "recognizers-text-suite==1.0.2a2" "emoji<2"
fi
[[ -x target/release/claimledger ]] || cargo build --release --locked
# One core for every tool, so MB/s per core compares like with like.
exec taskset -c 0 "$venv/bin/python" scripts/bench_figures.py target/release/claimledger \
  samples/devset/articles.jsonl samples/devset/gold.jsonl "$@"
