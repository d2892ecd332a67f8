# Shared by the bench scripts (sourced): `secs CMD…` prints a command's
# wall-clock seconds (exit 0 or 1 counts as success, as `uscc check`'s
# findings do); `secs_peak CMD…` prints its seconds and its peak resident
# memory in kB; `median` reads numbers separated by spaces and prints their
# median.
secs() {
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null || test $? -le 1
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
secs_peak() {
    python3 - "$@" <<'PY'
import resource, subprocess, sys, time
start = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
secs = time.perf_counter() - start
if rc > 1:
    sys.exit(f"{sys.argv[1:]} exited {rc}")
print(f"{secs:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
PY
}
