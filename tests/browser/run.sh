#!/bin/bash
# run.sh: runs the browser tests (tests/browser/*.test.mjs) with node's test
# runner, one file at a time (each file starts its own ASan+UBSan server and
# a headless Debian Chromium through playwright-core: one at a time fits the
# 2-core machine), ending with node's summary ("# tests N", "# pass N",
# "# fail N"). Screenshots land in tests/browser/shots/ (git-ignored).
# Environment: AITCERT_BIN (default build/san/aitcert), AITCERT_CHROMIUM
# (default /usr/bin/chromium), AITCERT_KEEP_TMP, AITCERT_HEADED; extra
# arguments go to node (e.g. --test-name-pattern=offline).
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
if [ ! -x "${AITCERT_CHROMIUM:-/usr/bin/chromium}" ]; then
	echo "run.sh: ${AITCERT_CHROMIUM:-/usr/bin/chromium} is missing (apt-get install chromium)" >&2
	exit 2
fi
if [ ! -d node_modules/playwright-core ]; then
	echo "run.sh: node_modules/playwright-core is missing (npm ci; never 'npx playwright install')" >&2
	exit 2
fi
exec node --test --test-reporter=tap --test-concurrency=1 --test-timeout=180000 "$@" tests/browser/
