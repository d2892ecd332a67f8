#!/usr/bin/env bash
# `uscc check` against DuckDB on the same 10-million-row file, in the same
# run. DuckDB does only the duplicate search (no validation, no report):
# the file read with read_csv(all_varchar=true) into a table, then three
# queries: one code under several names, one name under several codes, and
# repeated rows. Each side runs RUNS times (default 3), alternating; the
# medians, the peak resident memory and the ratio are printed.
#
# Run: bash benches/duckdb.sh [ROWS]     (default 10,000,000; installs
# duckdb into target/bench-venv)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000000}
runs=${RUNS:-3}
work=target/threads
mkdir -p "$work"
cargo build --release -q -p uscc-cli
uscc=./target/release/uscc
file="$work/codes-$rows.csv"
[ -f "$file" ] || "$uscc" generate -n "$rows" --seed 7 -o "$file"
[ -x target/bench-venv/bin/python ] || python3 -m venv target/bench-venv
target/bench-venv/bin/python -c "import duckdb" 2>/dev/null || target/bench-venv/bin/pip install -q duckdb
py=target/bench-venv/bin/python
echo "file: $file, $(stat -c %s "$file") bytes, $rows rows; $(nproc) cores; duckdb $($py -c 'import duckdb; print(duckdb.__version__)')"

# shellcheck source=benches/timing.sh
. benches/timing.sh

# The DuckDB side, as an analyst would write it. Prints the three counts
# to stderr, so that a run that found nothing is seen.
cat > "$work/duckdb-queries.py" <<'PY'
import sys, duckdb
con = duckdb.connect()
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar=true, header=true)", [sys.argv[1]])
code, name, group = [c[0] for c in con.execute("DESCRIBE t").fetchall()][:3]
q = lambda sql: con.execute(sql).fetchone()[0]
many_names = q(f'SELECT count(*) FROM (SELECT "{code}" FROM t GROUP BY 1 HAVING count(DISTINCT "{name}") > 1)')
many_codes = q(f'SELECT count(*) FROM (SELECT "{name}" FROM t GROUP BY 1 HAVING count(DISTINCT "{code}") > 1)')
repeated = q(f'SELECT count(*) FROM (SELECT 1 FROM t GROUP BY "{code}", "{name}", "{group}" HAVING count(*) > 1)')
print(f"duckdb: {many_names} codes under several names, {many_codes} names under several codes, "
      f"{repeated} repeated rows", file=sys.stderr)
PY

u_s="" u_kb="" d_s="" d_kb=""
for i in $(seq "$runs"); do
    read -r s kb < <(secs_peak "$uscc" check "$file")
    u_s="$u_s $s" u_kb="$u_kb $kb"
    read -r s2 kb2 < <(secs_peak "$py" "$work/duckdb-queries.py" "$file")
    d_s="$d_s $s2" d_kb="$d_kb $kb2"
    echo "run $i: uscc check ${s} s (${kb} kB peak), duckdb ${s2} s (${kb2} kB peak)"
done
us=$(echo "$u_s" | median) ds=$(echo "$d_s" | median)
echo "median: uscc check ${us} s ($(echo "scale=2; $rows / $us / 1000000" | bc) M rows/s, peak $(( $(echo "$u_kb" | median) / 1024 )) MB)," \
    "duckdb ${ds} s (peak $(( $(echo "$d_kb" | median) / 1024 )) MB): uscc $(echo "scale=2; $ds / $us" | bc)x faster"
