# Shared by the bench scripts (sourced): `secs CMD…` prints a command's
# wall-clock seconds (exit 0 or 1 counts as success, as `uscc check`'s
# findings do); `median` reads numbers separated by spaces and prints their
# median.
secs() {
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null || test $? -le 1
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
