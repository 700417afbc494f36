#!/usr/bin/env bash
# Runs every benchmark under bench/ against a fresh build and prints the figures.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/bootstrap.sh
bash scripts/build.sh
for bench in bench/*.mjs; do
  # The load-and-fault run takes minutes and has its own script (bench/soak.sh).
  [ "$bench" = bench/soak.mjs ] && continue
  say "$bench"
  node "$bench"
done
