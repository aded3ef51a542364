#!/usr/bin/env bash
# Creates .venv (once) and installs newsbot into it: the pinned CPU build of PyTorch first, so that
# nothing pulls the multi-GB CUDA build, then the project with its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check "torch==2.13.0"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
