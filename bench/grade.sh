#!/bin/sh
# grade.sh: the grader benchmark in one run. Builds bench/bench-grade.c as
# tools/bench.sh does (optimised, every src/ file but src/cli/main.c), which
# generates 100,000 items each of label, span and box data, times the C
# graders and writes their metrics; then grades the same files with the
# reference (bench/ref_grade.py: scikit-learn for label, plain Python for
# span and box) under Debian's /usr/bin/python3, compares every metric
# (max |diff| <= 1e-9) and prints the time ratio: the median of REPS ratios,
# each Python run paired with a C run just before it (build/bench-grade DIR
# --time KIND), as the shared machine's speed drifts.
#
#   bench/grade.sh [DIR [REPS]]     default build/bench-grade-data, 5 repetitions
set -e
cd "$(dirname "$0")/.."
DIR=${1:-build/bench-grade-data}
REPS=${2:-5}
mkdir -p build "$DIR"
LIB=$(ls src/*/*.c | grep -v src/cli/main.c)
cc -O2 -std=c17 -Isrc -D_GNU_SOURCE bench/bench-grade.c $LIB \
	-lmicrohttpd -ljansson -lsodium -lsqlite3 -lcsv -lglpk -larchive -lm -lpthread -o build/bench-grade
echo "==> C: build/bench-grade $DIR $REPS"
build/bench-grade "$DIR" "$REPS"
echo "==> reference: /usr/bin/python3 bench/ref_grade.py $DIR $REPS"
/usr/bin/python3 bench/ref_grade.py "$DIR" "$REPS"
