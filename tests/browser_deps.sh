#!/usr/bin/env bash
# What tests/test_browser.py needs from the system: Debian's Chromium (driven by Playwright) and
# fonts-noto-cjk (so Japanese pages show text, not boxes, in the screenshots).  `make test` runs
# this first: it installs what is missing when it can (as root, or with password-less sudo) and
# otherwise says what to run.  It never stops `make test`: without the browser the browser tests
# fail, each naming the command below, so a missing browser can never pass unnoticed.
#
#   CHROMIUM=/path/to/chromium   use another browser binary (never installed by this script)
set -uo pipefail

default_chromium=/usr/bin/chromium
chromium=${CHROMIUM:-$default_chromium}
packages=()
if [ ! -x "$chromium" ]; then
  if [ "$chromium" = "$default_chromium" ]; then
    packages+=(chromium)
  else
    echo "browser tests: CHROMIUM=$chromium is not an executable; the browser tests will fail" \
         "(unset CHROMIUM to use Debian's $default_chromium)" >&2
  fi
fi
if ! dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed"; then
  packages+=(fonts-noto-cjk)
fi
[ ${#packages[@]} -eq 0 ] && exit 0

command="apt-get install -y ${packages[*]}"
if ! command -v apt-get >/dev/null; then
  echo "browser tests: missing ${packages[*]} and no apt-get here; install Chromium and the" \
       "Noto CJK fonts, then run make test again; until then the browser tests fail" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "browser tests: missing ${packages[*]}; run: sudo $command" \
       "(until then the browser tests fail)" >&2
  exit 0
fi
echo "browser tests: installing ${packages[*]} ($command)" >&2
if ! { "${sudo[@]}" apt-get update -qq &&
       DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null; }; then
  echo "browser tests: installing failed; run: sudo $command (until then the browser tests fail)" >&2
fi
exit 0
