#!/usr/bin/env bash
# Every check, in the order that fails fastest: formatting, lints (host and wasm32), native
# unit tests, the worker build, then the end-to-end suite against wrangler dev.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/bootstrap.sh

say "cargo fmt --check"
cargo fmt --all -- --check
say "cargo clippy (host)"
cargo clippy --all-targets -- -D warnings
say "cargo clippy (wasm32)"
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
say "cargo test"
cargo test

say "building the worker"
bash scripts/build.sh

say "end-to-end tests against wrangler dev"
node --test --test-reporter=spec 'tests/e2e/**/*.test.mjs'
