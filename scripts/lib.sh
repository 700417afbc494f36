# Shared by the scripts in this folder: paths, tool locations and small helpers.
# Source it; it changes nothing by itself.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export WRANGLER_SEND_METRICS=false

# The versions the build needs. worker-build is pinned here; wasm-bindgen must match the
# wasm-bindgen crate in Cargo.lock exactly, so it is read from there.
WORKER_BUILD_VERSION="0.8.7"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Prints the version of a package recorded in Cargo.lock.
locked_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' \
    "$ROOT/Cargo.lock"
}
