#!/usr/bin/env bash
# Builds the worker into build/ (wasm + JS shim) with the locally installed tools.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

# wrangler runs this as its [build] command; the project's scripts build beforehand and set
# SKIP_WORKER_BUILD=1 so that starting wrangler does not build again.
if [ "${SKIP_WORKER_BUILD:-}" = "1" ]; then exit 0; fi

export WASM_BINDGEN_BIN="$(command -v wasm-bindgen)"
export WASM_OPT_BIN="$ROOT/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$ROOT/node_modules/.bin/esbuild"
[ -x "$WASM_OPT_BIN" ] || fail "run scripts/bootstrap.sh first (wasm-opt is missing)"

# The build id shown by /health: the commit, marked when the tree has uncommitted changes.
build_id="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then build_id="$build_id-dirty"; fi
export GATEWAY_BUILD="$build_id"

worker-build --release

# The wasm names section (function names for stack frames) is about 85 KiB of the gzipped
# worker, whose budget is 1 MiB (issue 12). A panic still logs its message and source location
# (console_error_panic_hook); only a wasm stack's frames lose their names. KEEP_WASM_NAMES=1
# keeps them, for a CPU profile that names functions (bench/profile.mjs).
if [ "${KEEP_WASM_NAMES:-}" != "1" ]; then
  "$WASM_OPT_BIN" build/index_bg.wasm --strip-debug -o build/index_bg.wasm
fi
