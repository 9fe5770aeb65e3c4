#!/bin/bash
# check.sh: runs every test suite of `make check` in turn (after the Makefile
# has built the ASan+UBSan binaries), keeps going after a failure so that one
# broken suite does not hide another, and ends with one summary line
# "check: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export AITCERT_BIN=${AITCERT_BIN:-build/san/aitcert}
mkdir -p build/logs
passed=0
failed=0
suites_failed=""

count() { # count NAME LOGFILE: adds the suite's own pass/fail counts
	local p f
	p=$(grep -Eo '^[a-z]*:? ?[0-9]+ passed, [0-9]+ failed' "$2" | tail -1 | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+')
	f=$(grep -Eo '^[a-z]*:? ?[0-9]+ passed, [0-9]+ failed' "$2" | tail -1 | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+')
	if [ -z "$p" ]; then # node's test runner
		p=$(grep -Eo '^# pass [0-9]+' "$2" | tail -1 | grep -Eo '[0-9]+')
		f=$(grep -Eo '^# fail [0-9]+' "$2" | tail -1 | grep -Eo '[0-9]+')
	fi
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
}

run() { # run NAME COMMAND...: runs a suite, shows its output, records the result
	local name=$1
	shift
	echo "==> $name"
	local log=build/logs/$name.log
	"$@" 2>&1 | tee "$log"
	local rc=${PIPESTATUS[0]}
	count "$name" "$log"
	if [ "$rc" -ne 0 ]; then
		suites_failed="$suites_failed $name"
		# a suite that failed without counting a failure still counts as one
		if ! grep -Eq '([1-9][0-9]* failed|^# fail [1-9])' "$log"; then failed=$((failed + 1)); fi
	fi
}

run unit build/san/unit-tests
run docs /usr/bin/python3 tools/gen-api-doc.py --check
run fuzz-replay tools/fuzz-replay.sh $(ls tests/fuzz/fuzz-*.c 2>/dev/null | sed 's#tests/fuzz/fuzz-\(.*\)\.c#\1#')
if [ -d tests/api ] && ls tests/api/*.test.mjs >/dev/null 2>&1; then
	run api bash tests/api/run.sh
fi
if [ -d tests/browser ] && ls tests/browser/*.test.mjs >/dev/null 2>&1; then
	run browser bash tests/browser/run.sh
fi

echo
if [ -n "$suites_failed" ]; then
	echo "failing suites:$suites_failed"
fi
echo "check: $passed passed, $failed failed"
[ -z "$suites_failed" ]
