# uscc: the obvious targets. `make test` is what CI runs (.ci/run); on a
# fresh machine it installs every tool it needs first.

STDNUM_VERSION := 2.2
CARGO ?= cargo
FUZZ_SECONDS ?= 10
FUZZ_TARGETS := no_panic oracle normalize csv_rows decode xlsx xlsx_parts check
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\(.*\)"$$/\1/p' wasm/Cargo.toml)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PY_TEST_VENV := target/py-test
PY_PACKAGES := maturin pytest numpy pyarrow "pandas<3" polars openpyxl mypy pyspark python-stdnum==$(STDNUM_VERSION)
SAMPLE := testdata/sample/市场监管局.csv testdata/sample/税务局-gbk.csv testdata/sample/住建局.xlsx

.PHONY: test tools fmt-check clippy tables tables-check unit threads-one fuzz-smoke fuzz bench-smoke bench demo sample \
	wasm wasm-test wasm-bench workbench-bench python-test python-bench spark-bench

## The full check, as CI runs it.
test: tools fmt-check clippy tables-check unit threads-one fuzz-smoke bench-smoke wasm-test python-test
	@echo "make test: all checks passed"

## Tools the checks need, installed only when missing.
tools:
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked
	@rustup toolchain list | grep -q '^nightly' || { echo "the nightly toolchain is needed for fuzzing"; exit 1; }
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)" \
		|| $(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --no-default-features
	@[ -d wasm/node_modules ] || (cd wasm && npm ci --no-audit --no-fund)
	@[ -x /usr/bin/chromium ] || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update && $(SUDO) apt-get install -y default-jre-headless; }

fmt-check:
	$(CARGO) fmt --all -- --check
	cd fuzz && $(CARGO) fmt -- --check

clippy:
	$(CARGO) clippy --workspace --all-targets --all-features -- -D warnings
	$(CARGO) clippy -p uscc --no-default-features -- -D warnings
	$(CARGO) clippy -p uscc-wasm --target wasm32-unknown-unknown -- -D warnings
	cd fuzz && $(CARGO) +nightly clippy -- -D warnings

## Regenerate the division table from python-stdnum's loc.dat.
tables:
	python3 scripts/gen_divisions.py --fetch $(STDNUM_VERSION) --out core/src/tables/divisions.rs

## The committed division table matches the generator's output.
tables-check:
	@tmp=$$(mktemp) && python3 scripts/gen_divisions.py --fetch $(STDNUM_VERSION) --out $$tmp \
		&& diff -q $$tmp core/src/tables/divisions.rs && rm -f $$tmp \
		&& echo "tables-check: core/src/tables/divisions.rs is current (python-stdnum $(STDNUM_VERSION))"

unit:
	$(CARGO) test --workspace --all-features
	$(CARGO) test -p uscc --no-default-features

## Batch results must not depend on the thread count.
threads-one:
	RAYON_NUM_THREADS=1 $(CARGO) test -p uscc --test properties batch
	RAYON_NUM_THREADS=1 $(CARGO) test -p uscc --test analysis

fuzz-smoke:
	cd fuzz && for t in $(FUZZ_TARGETS); do \
		$(CARGO) +nightly fuzz run $$t -- -max_total_time=$(FUZZ_SECONDS) || exit 1; \
	done

## Every fuzz target for FUZZ_SECONDS each: make fuzz FUZZ_SECONDS=600
fuzz: tools
	cd fuzz && for t in $(FUZZ_TARGETS); do \
		$(CARGO) +nightly fuzz run $$t -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=3000 || exit 1; \
	done

bench-smoke:
	$(CARGO) bench --workspace -- --test

## Criterion benches with the figures quoted in the README.
bench:
	$(CARGO) bench -p uscc-benches

## The main job on the sample data: the summary, the correction sheet and JSON.
demo:
	$(CARGO) build --release -p uscc-cli
	mkdir -p target/demo
	./target/release/uscc check $(SAMPLE) --fixes target/demo/fixes.xlsx --report target/demo/report.html; test $$? -le 1
	./target/release/uscc check --json $(SAMPLE) > target/demo/result.json; test $$? -le 1
	./target/release/uscc check testdata/sample/双公示-行政处罚.csv --fixes target/demo/双公示-fixes.xlsx \
		--report target/demo/双公示-report.html; test $$? -le 1
	rm -f target/demo/runs.db target/demo/runs.db.key
	./target/release/uscc generate -n 20000 --seed 2026 --months 3 -o target/demo/month.csv
	for m in 01 02 03; do ./target/release/uscc check target/demo/month-$$m.csv --history target/demo/runs.db \
		--label 2026-$$m --fixes target/demo/fixes-$$m.xlsx --report target/demo/report-$$m.html > /dev/null; \
		test $$? -le 1 || exit 1; done
	./target/release/uscc history target/demo/runs.db
	./target/release/uscc history target/demo/runs.db --compare --out target/demo/still-open.xlsx
	@echo "correction sheet: target/demo/fixes.xlsx"
	@echo "HTML report:      target/demo/report.html"
	@echo "full result:      target/demo/result.json"
	@echo "双公示 file:       target/demo/双公示-fixes.xlsx, target/demo/双公示-report.html (合规率, column findings)"
	@echo "run history:      target/demo/runs.db (three months; report-03.html shows the trend)"

## Regenerate the sample data with the tool itself.
sample:
	$(CARGO) build --release -p uscc-cli
	./target/release/uscc generate -n 3000 --seed 2026 --groups 市市场监督管理局 -o testdata/sample/市场监管局.csv
	./target/release/uscc generate -n 2000 --seed 2027 --groups 市税务局 --encoding gbk -o testdata/sample/税务局-gbk.csv
	./target/release/uscc generate -n 1500 --seed 2028 --groups 市住房和城乡建设局 -o testdata/sample/住建局.xlsx
	./target/release/uscc generate -n 2000 --seed 2029 --format 双公示 --penalties -o testdata/sample/双公示-行政处罚.csv

## The npm package uscc-wasm (wasm/pkg), its light build (wasm/pkg-light) and
## the workbench build with the analysis (wasm/pkg-workbench).
wasm:
	wasm/build.sh

## Node's test runner over the shared vectors, and the demo form in headless Chromium.
wasm-test: wasm
	cd wasm && node --test tests/

## Size, validateMany throughput in Node.js, validate latency in Node.js and Chromium.
wasm-bench: wasm
	cd wasm && node bench/bench.mjs

## The workbench page on 1 M-row CSV files and a 200 k-row XLSX in Chromium.
workbench-bench: wasm
	cd wasm && node bench/workbench.mjs

## The Python package: the wheel is built, then installed into a fresh
## virtual environment and tested there, so that a missing build step fails.
python-test:
	rm -rf $(PY_TEST_VENV) target/wheels
	python3 -m venv $(PY_TEST_VENV)
	$(PY_TEST_VENV)/bin/pip install -q --disable-pip-version-check $(PY_PACKAGES)
	$(PY_TEST_VENV)/bin/maturin build --release -m python/Cargo.toml -o target/wheels
	$(PY_TEST_VENV)/bin/pip install -q --no-deps target/wheels/uscc-*.whl
	cd python && SPARK_LOCAL_IP=127.0.0.1 ../$(PY_TEST_VENV)/bin/python -m pytest -q tests
	$(PY_TEST_VENV)/bin/python -m mypy python/python/uscc --ignore-missing-imports --disallow-untyped-defs

## uscc.spark.analyze on local[2] against uscc.analyze, same data, same run.
SPARK_ROWS ?= 1000000 2000000
spark-bench:
	[ -x $(PY_TEST_VENV)/bin/python ] || $(MAKE) python-test
	$(CARGO) build --release -p uscc-cli
	cd python && SPARK_LOCAL_IP=127.0.0.1 ../$(PY_TEST_VENV)/bin/python bench/spark_bench.py $(SPARK_ROWS)

## is_valid_many over a Python list and a pyarrow array, against python-stdnum.
python-bench:
	[ -x $(PY_TEST_VENV)/bin/python ] || $(MAKE) python-test
	$(CARGO) build --release -p uscc-cli
	cd python && ../$(PY_TEST_VENV)/bin/python bench/bench.py && ../$(PY_TEST_VENV)/bin/python bench/analyze.py
