#!/bin/sh
# agree.sh: builds bench/bench-agree.c (-O2, no sanitizers) with the files it
# needs and runs it from the repository root: generates the data, runs the C
# graders and the Python references (bench/ref_agree.py, bench/ref_coco.py,
# with Debian's /usr/bin/python3), prints each metric's largest difference and
# the time ratio. Exits 1 when a value differs by more than 1e-9.
#   bench/agree.sh [DATA_DIR]
set -e
cd "$(dirname "$0")/.."
mkdir -p build
cc -O2 -std=c17 -Wall -Wextra -Isrc -D_GNU_SOURCE bench/bench-agree.c \
	src/base/arena.c src/base/err.c src/base/jsonv.c \
	src/grade/metrics.c src/grade/cocoeval.c src/grade/agreement.c src/grade/algotest.c \
	-ljansson -lm -o build/bench-agree
exec build/bench-agree "$@"
