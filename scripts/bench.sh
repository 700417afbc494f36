#!/usr/bin/env bash
# Runs every benchmark under bench/ against a fresh build and prints the figures.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/bootstrap.sh
bash scripts/build.sh
for bench in bench/*.mjs; do
  case "$bench" in
    # The load-and-fault run takes minutes and has its own script (bench/soak.sh); the peer's
    # helpers run under bench/peer.sh; the others are modules the benchmarks import.
    bench/soak.mjs | bench/peer-*.mjs | bench/lib.mjs | bench/page-workload.mjs) continue ;;
  esac
  say "$bench"
  node "$bench"
done
