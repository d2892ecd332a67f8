#!/usr/bin/env bash
# What recording a run in the history costs: `uscc check` on the 1-million-row
# bench file (as benches/cli-speed.sh makes it) without and with `--history`,
# alternating, against a history that already holds two runs of the file (the
# monthly routine), a fresh copy each time. Prints each time, the medians and
# the overhead in percent.
#
# Run: bash benches/history-overhead.sh [ROWS]     (RUNS=7 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
runs=${RUNS:-7}
work=target/cli-speed
mkdir -p "$work"
cargo build --release -q -p uscc-cli
uscc=./target/release/uscc
f="$work/utf8-$rows.csv"
[ -f "$f" ] || $uscc generate -n "$rows" --seed 99 -o "$f"

base="$work/history-base.db"
rm -f "$base" "$base.key"
for label in 2026-09 2026-10; do
    $uscc check "$f" --history "$base" --label "$label" > /dev/null || test $? -le 1
done

# shellcheck source=benches/timing.sh
. benches/timing.sh

plain="" with=""
for i in $(seq "$runs"); do
    cp "$base" "$work/history.db"
    cp "$base.key" "$work/history.db.key"
    p=$(secs "$uscc" check "$f")
    h=$(secs "$uscc" check "$f" --history "$work/history.db" --label 2026-11)
    echo "run $i: plain ${p}s, --history ${h}s"
    plain="$plain $p"
    with="$with $h"
done
mp=$(echo "$plain" | median)
mh=$(echo "$with" | median)
echo "median: plain ${mp}s, --history ${mh}s, overhead $(echo "scale=1; 100 * ($mh - $mp) / $mp" | bc)%"
