#!/usr/bin/env bash
# Installs MLflow from PyPI into .venv-mlflow/ (gitignored) for the tracking tests (test/tracking/),
# which start their own `mlflow server` (SQLite backend, artifacts served by the server) on a free
# loopback port. Idempotent: a venv whose mlflow already imports at the pinned version is kept.
# The tests find the server at .venv-mlflow/bin/mlflow, or at SEQPIPE_MLFLOW (a path to `mlflow`).
set -euo pipefail
cd "$(dirname "$0")/.."
version="${MLFLOW_VERSION:-3.17.2}"
venv=".venv-mlflow"
python="${PYTHON:-python3}"
if [ -x "$venv/bin/mlflow" ] && [ "$("$venv/bin/python" -c 'import mlflow; print(mlflow.__version__)' 2>/dev/null)" = "$version" ]; then
  echo "mlflow present: $venv/bin/mlflow ($version)"
  exit 0
fi
if ! command -v "$python" >/dev/null 2>&1; then
  echo "install-mlflow: $python not found; the tracking tests need Python 3.10+ with venv" >&2
  exit 1
fi
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "mlflow==$version"
echo "mlflow installed: $venv/bin/mlflow ($("$venv/bin/python" -c 'import mlflow; print(mlflow.__version__)'))"
