#!/bin/sh
# bench.sh: builds and runs every benchmark in bench/ (optimised, no sanitizers).
# Each prints its figures next to a reference run in the same process, as a ratio.
set -e
mkdir -p build
LIB=$(ls src/*/*.c | grep -v src/cli/main.c)
for b in bench/bench-*.c; do
	name=$(basename "$b" .c)
	cc -O2 -std=c17 -Isrc -D_GNU_SOURCE "$b" $LIB \
		-lmicrohttpd -ljansson -lsodium -lsqlite3 -lcsv -lglpk -larchive -lm -lpthread -o build/"$name"
	echo "==> $name"
	build/"$name"
done
