#!/usr/bin/env bash
# Creates .venv (once) and installs newsbot into it: the pinned CPU build of PyTorch first, so that
# nothing pulls the multi-GB CUDA build, then the project with its test tools, the onnx extra
# (onnxruntime and onnx, ~115 MB installed: NEWSBOT_ENCODER=onnx-int8 and its tests) and the eval
# extra (rouge-score and matplotlib: `newsbot eval`) and the postgres extra (psycopg, a few MB:
# NEWSBOT_DATABASE_URL and its tests). Extras named as arguments are installed too
# (`bash scripts/setup.sh dev`: MkDocs, which builds the manual in docs/). pip's output
# goes to .venv/install.log and is shown only if the install fails.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
extras=test,onnx,eval,postgres
for extra in "$@"; do
    extras+=",$extra"
done
log=.venv/install.log
pip=(.venv/bin/python -m pip install --disable-pip-version-check)
if ! { "${pip[@]}" "torch==2.13.0" && "${pip[@]}" -e ".[$extras]"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup failed: see the pip output above (also in $log)" >&2
    exit 1
fi
