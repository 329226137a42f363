#!/usr/bin/env bash
# Creates bench/torch/.venv and installs requirements.txt into it (PyTorch CPU use, from PyPI).
# Idempotent: re-running re-uses the venv and pip skips what is already satisfied. Takes ≈1-2 min
# on a fast link (torch's wheel is ≈540 MB, the nvidia wheels it needs to import ≈3 GB more).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py="${PYTHON:-python3.11}"
command -v "$py" >/dev/null || py=python3
if [ ! -x "$here/.venv/bin/python" ]; then
  "$py" -m venv "$here/.venv"
fi
"$here/.venv/bin/python" -m pip install --quiet --upgrade pip
"$here/.venv/bin/python" -m pip install --quiet -r "$here/requirements.txt"
"$here/.venv/bin/python" -c 'import sys, numpy, torch; print("python", sys.version.split()[0], "| torch", torch.__version__, "| numpy", numpy.__version__, "| threads", torch.get_num_threads())'
