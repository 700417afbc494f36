#!/usr/bin/env bash
# The side-by-side run of issue 12: Cloudflare's TypeScript stack (../shared/peer) and this
# gateway doing the same job (a 50-device Datto page of 47 KB), interleaved run by run.
#
#   bash bench/peer.sh [--runs 3] [--eras legacy,modern]    (extra flags go to run-peer.mjs)
#
# The gateway runs the current build/ under its own `wrangler dev` on port 8787, pointed at the
# peer's Datto mock (bench/timing.mjs breaks the same call down by Server-Timing). Its rate
# limits are lifted for the run (a generated copy of wrangler.toml): the driver makes a thousand
# calls a minute on one grant, and the limiter's answer is not what is being measured. Both
# wranglers run at `--log-level warn`, as run-peer.mjs starts the peer's.
#
# The governor's Datto budget is raised (VENDOR_BUDGETS) for the same reason: every call still
# spends from the isolate's slice and asks the budget object for each new one, but the driver's
# thousand calls a minute are not kept under Datto's 600.
#
# The peer writes no log line per request; the gateway runs with REQUEST_LOG=errors so that
# both log the same (nothing, for a successful request). Under wrangler dev every console.log
# is relayed through the inspector to wrangler's Node process, about 3 ms of CPU a line (see
# docs/ARCHITECTURE.md, "The runtime floor"). GATEWAY_REQUEST_LOG=all measures the default.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
cd "$ROOT"

PEER_SOURCE="${PEER_SOURCE:-$ROOT/../shared/peer}"
PEER="$ROOT/build/peer"
STATE="$ROOT/build/peer-state"
CONFIG="$ROOT/wrangler.bench.toml"
PORT=8787
MOCK_PORT=9911
MAIL_PORT=9925
REQUEST_LOG="${GATEWAY_REQUEST_LOG:-errors}"

[ -d "$PEER_SOURCE" ] || fail "the peer is not at $PEER_SOURCE (set PEER_SOURCE)"
[ -f build/index.js ] || bash scripts/build.sh
if [ ! -d "$PEER/node_modules" ]; then
  say "installing the peer into build/peer"
  rm -rf "$PEER" && cp -r "$PEER_SOURCE" "$PEER" && chmod -R u+w "$PEER"
  (cd "$PEER" && npm install --no-audit --no-fund >/dev/null)
fi

sed -E 's/simple = \{ limit = [0-9]+, period = (10|60) \}/simple = { limit = 1000000, period = \1 }/' \
  wrangler.toml > "$CONFIG"
rm -rf "$STATE" && mkdir -p "$STATE"
node scripts/dev-secrets.mjs > "$STATE/bench.env"
echo "MAIL_API_KEY=bench-mail-key" >> "$STATE/bench.env"
export SKIP_WORKER_BUILD=1
wrangler d1 migrations apply DB --local --persist-to "$STATE" -c "$CONFIG" >/dev/null

wrangler dev -c "$CONFIG" --ip 127.0.0.1 --port "$PORT" --persist-to "$STATE" \
  --env-file "$STATE/bench.env" --show-interactive-dev-session=false --log-level warn \
  --var "PUBLIC_ORIGIN:http://127.0.0.1:$PORT" --var "ENVIRONMENT:development" \
  --var "UPSTREAM_OVERRIDES:{\"datto-rmm\":\"http://127.0.0.1:$MOCK_PORT\"}" \
  --var "MAIL_SENDER:http://127.0.0.1:$MAIL_PORT/emails" --var "MAIL_FROM:bench@msp.example" \
  --var "REQUEST_LOG:$REQUEST_LOG" \
  --var "VENDOR_BUDGETS:datto-rmm=1000000/60" \
  >"$STATE/wrangler.log" 2>&1 &
GATEWAY_PID=$!
trap 'kill "$GATEWAY_PID" 2>/dev/null || true; rm -f "$CONFIG"' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null || { tail -40 "$STATE/wrangler.log"; fail "the gateway did not start"; }

export PEER_BENCH_EMAIL="bench@msp.example" PEER_BENCH_PASSWORD="bench-$(date +%s)-password"
node bench/peer-account.mjs "http://127.0.0.1:$PORT" "$MAIL_PORT" "$PEER_BENCH_EMAIL" "$PEER_BENCH_PASSWORD"

say "wasm: $(wc -c < build/index_bg.wasm) bytes, $(gzip -9 -c build/index_bg.wasm | wc -c) gzipped; gateway REQUEST_LOG=$REQUEST_LOG"
cd "$PEER"
PATH="$PEER/node_modules/.bin:$PATH" node run-peer.mjs --runs 3 --eras legacy,modern \
  --port 8791 --mock-port "$MOCK_PORT" \
  --also-gateway "http://127.0.0.1:$PORT" --also-label gateway \
  --also-authorizer "$ROOT/bench/peer-authorizer.mjs" --also-tool-args '{"limit":50}' \
  --out "$ROOT/build/peer.json" "$@"

# In the same run, the least work any gateway can do for this call on this machine: a
# framework-free JavaScript Worker pricing the storage read and the page (issue 12's floor).
cd "$ROOT"
say "the least work (bench/least-work.mjs)"
node bench/least-work.mjs
