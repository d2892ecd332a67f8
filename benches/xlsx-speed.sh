#!/usr/bin/env bash
# `uscc check` on a 1-million-row XLSX workbook against the same rows as
# CSV, in alternating runs of the same session: medians, the ratio, peak
# memory. With BASE=path/to/an/older/uscc the older build reads the same
# workbook in the same runs.
#
# Run: RUNS=5 bash benches/xlsx-speed.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/timing.sh
rows=${1:-1000000}
runs=${RUNS:-5}
work=target/cli-speed
mkdir -p "$work"
cargo build --release -q -p uscc-cli
uscc=./target/release/uscc
csv="$work/utf8-$rows.csv"
xlsx="$work/x-$rows.xlsx"
[ -f "$csv" ] || $uscc generate -n "$rows" --seed 99 -o "$csv"
[ -f "$xlsx" ] || $uscc generate -n "$rows" --seed 99 -o "$xlsx"

t_csv="" t_xlsx="" t_base="" peak=0
for _ in $(seq "$runs"); do
    t_csv="$t_csv $(secs $uscc check "$csv")"
    read -r s kb < <(secs_peak $uscc check "$xlsx")
    t_xlsx="$t_xlsx $s"
    [ "$kb" -gt "$peak" ] && peak=$kb
    if [ -n "${BASE:-}" ]; then t_base="$t_base $(secs "$BASE" check "$xlsx")"; fi
done
m_csv=$(echo "$t_csv" | median)
m_xlsx=$(echo "$t_xlsx" | median)
echo "CSV  ($(stat -c %s "$csv") bytes): median ${m_csv}s of$t_csv"
echo "XLSX ($(stat -c %s "$xlsx") bytes): median ${m_xlsx}s of$t_xlsx, peak $((peak / 1024)) MB"
echo "XLSX against CSV: $(echo "scale=2; $m_xlsx / $m_csv" | bc)x"
if [ -n "${BASE:-}" ]; then
    m_base=$(echo "$t_base" | median)
    echo "older build ($BASE) on the XLSX: median ${m_base}s of$t_base: $(echo "scale=2; $m_base / $m_csv" | bc)x the CSV"
fi
