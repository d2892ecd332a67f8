#!/usr/bin/env bash
# How the analysis scales with threads: `uscc check` on the 10-million-row
# file (`uscc generate -n 10000000 --seed 7`) and the in-memory analysis
# (`analysis-scale`, 10 M records) with 1, 2, 4, 8 and 16 threads
# (RAYON_NUM_THREADS; the command's reader thread comes on top). Each
# `uscc check` configuration runs RUNS times (default 3): the median, the
# peak resident memory and the ratio against one thread are printed.
#
# Run: bash benches/threads.sh [THREADS...]     (default: 1 2 4 8 16)
# Built binaries are taken from USCC and ANALYSIS_SCALE when set (so that a
# machine without a Rust toolchain can run it), else built here.
set -euo pipefail
cd "$(dirname "$0")/.."
threads=("$@")
[ ${#threads[@]} -gt 0 ] || threads=(1 2 4 8 16)
runs=${RUNS:-3}
rows=${ROWS:-10000000}
work=${WORK:-target/threads}
mkdir -p "$work"
if [ -z "${USCC:-}" ] || [ -z "${ANALYSIS_SCALE:-}" ]; then
    cargo build --release -q -p uscc-cli -p uscc-benches
fi
uscc=${USCC:-./target/release/uscc}
scale=${ANALYSIS_SCALE:-./target/release/analysis-scale}
file="$work/codes-$rows.csv"
[ -f "$file" ] || "$uscc" generate -n "$rows" --seed 7 -o "$file"
echo "machine: $(nproc) cores; file: $file, $(stat -c %s "$file") bytes, $rows rows"

# shellcheck source=benches/timing.sh
. benches/timing.sh

# A ÷ B ÷ C, two decimals.
ratio() { awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN {printf "%.2f", a / b / c}'; }

one=""
for t in "${threads[@]}"; do
    all="" peak=0
    for _ in $(seq "$runs"); do
        read -r s kb < <(RAYON_NUM_THREADS=$t secs_peak "$uscc" check "$file")
        all="$all $s"
        [ "$kb" -gt "$peak" ] && peak=$kb
    done
    med=$(echo "$all" | median)
    [ -n "$one" ] || one=$med
    echo "uscc check, $t thread(s): median ${med}s (runs:$all), $(ratio "$rows" "$med" 1000000) M rows/s, peak $((peak / 1024)) MB, $(ratio "$one" "$med" 1)x one thread"
done

one=""
for t in "${threads[@]}"; do
    read -r s peak _ < <("$scale" "$rows" "$t" 2>/dev/null)
    [ -n "$one" ] || one=$s
    echo "analysis in memory, $t thread(s): $(printf %.2f "$s")s, $(ratio "$rows" "$s" 1000000) M records/s, $((peak / 1048576)) MB above the input, $(ratio "$one" "$s" 1)x one thread"
done
