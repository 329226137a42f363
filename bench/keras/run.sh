#!/usr/bin/env bash
# Keras reference run: installs the venv if missing (bench/keras/setup.sh), then bench/keras/run.py.
#   bash bench/keras/run.sh [--seeds 5] [--epochs 50] [--budget-minutes 25] [--no-gated]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ -x "$here/.venv/bin/python" ] || bash "$here/setup.sh"
exec "$here/.venv/bin/python" "$here/run.py" "$@"
