#!/bin/bash
# run.sh: runs the API test suite (tests/api/*.test.mjs) with node's test
# runner, two files at a time (each file starts its own ASan+UBSan server:
# two fit the 2-core machine), TAP output ending with node's summary
# ("# tests N", "# pass N", "# fail N") that tools/check.sh reads.
# Environment: AITCERT_BIN (default build/san/aitcert), AITCERT_FUZZ_SEED,
# AITCERT_FUZZ_N, AITCERT_KEEP_TMP; extra arguments go to node (e.g.
# --test-name-pattern=fuzz).
set -u
cd "$(dirname "$0")/../.."
export AITCERT_BIN=${AITCERT_BIN:-build/san/aitcert}
if [ ! -x "$AITCERT_BIN" ] && [ "$AITCERT_BIN" = build/san/aitcert ]; then
	make --no-print-directory build/san/aitcert >&2 || exit 2
fi
if [ ! -x "$AITCERT_BIN" ]; then
	echo "run.sh: $AITCERT_BIN is missing (make build/san/aitcert)" >&2
	exit 2
fi
command -v node >/dev/null || { echo "run.sh: node (20+) is not installed" >&2; exit 2; }
exec node --test --test-reporter=tap --test-concurrency=2 --test-timeout=180000 "$@" tests/api/*.test.mjs
