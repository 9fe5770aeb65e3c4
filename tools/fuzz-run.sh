#!/bin/sh
# fuzz-run.sh NAME [SECONDS]: builds tests/fuzz/fuzz-NAME.c with clang's libFuzzer
# (+ASan+UBSan) and fuzzes it, growing tests/fuzz/corpus/NAME. Crashes land in
# build/fuzz/; keep each fixed crash input in tests/fuzz/regression/NAME/.
set -e
name=${1:?usage: make fuzz NAME=gift [SECONDS=60]}
secs=${2:-60}
mkdir -p build/fuzz tests/fuzz/corpus/"$name"
clang -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -D_GNU_SOURCE \
	tests/fuzz/fuzz-"$name".c $(ls src/*/*.c | grep -v src/cli/main.c) \
	-lmicrohttpd -ljansson -lsodium -lsqlite3 -lcsv -lglpk -larchive -lm -lpthread -o build/fuzz/"$name"
build/fuzz/"$name" -max_total_time="$secs" -artifact_prefix=build/fuzz/ tests/fuzz/corpus/"$name"
