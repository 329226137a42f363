#!/usr/bin/env bash
# Copies the M4 Hourly and Weekly train/test files (and the organisers' benchmark script, used only
# by scripts/m4/reference-forecasts.R) out of a git copy of the public repository
# Mcompetitions/M4-methods into data/m4/, which git ignores: the files are 6.6 MB and the repository
# names no licence for them, so they are not committed.
#
#   scripts/fetch-m4.sh [GIT_DIR]     GIT_DIR: a clone or bare mirror of Mcompetitions/M4-methods
#                                     (default: $M4_GIT_DIR, else /work/.mirror/Mcompetitions+M4-methods/repo)
set -euo pipefail
git_dir="${1:-${M4_GIT_DIR:-/work/.mirror/Mcompetitions+M4-methods/repo}}"
[ -d "$git_dir/.git" ] && git_dir="$git_dir/.git"
out="$(cd "$(dirname "$0")/.." && pwd)/data/m4"
mkdir -p "$out"
for f in Train/Hourly-train Train/Weekly-train Test/Hourly-test Test/Weekly-test; do
  git --git-dir="$git_dir" show "HEAD:Dataset/$f.csv" > "$out/$(basename "$f").csv"
done
git --git-dir="$git_dir" show "HEAD:Benchmarks and Evaluation.R" > "$out/benchmarks-and-evaluation.R"
echo "M4 Hourly/Weekly data copied to $out from $git_dir (commit $(git --git-dir="$git_dir" rev-parse --short HEAD))"
