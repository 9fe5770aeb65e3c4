#!/bin/sh
# bench.sh: runs every benchmark in bench/ (optimised builds, no sanitizers).
# A benchmark with its own script (bench/NAME.sh) is run through it; any other
# bench/bench-NAME.c is built against the whole library and run. Each prints
# its figures next to a reference run in the same process or script, as a ratio.
set -e
cd "$(dirname "$0")/.."
mkdir -p build
LIB=$(ls src/*/*.c | grep -v src/cli/main.c)
for b in bench/bench-*.c; do
	name=$(basename "$b" .c)
	short=${name#bench-}
	if [ -x bench/"$short".sh ] || [ -f bench/"$short".sh ]; then
		continue
	fi
	cc -O2 -std=c17 -Isrc -D_GNU_SOURCE "$b" $LIB \
		-lmicrohttpd -ljansson -lsodium -lsqlite3 -lcsv -lglpk -larchive -lm -lpthread -o build/"$name"
	echo "==> $name"
	build/"$name"
done
for s in bench/*.sh; do
	echo "==> $s"
	sh "$s"
done
