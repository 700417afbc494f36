// Offline mock of a HaloPSA instance (docs/vendors/halopsa.md): its authorisation server at
// /auth — the sign-in page of an "Authorisation Code (Native Application)" app that sends the
// browser back with a code (PKCE S256 checked on redemption), client credentials for an API
// application (a token asked without a scope gets no rights), refresh tokens that rotate on
// every use — and the bearer-authenticated /api: paged lists (`pageinate=true` + `page_no` /
// `page_size`, `record_count`; without `pageinate` the page size is ignored and the first 50
// come back), JSON-array writes, and read-only SQL reports through POST /api/Report.
// Behaviour marked UNVERIFIED is a guess; tests/mocks/halopsa/README.md lists them all.
import { createHash, randomBytes } from 'node:crypto';
import { ReplyError, Router, includesIgnoreCase, intParam, reply, startMock } from '../http.mjs';
import { HALO_IDS, generatedTickets, haloFixtures, ticket } from './fixtures.mjs';

export { HALO_IDS, haloFixtures };

/** The API application (client credentials) and the native application (sign-in). */
export const HALO_CREDENTIALS = {
  apiClientId: 'halo-api-client',
  apiClientSecret: 'halo-api-secret-0001',
  nativeClientId: 'halo-native-app',
  tenant: 'acme',
  /** A technician who signs in at the authorize page. */
  agent: { username: 'sam@contoso-msp.example', password: 'halo-password-1', agentId: HALO_IDS.agentSam },
};

const DEFAULTS = {
  port: 0,
  tenant: HALO_CREDENTIALS.tenant,
  accessTtlSeconds: 3600,
  /** The server-side page size used when `pageinate` is missing (UNVERIFIED value). */
  defaultPageSize: 50,
  extraTickets: 0,
};

const random = () => randomBytes(24).toString('base64url');
const s256 = (verifier) => createHash('sha256').update(verifier).digest('base64url');

/**
 * Starts the mock. Options: `port`, `tenant` (required as `?tenant=` on /auth when set; ''
 * for a self-hosted instance), `accessTtlSeconds`, `extraTickets` (that many generated
 * tickets for client 15, for paging).
 * Returns the common controls plus `tokenRequests` (every token request: grant, scope,
 * client), `reports` (every SQL the API received), `expireAccessTokens()`,
 * `revokeRefreshTokens()`, `issued()` (counts) and `state()` (the live data).
 */
export async function startHaloMock(options = {}) {
  const config = { ...DEFAULTS, ...options };
  const fresh = () => {
    const data = structuredClone(haloFixtures);
    data.tickets.push(...generatedTickets(config.extraTickets));
    data.nextTicket = 2001;
    data.nextClient = 20;
    data.nextAsset = 600;
    data.nextAction = 9100;
    return data;
  };
  let data = fresh();
  const accessTokens = new Map(); // token -> { agentId, scopes, expiresAt }
  const refreshTokens = new Map(); // token -> { agentId, scopes, clientId }
  const codes = new Map(); // code -> { clientId, redirectUri, challenge, scopes, agentId, expiresAt }
  const tokenRequests = [];
  const reports = [];
  const issuedTokens = []; // every access and refresh token handed out, for leak checks
  const router = buildRouter();

  const { kit, controls } = await startMock({
    port: config.port,
    contentType: 'application/json; charset=utf-8',
    rateLimit: { limit: Infinity, windowMs: 60_000 },
    errorBody: (status) => ({ message: `HTTP ${status}` }),
    handle,
    onReset() {
      data = fresh();
      tokenRequests.length = 0;
      reports.length = 0;
    },
  });

  async function handle(request) {
    const early = await kit.intercept(request, 'beforeAuth');
    if (early) return early;
    if (request.path === '/auth/authorize') return authorize(request);
    if (request.path === '/auth/token') return token(request);
    if (!request.path.startsWith('/api/')) return reply(404, { message: 'Not found' });
    const auth = authenticate(request);
    if (auth.reply) return auth.reply;
    const late = await kit.intercept(request, 'afterAuth');
    if (late) return late;
    const { handler, params, status } = router.match(request.method, request.path);
    if (!handler) return reply(status, { message: `No HTTP resource was found that matches ${request.path}` });
    return handler({ request, params, agentId: auth.agentId, query: request.url.searchParams });
  }

  // ---- the authorisation server --------------------------------------------------------

  function tenantOk(query) {
    return !config.tenant || query.get('tenant') === config.tenant;
  }

  const page = (status, body) => reply(status, body, { 'content-type': 'text/html; charset=utf-8' });

  /** GET: the sign-in page; POST: the person's answer. */
  function authorize(request) {
    const query = request.url.searchParams;
    const problem = !tenantOk(query) ? `unknown tenant ${query.get('tenant') ?? '(none)'}`
      : query.get('response_type') !== 'code' ? 'response_type must be code'
      : query.get('client_id') !== HALO_CREDENTIALS.nativeClientId ? 'unknown client_id'
      : !/^https?:\/\//.test(query.get('redirect_uri') ?? '') ? 'redirect_uri is missing'
      : !query.get('code_challenge') || query.get('code_challenge_method') !== 'S256' ? 'PKCE with S256 is required'
      : null;
    if (problem) return page(400, `<!doctype html><title>HaloPSA</title><link rel="icon" href="data:,"><h1>Sign-in error</h1><p id="error">${problem}</p>`);
    if (request.method === 'GET') return page(200, loginPage(request.url, null));
    if (request.method !== 'POST') return reply(405, { message: 'Method not allowed' });
    const form = new URLSearchParams(request.body);
    const redirect = new URL(query.get('redirect_uri'));
    if (form.has('deny')) {
      redirect.searchParams.set('error', 'access_denied');
      redirect.searchParams.set('error_description', 'The user declined');
      if (query.get('state')) redirect.searchParams.set('state', query.get('state'));
      return reply(302, '', { location: redirect.toString() });
    }
    const { agent } = HALO_CREDENTIALS;
    if (form.get('username') !== agent.username || form.get('password') !== agent.password) {
      return page(200, loginPage(request.url, 'The username or password is incorrect.'));
    }
    const code = random();
    codes.set(code, {
      clientId: query.get('client_id'),
      redirectUri: query.get('redirect_uri'),
      challenge: query.get('code_challenge'),
      scopes: (query.get('scope') ?? '').split(' ').filter(Boolean),
      agentId: agent.agentId,
      expiresAt: Date.now() + 120_000,
    });
    redirect.searchParams.set('code', code);
    if (query.get('state')) redirect.searchParams.set('state', query.get('state'));
    return reply(302, '', { location: redirect.toString() });
  }

  function loginPage(url, error) {
    const action = `${url.pathname}${url.search}`.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    return `<!doctype html><html><head><title>HaloPSA - Log in</title><link rel="icon" href="data:,"></head><body>
<h1>Log in to HaloPSA</h1>
${error ? `<p id="login-error">${error}</p>` : ''}
<form method="post" action="${action}">
<label for="username">Username</label><input id="username" name="username" autocomplete="username">
<label for="password">Password</label><input id="password" name="password" type="password">
<button type="submit" id="halo-login" name="login">Log in</button>
<button type="submit" id="halo-deny" name="deny">Cancel</button>
</form></body></html>`;
  }

  const oauthError = (error, description, status = 400) =>
    reply(status, { error, error_description: description }, { 'cache-control': 'no-store' });

  function issue(agentId, scopes, { withRefresh, clientId }) {
    const accessToken = random();
    issuedTokens.push(accessToken);
    accessTokens.set(accessToken, { agentId, scopes, expiresAt: Date.now() + config.accessTtlSeconds * 1000 });
    const answer = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: config.accessTtlSeconds,
      scope: scopes.join(' '),
    };
    if (withRefresh) {
      const refreshToken = random();
      issuedTokens.push(refreshToken);
      refreshTokens.set(refreshToken, { agentId, scopes, clientId });
      answer.refresh_token = refreshToken;
    }
    return reply(200, answer, { 'cache-control': 'no-store' });
  }

  function token(request) {
    if (request.method !== 'POST') return reply(405, { message: 'Method not allowed' });
    if (!tenantOk(request.url.searchParams)) return oauthError('invalid_request', 'Unknown tenant');
    if (!/^application\/x-www-form-urlencoded/.test(request.headers['content-type'] ?? '')) {
      return oauthError('invalid_request', 'The request must be form-encoded');
    }
    const form = new URLSearchParams(request.body);
    const grant = form.get('grant_type');
    const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
    tokenRequests.push({ grant, scope: form.get('scope'), clientId: form.get('client_id'), tenant: request.url.searchParams.get('tenant') });
    if (grant === 'client_credentials') {
      if (form.get('client_id') !== HALO_CREDENTIALS.apiClientId || form.get('client_secret') !== HALO_CREDENTIALS.apiClientSecret) {
        return oauthError('invalid_client', 'The client credentials are invalid');
      }
      // Halo issues a token without a scope when none is asked for; it can read nothing.
      return issue(HALO_IDS.agentService, scopes, { withRefresh: false });
    }
    if (grant === 'authorization_code') {
      const pending = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!pending || pending.expiresAt < Date.now()) return oauthError('invalid_grant', 'The code is invalid or expired');
      if (pending.clientId !== form.get('client_id')) return oauthError('invalid_grant', 'The code was issued to another client');
      if (pending.redirectUri !== form.get('redirect_uri')) return oauthError('invalid_grant', 'redirect_uri does not match');
      if (s256(form.get('code_verifier') ?? '') !== pending.challenge) return oauthError('invalid_grant', 'The code verifier does not match the challenge');
      return issue(pending.agentId, pending.scopes, {
        withRefresh: pending.scopes.includes('offline_access'),
        clientId: pending.clientId,
      });
    }
    if (grant === 'refresh_token') {
      const refresh = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!refresh || refresh.clientId !== form.get('client_id')) {
        return oauthError('invalid_grant', 'The refresh token is invalid or has been revoked');
      }
      // Rotated: the refresh token just used is spent (UNVERIFIED, as Halo's own server does
      // for public clients).
      refreshTokens.delete(form.get('refresh_token'));
      return issue(refresh.agentId, refresh.scopes, { withRefresh: true, clientId: refresh.clientId });
    }
    return oauthError('unsupported_grant_type', `grant_type ${grant ?? '(none)'} is not supported`);
  }

  /** `Authorization: Bearer`, known, unexpired, and with some scope. */
  function authenticate(request) {
    const denied = { reply: reply(401, { message: 'Authorization has been denied for this request.' }) };
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const token = match && accessTokens.get(match[1]);
    if (!token || token.expiresAt <= Date.now()) return denied;
    if (token.scopes.length === 0) return denied;
    return { agentId: token.agentId };
  }

  // ---- the API -------------------------------------------------------------------------

  function buildRouter() {
    const r = new Router();
    r.on('GET', '/api/Agent/me', ({ agentId }) => reply(200, data.agents.find((a) => a.id === agentId)));
    r.on('GET', '/api/Tickets', (ctx) => paged(ctx, 'tickets', ticketsFor(ctx.query)));
    r.on('GET', '/api/Tickets/:id', (ctx) => reply(200, one(data.tickets, ctx.params.id, 'Ticket')));
    r.on('POST', '/api/Tickets', saveTickets);
    r.on('GET', '/api/Actions', (ctx) => paged(ctx, 'actions', data.actions.filter((a) => String(a.ticket_id) === ctx.query.get('ticket_id'))));
    r.on('POST', '/api/Actions', addActions);
    r.on('GET', '/api/Client', (ctx) => paged(ctx, 'clients', active(ctx, data.clients).filter((c) => matches(ctx, c.name))));
    r.on('GET', '/api/Client/:id', (ctx) => reply(200, one(data.clients, ctx.params.id, 'Client')));
    r.on('GET', '/api/Site', (ctx) => paged(ctx, 'sites', active(ctx, data.sites).filter((s) => byId(ctx, 'client_id', s) && matches(ctx, s.name))));
    r.on('GET', '/api/Users', (ctx) => paged(ctx, 'users', active(ctx, data.users).filter((u) => byId(ctx, 'client_id', u) && byId(ctx, 'site_id', u) && (matches(ctx, u.name) || matches(ctx, u.emailaddress)))));
    r.on('GET', '/api/Asset', (ctx) => paged(ctx, 'assets', active(ctx, data.assets).filter((a) => byId(ctx, 'client_id', a) && byId(ctx, 'site_id', a) && byId(ctx, 'assettype_id', a) && matches(ctx, a.inventory_number))));
    r.on('GET', '/api/Asset/:id', (ctx) => reply(200, one(data.assets, ctx.params.id, 'Asset')));
    r.on('GET', '/api/Site/:id', (ctx) => reply(200, one(data.sites, ctx.params.id, 'Site')));
    r.on('GET', '/api/Users/:id', (ctx) => reply(200, one(data.users, ctx.params.id, 'User')));
    r.on('GET', '/api/Agent/:id', (ctx) => reply(200, one(data.agents, ctx.params.id, 'Agent')));
    r.on('GET', '/api/AssetType', () => reply(200, data.assetTypes));
    r.on('GET', '/api/Outcome', () => reply(200, data.outcomes));
    r.on('GET', '/api/KBArticle', (ctx) => paged(ctx, 'articles', data.articles.filter((a) => matches(ctx, a.name))));
    r.on('GET', '/api/KBArticle/:id', (ctx) => reply(200, one(data.articles, ctx.params.id, 'Article')));
    r.on('GET', '/api/Invoice', (ctx) => paged(ctx, 'invoices', data.invoices.filter((i) => byId(ctx, 'client_id', i))));
    r.on('GET', '/api/Invoice/:id', (ctx) => reply(200, one(data.invoices, ctx.params.id, 'Invoice')));
    r.on('GET', '/api/ClientContract', (ctx) => paged(ctx, 'contracts', data.contracts.filter((c) => byId(ctx, 'client_id', c))));
    r.on('GET', '/api/Item', (ctx) => paged(ctx, 'items', data.items.filter((i) => matches(ctx, i.name))));
    r.on('GET', '/api/Supplier', (ctx) => paged(ctx, 'suppliers', data.suppliers.filter((x) => matches(ctx, x.name))));
    // Opportunities and projects are tickets of their own kinds, listed under `tickets` (UNVERIFIED).
    r.on('GET', '/api/Opportunities', (ctx) => paged(ctx, 'tickets', data.opportunities.filter((o) => byId(ctx, 'client_id', o))));
    r.on('GET', '/api/Projects', (ctx) => paged(ctx, 'tickets', data.projects.filter((p) => byId(ctx, 'client_id', p))));
    r.on('GET', '/api/Quotation', (ctx) => paged(ctx, 'quotes', data.quotes.filter((q) => byId(ctx, 'client_id', q))));
    r.on('GET', '/api/SLA', () => reply(200, data.slas));
    r.on('GET', '/api/ClientContract/:id', (ctx) => reply(200, one(data.contracts, ctx.params.id, 'Contract')));
    r.on('GET', '/api/Opportunities/:id', (ctx) => reply(200, one(data.opportunities, ctx.params.id, 'Opportunity')));
    r.on('GET', '/api/Quotation/:id', (ctx) => reply(200, one(data.quotes, ctx.params.id, 'Quotation')));
    r.on('GET', '/api/Projects/:id', (ctx) => reply(200, one(data.projects, ctx.params.id, 'Project')));
    r.on('POST', '/api/Client', createClients);
    r.on('POST', '/api/Asset', createAssets);
    r.on('GET', '/api/Report', (ctx) => paged(ctx, 'reports', data.savedReports.filter((x) => matches(ctx, x.name))));
    r.on('GET', '/api/Appointment', (ctx) => reply(200, data.appointments.filter((a) =>
      (!ctx.query.get('agents') || ctx.query.get('agents').split(',').includes(String(a.agent_id)))
      && (!ctx.query.get('start_date') || a.start_date >= ctx.query.get('start_date'))
      && (!ctx.query.get('end_date') || a.start_date <= ctx.query.get('end_date')))));
    // Reference lists come as bare arrays (UNVERIFIED for every instance version).
    r.on('GET', '/api/Agent', (ctx) => reply(200, data.agents.filter((a) => matches(ctx, a.name))));
    r.on('GET', '/api/Status', () => reply(200, data.statuses));
    r.on('GET', '/api/Priority', () => reply(200, data.priorities));
    r.on('GET', '/api/TicketType', () => reply(200, data.ticketTypes));
    r.on('GET', '/api/Team', () => reply(200, data.teams));
    r.on('POST', '/api/Report', runReport);
    return r;
  }

  const matches = (ctx, value) => !ctx.query.get('search') || includesIgnoreCase(value, ctx.query.get('search'));
  const byId = (ctx, name, record) => !ctx.query.get(name) || String(record[name]) === ctx.query.get(name);
  const active = (ctx, records) => (ctx.query.get('includeinactive') === 'true' ? records : records.filter((r) => !r.inactive));

  function one(records, id, what) {
    const found = records.find((r) => String(r.id) === id);
    if (!found) throw new ReplyError(reply(404, { message: `${what} ${id} not found` }));
    return found;
  }

  function ticketsFor(query) {
    let found = data.tickets;
    for (const name of ['client_id', 'site_id', 'user_id', 'agent_id', 'status_id']) {
      if (query.get(name)) found = found.filter((t) => String(t[name]) === query.get(name));
    }
    if (query.get('requesttype_id')) found = found.filter((t) => String(t.tickettype_id) === query.get('requesttype_id'));
    if (query.get('team')) {
      const names = query.get('team').split(',').map((id) => data.teams.find((t) => String(t.id) === id)?.name);
      found = found.filter((t) => names.includes(t.team));
    }
    if (query.get('open_only') === 'true') found = found.filter((t) => t.status_id !== HALO_IDS.statusClosed);
    if (query.get('closed_only') === 'true') found = found.filter((t) => t.status_id === HALO_IDS.statusClosed);
    if (query.get('search')) found = found.filter((t) => includesIgnoreCase(t.summary, query.get('search')) || includesIgnoreCase(t.details, query.get('search')));
    const field = query.get('datesearch') || 'dateoccurred';
    if (query.get('startdate')) found = found.filter((t) => t[field] >= query.get('startdate'));
    if (query.get('enddate')) found = found.filter((t) => t[field] <= query.get('enddate'));
    if (query.get('lastupdatefromdate')) found = found.filter((t) => t.last_update >= query.get('lastupdatefromdate'));
    return found;
  }

  /** Halo's list envelope; page_size and page_no count only with pageinate=true. */
  function paged(ctx, key, records) {
    const { query } = ctx;
    if (query.get('pageinate') !== 'true') {
      return reply(200, { record_count: records.length, [key]: records.slice(0, config.defaultPageSize) });
    }
    const size = intParam(query, 'page_size', 1) ?? config.defaultPageSize;
    const number = intParam(query, 'page_no', 1) ?? 1;
    if (Number.isNaN(size) || Number.isNaN(number)) return reply(400, { message: 'page_no and page_size must be positive numbers' });
    const start = (number - 1) * size;
    return reply(200, { page_no: number, page_size: size, record_count: records.length, [key]: records.slice(start, start + size) });
  }

  /** A JSON array of records to create or (with an id) update; answers the saved record. */
  function writtenArray(request) {
    let body;
    try {
      body = JSON.parse(request.body);
    } catch {
      throw new ReplyError(reply(400, { message: 'The request body is not JSON' }));
    }
    if (!Array.isArray(body) || body.length === 0) {
      throw new ReplyError(reply(400, { message: 'The request body must be a JSON array' }));
    }
    return body;
  }

  function saveTickets({ request }) {
    const saved = writtenArray(request).map((fields) => {
      if (fields.id) {
        const existing = one(data.tickets, String(fields.id), 'Ticket');
        const merged = ticket(existing.id, { ...existing, ...fields });
        Object.assign(existing, merged, { last_update: '2026-12-07T10:00:00' });
        return existing;
      }
      if (!fields.summary) throw new ReplyError(reply(400, { '[0].summary': 'A summary is required' }));
      const created = ticket(data.nextTicket++, {
        tickettype_id: 1,
        status_id: HALO_IDS.statusNew,
        dateoccurred: '2026-12-07T10:00:00',
        ...fields,
      });
      data.tickets.push(created);
      return created;
    });
    return reply(201, saved[0]);
  }

  function createClients({ request }) {
    const saved = writtenArray(request).map((fields) => {
      if (!fields.name) throw new ReplyError(reply(400, { '[0].name': 'A name is required' }));
      const created = { ...structuredClone(haloFixtures.clients[0]), notes: '', customfields: [], open_ticket_count: 0, ...fields, id: data.nextClient++ };
      data.clients.push(created);
      return created;
    });
    return reply(201, saved[0]);
  }

  function createAssets({ request }) {
    const saved = writtenArray(request).map((fields) => {
      const site = one(data.sites, String(fields.site_id), 'Site');
      if (site.client_id !== fields.client_id) throw new ReplyError(reply(400, { '[0].site_id': 'The site is not one of the client\'s' }));
      const type = data.assetTypes.find((t) => t.id === fields.assettype_id);
      if (!type) throw new ReplyError(reply(400, { '[0].assettype_id': 'Unknown asset type' }));
      const created = {
        id: data.nextAsset++, key_field: fields.inventory_number, key_field2: '', key_field3: '',
        assettype_name: type.name, client_name: site.client_name, site_name: site.name,
        username: '', inactive: false, status_name: 'Active', notes: '', fields: [], customfields: [], ...fields,
      };
      data.assets.push(created);
      return created;
    });
    return reply(201, saved[0]);
  }

  function addActions({ request, agentId }) {
    const saved = writtenArray(request).map((fields) => {
      const target = one(data.tickets, String(fields.ticket_id), 'Ticket');
      const agent = data.agents.find((a) => a.id === agentId);
      const action = {
        id: data.nextAction++,
        ticket_id: target.id,
        outcome: fields.outcome ?? 'Private Note',
        who: agent?.name,
        who_type: 1,
        who_agentid: agentId,
        datetime: '2026-12-07T10:00:00',
        note: fields.note ?? '',
        note_html: `<p>${fields.note ?? ''}</p>`,
        hiddenfromuser: fields.hiddenfromuser ?? false,
        timetaken: fields.timetaken ?? 0,
        new_status: fields.new_status ?? null,
        sendemail: fields.sendemail ?? false,
        actiondatecreated: '2026-12-07T10:00:00',
      };
      data.actions.push(action);
      if (fields.new_status) Object.assign(target, ticket(target.id, { ...target, status_id: fields.new_status }));
      target.timetaken += action.timetaken;
      return action;
    });
    return reply(201, saved[0]);
  }

  /**
   * `[{ _loadreportonly: true, sql }]` → `{ rows, available_columns }`. The mock knows a few
   * queries over its data (a count of FAULTS, tickets per client); any other SELECT answers
   * no rows, and anything else is refused as Halo's read-only report role would.
   */
  function runReport({ request }) {
    const [report] = writtenArray(request);
    const sql = String(report?.sql ?? '');
    reports.push(sql);
    if (report?._loadreportonly !== true) return reply(400, { message: '_loadreportonly is required for ad-hoc SQL' });
    if (!/^\s*(select|with)\b/i.test(sql)) return reply(400, { message: 'Only SELECT statements can be run as reports' });
    const count = /^select\s+count\(\*\)\s+as\s+(\w+)\s+from\s+faults$/i.exec(sql.trim());
    if (count) return reportRows([{ [count[1]]: data.tickets.length }]);
    if (/group\s+by\s+aareadesc/i.test(sql)) {
      const rows = data.clients
        .map((c) => ({ name: c.name, count: data.tickets.filter((t) => t.client_id === c.id).length }))
        .filter((row) => row.count > 0);
      return reportRows(rows);
    }
    return reportRows([]);
  }

  const reportRows = (rows) => reply(200, {
    id: 0,
    name: 'Ad-hoc query',
    rows,
    available_columns: Object.keys(rows[0] ?? {}).map((name, i) => ({ id: i, name })),
  });

  return {
    ...controls,
    tokenRequests,
    reports,
    /** Every access token issued so far expires now (the API then answers 401). */
    expireAccessTokens() {
      for (const token of accessTokens.values()) token.expiresAt = 0;
    },
    /** Every refresh token is revoked (as when the technician's sign-in is ended in Halo). */
    revokeRefreshTokens() {
      refreshTokens.clear();
    },
    issued: () => ({ access: accessTokens.size, refresh: refreshTokens.size }),
    /** Every token string issued so far (access and refresh). */
    issuedTokens: () => [...issuedTokens],
    state: () => data,
  };
}
