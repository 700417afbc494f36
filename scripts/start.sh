#!/usr/bin/env bash
# Runs the gateway locally on workerd with local D1, KV and Durable Objects, state kept in
# .wrangler/state. No Cloudflare account and no network needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PORT="${PORT:-8787}"
ORIGIN="http://127.0.0.1:$PORT"
STATE=".wrangler/state"

bash scripts/bootstrap.sh
say "building the worker"
bash scripts/build.sh

if [ ! -f .dev.vars ]; then
  say "creating .dev.vars with fresh random secrets"
  (umask 077 && node scripts/dev-secrets.mjs > .dev.vars)
fi

say "applying D1 migrations to the local database"
wrangler d1 migrations apply DB --local --persist-to "$STATE"

cat >&2 <<MSG

  MCP Gateway is starting at $ORIGIN
    landing page   $ORIGIN/
    health         $ORIGIN/health
    readiness      $ORIGIN/health/ready
    an MCP URL     $ORIGIN/v1/datto-rmm   (add it with: claude mcp add --transport http datto-rmm $ORIGIN/v1/datto-rmm)
  State is kept in $STATE; stop with Ctrl-C.

MSG
export SKIP_WORKER_BUILD=1
exec wrangler dev --ip 127.0.0.1 --port "$PORT" --persist-to "$STATE" \
  --var "PUBLIC_ORIGIN:$ORIGIN" --var "ENVIRONMENT:development" --show-interactive-dev-session=false
