// Offline mock of Xyte's organization API (vendors.md §10, field-2026-12.md §3.8,
// docs/vendors/xyte.md), reached through the gateway's `UPSTREAM_OVERRIDES` `{base}` form at
// `/hub.xyte.io/core/v1/organization/...`: the raw organization key in `Authorization` (a
// `Bearer` scheme is refused, and counted), every envelope the API uses — `{items,
// has_next_page}` (devices by default, incidents, histories), `{items, next_page}` (licenses,
// spaces; devices when asked), bare arrays (tickets, commands) — `per_page` ≤ 100 (422 above),
// and epoch-second `from`/`to` windows of at most 31 days (422 above). Error bodies are
// UNVERIFIED (`{"error": "..."}`).
import { randomUUID } from 'node:crypto';
import { Router, intParam, reply, startMock } from '../http.mjs';
import { XYTE_IDS, XYTE_KEY, XYTE_T0, generatedDevices, generatedSpaces, xyteFixtures } from './fixtures.mjs';

export { XYTE_IDS, XYTE_KEY, XYTE_T0, xyteFixtures };

const PREFIX = '/hub.xyte.io/core/v1/organization';
const MAX_WINDOW_SECONDS = 31 * 86_400;
const DEFAULTS = {
  port: 0,
  keys: [XYTE_KEY],
  rateLimit: { limit: 60, windowMs: 60_000 }, // UNVERIFIED: xyte-mcp-alpha throttles itself to 60/min
  envelopes: { devices: 'has_next_page', spaces: 'next_page' },
  extraDevices: 0,
  extraSpaces: 0,
};

const error = (status, message) => reply(status, { error: message });

/**
 * Starts the mock. Options: `port`, `keys` (accepted organization keys), `rateLimit`,
 * `envelopes` ({ devices, spaces }: 'has_next_page' or 'next_page'), `extraDevices`,
 * `extraSpaces` (generated records for paging). Returns the common controls plus
 * `overrideUrl`, `bearerAttempts()` (requests that sent a `Bearer` scheme), `envelope(list,
 * style)` to switch an envelope at run time, and `state()`.
 */
export async function startXyteMock(options = {}) {
  const config = { ...DEFAULTS, ...options, envelopes: { ...DEFAULTS.envelopes, ...options.envelopes } };
  let envelopes = { ...config.envelopes };
  const fresh = () => {
    const data = structuredClone(xyteFixtures);
    data.devices.push(...generatedDevices(config.extraDevices));
    data.spaces.push(...generatedSpaces(config.extraSpaces));
    return data;
  };
  let data = fresh();
  let bearer = 0;
  const router = routes();

  const { kit, controls } = await startMock({
    port: config.port,
    contentType: 'application/json; charset=utf-8',
    rateLimit: { ...DEFAULTS.rateLimit, ...options.rateLimit },
    errorBody: (status) => ({ error: `HTTP ${status}` }),
    handle,
    onReset() {
      data = fresh();
      envelopes = { ...config.envelopes };
      bearer = 0;
    },
  });

  async function handle(request) {
    const early = await kit.intercept(request, 'beforeAuth');
    if (early) return early;
    if (!request.path.startsWith(`${PREFIX}/`)) return error(404, 'Not Found');
    const key = request.headers.authorization ?? '';
    if (/^bearer\s/i.test(key)) {
      bearer += 1;
      return error(401, 'Unauthorized');
    }
    if (!config.keys.includes(key)) return error(401, 'Unauthorized');
    const rate = kit.limiter.hit(key);
    if (!rate.allowed) return reply(429, { error: 'Too Many Requests' }, { 'retry-after': String(rate.retryAfterSeconds) });
    const late = await kit.intercept(request, 'afterAuth');
    if (late) return late;
    const { handler, params, status } = router.match(request.method, request.path.slice(PREFIX.length));
    if (!handler) return error(status, status === 405 ? 'Method Not Allowed' : 'Not Found');
    let body;
    if (request.body) {
      try {
        body = JSON.parse(request.body);
      } catch {
        return error(400, 'The body is not JSON');
      }
    }
    return handler({ params, query: request.url.searchParams, body });
  }

  // ---- paging ---------------------------------------------------------------------------------

  /** One page of `records`, or a 422 reply for bad paging parameters. */
  function window(records, query, { sizeParam = 'per_page', maxSize = 100, defaultSize = 100 } = {}) {
    const page = intParam(query, 'page', 1) ?? 1;
    const size = intParam(query, sizeParam, 1) ?? defaultSize;
    if (Number.isNaN(page)) return { refusal: error(422, 'page must be a positive integer') };
    if (Number.isNaN(size) || size > maxSize) return { refusal: error(422, `${sizeParam} must be between 1 and ${maxSize}`) };
    const start = (page - 1) * size;
    return { page, items: records.slice(start, start + size), more: start + size < records.length };
  }

  const hasNextPage = ({ items, more }) => ({ items, has_next_page: more });
  const nextPage = ({ items, more, page }) => ({ items, next_page: more ? page + 1 : null });
  const envelope = (style, found) => (style === 'next_page' ? nextPage(found) : hasNextPage(found));

  /** `from`/`to` in epoch seconds, at most 31 days apart; the last week by default. */
  function timeWindow(query) {
    const from = intParam(query, 'from', 0);
    const to = intParam(query, 'to', 0);
    if (Number.isNaN(from) || Number.isNaN(to)) return { refusal: error(422, 'from and to are epoch seconds') };
    const end = to ?? Math.floor(Date.now() / 1000);
    const start = from ?? end - 7 * 86_400;
    if (end - start > MAX_WINDOW_SECONDS) return { refusal: error(422, 'The time window between from and to must not exceed 31 days') };
    return { start, end };
  }

  const inWindow = ({ start, end }) => (record) => {
    const at = Date.parse(record.created_at) / 1000;
    return at >= start && at <= end;
  };

  // ---- routes ---------------------------------------------------------------------------------

  function routes() {
    const r = new Router();
    r.on('GET', '/info', () => reply(200, data.organization));

    r.on('GET', '/devices', ({ query }) => {
      const space = query.get('space_id');
      const records = data.devices.filter((d) => space === null || String(d.space.id) === space);
      const found = window(records, query);
      return found.refusal ?? reply(200, envelope(envelopes.devices, found));
    });
    r.on('GET', '/devices/histories', ({ query }) => {
      const span = timeWindow(query);
      if (span.refusal) return span.refusal;
      const device = query.get('device_id');
      const records = data.histories.filter(inWindow(span)).filter((h) => device === null || h.device_id === device);
      const found = window(records, query, { maxSize: 1000 });
      return found.refusal ?? reply(200, hasNextPage(found));
    });
    r.on('GET', '/devices/:device_id', ({ params }) => {
      const device = data.devices.find((d) => d.id === params.device_id);
      return device ? reply(200, device) : error(404, 'Device not found');
    });
    r.on('GET', '/devices/:device_id/commands', ({ params }) => {
      if (!data.devices.some((d) => d.id === params.device_id)) return error(404, 'Device not found');
      return reply(200, data.commands[params.device_id] ?? []);
    });
    r.on('POST', '/devices/:device_id/commands', ({ params, body }) => {
      if (!data.devices.some((d) => d.id === params.device_id)) return error(404, 'Device not found');
      if (typeof body?.name !== 'string' || body.name === '') return error(422, 'name is missing');
      const at = new Date().toISOString();
      const command = {
        id: `cmd_${randomUUID().slice(0, 8)}`, name: body.name, friendly_name: body.friendly_name ?? body.name, status: 'pending',
        file_id: body.file_id ?? null, extra_params: body.extra_params ?? {}, created_at: at, updated_at: at,
      };
      (data.commands[params.device_id] ??= []).push(command);
      return reply(201, command);
    });
    r.on('DELETE', '/devices/:device_id/commands/:command_id', ({ params }) => {
      const commands = data.commands[params.device_id] ?? [];
      const command = commands.find((c) => c.id === params.command_id);
      if (!command) return error(404, 'Command not found');
      if (command.status !== 'pending') return error(422, 'Only a pending command can be cancelled');
      command.status = 'cancelled';
      return reply(200, command);
    });

    r.on('GET', '/incidents', ({ query }) => {
      const span = timeWindow(query);
      if (span.refusal) return span.refusal;
      const status = query.get('status');
      const priority = query.get('priority');
      const space = query.get('space_id');
      const records = data.incidents
        .filter(inWindow(span))
        .filter((i) => status === null || i.state.status === status)
        .filter((i) => priority === null || i.priority === priority)
        .filter((i) => space === null || String(i.space_id) === space);
      const found = window(records, query, { sizeParam: 'page_size', maxSize: 500, defaultSize: 50 });
      return found.refusal ?? reply(200, hasNextPage(found));
    });

    r.on('GET', '/licenses', ({ query }) => {
      const state = query.get('state');
      const device = query.get('device_id');
      const records = data.licenses.filter((l) => (state === null || l.state === state) && (device === null || l.device?.id === device));
      const found = window(records, query);
      return found.refusal ?? reply(200, nextPage(found));
    });

    // Tickets: a bare array of the open ones.
    r.on('GET', '/tickets', () => reply(200, data.tickets.filter((t) => t.status === 'open')));
    r.on('GET', '/tickets/:ticket_id', ({ params }) => {
      const ticket = data.tickets.find((t) => t.id === params.ticket_id);
      return ticket ? reply(200, ticket) : error(404, 'Ticket not found');
    });
    r.on('PUT', '/tickets/:ticket_id', ({ params, body }) => {
      const ticket = data.tickets.find((t) => t.id === params.ticket_id);
      if (!ticket) return error(404, 'Ticket not found');
      if (body?.title === undefined && body?.description === undefined) return error(422, 'title or description is required');
      if (body.title !== undefined) ticket.title = body.title;
      if (body.description !== undefined) ticket.description = body.description;
      return reply(200, ticket);
    });
    r.on('POST', '/tickets/:ticket_id/resolved', ({ params }) => {
      const ticket = data.tickets.find((t) => t.id === params.ticket_id);
      if (!ticket) return error(404, 'Ticket not found');
      ticket.status = 'resolved';
      return reply(200, { success: true });
    });
    r.on('POST', '/tickets/:ticket_id/message', ({ params, body }) => {
      const ticket = data.tickets.find((t) => t.id === params.ticket_id);
      if (!ticket) return error(404, 'Ticket not found');
      if (typeof body?.message !== 'string' || body.message === '') return error(422, 'message is missing');
      ticket.comments.push({ id: 100 + ticket.comments.length, text: body.message, created_at: new Date().toISOString(), system: false, user: null, owner: 'Organization', owner_type: 'Organization' });
      return reply(200, { success: true });
    });

    r.on('GET', '/spaces', ({ query }) => {
      const filters = ['parent_id', 'name', 'space_type'].map((name) => [name, query.get(name)]).filter(([, v]) => v !== null);
      const path = query.get('path_includes');
      const records = data.spaces
        .filter((s) => filters.every(([name, value]) => String(s[name]) === value))
        .filter((s) => path === null || s.full_path.toLowerCase().includes(path.toLowerCase()));
      const found = window(records, query);
      return found.refusal ?? reply(200, envelope(envelopes.spaces, found));
    });
    r.on('GET', '/spaces/:space_id', ({ params }) => {
      const space = data.spaces.find((s) => String(s.id) === params.space_id);
      return space ? reply(200, space) : error(404, 'Space not found');
    });
    return r;
  }

  return {
    ...controls,
    overrideUrl: `${controls.url}/{base}`,
    bearerAttempts: () => bearer,
    envelope(list, style) {
      envelopes[list] = style;
    },
    state: () => data,
    now: XYTE_T0,
  };
}
