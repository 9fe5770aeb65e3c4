#!/bin/sh
# deps.sh run|check: makes sure the Debian packages aitcert needs are installed.
# As root it installs what is missing with apt-get; otherwise it prints the one command to run.
set -e
RUN_PKGS="build-essential pkg-config libmicrohttpd-dev libjansson-dev libsodium-dev libsqlite3-dev libcsv-dev libglpk-dev libarchive-dev sqlite3"
CHECK_PKGS="$RUN_PKGS clang libclang-rt-14-dev chromium nodejs npm python3"
case "$1" in
	check) want="$CHECK_PKGS" ;;
	*) want="$RUN_PKGS" ;;
esac
missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		# nodejs/npm may come from another source than Debian: accept the commands.
		case "$p" in
			nodejs) command -v node >/dev/null 2>&1 && continue ;;
			npm) command -v npm >/dev/null 2>&1 && continue ;;
		esac
		missing="$missing $p"
	fi
done
install_npm() {
	# The browser tests' one npm package (playwright-core; it never downloads a browser).
	if [ "$1" = check ] && [ ! -d node_modules/playwright-core ]; then
		echo "deps: installing npm packages (playwright-core)"
		npm install --no-audit --no-fund --loglevel=error
	fi
}
if [ -z "$missing" ]; then
	install_npm "$1"
	exit 0
fi
if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq $missing >/dev/null
	install_npm "$1"
else
	echo "deps: missing Debian packages:$missing"
	echo "run:  sudo apt-get install -y$missing"
	exit 1
fi
