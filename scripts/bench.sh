#!/usr/bin/env bash
# `make bench`: the whole benchmark suite, each part side by side with what users would pick
# instead, written to BENCHMARKS.md with the machine it ran on.
#
#   scripts/bench.sh                 every section
#   scripts/bench.sh ledger model    only these (the others keep their last results)
#   scripts/bench.sh --assemble      only rebuild BENCHMARKS.md from benchmarks/*.md
#   BENCH_SKIP_BUILD=1               use the release build already there
#
# Sections: figures article crawl ledger model. Each writes benchmarks/<section>.md (its method,
# the date, commit and machine, and the fresh results); BENCHMARKS.md is assembled from those
# files, so a partial rerun updates only its own part. The rounds of work before (profiles, what
# helped and what did not) live in benchmarks/history/<section>.md and are appended, never
# overwritten. Python tools are installed from PyPI into
# throwaway venvs by the section scripts. Sizes can be lowered for a quick look:
#   LEDGER_BENCH_CLAIMS=100000 CRAWL_BENCH_SIZES=1000,10000 MODEL_BENCH_RUNS=3 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/benchmarks
mkdir -p "$OUT"

all=(figures article crawl ledger model)
assemble_only=false
if [[ ${1:-} == --assemble ]]; then
    assemble_only=true
    shift
fi
sections=("${@:-${all[@]}}")
for s in "${sections[@]}"; do
    [[ " ${all[*]} " == *" $s "* ]] || { echo "bench: unknown section '$s' (one of: ${all[*]})" >&2; exit 2; }
done

machine() {
    local cpu mem
    cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
    mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
    echo "$(nproc) cores ($cpu), $mem RAM, $(uname -sr), $(rustc --version | cut -d' ' -f1-2)"
}
stamp() {
    echo "_Measured $(date -u +%Y-%m-%d\ %H:%M) UTC at commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown) on $(machine); load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)._"
}

run_start=$SECONDS
build_s=0
build_kind="skipped (BENCH_SKIP_BUILD)"
if ! $assemble_only && [[ -z ${BENCH_SKIP_BUILD:-} ]]; then
    if [[ -d target/release/deps ]]; then build_kind="incremental"; else build_kind="cold (no target/release)"; fi
    # One build: `cargo bench` builds the binary too (into target/release, as the bench profile
    # inherits release), with the same features as the benches. A separate `cargo build
    # --release` first would build everything twice, as the benches' dev-dependencies change
    # the features of shared crates.
    echo "== building (bench profile): benches and the binary" >&2
    cargo bench --locked --no-run >&2
    build_s=$((SECONDS - run_start))
fi

# run_section NAME TITLE METHOD COMMAND...: writes benchmarks/NAME.md from the command's stdout.
run_section() {
    local name=$1 title=$2 method=$3
    shift 3
    local tmp
    tmp=$(mktemp)
    echo "== $title: $*" >&2
    local t0=$SECONDS
    if ! "$@" >"$tmp"; then
        echo "bench: section $name failed (command: $*); benchmarks/$name.md left as it was" >&2
        rm -f "$tmp"
        return 1
    fi
    {
        echo "## $title"
        echo
        echo "$method"
        echo
        echo "Command: \`$*\` ($((SECONDS - t0)) s)."
        echo
        stamp
        echo
        cat "$tmp"
        echo
        if [[ -s $OUT/history/$name.md ]]; then
            echo "### Earlier measurements"
            echo
            echo "From \`benchmarks/history/$name.md\` (each round with its own date, commit and machine state;"
            echo "a rerun of this section keeps them)."
            echo
            cat "$OUT/history/$name.md"
            echo
        fi
    } >"$OUT/$name.md"
    rm -f "$tmp"
}

failed=()
$assemble_only && sections=()
for s in "${sections[@]}"; do
    case $s in
    figures)
        run_section figures "Figures (quantities and claims)" \
"claimledger's extraction vs quantulum3 and Microsoft Recognizers-Text (Python, from PyPI in a
throwaway venv) on the dev set (\`samples/devset\`), every tool pinned to one core. F1 is the
loose rule most favourable to the other tools (a prediction matches a gold claim when its value is
within 1% of the gold value or a range bound; kinds, units and signs ignored); claimledger's
strict per-field accuracy is in \`docs/accuracy.md\`. Two claimledger rows: \`extract --stage
quantities\` (the recogniser alone, what quantulum3 and Recognizers-Text do; periods and dates
carry no value and are left out) and \`extract\` (recogniser + claim builder). Every tool is timed
in its steady state, best of 3 passes; one-time start-up (imports, the Python tools' loading on
their first call, process start) is shown apart and left out. Targets: issue 3 >= 500x
quantulum3 for the recogniser, issue 9 >= 500x for extraction, at equal or better F1." \
            scripts/bench-figures.sh || failed+=(figures)
        ;;
    article)
        run_section article "Article extraction" \
"claimledger (\`src/article/\`) vs Python trafilatura on the 181 pages of the Zyte
article-extraction benchmark (\`../shared/peer/article-extraction-benchmark/\`), scored with the
benchmark's own metric (re-implemented in \`src/article/benchmark.rs\` and checked against its
published results on every run); both single-threaded on the same pages. Target: >= 5x
trafilatura at F1 >= 0.97. Method and history: \`docs/article-extraction.md\`." \
            bash -c 'set -o pipefail; scripts/bench-article.sh 2>/dev/null | sed "s/^/    /"' || failed+=(article)
        ;;
    crawl)
        run_section crawl "End to end (crawl → article → claims → ledger)" \
"A generated news site served on 127.0.0.1 (feeds, article pages with boilerplate and figures),
politeness limits lifted, crawled through article extraction and claim extraction into a fresh
ledger, at 1,000, 10,000 and 100,000 pages; each size in its own process so peak RSS (VmHWM) is
per size. Claims found are the sightings recorded; the site tells a bounded set of facts on
many pages, so ledger entries stay near 1,550. Target: >= 500 pages/s on 2 cores, time linear
in pages, memory flat." \
            cargo bench --locked --bench crawl_e2e || failed+=(crawl)
        ;;
    ledger)
        run_section ledger "Ledger" \
"1,000,000 claims (\`LEDGER_BENCH_CLAIMS\`) in 100,000 articles of 10 claims, generated from
templates (6 metrics x 20 places x 120 months x amount/change; about 12 tellings of each fact,
rounded to 2, 1 or 0 decimals, 1 in 20 with a wrong figure so conflicts appear), 5,000 articles
(50,000 claims) per transaction, the size \`claimledger ingest\` commits at (\`--batch-claims\`);
then a filtered JSONL export and a full one. Targets (issue 7): >= 50,000 claims/s
ingest, export of 1M claims < 30 s, flat memory. Then the floor: the same claims written, in a
file of their own, with only the writes this schema needs (article and band rows, sighting rows
and their full-text entries, a row per entry found in a hash map, each touched entry's outlet,
source and counter writes once per transaction), no reads and no logic: what ingest would
reach on the machine if everything but the writes were free (\`LEDGER_BENCH_FLOOR_WITHOUT=fts,bands,entries\`
leaves parts out to price them)." \
            cargo bench --locked --bench ledger_scale || failed+=(ledger)
        ;;
    model)
        run_section model "Sentence-embedding model" \
"all-MiniLM-L6-v2 through rust-bert (libtorch 2.4.0, CPU) on the distinct claim sentences of the
dev and multi-outlet sets, at the batch sizes the ledger uses, and the model's share of extract +
ingest time when link suggestions are on (only sentences of new entries with a compatible partner
are embedded)." \
            cargo bench --locked --bench model || failed+=(model)
        ;;
    esac
done

# A run of every section records how long the whole suite took (issue 9: under 20 minutes from a
# clean clone), the build included.
if ! $assemble_only && [[ ${#sections[@]} -eq ${#all[@]} ]]; then
    {
        echo "Last full run (\`make bench\`, every section): $(date -u +%Y-%m-%d\ %H:%M) UTC at commit"
        echo "$(git rev-parse --short HEAD 2>/dev/null || echo unknown): **$((SECONDS - run_start)) s** in all, of which the build"
        echo "$build_s s ($build_kind) and the sections $((SECONDS - run_start - build_s)) s."
        echo
    } >"$OUT/run.md"
fi

{
    cat <<'EOF'
# Benchmarks

Written by `make bench` (`scripts/bench.sh`); every section names its command and can be rerun
alone (`scripts/bench.sh SECTION`). Side-by-side figures are measured in the same run on the same
machine: on a shared machine absolute times are noise, ratios hold. Each section says when, at
which commit and on which machine it was measured.

EOF
    [[ -f $OUT/run.md ]] && cat "$OUT/run.md"
    for s in "${all[@]}"; do
        if [[ -f $OUT/$s.md ]]; then
            cat "$OUT/$s.md"
        else
            echo "## $s"
            echo
            echo "Not measured yet: run \`scripts/bench.sh $s\`."
            echo
        fi
    done
} >"$ROOT/BENCHMARKS.md"
echo "== BENCHMARKS.md written" >&2
if ((${#failed[@]})); then
    echo "bench: failed sections: ${failed[*]}" >&2
    exit 1
fi
