#!/bin/sh
# fuzz-replay.sh NAME...: replays tests/fuzz/corpus/NAME and tests/fuzz/regression/NAME
# through each fuzz target under ASan+UBSan; a crash fails the run.
# Ends with "fuzz: N passed, N failed" (one per target).
p=0
f=0
for n in "$@"; do
	printf 'fuzz %-12s ' "$n"
	if build/san/fuzz-"$n" tests/fuzz/corpus/"$n" tests/fuzz/regression/"$n"; then
		p=$((p + 1))
	else
		echo "FAIL fuzz target $n"
		f=$((f + 1))
	fi
done
echo "fuzz: $p passed, $f failed"
[ "$f" -eq 0 ]
