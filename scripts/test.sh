#!/usr/bin/env bash
# Install everything the tests need (Python packages, and Debian's chromium, raptor2-utils, Apache
# Jena and Virtuoso), then run the linter and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rapper >/dev/null || missing+=(raptor2-utils)
[ -f /usr/share/java/jena-arq.jar ] || missing+=(libapache-jena-java)
command -v virtuoso-t >/dev/null || missing+=(virtuoso-opensource-7)
command -v javac >/dev/null || missing+=(default-jdk-headless)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  # Virtuoso asks for its dba password at install time; the tests run a private instance of their own.
  printf '%s\n' "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba" \
    "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba" | debconf-set-selections
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench
.venv/bin/python -m pytest "$@"
