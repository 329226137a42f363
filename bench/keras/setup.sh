#!/usr/bin/env bash
# Creates bench/keras/.venv and installs requirements.txt into it. Idempotent: re-running
# re-uses the venv and pip skips what is already satisfied.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py="${PYTHON:-python3.11}"
command -v "$py" >/dev/null || py=python3
if [ ! -x "$here/.venv/bin/python" ]; then
  "$py" -m venv "$here/.venv"
fi
"$here/.venv/bin/python" -m pip install --quiet --upgrade pip
"$here/.venv/bin/python" -m pip install --quiet -r "$here/requirements.txt"
TF_CPP_MIN_LOG_LEVEL=2 "$here/.venv/bin/python" -c 'import sys, numpy, tensorflow as tf, keras; print("python", sys.version.split()[0], "| tensorflow", tf.__version__, "| keras", keras.__version__, "| numpy", numpy.__version__)'
