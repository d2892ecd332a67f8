#!/usr/bin/env bash
# What the 双公示 column checks cost: `uscc check` on a 1-million-row 双公示
# licensing file (`uscc generate --format 双公示`, all 21 columns) against the
# same file with its 双公示 headers renamed (every column read, only the code,
# name and department checked: the file's code column alone), and against
# those three columns alone in a file of their own; alternating, RUNS times
# each (default 5). Prints each time, the medians and the ratios. With
# BASE=path/to/an/older/uscc the older build checks the same two 双公示
# files in the same runs, and its ratio is printed beside.
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
unchecked="$work/unchecked-$rows.csv"
[ -f "$full" ] || $uscc generate -n "$rows" --seed 11 --format 双公示 -o "$full"
# 代码_1, 名称 and 数据来源单位: columns 3, 1 and 16.
[ -f "$plain" ] || python3 - "$full" "$plain" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f, open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    w = csv.writer(out)
    for row in csv.reader(f):
        w.writerow([row[2], row[0], row[15]])
PY
# The same file, the headers of every column but 代码_1, 名称 and 数据来源单位
# renamed so that no 双公示 check finds them.
[ -f "$unchecked" ] || python3 - "$full" "$unchecked" <<'PY'
import sys
with open(sys.argv[1], encoding="utf-8", newline="") as f, open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    header = f.readline().rstrip("\r\n").split(",")
    keep = {0, 2, 15}
    out.write(",".join(h if i in keep else f"备注{i}" for i, h in enumerate(header)) + "\n")
    for line in f:
        out.write(line)
PY

# shellcheck source=benches/timing.sh
. benches/timing.sh

p_all="" u_all="" f_all="" bu_all="" bf_all=""
for i in $(seq "$runs"); do
    p=$(secs "$uscc" check "$plain")
    u=$(secs "$uscc" check "$unchecked")
    f=$(secs "$uscc" check "$full")
    echo "run $i: three columns alone ${p}s, 双公示 file unchecked ${u}s, checked ${f}s"
    p_all="$p_all $p"
    u_all="$u_all $u"
    f_all="$f_all $f"
    if [ -n "${BASE:-}" ]; then
        bu=$(secs "$BASE" check "$unchecked")
        bf=$(secs "$BASE" check "$full")
        echo "run $i, older build: unchecked ${bu}s, checked ${bf}s"
        bu_all="$bu_all $bu"
        bf_all="$bf_all $bf"
    fi
done
mp=$(echo "$p_all" | median)
mu=$(echo "$u_all" | median)
mf=$(echo "$f_all" | median)
echo "median: three columns alone ${mp}s ($(stat -c %s "$plain") bytes), 双公示 file unchecked ${mu}s, checked ${mf}s ($(stat -c %s "$full") bytes)"
echo "the checks cost +$(echo "scale=1; 100 * ($mf - $mu) / $mu" | bc)% over the same file unchecked (target +30%), +$(echo "scale=1; 100 * ($mf - $mp) / $mp" | bc)% over the three columns alone"
if [ -n "${BASE:-}" ]; then
    mbu=$(echo "$bu_all" | median)
    mbf=$(echo "$bf_all" | median)
    echo "older build ($BASE): unchecked ${mbu}s, checked ${mbf}s: +$(echo "scale=1; 100 * ($mbf - $mbu) / $mbu" | bc)%"
fi
