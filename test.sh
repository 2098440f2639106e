#!/usr/bin/env bash
# Runs every test of ropa on a machine that has only the Rust toolchain and apt.
#
# It first installs what the tests drive as real programs, where they are missing:
#   chromium, chromium-driver  the browser test and the report's PDF (Debian packages)
#   poppler-utils              pdftotext, to read that PDF back
#   openpyxl (Python)          opens the XLSX export as Excel's readers do
#   git                        the registry-version test makes a repository
# then runs `cargo test --locked`. Arguments are passed on to cargo test; the
# integration tests are one binary (tests/testsuite/) with a module per feature, so
# a module is chosen by its name as a filter, e.g.
#   ./test.sh leak::              the tests of tests/testsuite/leak.rs
#   ./test.sh --test testsuite    only the integration tests
# The snapshot tests (tests/testsuite/snapshots/) never write snapshots here
# (INSTA_UPDATE=no): a missing or different one fails. To accept a wanted change,
# run `INSTA_UPDATE=always ./test.sh snapshot::` and review the diff.
# With the tools already installed, plain `cargo test` is the same thing.
set -euo pipefail
cd "$(dirname "$0")"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v python3 >/dev/null || missing+=(python3 python3-pip)
command -v git >/dev/null || missing+=(git)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! python3 -c 'import openpyxl' 2>/dev/null; then
  echo "test.sh: installing the Python packages of tests/requirements.txt (pip)" >&2
  # Debian's own python3 refuses pip installs into the system unless told; a
  # toolchain's python (pyenv, venv) ignores the variable.
  PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet -r tests/requirements.txt ||
    as_root apt-get install -y -qq --no-install-recommends python3-openpyxl >/dev/null
  python3 -c 'import openpyxl' || { echo "test.sh: openpyxl could not be installed" >&2; exit 1; }
fi

export INSTA_UPDATE="${INSTA_UPDATE:-no}"
exec cargo test --locked "$@"
