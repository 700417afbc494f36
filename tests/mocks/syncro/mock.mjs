// Offline mock of Syncro's REST API v1 (docs/vendors/syncro.md): `Authorization: Bearer`
// tokens, lists under their plural key paged by `page` alone with Syncro's fixed page sizes
// and `meta`, single records wrapped in their singular key (or flat, where the OpenAPI
// document shows them flat), Syncro's inconsistent error bodies, 401 for a token that lacks
// a permission, and 180 requests a minute per client address (429 "Retry later", without
// Retry-After unless asked). Behaviour marked UNVERIFIED is a guess; README.md lists them.
import { ReplyError, Router, reply, startMock } from '../http.mjs';
import { SYNCRO_IDS, SYNCRO_ME, SYNCRO_SUBDOMAIN, SYNCRO_TOKEN, syncroFixtures } from './fixtures.mjs';

export { SYNCRO_IDS, SYNCRO_SUBDOMAIN, SYNCRO_TOKEN, syncroFixtures };

/**
 * Syncro's page sizes per list (the tickets, customers and invoices sizes come from the live
 * test log and the OpenAPI examples; the others from the parameters' descriptions). UNVERIFIED
 * where the document contradicts itself ("each page contains 25 results" for tickets).
 */
export const PAGE_SIZES = {
  customers: 100,
  contacts: 50,
  tickets: 50,
  customer_assets: 50,
  invoices: 25,
  appointments: 25,
  estimates: 50,
  contracts: 50,
  ticket_timers: 25,
  rmm_alerts: 25,
  products: 25,
  leads: 25,
  payments: 25,
};

const DEFAULTS = {
  port: 0,
  tokens: [SYNCRO_TOKEN],
  rateLimit: { limit: 180, windowMs: 60_000 },
  // UNVERIFIED: one third-party page says Syncro's 429 carries no Retry-After.
  retryAfterHeader: false,
  pageSizes: {},
};
const NOT_AUTHORIZED = 'Not authorized. Please ask account admin to update your group permissions.';

/**
 * Starts the mock. Options (all optional): `port`; `tokens`, strings or `{ token, deny }`
 * objects where `deny` lists the collections (`invoices`, `tickets`, …) the token has no
 * permission for; `rateLimit` ({ limit, windowMs }, per client address); `retryAfterHeader`
 * (send Retry-After on 429); `pageSizes` (a size per list, replacing Syncro's). Returns the
 * common controls plus `state()` (the live data after writes) and `pagesServed(list)`.
 */
export async function startSyncroMock(options = {}) {
  const config = { ...DEFAULTS, ...options };
  const tokens = new Map(config.tokens.map((entry) => (typeof entry === 'string'
    ? [entry, { deny: [] }]
    : [entry.token, { deny: entry.deny ?? [] }])));
  const sizes = { ...PAGE_SIZES, ...config.pageSizes };
  let data;
  let nextIds;
  const restore = () => {
    data = structuredClone(syncroFixtures);
    nextIds = { ticket: 9100, number: 1100, comment: 99_000, estimate: 6100, lineItem: 88_100, invoice: 5100, timer: 4500, customer: 41100, contact: 52100, appointment: 3100 };
  };
  restore();
  const router = buildRouter();

  const { kit, controls } = await startMock({
    port: config.port,
    contentType: 'application/json; charset=utf-8',
    rateLimit: { ...DEFAULTS.rateLimit, ...options.rateLimit },
    errorBody: (status) => (status === 429 ? 'Retry later\n' : { error: `HTTP ${status}` }),
    handle,
    onReset: restore,
  });

  // The request pipeline: early faults -> rate limit per address -> token -> late faults -> route.
  async function handle(request) {
    const early = await kit.intercept(request, 'beforeAuth');
    if (early) return early;
    const rate = kit.limiter.hit(request.remoteAddress);
    if (!rate.allowed) {
      // Rack::Attack's default answer (UNVERIFIED for Syncro).
      const headers = { 'content-type': 'text/plain' };
      if (config.retryAfterHeader) headers['retry-after'] = String(rate.retryAfterSeconds);
      return reply(429, 'Retry later\n', headers);
    }
    const header = request.headers.authorization ?? '';
    const token = header.replace(/^Bearer\s+/i, '');
    const access = tokens.get(token);
    // UNVERIFIED wording for an unknown token.
    if (!header || !access) return reply(401, { error: 'Not authorized' });
    const late = await kit.intercept(request, 'afterAuth');
    if (late) return late;
    const { handler, params, status } = router.match(request.method, request.path);
    if (!handler) return reply(status, status === 404 ? null : { error: `${request.method} not allowed` });
    const collection = request.path.split('/')[3];
    if (access.deny.includes(collection)) return reply(401, { error: NOT_AUTHORIZED });
    let body = {};
    if (request.body) {
      try {
        body = JSON.parse(request.body);
      } catch {
        return reply(400, { error: 'Malformed JSON' });
      }
    }
    return handler({ request, params, query: request.url.searchParams, body });
  }

  function buildRouter() {
    const r = new Router();
    const api = (path) => `/api/v1${path}`;
    r.on('GET', api('/me'), () => reply(200, SYNCRO_ME));
    r.on('GET', api('/customers'), (ctx) => list(ctx, 'customers', searchCustomers(ctx.query)));
    r.on('GET', api('/customers/:id'), (ctx) => reply(200, { customer: withContacts(find(data.customers, ctx.params.id)) }));
    r.on('POST', api('/customers'), (ctx) => createCustomer(ctx.body));
    r.on('PUT', api('/customers/:id'), (ctx) => updateCustomer(find(data.customers, ctx.params.id), ctx.body));
    r.on('POST', api('/contacts'), (ctx) => createContact(ctx.body));
    r.on('POST', api('/appointments'), (ctx) => createAppointment(ctx.body));
    r.on('POST', api('/invoices'), (ctx) => createInvoice(ctx.body));
    r.on('GET', api('/contacts'), (ctx) => list(ctx, 'contacts', byCustomer(data.contacts, ctx.query)));
    // The OpenAPI document shows a contact flat, not wrapped.
    r.on('GET', api('/contacts/:id'), (ctx) => reply(200, find(data.contacts, ctx.params.id)));
    r.on('GET', api('/tickets'), (ctx) => list(ctx, 'tickets', searchTickets(ctx.query), { brief: true }));
    r.on('POST', api('/tickets'), (ctx) => createTicket(ctx.body));
    r.on('GET', api('/tickets/:id'), (ctx) => reply(200, { ticket: fullTicket(find(data.tickets, ctx.params.id)) }));
    r.on('PUT', api('/tickets/:id'), (ctx) => updateTicket(find(data.tickets, ctx.params.id), ctx.body));
    r.on('POST', api('/tickets/:id/comment'), (ctx) => addComment(find(data.tickets, ctx.params.id), ctx.body));
    r.on('GET', api('/tickets/:id/comments'), (ctx) => listComments(ctx, find(data.tickets, ctx.params.id)));
    r.on('POST', api('/tickets/:id/timer_entry'), (ctx) => addTimer(find(data.tickets, ctx.params.id), ctx.body));
    r.on('POST', api('/tickets/:id/charge_timer_entry'), (ctx) => chargeTimer(find(data.tickets, ctx.params.id), ctx.body));
    r.on('GET', api('/customer_assets'), (ctx) => list(ctx, 'customer_assets', searchAssets(ctx.query), { key: 'assets' }));
    r.on('GET', api('/customer_assets/:id'), (ctx) => reply(200, { asset: withCustomer(find(data.assets, ctx.params.id)) }));
    r.on('GET', api('/invoices'), (ctx) => list(ctx, 'invoices', searchInvoices(ctx.query), { brief: true }));
    // The OpenAPI document shows an invoice flat, by id or by number.
    r.on('GET', api('/invoices/:id'), (ctx) => reply(200, withCustomer(findInvoice(ctx.params.id))));
    r.on('GET', api('/appointments'), (ctx) => list(ctx, 'appointments', searchAppointments(ctx.query), { wrap: 'appointment', meta: false }));
    r.on('GET', api('/appointments/:id'), (ctx) => reply(200, withCustomer(find(data.appointments, ctx.params.id))));
    r.on('GET', api('/estimates'), (ctx) => list(ctx, 'estimates', searchEstimates(ctx.query)));
    r.on('POST', api('/estimates'), (ctx) => createEstimate(ctx.body));
    r.on('GET', api('/estimates/:id'), (ctx) => reply(200, { estimate: find(data.estimates, ctx.params.id) }));
    r.on('POST', api('/estimates/:id/line_items'), (ctx) => addEstimateLine(find(data.estimates, ctx.params.id), ctx.body));
    r.on('POST', api('/estimates/:id/convert_to_invoice'), (ctx) => convertEstimate(find(data.estimates, ctx.params.id)));
    r.on('GET', api('/contracts'), (ctx) => list(ctx, 'contracts', data.contracts));
    // A contract comes flat (seen live: "returned flat object (no wrapper)").
    r.on('GET', api('/contracts/:id'), (ctx) => reply(200, find(data.contracts, ctx.params.id)));
    r.on('GET', api('/ticket_timers'), (ctx) => list(ctx, 'ticket_timers', searchTimers(ctx.query)));
    r.on('GET', api('/rmm_alerts'), (ctx) => list(ctx, 'rmm_alerts', searchAlerts(ctx.query)));
    r.on('GET', api('/rmm_alerts/:id'), (ctx) => reply(200, { rmm_alert: find(data.rmmAlerts, ctx.params.id) }));
    r.on('POST', api('/tickets/:id/add_line_item'), (ctx) => addTicketLine(find(data.tickets, ctx.params.id), ctx.body));
    r.on('POST', api('/invoices/:id/line_items'), (ctx) => addInvoiceLine(find(data.invoices, ctx.params.id), ctx.body));
    r.on('GET', api('/payments'), (ctx) => list(ctx, 'payments', searchPayments(ctx.query)));
    r.on('GET', api('/products'), (ctx) => list(ctx, 'products', searchProducts(ctx.query)));
    r.on('GET', api('/products/:id'), (ctx) => reply(200, { product: strip(find(data.products, ctx.params.id)) }));
    r.on('GET', api('/leads'), (ctx) => list(ctx, 'leads', data.leads.filter((l) => matches(ctx.query.get('query'), [l.business_then_name, l.email, l.ticket_subject]))));
    r.on('GET', api('/leads/:id'), (ctx) => reply(200, { lead: find(data.leads, ctx.params.id) }));
    return r;
  }

  // ---- lists ----------------------------------------------------------------------------

  const served = new Map();

  /**
   * One page of `rows` under the list's plural key: `page` is 1-based (absent, malformed or
   * below 1 reads as 1, UNVERIFIED), the size is Syncro's own. `meta` as the OpenAPI examples
   * show it: tickets and invoices carry only `total_pages` and `page`, appointments none.
   */
  function list(ctx, name, rows, { key = name, brief = false, wrap, meta = true } = {}) {
    const size = sizes[name];
    const asked = Number.parseInt(ctx.query.get('page') ?? '1', 10);
    const page = Number.isInteger(asked) && asked >= 1 ? asked : 1;
    served.set(name, [...(served.get(name) ?? []), page]);
    const slice = rows.slice((page - 1) * size, page * size).map((row) => view(row, brief));
    const body = { [key]: wrap ? slice.map((row) => ({ [wrap]: row })) : slice };
    if (meta) {
      const totalPages = Math.max(1, Math.ceil(rows.length / size));
      body.meta = brief
        ? { total_pages: totalPages, page }
        : { total_pages: totalPages, total_entries: rows.length, per_page: size, page };
    }
    return reply(200, body);
  }

  /** Lists cut ticket comments to the first (Syncro's `all_comments=false` default). */
  function view(row, brief) {
    if (!brief || !Array.isArray(row.comments)) return row;
    return { ...row, comments: row.comments.slice(0, 1) };
  }

  const has = (value, needle) => typeof value === 'string' && value.toLowerCase().includes(needle.toLowerCase());
  const idParam = (query, name) => {
    const raw = query.get(name);
    if (raw === null || raw === '') return undefined;
    if (!/^\d+$/.test(raw)) throw new ReplyError(reply(422, { error: `${name} must be a number` }));
    return Number(raw);
  };
  const byCustomer = (rows, query) => {
    const customer = idParam(query, 'customer_id');
    return customer === undefined ? rows : rows.filter((row) => row.customer_id === customer);
  };
  const since = (value, date) => !date || Date.parse(value) > Date.parse(date);

  function searchCustomers(query) {
    const words = query.get('query');
    const business = query.get('business_name');
    const email = query.get('email');
    const disabled = query.get('include_disabled') === 'true';
    return data.customers.filter((c) => (disabled || !c.disabled)
      && (!words || [c.business_name, c.fullname, c.email, c.phone].some((v) => has(v, words)))
      && (!business || has(c.business_name, business))
      && (!email || c.email?.toLowerCase() === email.toLowerCase()));
  }

  /** `status=Not Closed` is every ticket not Resolved (Syncro's own filter name). */
  function searchTickets(query) {
    const status = query.get('status');
    const words = query.get('query');
    const user = idParam(query, 'user_id');
    const contact = idParam(query, 'contact_id');
    const number = query.get('number');
    const closed = ['Resolved', 'Invoiced'];
    const rows = byCustomer(data.tickets, query).filter((t) => (!status
        || (status === 'Not Closed' ? !closed.includes(t.status) : t.status === status))
      && (user === undefined || t.user_id === user)
      && (contact === undefined || t.contact_id === contact)
      && (!number || String(t.number) === number)
      && (!words || has(t.subject, words) || t.comments.some((c) => has(c.body, words)))
      && since(t.created_at, query.get('created_after'))
      && since(t.updated_at, query.get('since_updated_at')));
    return [...rows].sort((a, b) => b.id - a.id);
  }

  function searchAssets(query) {
    const type = idParam(query, 'asset_type_id');
    const words = query.get('query');
    return byCustomer(data.assets, query).filter((a) => (type === undefined || a.asset_type_id === type)
      && (!words || has(a.name, words) || has(a.asset_serial, words)))
      .map(({ asset_type_id, ...rest }) => rest);
  }

  function searchInvoices(query) {
    const ticket = idParam(query, 'ticket_id');
    const paid = query.get('paid') === 'true';
    const unpaid = query.get('unpaid') === 'true';
    const rows = data.invoices.filter((i) => (!paid || i.is_paid) && (!unpaid || !i.is_paid)
      && (ticket === undefined || i.ticket_id === ticket)
      && since(i.updated_at, query.get('since_updated_at')))
      .map(({ line_items, ...rest }) => rest);
    return rows.sort((a, b) => b.id - a.id);
  }

  function searchAppointments(query) {
    const from = query.get('date_from');
    const to = query.get('date_to');
    const mine = query.get('mine') === 'true';
    return data.appointments.filter((a) => (!from || Date.parse(a.start_at) >= Date.parse(from))
      && (!to || Date.parse(a.start_at) <= Date.parse(to))
      && (!mine || a.user_id === SYNCRO_ME.user_id))
      .map((a) => withCustomer(a));
  }

  function searchEstimates(query) {
    const status = query.get('status');
    const mine = query.get('mine') === 'true';
    return data.estimates.filter((e) => (!status || e.status.toLowerCase() === status.toLowerCase())
      && (!mine || e.user_id === SYNCRO_ME.user_id));
  }

  const matches = (words, values) => !words || values.some((v) => has(v, words));
  const strip = ({ category_id, ...rest }) => rest;

  function searchProducts(query) {
    const category = idParam(query, 'category_id');
    const name = query.get('name');
    const sku = query.get('sku');
    return data.products.filter((p) => matches(query.get('query'), [p.name, p.description])
      && (!name || p.name.toLowerCase() === name.toLowerCase())
      && (!sku || p.product_skus.some((s) => s.sku.toLowerCase() === sku.toLowerCase()))
      && (category === undefined || p.category_id === category)).map(strip);
  }

  function searchPayments(query) {
    const words = query.get('query');
    return data.payments.filter((p) => !words || has(p.ref_num, words) || has(customerOf(p.customer_id)?.business_then_name, words))
      .map(({ customer_id, ...rest }) => ({ ...rest, customer: customerOf(customer_id) }));
  }

  function searchTimers(query) {
    const after = query.get('created_at_gt');
    const before = query.get('created_at_lt');
    return data.ticketTimers.filter((t) => (!after || Date.parse(t.created_at) > Date.parse(after))
      && (!before || Date.parse(t.created_at) < Date.parse(before)));
  }

  /** `status`: active (the default, UNVERIFIED), resolved or all. */
  function searchAlerts(query) {
    const status = query.get('status') ?? 'active';
    if (!['active', 'resolved', 'all'].includes(status)) {
      throw new ReplyError(reply(422, { error: 'status must be one of resolved, all, active' }));
    }
    return data.rmmAlerts.filter((a) => status === 'all' || (status === 'resolved') === a.resolved);
  }

  // ---- records ----------------------------------------------------------------------------

  /** A record by numeric id; an unknown one is a 404 with an empty body, as many are. */
  function find(rows, id) {
    const found = /^\d+$/.test(id) ? rows.find((row) => row.id === Number(id)) : undefined;
    if (!found) throw new ReplyError(reply(404, null));
    return found;
  }

  /** An invoice by id, or by number when no id matches (as the OpenAPI document says). */
  function findInvoice(id) {
    const found = data.invoices.find((i) => String(i.id) === id) ?? data.invoices.find((i) => i.number === id);
    if (!found) throw new ReplyError(reply(404, null));
    return found;
  }

  const customerOf = (id) => data.customers.find((c) => c.id === id) ?? null;
  const withCustomer = (record) => ({ ...record, customer: customerOf(record.customer_id) });
  const withContacts = (c) => ({ ...c, contacts: data.contacts.filter((contact) => contact.customer_id === c.id) });

  function fullTicket(t) {
    return {
      ...t,
      attachments: [],
      ticket_timers: data.ticketTimers.filter((timer) => timer.ticket_id === t.id),
      line_items: t.line_items ?? [],
      worksheet_results: [],
      assets: [],
      appointments: data.appointments.filter((a) => a.ticket_id === t.id),
      customer: customerOf(t.customer_id),
      contact: data.contacts.find((c) => c.id === t.contact_id) ?? null,
    };
  }

  // ---- writes -----------------------------------------------------------------------------

  const invalid = (body) => new ReplyError(reply(422, body));
  const now = () => new Date().toISOString();
  const TICKET_FIELDS = ['subject', 'status', 'priority', 'problem_type', 'user_id', 'contact_id', 'due_date'];

  /** `POST /tickets`: a customer and a subject are required; `line_items` are ignored. */
  function createTicket(body) {
    const owner = customerOf(body.customer_id);
    if (!owner) throw invalid({ error: 'Customer required field' });
    if (!body.subject || !String(body.subject).trim()) throw invalid({ success: false, message: ["Subject can't be blank"] });
    const id = nextIds.ticket++;
    const stamp = now();
    const ticket = {
      ...structuredClone(data.tickets[0]),
      id,
      number: nextIds.number++,
      subject: body.subject,
      created_at: stamp,
      updated_at: stamp,
      customer_id: owner.id,
      customer_business_then_name: owner.business_then_name,
      status: body.status ?? 'New',
      priority: body.priority ?? '2 Normal',
      problem_type: body.problem_type ?? null,
      user_id: body.user_id ?? null,
      contact_id: body.contact_id ?? null,
      contact_fullname: data.contacts.find((c) => c.id === body.contact_id)?.name ?? null,
      due_date: body.due_date ?? null,
      resolved_at: null,
      tag_list: body.tag_list ?? [],
      user: data.users.find((u) => u.id === body.user_id) ?? null,
      comments: [],
    };
    for (const attributes of body.comments_attributes ?? []) {
      ticket.comments.push({
        id: nextIds.comment++, created_at: stamp, updated_at: stamp, ticket_id: id,
        subject: attributes.subject ?? null, body: attributes.body ?? null, tech: attributes.tech ?? null,
        hidden: Boolean(attributes.hidden), user_id: SYNCRO_ME.user_id,
      });
    }
    data.tickets.push(ticket);
    return reply(200, { ticket: fullTicket(ticket) });
  }

  function updateTicket(ticket, body) {
    if ('subject' in body && !String(body.subject ?? '').trim()) throw invalid({ success: false, message: ["Subject can't be blank"] });
    for (const field of TICKET_FIELDS) {
      if (field in body) ticket[field] = body[field];
    }
    if ('user_id' in body) ticket.user = data.users.find((u) => u.id === body.user_id) ?? null;
    if (body.status === 'Resolved' && !ticket.resolved_at) ticket.resolved_at = now();
    ticket.updated_at = now();
    return reply(200, { ticket: fullTicket(ticket) });
  }

  /** `POST /tickets/{id}/comment`: subject and body are both required (seen live). */
  function addComment(ticket, body) {
    const missing = [];
    if (!body.body) missing.push("Body can't be blank");
    if (!body.subject) missing.push("Subject can't be blank");
    if (missing.length) throw invalid({ success: false, message: missing });
    const stamp = now();
    const comment = {
      id: nextIds.comment++, created_at: stamp, updated_at: stamp, ticket_id: ticket.id,
      subject: body.subject, body: body.body, tech: body.tech ?? 'Sam Admin', hidden: Boolean(body.hidden),
      user_id: SYNCRO_ME.user_id,
    };
    // `do_not_email` is acted on, never returned (seen live); the mock keeps it for tests.
    ticket.comments.push(comment);
    ticket.updated_at = stamp;
    emailed.push({ comment: comment.id, emailed: body.do_not_email === false || body.do_not_email === undefined });
    return reply(200, { comment });
  }
  const emailed = [];

  /** Comments newest first, 10 a page unless `per_page` says otherwise. */
  function listComments(ctx, ticket) {
    const perPage = Number.parseInt(ctx.query.get('per_page') ?? '10', 10) || 10;
    const asked = Number.parseInt(ctx.query.get('page') ?? '1', 10);
    const page = asked >= 1 ? asked : 1;
    served.set('comments', [...(served.get('comments') ?? []), page]);
    const rows = [...ticket.comments].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
    return reply(200, {
      comments: rows.slice((page - 1) * perPage, page * perPage).map((c) => ({ ...c, is_rich_text: false, user: {} })),
      meta: { total_pages: Math.max(1, Math.ceil(rows.length / perPage)), page, per_page: perPage },
    });
  }

  /** `POST /tickets/{id}/timer_entry`: `start_at` is required (a 422 with Ruby's words). */
  function addTimer(ticket, body) {
    if (!body.start_at) throw invalid({ error: 'no implicit conversion of nil into String' });
    const start = Date.parse(body.start_at);
    const end = body.end_at ? Date.parse(body.end_at) : start + (Number(body.duration_minutes) || 0) * 60_000;
    const seconds = Math.round((end - start) / 1000);
    const timer = {
      id: nextIds.timer++, ticket_id: ticket.id, user_id: body.user_id ?? SYNCRO_ME.user_id,
      start_time: new Date(start).toISOString(), end_time: new Date(end).toISOString(), recorded: false,
      created_at: now(), updated_at: now(), billable: true, notes: body.notes ?? null, toggl_id: null,
      product_id: body.product_id ?? 900, comment_id: null, ticket_line_item_id: null,
      active_duration: seconds, billable_time: seconds, billable_override: null,
    };
    data.ticketTimers.push(timer);
    return reply(200, timer);
  }

  function chargeTimer(ticket, body) {
    const timer = data.ticketTimers.find((t) => t.id === body.timer_entry_id && t.ticket_id === ticket.id);
    if (!timer) throw new ReplyError(reply(404, null));
    if (!timer.recorded) {
      timer.recorded = true;
      timer.ticket_line_item_id = nextIds.lineItem++;
      timer.updated_at = now();
    }
    return reply(200, timer);
  }

  const CUSTOMER_FIELDS = ['business_name', 'firstname', 'lastname', 'email', 'phone', 'mobile', 'address', 'city', 'state', 'zip', 'notes'];
  const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

  /** Customer fields; a malformed email is a 422 as in the OpenAPI example. */
  function customerFields(customer, body) {
    if (body.email !== undefined && !EMAIL.test(body.email)) throw invalid({ success: false, message: ['Email is not an email'] });
    for (const field of CUSTOMER_FIELDS) if (field in body) customer[field] = body[field];
    customer.fullname = [customer.firstname, customer.lastname].filter(Boolean).join(' ');
    customer.business_then_name = customer.business_name ?? customer.fullname;
    customer.business_and_full_name = customer.business_name ? `${customer.business_name} - ${customer.fullname}` : customer.fullname;
    customer.updated_at = now();
  }

  /** `POST /customers`: a business name or a last name is needed (UNVERIFIED wording). */
  function createCustomer(body) {
    if (!body.business_name && !body.lastname && !body.firstname) {
      throw invalid({ success: false, message: ['Business name or last name must be present'] });
    }
    const customer = { ...structuredClone(data.customers[0]), id: nextIds.customer++, created_at: now(), properties: {}, disabled: false };
    for (const field of CUSTOMER_FIELDS) customer[field] = null;
    customerFields(customer, body);
    data.customers.push(customer);
    return reply(200, { customer: withContacts(customer) });
  }

  function updateCustomer(customer, body) {
    customerFields(customer, body);
    return reply(200, { customer: withContacts(customer) });
  }

  /** `POST /contacts`: a customer and a name (UNVERIFIED 422 body); the contact comes back flat. */
  function createContact(body) {
    if (!customerOf(body.customer_id)) throw invalid({ success: false, message: ['Customer must exist'] });
    if (!body.name) throw invalid({ success: false, message: ["Name can't be blank"] });
    const stamp = now();
    const contact = {
      id: nextIds.contact++, name: body.name, address1: body.address1 ?? null, address2: null, city: body.city ?? null,
      state: null, zip: null, email: body.email ?? null, phone: body.phone ?? null, mobile: body.mobile ?? null,
      latitude: null, longitude: null, customer_id: body.customer_id, account_id: 1, notes: body.notes ?? null,
      created_at: stamp, updated_at: stamp, vendor_id: null, properties: {}, opt_out: false, extension: null,
    };
    data.contacts.push(contact);
    return reply(200, contact);
  }

  /** `POST /appointments`: summary, start and end required (the OpenAPI 422 example's body). */
  function createAppointment(body) {
    const blank = [['summary', 'Summary'], ['start_at', 'Start at'], ['end_at', 'End at']]
      .filter(([field]) => !body[field]).map(([, label]) => `${label} can't be blank`);
    if (blank.length) throw invalid({ success: false, error: blank.join(','), message: blank.join(','), params: body });
    const start = Date.parse(body.start_at);
    const end = Date.parse(body.end_at);
    const appointment = {
      id: nextIds.appointment++, summary: body.summary, description: body.description ?? null,
      customer_id: body.customer_id ?? null, created_at: now(), updated_at: now(),
      start_at: new Date(start).toISOString(), end_at: new Date(end).toISOString(), duration: (end - start) / 3_600_000,
      location: body.location ?? null, ticket_id: body.ticket_id ?? null, appointment_location_type: null,
      start_at_label: null, all_day: null, user_id: body.user_id ?? SYNCRO_ME.user_id, ticket: null,
      do_not_email: body.do_not_email === false ? '0' : '1',
    };
    data.appointments.push(appointment);
    return reply(200, { appointment: withCustomer(appointment) });
  }

  /** `POST /invoices`: a customer is needed; `line_items` are ignored (seen live). */
  function createInvoice(body) {
    const owner = customerOf(body.customer_id);
    if (!owner) throw invalid({ success: false, message: ['Customer must exist'] });
    const stamp = now();
    const created = {
      id: nextIds.invoice++, customer_id: owner.id, customer_business_then_name: owner.business_then_name,
      number: String(2100 + nextIds.invoice - 5100), created_at: stamp, updated_at: stamp, date: body.date ?? stamp,
      due_date: body.due_date ?? body.date ?? stamp, subtotal: '0.0', total: '0.0', tax: '0.0', verified_paid: false,
      tech_marked_paid: false, ticket_id: body.ticket_id ?? null, pdf_url: null, is_paid: false, location_id: null,
      po_number: body.po_number ?? null, contact_id: null, note: body.note ?? null, hardwarecost: '0.0', user_id: null,
      line_items: [],
    };
    data.invoices.push(created);
    const { line_items, ...shown } = created;
    return reply(200, { invoice: shown });
  }

  /** `POST /tickets/{id}/add_line_item`: name and description required, even with a product (seen live). */
  function addTicketLine(ticket, body) {
    const blank = [];
    if (!body.name) blank.push("Name can't be blank");
    if (!body.description) blank.push("Description can't be blank");
    if (blank.length) throw invalid({ errors: blank.join(', '), params: {} });
    const quantity = Number(body.quantity ?? 1);
    const line = {
      id: nextIds.lineItem++, ticket_id: ticket.id, user_id: SYNCRO_ME.user_id, product_id: body.product_id ?? null,
      name: body.name, description: body.description, quantity: quantity.toFixed(1), product_category: null,
      upc_code: null, taxable: body.taxable ?? true, cost_cents: Math.round(Number(body.price_cost ?? 0) * 100),
      retail_cents: Math.round(Number(body.price_retail ?? 0) * 100), created_at: now(), updated_at: now(),
      converted: false, item_id: null, position: (ticket.line_items?.length ?? 0) + 1, estimate_line_item_id: null,
      old_price: null, line_discount_percent: null, discount_dollars: null, original_ticket_line_item_id: null,
      price_cost: Number(body.price_cost ?? 0), price_retail: Number(body.price_retail ?? 0),
    };
    ticket.line_items = [...(ticket.line_items ?? []), line];
    return reply(200, line);
  }

  /**
   * `POST /invoices/{id}/line_items`: an item, or a catalog product whose name and prices fill
   * the line (seen live). Answers `{invoice, line_item}` like the estimates' (UNVERIFIED: the
   * OpenAPI document gives no example).
   */
  function addInvoiceLine(invoice, body) {
    const catalog = body.product_id === undefined ? undefined : data.products.find((p) => p.id === body.product_id);
    if (body.product_id !== undefined && !catalog) throw invalid({ errors: 'validation error: Product must exist' });
    const item = body.item ?? catalog?.name;
    if (!item) throw invalid({ errors: "validation error: Item can't be blank" });
    const quantity = Number(body.quantity ?? 1);
    const price = Number(body.price ?? catalog?.price_retail ?? 0);
    const line = {
      id: nextIds.lineItem++, created_at: now(), updated_at: now(), invoice_id: invoice.id, item,
      name: body.name ?? catalog?.description ?? item, cost: Number(body.cost ?? catalog?.price_cost ?? 0).toFixed(2),
      price: price.toFixed(2), quantity: quantity.toFixed(1), product_id: catalog?.id ?? null,
      taxable: body.taxable ?? catalog?.taxable ?? true, discount_percent: null, position: invoice.line_items.length + 1,
      invoice_bundle_id: null, discount_dollars: null,
    };
    invoice.line_items.push(line);
    const subtotal = Number(invoice.subtotal) + quantity * price;
    invoice.subtotal = subtotal.toFixed(2);
    invoice.total = (subtotal + Number(invoice.tax)).toFixed(2);
    invoice.updated_at = now();
    const { line_items, ...shown } = invoice;
    return reply(200, { invoice: shown, line_item: line });
  }

  /** `POST /estimates`: customer and date required (a field map); `line_items` are ignored. */
  function createEstimate(body) {
    const errors = {};
    if (!customerOf(body.customer_id)) errors.customer_id = ["can't be blank"];
    if (!body.date) errors.date = ["can't be blank"];
    if (Object.keys(errors).length) throw invalid(errors);
    const owner = customerOf(body.customer_id);
    const stamp = now();
    const estimate = {
      id: nextIds.estimate++, customer_id: owner.id, customer_business_then_name: owner.business_then_name,
      name: body.name ?? null, number: String(3100 + nextIds.estimate - 6100), status: body.status ?? 'Fresh',
      created_at: stamp, updated_at: stamp, date: body.date, subtotal: '0.0', total: '0.0', tax: '0.0',
      ticket_id: body.ticket_id ?? null, pdf_url: null, location_id: null, invoice_id: null,
      employee: SYNCRO_ME.user_email, user_id: SYNCRO_ME.user_id, note: body.note ?? null,
    };
    data.estimates.push(estimate);
    const { note, ...shown } = estimate;
    return reply(200, { estimate: shown });
  }

  /** `POST /estimates/{id}/line_items`: `item` is required; totals are recomputed. */
  function addEstimateLine(estimate, body) {
    if (!body.item) throw invalid({ errors: "validation error: Item can't be blank" });
    const quantity = Number(body.quantity ?? 1);
    const price = Number(body.price ?? 0);
    const line = {
      id: nextIds.lineItem++, created_at: now(), updated_at: now(), invoice_id: null, item: body.item,
      name: body.name ?? body.item, cost: String(Number(body.cost ?? 0).toFixed(1)), price: price.toFixed(1),
      quantity: quantity.toFixed(1), product_id: body.product_id ?? null, taxable: body.taxable ?? true,
      discount_percent: null, position: 1, invoice_bundle_id: null, discount_dollars: null,
    };
    const subtotal = Number(estimate.subtotal) + quantity * price;
    estimate.subtotal = subtotal.toFixed(1);
    estimate.total = subtotal.toFixed(1);
    estimate.updated_at = now();
    return reply(200, { estimate, line_item: line });
  }

  function convertEstimate(estimate) {
    if (estimate.invoice_id) throw invalid({ error: 'Estimate already converted' });
    const stamp = now();
    const created = {
      id: nextIds.invoice++, customer_id: estimate.customer_id, customer_business_then_name: estimate.customer_business_then_name,
      number: String(2100 + nextIds.invoice - 5100), created_at: stamp, updated_at: stamp, date: stamp, due_date: stamp,
      subtotal: estimate.subtotal, total: estimate.total, tax: estimate.tax, verified_paid: false, tech_marked_paid: false,
      ticket_id: estimate.ticket_id, pdf_url: null, is_paid: false, location_id: null, po_number: null, contact_id: null,
      note: null, hardwarecost: '0.0', user_id: null, line_items: [],
    };
    data.invoices.push(created);
    estimate.invoice_id = created.id;
    estimate.status = 'Approved';
    const { line_items, ...shown } = created;
    return reply(200, { invoice: shown });
  }

  return {
    ...controls,
    /** The live data (tickets, comments, estimates, invoices, timers after writes). */
    state: () => data,
    /** The page numbers served per list (`tickets`, `customers`, …), in order. */
    pagesServed: (name) => served.get(name) ?? [],
    /** Per comment written through the API, whether Syncro would have emailed it. */
    emails: () => emailed,
    reset() {
      controls.reset();
      served.clear();
      emailed.length = 0;
    },
  };
}
