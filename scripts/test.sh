#!/usr/bin/env bash
# Sets up and runs every check: ruff, the manual's build (mkdocs build --strict, into a temporary
# folder), then the test suite with the real model (tests/test_docs.py checks every transcript),
# beside a throwaway PostgreSQL server (scripts/postgres.sh; without one, its tests are left out).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
# NO_MKDOCS_2_WARNING: Material for MkDocs' banner about MkDocs 2.0, printed whatever the manual says
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict --quiet --site-dir "$site"
bash scripts/postgres.sh .venv/bin/python -m pytest "$@"
