#!/usr/bin/env bash
# Installs whatever this machine lacks to build, run and test the gateway. Idempotent: on a
# machine that has everything it checks versions and exits in seconds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

command -v cargo >/dev/null || fail "cargo is required (install Rust with rustup)"
command -v npm >/dev/null || fail "npm is required (any Node.js with npm; Node 22 is installed locally)"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding rustup component $component"
    rustup component add "$component"
  fi
done

if [ "$(worker-build --version 2>/dev/null | grep -oE "[0-9]+\.[0-9]+\.[0-9]+")" != "$WORKER_BUILD_VERSION" ]; then
  say "installing worker-build $WORKER_BUILD_VERSION (a few minutes, once per machine)"
  cargo install worker-build --version "$WORKER_BUILD_VERSION"
fi

bindgen_version="$(locked_version wasm-bindgen)"
[ -n "$bindgen_version" ] || fail "wasm-bindgen is not in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  # worker-build's own download of wasm-bindgen cannot work without general network access.
  # No --locked: a yanked transitive dependency breaks the locked install.
  say "installing wasm-bindgen-cli $bindgen_version (a few minutes, once per machine)"
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

# npm dependencies: reinstalled only when package-lock.json changed since the last install.
# `npm install` rather than `npm ci`: the registries reachable here carry only the Linux
# builds of workerd's optional platform packages, which `npm ci` rejects as a lock mismatch;
# `npm install` installs exactly the locked versions and leaves the lock file as it is.
stamp="node_modules/.bootstrap-lock"
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "installing npm dependencies (wrangler, Node 22, binaryen, esbuild, test clients, graphql for the SuperOps mock)"
  npm install --no-audit --no-fund
  cp package-lock.json "$stamp"
fi

# The Python MCP SDK for tests/e2e/clients.test.mjs (tests/clients/python_client.py), from
# PyPI into a virtual environment of its own; reinstalled only when the version differs.
PYTHON_MCP_VERSION="2.3.0"
clients_venv=".venv-clients"
installed_mcp="$("$clients_venv/bin/python" -c 'import importlib.metadata as m; print(m.version("mcp"))' 2>/dev/null || true)"
if [ "$installed_mcp" != "$PYTHON_MCP_VERSION" ]; then
  python=""
  for candidate in python3.13 python3.12 python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null \
      && "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
      python="$candidate"
      break
    fi
  done
  [ -n "$python" ] || fail "Python 3.10 or newer with the venv module is required for the Python MCP client tests"
  say "installing the Python MCP SDK $PYTHON_MCP_VERSION into $clients_venv (for the client tests)"
  "$python" -m venv --clear "$clients_venv"
  "$clients_venv/bin/python" -m pip install --quiet --disable-pip-version-check "mcp==$PYTHON_MCP_VERSION"
fi

# Chromium for the browser tests (tests/e2e/browser.test.mjs, driven by playwright-core):
# Debian's package, because playwright's own browser download cannot work without general
# network access.
if [ ! -x /usr/bin/chromium ]; then
  say "installing chromium from Debian (for the browser tests)"
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "chromium is missing and installing it needs root (or sudo)"
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi

node_major="$(node --version | sed 's/^v\([0-9]*\).*/\1/')"
[ "$node_major" -ge 22 ] || fail "Node 22 was not installed into node_modules/.bin"
