#!/usr/bin/env bash
# The load-and-fault run of issue 19 (bench/soak.mjs; README "Load and fault run").
#
#   bash bench/soak.sh [--minutes 10] [--busy-rate 15] [--calm-rate 2] [--concurrency 4] [--budget 300]
#
# Installs the load generator, oha, from crates.io into build/tools (once; build/ is not in git)
# and builds the worker if build/ has none, then runs the harness. Exits non-zero when a check
# fails. Not part of `npm test` or `npm run bench`: it runs for minutes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$ROOT"

OHA_VERSION="1.16.0"
OHA="$ROOT/build/tools/bin/oha"
if [ ! -x "$OHA" ] || ! "$OHA" --version | grep -q " $OHA_VERSION\$"; then
  say "installing oha $OHA_VERSION into build/tools (a few minutes, once)"
  cargo install --locked oha --version "$OHA_VERSION" --root "$ROOT/build/tools"
fi
[ -f build/index.js ] || bash scripts/build.sh
OHA="$OHA" node bench/soak.mjs "$@"
