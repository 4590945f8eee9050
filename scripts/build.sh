#!/usr/bin/env bash
# Set up a virtual environment in .venv, install kgraph, and build the graph into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
.venv/bin/kgraph build
