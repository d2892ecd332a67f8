#!/usr/bin/env bash
# What the 双公示 column checks cost: `uscc check` on a 1-million-row 双公示
# licensing file (`uscc generate --format 双公示`, all 21 columns) against the
# same rows' code, name and department columns alone (the plain check),
# alternating, RUNS times each (default 5). Prints each time, the medians and
# the ratio.
#
# Run: bash benches/publicity-overhead.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
runs=${RUNS:-5}
work=target/publicity-speed
mkdir -p "$work"
cargo build --release -q -p uscc-cli
uscc=./target/release/uscc
full="$work/full-$rows.csv"
plain="$work/plain-$rows.csv"
[ -f "$full" ] || $uscc generate -n "$rows" --seed 11 --format 双公示 -o "$full"
# 代码_1, 名称 and 数据来源单位: columns 3, 1 and 16.
[ -f "$plain" ] || python3 - "$full" "$plain" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f, open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    w = csv.writer(out)
    for row in csv.reader(f):
        w.writerow([row[2], row[0], row[15]])
PY

# shellcheck source=benches/timing.sh
. benches/timing.sh

p_all="" f_all=""
for i in $(seq "$runs"); do
    p=$(secs "$uscc" check "$plain")
    f=$(secs "$uscc" check "$full")
    echo "run $i: code column alone ${p}s, 双公示 file ${f}s"
    p_all="$p_all $p"
    f_all="$f_all $f"
done
mp=$(echo "$p_all" | median)
mf=$(echo "$f_all" | median)
echo "median: code column alone ${mp}s ($(stat -c %s "$plain") bytes), 双公示 file ${mf}s ($(stat -c %s "$full") bytes), +$(echo "scale=1; 100 * ($mf - $mp) / $mp" | bc)%"
