#!/usr/bin/env bash
# The credit office's job end to end: `uscc check` on a 1-million-row CSV of
# code, name and department, in UTF-8, in GBK and with names in full-width
# brackets, against what an analyst
# uses today (pandas reading the file, python-stdnum validating each code),
# measured in the same run. Prints MB/s, rows/s, peak memory and the ratio.
#
# Run: bash benches/cli-speed.sh [ROWS]      (needs python3 with venv; installs
# pandas and python-stdnum into target/bench-venv)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
work=target/cli-speed
mkdir -p "$work"

cargo build --release -q -p uscc-cli
uscc=./target/release/uscc
[ -f "$work/utf8-$rows.csv" ] || $uscc generate -n "$rows" --seed 99 -o "$work/utf8-$rows.csv"
[ -f "$work/gbk-$rows.csv" ] || $uscc generate -n "$rows" --seed 99 --encoding gbk -o "$work/gbk-$rows.csv"
# The same rows with names as many departments write them: about 15% with
# full-width brackets (（集团）), which the analysis normalizes, keeping each
# line's own spelling for the correction sheet.
[ -f "$work/brackets-$rows.csv" ] || python3 - "$work/utf8-$rows.csv" "$work/brackets-$rows.csv" <<'PY'
import random, sys
random.seed(5)
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(f.readline())
    for line in f:
        cells = line.split(",")
        if len(cells) >= 2 and random.random() < 0.3 and "有限公司" in cells[1]:
            cells[1] = cells[1].replace("有限公司", "（集团）有限公司", 1)
        out.write(",".join(cells))
PY

# (A venv whose install failed part way is made again.)
if ! target/bench-venv/bin/python -c "import pandas, stdnum" 2> /dev/null; then
    python3 -m venv target/bench-venv
    target/bench-venv/bin/pip install -q "pandas<3" python-stdnum
fi

# Seconds and peak resident memory (kB) of a command, from GNU time or /proc.
measure() {
    local out
    out=$( { /usr/bin/time -f '%e %M' "$@" > /dev/null; } 2>&1 | tail -1 )
    echo "$out"
}

size() { stat -c %s "$1"; }
# Each encoding is checked RUNS times (default 5): the machine is shared and
# one run can be 20% off, so the median and the range are printed.
runs=${RUNS:-5}
for enc in utf8 gbk brackets; do
    f="$work/$enc-$rows.csv"
    all=""
    for _ in $(seq "$runs"); do
        read -r secs kb < <(measure bash -c "$uscc check '$f' > /dev/null; test \$? -le 1")
        all="$all $secs:$kb"
    done
    read -r median line < <(python3 - "$(size "$f")" "$rows" "$enc" $all <<'PY'
import statistics, sys
size, rows, enc, runs = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
secs = sorted(float(r.split(":")[0]) for r in runs)
peak = max(int(r.split(":")[1]) for r in runs)
med = statistics.median(secs)
mbs = lambda s: size / 1e6 / s
print(med, f"uscc check ({enc}): {size} bytes, {rows} rows, {len(secs)} runs: median {med:.2f}s = {mbs(med):.1f} MB/s "
      f"({mbs(secs[-1]):.1f}-{mbs(secs[0]):.1f}), {rows / med / 1e6:.2f} M rows/s, peak {peak} kB")
PY
)
    echo "$line"
    eval "secs_$enc=$median"
done

cat > "$work/baseline.py" <<'PY'
import sys, time
import pandas as pd
from stdnum.cn import uscc
t = time.perf_counter()
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
valid = df["统一社会信用代码"].map(uscc.is_valid)
dup = df.duplicated(subset=["统一社会信用代码"]).sum()
print(f"{time.perf_counter() - t:.2f} {int(valid.sum())} {int(dup)}")
PY
read -r secs_py kb_py < <(measure target/bench-venv/bin/python "$work/baseline.py" "$work/utf8-$rows.csv")
echo "pandas + python-stdnum (utf8): ${secs_py}s, peak ${kb_py} kB"
python3 - <<PY
u, g, b, p = $secs_utf8, $secs_gbk, $secs_brackets, $secs_py
print(f"GBK costs {100 * (g / u - 1):+.0f}% against UTF-8")
print(f"names in full-width brackets (15% of rows) cost {100 * (b / u - 1):+.0f}% against UTF-8")
print(f"uscc check is {p / u:.1f}x faster than pandas + python-stdnum (which also checks less)")
PY
