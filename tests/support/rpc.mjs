// One JSON-RPC request to an MCP endpoint on the wire, in the 2026-07-28 era: the bearer token,
// the protocol headers (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`) and the per-request
// `_meta` a modern client sends; or in a legacy session (`legacyRequest`). For tests that look
// at exact answers rather than drive an SDK.

export const MODERN = '2026-07-28';
const META = { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} };

/**
 * POSTs `method` with `params` to `url` (an endpoint such as `<origin>/v1/autotask?toolsets=all`)
 * as a modern request. Returns `{ status, headers, text, json }`.
 */
export function modernRequest(url, token, method, params = {}, { id = 1 } = {}) {
  const headers = {
    'mcp-protocol-version': MODERN,
    'mcp-method': method,
    ...(params.name ? { 'mcp-name': params.name } : {}),
  };
  return post(url, token, headers, { jsonrpc: '2.0', id, method, params: { ...params, _meta: META } });
}

/**
 * POSTs one message (or a batch) as a legacy-era client: before `initialize` has answered
 * there is no `session`; after it, the session id and the negotiated `version` go along.
 * Returns `{ status, headers, text, json }`.
 */
export function legacyRequest(url, token, message, { session, version = '2025-11-25' } = {}) {
  const headers = session ? { 'mcp-session-id': session, 'mcp-protocol-version': version } : {};
  return post(url, token, headers, message);
}

/** One authenticated JSON POST; `json` is undefined for an empty or non-JSON body. */
async function post(url, token, headers, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The text blocks of a tool result, joined. */
export const textOf = (result) => (result.content ?? []).map((c) => c.text).join('\n');
