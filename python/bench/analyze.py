"""``uscc.analyze`` on a 1-million-row pyarrow Table against ``uscc check``
on the same rows as CSV, alternating, in the same run: the medians and
their ratio (target: at most 1.5x).

    make python-bench      (builds the wheel and the command first)
"""

import os
import statistics
import subprocess
import time

import pyarrow.csv as pacsv

import uscc

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
USCC = os.path.join(ROOT, "target", "release", "uscc")
N = int(os.environ.get("N", "1000000"))
RUNS = int(os.environ.get("RUNS", "5"))


def main():
    path = os.path.join(ROOT, "target", "cli-speed", f"utf8-{N}.csv")
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        subprocess.run([USCC, "generate", "-n", str(N), "--seed", "99", "-o", path], check=True)
    table = pacsv.read_csv(path)
    analyzed, checked = [], []
    for _ in range(RUNS):
        t = time.perf_counter()
        report = uscc.analyze(table)
        analyzed.append(time.perf_counter() - t)
        t = time.perf_counter()
        rc = subprocess.run([USCC, "check", path], stdout=subprocess.DEVNULL).returncode
        checked.append(time.perf_counter() - t)
        assert rc <= 1, f"uscc check exited {rc}"
    a, c = statistics.median(analyzed), statistics.median(checked)
    print(f"uscc.analyze, pyarrow Table of {table.num_rows:,} rows ({len(report.findings):,} findings, "
          f"{len(report.fixes):,} sheet lines): median {a:.3f} s ({min(analyzed):.3f}-{max(analyzed):.3f})")
    print(f"uscc check, the same rows as CSV: median {c:.3f} s ({min(checked):.3f}-{max(checked):.3f})")
    print(f"ratio: {a / c:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
