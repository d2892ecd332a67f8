"""Figures for the README: is_valid_many over a 1-million-element Python
list and over a pyarrow string array, each against python-stdnum's
``cn.uscc.is_valid`` in the same run.

    make python-bench      (builds the wheel into target/py-venv first)
"""

import os
import random
import time

import pyarrow as pa
from stdnum.cn import uscc as stdnum_uscc

import uscc

N = int(os.environ.get("N", "1000000"))
STDNUM_N = int(os.environ.get("STDNUM_N", "100000"))
ROUNDS = 5


def best(f):
    times = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def data(n):
    """A department's column: seeded valid codes of every kind, 3% one
    character mistyped, 1% lower case, 1% placeholders, 0.5% short."""
    rng = random.Random(2026)
    codes = [str(c) for c in uscc_generate(n)]
    out = []
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for c in codes:
        r = rng.random()
        if r < 0.03:
            p = rng.randrange(18)
            c = c[:p] + rng.choice(alphabet) + c[p + 1 :]
        elif r < 0.04:
            c = c.lower()
        elif r < 0.05:
            c = "无"
        elif r < 0.055:
            c = c[:17]
        out.append(c)
    return out


def uscc_generate(n):
    """Valid codes, built with the package's own check characters."""
    rng = random.Random(7)
    divisions = ["110105", "310115", "440300", "350100", "510100", "330106", "420600", "120101"]
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    for _ in range(n):
        body = "".join(rng.choice("0123456789") for _ in range(8))
        c = 11 - sum(int(d) * w for d, w in zip(body, weights)) % 11
        body += "X" if c == 10 else "0" if c == 11 else str(c)
        prefix = rng.choice(["91", "92", "12", "52", "93"]) + rng.choice(divisions) + body
        yield prefix + uscc.check_char(prefix)


def main():
    values = data(N)
    array = pa.array(values, type=pa.string())
    sample = values[:STDNUM_N]

    t_list = best(lambda: uscc.is_valid_many(values))
    t_arrow = best(lambda: uscc.is_valid_many(array))
    t_loop = best(lambda: [uscc.is_valid(v) for v in values])
    t_stdnum = best(lambda: [stdnum_uscc.is_valid(v) for v in sample]) * (N / STDNUM_N)

    rate = lambda t: N / t / 1e6  # noqa: E731
    print(f"is_valid_many, Python list of {N:,}: {rate(t_list):.1f} M codes/s ({t_list * 1e3:.0f} ms; target >= 10)")
    print(f"is_valid_many, pyarrow string array of {N:,}: {rate(t_arrow):.1f} M codes/s ({t_arrow * 1e3:.0f} ms; target >= 50)")
    print(f"uscc.is_valid in a Python loop: {rate(t_loop):.2f} M codes/s")
    print(f"python-stdnum cn.uscc.is_valid in a Python loop ({STDNUM_N:,} timed, scaled): {rate(t_stdnum):.3f} M codes/s")
    print(f"ratio list / stdnum: {t_stdnum / t_list:.0f}x; arrow / stdnum: {t_stdnum / t_arrow:.0f}x (>= 200x expected)")
    agree = sum(1 for v in sample if uscc.is_valid(v) == stdnum_uscc.is_valid(v))
    print(f"agreement with python-stdnum on the timed sample: {agree}/{len(sample)} (differences: docs/python-stdnum.md)")


if __name__ == "__main__":
    main()
