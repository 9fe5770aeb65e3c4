#!/bin/sh
# fuzz-replay.sh NAME...: replays tests/fuzz/corpus/NAME and tests/fuzz/regression/NAME under ASan+UBSan.
set -e
for n in "$@"; do
	printf 'fuzz %-12s ' "$n"
	build/san/fuzz-"$n" tests/fuzz/corpus/"$n" tests/fuzz/regression/"$n"
done
