#!/usr/bin/env bash
# Rewrites every transcript in README.md and docs/ with what its command prints now over the sample
# news (scripts/transcripts.py), then builds the manual into site/ (mkdocs build --strict).
# `bash scripts/docs.sh --check` rewrites nothing: it prints how each stale transcript differs
# and fails if one does.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
.venv/bin/python scripts/transcripts.py "$@"
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict --quiet
