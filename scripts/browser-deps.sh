#!/usr/bin/env bash
# Installs what the POS page's browser tests need: Debian's chromium and chromium-driver (/usr/bin/chromium,
# /usr/bin/chromedriver). Maven runs it before the tests (exec-maven-plugin, phase process-test-classes).
# Idempotent: does nothing when both are there. As root it installs them with apt-get; otherwise it says what to
# run. It never fails the build itself: without a browser the browser tests fail and say what to install.
set -u

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  echo "browser tests: chromium is missing; run: sudo apt-get install chromium chromium-driver"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
log=$(mktemp /tmp/possync-browser-deps.XXXXXX.log)
run_apt() {
  apt-get -o DPkg::Lock::Timeout=300 "$@" >>"$log" 2>&1
}
known() { # both packages have a candidate in the package lists
  [ "$(apt-cache policy chromium chromium-driver 2>/dev/null | grep -c 'Candidate: [0-9]')" = "2" ]
}

echo "browser tests: installing Debian's chromium and chromium-driver (apt-get, once)"
start=$(date +%s)
# The package lists are read only when they do not know both packages yet; an install that fails (lists too old
# for the mirror) reads them once and tries again.
if ! known; then
  run_apt update -qq
fi
if ! run_apt install -y -qq chromium chromium-driver; then
  run_apt update -qq
  run_apt install -y -qq chromium chromium-driver
fi

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "browser tests: chromium and chromium-driver installed in $(( $(date +%s) - start )) s"
  rm -f "$log"
else
  tail -n 5 "$log"
  echo "browser tests: could not install chromium and chromium-driver (apt-get's output: $log);" \
    "the browser tests will fail until: apt-get install chromium chromium-driver"
fi
exit 0
