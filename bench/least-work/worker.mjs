// The least work a gateway can do for the side-by-side run's call (issue 12), as a plain
// JavaScript Worker with no framework, no MCP library and no OAuth: each route adds one of the
// steps every gateway that meets the product's rules must take, so bench/least-work.mjs can
// price each step under `wrangler dev` on this machine. Not part of the gateway; no secrets.
//
//   GET /floor   an empty answer (the runtime floor, as the peer's driver measures it)
//   GET /kv      one KV read (how Cloudflare's stack finds a token: edge-cached, eventually
//                consistent, so a revocation can take up to a minute to be seen elsewhere)
//   GET /d1      one D1 read of a row by its primary key (the strongly consistent read that
//                makes a revocation take effect on the next request)
//   GET /page    the vendor's 50-device page fetched and answered as a tool result: parsed
//                once, then text and structuredContent serialised in one JSON-RPC answer
//   GET /least   /d1 then /page: the least a gateway with next-request revocation does
//   GET /rotate  the least a refresh grant with rotation does: one D1 read of the presented
//                token, then one batch retiring it and storing its successor
const ROW = 'grant-1';

async function readRow(env) {
  const row = await env.DB.prepare('SELECT id, owner, revoked FROM grants WHERE id = ?1').bind(ROW).first();
  if (!row || row.revoked) throw new Error('the grant row is missing');
}

async function page(env) {
  const response = await fetch(env.PAGE_URL, { headers: { authorization: `Bearer ${env.PAGE_TOKEN}`, accept: 'application/json' } });
  if (!response.ok) throw new Error(`the mock answered ${response.status}`);
  const data = await response.json();
  const result = { content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data };
  return Response.json({ jsonrpc: '2.0', id: 1, result });
}

async function rotate(env) {
  const presented = await env.DB.prepare('SELECT id, grant_id FROM refresh WHERE used = 0 LIMIT 1').first();
  if (!presented) throw new Error('no refresh token is left');
  const next = crypto.randomUUID();
  await env.DB.batch([
    env.DB.prepare('UPDATE refresh SET used = 1 WHERE id = ?1 AND used = 0').bind(presented.id),
    env.DB.prepare('INSERT INTO refresh VALUES (?1, ?2, 0)').bind(next, presented.grant_id),
  ]);
  return Response.json({ access_token: next, token_type: 'Bearer', refresh_token: next });
}

export default {
  async fetch(request, env) {
    switch (new URL(request.url).pathname) {
      case '/setup':
        await env.DB.batch([
          env.DB.prepare('CREATE TABLE IF NOT EXISTS grants (id TEXT PRIMARY KEY, owner TEXT NOT NULL, revoked INTEGER NOT NULL)'),
          env.DB.prepare("INSERT OR REPLACE INTO grants VALUES (?1, 'user-1', 0)").bind(ROW),
          env.DB.prepare('CREATE TABLE IF NOT EXISTS refresh (id TEXT PRIMARY KEY, grant_id TEXT NOT NULL, used INTEGER NOT NULL)'),
          env.DB.prepare('CREATE INDEX IF NOT EXISTS refresh_unused ON refresh (used)'),
          env.DB.prepare("INSERT OR IGNORE INTO refresh VALUES ('refresh-0', ?1, 0)").bind(ROW),
        ]);
        await env.KV.put(`token:${ROW}`, JSON.stringify({ owner: 'user-1' }));
        return new Response('ready');
      case '/floor':
        return new Response(null, { status: 204 });
      case '/kv':
        if (!(await env.KV.get(`token:${ROW}`))) throw new Error('the token is missing');
        return new Response(null, { status: 204 });
      case '/d1':
        await readRow(env);
        return new Response(null, { status: 204 });
      case '/page':
        return page(env);
      case '/least':
        await readRow(env);
        return page(env);
      case '/rotate':
        return rotate(env);
      default:
        return new Response('not found', { status: 404 });
    }
  },
};
