#!/usr/bin/env bash
# Sets up and runs every check: ruff, then the test suite with the real model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
