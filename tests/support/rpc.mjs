// One JSON-RPC request to an MCP endpoint on the wire, in the 2026-07-28 era: the bearer token,
// the protocol headers (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`) and the per-request
// `_meta` a modern client sends. For tests that look at exact answers rather than drive an SDK.

export const MODERN = '2026-07-28';
const META = { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} };

/**
 * POSTs `method` with `params` to `url` (an endpoint such as `<origin>/v1/autotask?toolsets=all`)
 * as a modern request. Returns `{ status, headers, json }` (`json` undefined for an empty body).
 */
export async function modernRequest(url, token, method, params = {}, { id = 1 } = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': MODERN,
      'mcp-method': method,
      ...(params.name ? { 'mcp-name': params.name } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: META } }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

/** The text blocks of a tool result, joined. */
export const textOf = (result) => (result.content ?? []).map((c) => c.text).join('\n');
