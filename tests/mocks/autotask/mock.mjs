// Offline mock of the Autotask PSA REST API v1.0 (vendors.md §3): the unauthenticated zone
// lookup, the three credential headers on every call, `POST /{Entity}/query` with nested
// filters, IncludeFields, MaxRecords and `nextPageUrl` paging, counts, reads by id, ticket,
// ticket note and time entry writes validated against the picklists of
// `entityInformation/fields`, `ThresholdInformation`, the rolling-hour request budget and the
// limit of three simultaneous requests per entity and integration code.
// Behaviour marked UNVERIFIED is a guess; tests/mocks/autotask/README.md lists them all.
import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { ReplyError, Router, reply, startMock } from '../http.mjs';
import { AUTOTASK_CREDENTIALS, AUTOTASK_IDS, AUTOTASK_T0, autotaskFixtures } from './fixtures.mjs';

export { AUTOTASK_CREDENTIALS, AUTOTASK_IDS, AUTOTASK_T0, autotaskFixtures };

const API_PREFIX = '/atservicesrest/v1.0';
const ZONE_PATH = `${API_PREFIX}/zoneinformation`;
const HOUR_MS = 3_600_000;
const MAX_RECORDS = 500;
const MAX_IN_VALUES = 500;
const BUDGET_KEY = 'database'; // one budget per Autotask database, shared by every integration
/** The database an API user belongs to: `credential.database`, or the one default database. */
const databaseOf = (credential) => credential.database ?? BUDGET_KEY;
const DEFAULTS = {
  port: 0,
  credentials: [AUTOTASK_CREDENTIALS],
  threshold: 10_000,
  thresholdWindowMs: HOUR_MS,
  slowdown: false,
  threadLimit: 3,
  latencyMs: 0,
  maxPageSize: MAX_RECORDS,
  pageTokenTtlMs: 15 * 60_000, // UNVERIFIED: how long a nextPageUrl stays valid
  zoneName: 'Mock Zone',
  zoneCi: 12345,
  now: () => Date.now(),
};

const OPERATORS = new Map(['eq', 'noteq', 'gt', 'gte', 'lt', 'lte', 'beginsWith', 'endsWith', 'contains',
  'exist', 'notExist', 'in', 'notIn', 'and', 'or'].map((op) => [op.toLowerCase(), op]));
const TEXT_OPERATORS = new Set(['beginsWith', 'endsWith', 'contains']);
const NUMERIC_TYPES = new Set(['integer', 'long', 'short', 'double', 'decimal']);
const INTEGER_TYPES = new Set(['integer', 'long', 'short']);

const ENTITY_NAMES = new Map(Object.keys(autotaskFixtures.fields).map((name) => [name.toLowerCase(), name]));
const FIELD_INDEX = Object.fromEntries(Object.entries(autotaskFixtures.fields)
  .map(([entity, list]) => [entity, new Map(list.map((meta) => [meta.name.toLowerCase(), meta]))]));

/**
 * Starts the mock. Options (all optional): `port`, `credentials` ([{ username, secret,
 * integrationCode, active?, database? }], default [AUTOTASK_CREDENTIALS]; API users with the
 * same `database` share its threshold), `threshold` (requests per
 * rolling window, default 10000), `thresholdWindowMs` (default one hour), `slowdown`
 * ({ ratio, delayMs } or false), `threadLimit` (default 3), `latencyMs` (default 0),
 * `maxPageSize` (default 500), `pageTokenTtlMs`, `zoneName`, `zoneCi`, `now` (clock in ms).
 * Returns the common controls plus `state()`, `maxInFlight(entity)`, `usage(database?)` and
 * `refused(database?)`.
 */
export async function startAutotaskMock(options = {}) {
  const config = { ...DEFAULTS, ...options };
  let data = freshData();
  const pages = new Map(); // paging token -> { entity, query, lastId, expiresAt }
  const gate = new ThreadGate(config.threadLimit);
  const refusals = new Map(); // database -> requests refused past its threshold since the last reset
  const router = buildRouter();

  const { kit, controls } = await startMock({
    port: config.port,
    contentType: 'application/json; charset=utf-8',
    rateLimit: { limit: config.threshold, windowMs: config.thresholdWindowMs },
    errorBody: (status) => ({ errors: [STATUS_CODES[status] ?? 'Error'] }),
    handle,
    onReset() {
      refusals.clear();
      data = freshData();
      pages.clear();
      gate.resetPeaks();
    },
  });

  // The request pipeline: early faults -> zone lookup (public) | API prefix -> credentials ->
  // database budget -> thread limit -> latency -> late faults -> route.
  async function handle(request) {
    const early = await kit.intercept(request, 'beforeAuth');
    if (early) return early;
    const path = request.path.toLowerCase().replace(/\/+$/, '');
    if (path === ZONE_PATH) return (await kit.intercept(request, 'afterAuth')) ?? zoneLookup(request);
    if (path !== API_PREFIX && !path.startsWith(`${API_PREFIX}/`)) return notFoundReply(request);

    const auth = authenticate(request);
    if (auth.reply) return auth.reply;
    const database = databaseOf(auth.credential);
    const rate = kit.limiter.hit(database);
    if (!rate.allowed) {
      refusals.set(database, (refusals.get(database) ?? 0) + 1);
      // UNVERIFIED status and wording; the docs only say requests are refused.
      return errorReply(429, [`The request threshold of ${config.threshold} requests per `
        + `${Math.round(config.thresholdWindowMs / 60_000)} minutes has been exceeded.`],
      { 'retry-after': String(rate.retryAfterSeconds) });
    }
    if (config.slowdown && rate.count > config.slowdown.ratio * config.threshold) {
      await kit.sleep(config.slowdown.delayMs);
    }

    const segments = path.slice(API_PREFIX.length).split('/').filter(Boolean);
    const slot = gate.acquire(auth.credential.integrationCode, endpointOf(segments));
    if (!slot) {
      // UNVERIFIED status (clients treat 429 and 500 alike); no Retry-After.
      return errorReply(429, [`Thread threshold exceeded for this entity (${config.threadLimit} concurrent requests).`]);
    }
    try {
      if (config.latencyMs > 0) await kit.sleep(config.latencyMs);
      return (await kit.intercept(request, 'afterAuth')) ?? dispatch(request, segments, auth);
    } finally {
      gate.release(slot);
    }
  }

  function dispatch(request, segments, auth) {
    const [first] = segments;
    if (first === 'thresholdinformation' && segments.length === 1) {
      return request.method === 'GET' ? thresholdInformation(databaseOf(auth.credential)) : methodNotAllowed(request);
    }
    if (!ENTITY_NAMES.has(first)) return notFoundReply(request);
    const { handler, params, status } = router.match(request.method, `/${segments.join('/')}`);
    if (!handler) return status === 405 ? methodNotAllowed(request) : notFoundReply(request);
    const entity = ENTITY_NAMES.get(params.entity ?? first);
    return handler({ request, params, entity, auth, query: request.url.searchParams });
  }

  // Patterns are lowercase: the path is matched case-insensitively. Routes are tried in order.
  function buildRouter() {
    const r = new Router();
    r.on('GET', '/:entity/entityinformation', (ctx) => reply(200, { info: autotaskFixtures.entityInfo[ctx.entity] }));
    r.on('GET', '/:entity/entityinformation/fields', (ctx) => reply(200, { fields: autotaskFixtures.fields[ctx.entity] }));
    r.on('GET', '/:entity/entityinformation/userdefinedfields', (ctx) => reply(200, { fields: autotaskFixtures.udfs[ctx.entity] ?? [] }));
    r.on('POST', '/:entity/query/count', (ctx) => countQuery(ctx, jsonBody(ctx)));
    r.on('GET', '/:entity/query/count', (ctx) => countQuery(ctx, searchParam(ctx)));
    r.on('POST', '/:entity/query/next', nextPage);
    r.on('GET', '/:entity/query/next', nextPage);
    r.on('POST', '/:entity/query', (ctx) => firstPage(ctx, jsonBody(ctx)));
    r.on('GET', '/:entity/query', (ctx) => firstPage(ctx, searchParam(ctx)));
    r.on('GET', '/tickets/:id/notes', ticketNotesList);
    r.on('POST', '/tickets/:id/notes', createTicketNote);
    r.on('GET', '/tickets/:id/notes/:noteId', ticketNote);
    r.on('GET', '/:entity/:id', byId);
    r.on('POST', '/:entity', (ctx) => write(ctx, 'create'));
    r.on('PATCH', '/:entity', (ctx) => write(ctx, 'update'));
    return r;
  }

  // ---- zone lookup and authentication ------------------------------------------------------

  function zoneLookup(request) {
    if (request.method !== 'GET') return methodNotAllowed(request);
    const user = request.url.searchParams.get('user') ?? '';
    if (!findCredential(user)) return errorReply(500, ['Zone information could not be determined']);
    return reply(200, { zoneName: config.zoneName, url: `${kit.url}/atservicesrest/`, webUrl: `${kit.url}/`, ci: config.zoneCi });
  }

  const findCredential = (username) =>
    config.credentials.find((c) => c.username.toLowerCase() === String(username).toLowerCase());

  /** Username + secret (401), an active API user (500), the integration code (500). */
  function authenticate(request) {
    const { username, secret, apiintegrationcode: code } = request.headers;
    const credential = username ? findCredential(username) : undefined;
    if (!credential || credential.secret !== secret) {
      return { reply: reply(401, { Message: 'Authorization has been denied for this request.' }) };
    }
    if (credential.active === false) {
      return { reply: errorReply(500, ['Unable to authenticate: the API user is inactive.']) };
    }
    if (credential.integrationCode !== code) return { reply: errorReply(500, ['IntegrationCode is invalid.']) };
    const apiResource = data.entities.Resources.find((r) =>
      [r.userName, r.email].some((name) => name?.toLowerCase() === credential.username.toLowerCase()));
    const apiResourceID = apiResource?.id ?? null;
    const impersonation = request.headers.impersonationresourceid;
    if (impersonation === undefined) return { credential, apiResourceID, actorID: apiResourceID, impersonatorID: null };
    const impersonated = /^\d+$/.test(impersonation.trim())
      ? data.entities.Resources.find((r) => r.id === Number(impersonation))
      : undefined;
    if (!impersonated?.isActive) {
      return { reply: errorReply(500, [`ImpersonationResourceId ${impersonation} is not an active resource.`]) };
    }
    return { credential, apiResourceID, actorID: impersonated.id, impersonatorID: apiResourceID };
  }

  function thresholdInformation(database) {
    return reply(200, {
      externalRequestThreshold: config.threshold,
      requestThresholdTimeframe: Math.round(config.thresholdWindowMs / 60_000),
      currentTimeframeRequestCount: kit.limiter.count(database),
    });
  }

  // ---- queries --------------------------------------------------------------------------------

  function firstPage(ctx, raw) {
    const query = compileQuery(ctx.entity, raw);
    return page(ctx.entity, query, -Infinity);
  }

  function countQuery(ctx, raw) {
    const query = compileQuery(ctx.entity, raw, { count: true });
    return reply(200, { queryCount: matching(ctx.entity, query, -Infinity).length });
  }

  /**
   * `nextPageUrl` followed with GET (no body), or POST with the first query's body. The token
   * remembers the query and the last id served; the next page starts after that id.
   */
  function nextPage(ctx) {
    const token = ctx.query.get('paging') ?? '';
    const saved = pages.get(token);
    if (!saved || saved.expiresAt <= config.now()) {
      throw new ReplyError(errorReply(400, ['The paging token is invalid or has expired.']));
    }
    if (saved.entity !== ctx.entity) throw new ReplyError(errorReply(400, ['The paging token does not match this entity.']));
    if (ctx.request.method === 'POST' && ctx.request.body.trim() !== '') {
      if (canonicalQuery(jsonBody(ctx)) !== saved.query.canonical) {
        throw new ReplyError(errorReply(400, ['The paging token does not match this query.']));
      }
    }
    return page(saved.entity, saved.query, saved.lastId);
  }

  function matching(entity, query, afterId) {
    return data.entities[entity].filter((r) => r.id > afterId && query.test(r)).sort((a, b) => a.id - b.id);
  }

  /** One page of records after `afterId`, ordered by id, in the `{items, pageDetails}` envelope. */
  function page(entity, query, afterId) {
    const rows = matching(entity, query, afterId);
    const size = Math.min(query.maxRecords, config.maxPageSize);
    const items = rows.slice(0, size);
    const hasNext = rows.length > items.length;
    if (hasNext && query.includeFields && !query.includeFields.includes('id')) {
      // Documented rule; UNVERIFIED wording.
      throw queryError('IncludeFields must contain id when a query returns more than one page of results.');
    }
    let nextPageUrl = null;
    if (hasNext) {
      const token = randomBytes(18).toString('base64url');
      pages.set(token, { entity, query, lastId: items.at(-1).id, expiresAt: config.now() + config.pageTokenTtlMs });
      nextPageUrl = `${kit.url}${API_PREFIX}/${entity}/query/next?paging=${encodeURIComponent(token)}`;
    }
    return reply(200, {
      items: items.map((r) => project(r, query.includeFields)),
      pageDetails: { count: items.length, requestCount: query.maxRecords, prevPageUrl: null, nextPageUrl },
    });
  }

  function ticketNotesList(ctx) {
    const ticketID = numericId(ctx.params.id);
    const query = compileQuery('TicketNotes', { filter: [{ op: 'eq', field: 'ticketID', value: ticketID }] });
    return page('TicketNotes', query, -Infinity);
  }

  function ticketNote(ctx) {
    const ticketID = numericId(ctx.params.id);
    const noteID = numericId(ctx.params.noteId);
    const note = data.entities.TicketNotes.find((n) => n.id === noteID && n.ticketID === ticketID);
    return reply(200, { item: note ?? null });
  }

  /** Unknown id: 200 `{"item": null}` (UNVERIFIED). */
  function byId(ctx) {
    const id = numericId(ctx.params.id);
    return reply(200, { item: data.entities[ctx.entity].find((r) => r.id === id) ?? null });
  }

  // ---- writes -----------------------------------------------------------------------------------

  // Child entities are created only under their parent: POST /TicketNotes is a 404 live
  // (WYRE-AI/autotask-mcp#24). Other writes the mock does not implement are 405.
  const CHILD_ONLY = new Set(['TicketNotes']);

  const WRITERS = {
    Tickets: { create: createTicket, update: updateTicket },
    TimeEntries: { create: createTimeEntry, update: updateTimeEntry },
  };

  function write(ctx, kind) {
    const writer = WRITERS[ctx.entity]?.[kind];
    if (!writer) return CHILD_ONLY.has(ctx.entity) ? notFoundReply(ctx.request) : methodNotAllowed(ctx.request);
    const body = writeBody(ctx);
    return writer(ctx, body);
  }

  const nowIso = () => new Date(config.now()).toISOString();

  function nextId(entity) {
    data.nextIds[entity] += 1;
    return data.nextIds[entity];
  }

  function insert(entity, values) {
    const created = { ...blank(entity), ...values, id: nextId(entity) };
    data.entities[entity].push(created);
    return created;
  }

  function existingFor(entity, body) {
    const raw = caseInsensitive(body).id;
    if (raw === undefined || raw === null) throw writeError('id is required to update an entity.');
    const id = Number(raw);
    const found = Number.isInteger(id) ? data.entities[entity].find((r) => r.id === id) : undefined;
    if (!found) throw writeError(`No ${entity} record has id ${raw}.`);
    return found;
  }

  function touchTicket(ticketID, at) {
    const target = data.entities.Tickets.find((t) => t.id === ticketID);
    if (target) target.lastActivityDate = at;
  }

  function createTicket(ctx, body) {
    const given = readFields('Tickets', body, null);
    const merged = { ...blank('Tickets'), ...given };
    validate('Tickets', given, merged, true);
    ticketRules(given, merged, null);
    const at = nowIso();
    const created = insert('Tickets', {
      ...merged,
      ticketNumber: ticketNumber(at),
      createDate: at,
      lastActivityDate: at,
      creatorResourceID: ctx.auth.actorID,
      completedDate: merged.status === 5 ? at : null,
    });
    return reply(200, { itemId: created.id });
  }

  function updateTicket(ctx, body) {
    const existing = existingFor('Tickets', body);
    const given = readFields('Tickets', body, existing);
    const merged = { ...existing, ...given };
    validate('Tickets', given, merged, false);
    ticketRules(given, merged, existing);
    const at = nowIso();
    if (merged.status === 5 && existing.status !== 5) merged.completedDate = at;
    if (merged.status !== 5 && existing.status === 5) merged.completedDate = null;
    Object.assign(existing, merged, { lastActivityDate: at });
    return reply(200, { itemId: existing.id });
  }

  /** `T<yyyymmdd>.<4 digits>`, numbered per day. */
  function ticketNumber(at) {
    const prefix = `T${at.slice(0, 10).replaceAll('-', '')}.`;
    const used = data.entities.Tickets
      .filter((t) => t.ticketNumber?.startsWith(prefix))
      .map((t) => Number(t.ticketNumber.slice(prefix.length)));
    return `${prefix}${String(Math.max(0, ...used) + 1).padStart(4, '0')}`;
  }

  /** Rules beyond the field list: queue or assignment, issue/sub-issue, active company, contact. */
  function ticketRules(given, merged, existing) {
    const creating = existing === null;
    const touches = (...names) => creating || names.some((name) => name in given);
    if (touches('assignedResourceID', 'assignedResourceRoleID')
      && (merged.assignedResourceID === null) !== (merged.assignedResourceRoleID === null)) {
      // The live wording (WYRE-AI/msp-claude-plugins#32).
      throw writeError('When assigning a Resource, you must assign both a assignedResourceID and assignedResourceRoleID.');
    }
    if (touches('queueID', 'assignedResourceID') && merged.queueID === null && merged.assignedResourceID === null) {
      throw writeError('A ticket needs a queueID, or an assignedResourceID with an assignedResourceRoleID.');
    }
    if (given.assignedResourceID != null) requireActiveResource('assignedResourceID', given.assignedResourceID);
    if (touches('issueType', 'subIssueType') && merged.subIssueType !== null) {
      if (merged.issueType === null) throw writeError('subIssueType requires issueType.');
      const option = pickOption('Tickets', 'subIssueType', merged.subIssueType);
      if (option && option.parentValue !== String(merged.issueType)) {
        throw writeError(`Invalid value for field subIssueType: ${merged.subIssueType} (${option.label}) does not belong to issueType ${merged.issueType}.`);
      }
    }
    if (given.companyID != null) {
      const company = data.entities.Companies.find((c) => c.id === given.companyID);
      if (company && !company.isActive) throw writeError(`Invalid value for field companyID: company ${company.id} is inactive.`);
    }
    if (touches('contactID', 'companyID') && merged.contactID !== null) {
      const contact = data.entities.Contacts.find((c) => c.id === merged.contactID);
      if (contact && contact.companyID !== merged.companyID) {
        throw writeError(`Invalid value for field contactID: contact ${contact.id} does not belong to company ${merged.companyID}.`);
      }
    }
  }

  function createTicketNote(ctx) {
    const ticketID = numericId(ctx.params.id);
    if (!data.entities.Tickets.some((t) => t.id === ticketID)) {
      throw writeError(missingReference('ticketID'));
    }
    const body = writeBody(ctx);
    const given = readFields('TicketNotes', body, null);
    if (given.ticketID != null && given.ticketID !== ticketID) {
      throw writeError(`Invalid value for field ticketID: the body says ${given.ticketID} but the URL says ${ticketID}.`);
    }
    given.ticketID = ticketID;
    const merged = { ...blank('TicketNotes'), ...given };
    validate('TicketNotes', given, merged, true);
    const at = nowIso();
    const created = insert('TicketNotes', {
      ...merged,
      createDateTime: at,
      lastActivityDate: at,
      creatorResourceID: ctx.auth.actorID,
      impersonatorCreatorResourceID: ctx.auth.impersonatorID,
    });
    touchTicket(ticketID, at);
    return reply(200, { itemId: created.id });
  }

  function createTimeEntry(ctx, body) {
    const given = readFields('TimeEntries', body, null);
    const merged = { ...blank('TimeEntries'), ...given };
    validate('TimeEntries', given, merged, true);
    timeEntryRules(given, merged, true);
    const at = nowIso();
    const created = insert('TimeEntries', {
      ...merged,
      createDateTime: at,
      lastModifiedDateTime: at,
      impersonatorCreatorResourceID: ctx.auth.impersonatorID,
    });
    if (created.ticketID !== null) touchTicket(created.ticketID, at);
    return reply(200, { itemId: created.id });
  }

  function updateTimeEntry(ctx, body) {
    const existing = existingFor('TimeEntries', body);
    const given = readFields('TimeEntries', body, existing);
    const merged = { ...existing, ...given };
    validate('TimeEntries', given, merged, false);
    timeEntryRules(given, merged, false);
    Object.assign(existing, merged, { lastModifiedDateTime: nowIso() });
    return reply(200, { itemId: existing.id });
  }

  /** Exactly one parent, an active resource, hours in (0, 24] or a start and an end. */
  function timeEntryRules(given, merged, creating) {
    if ((merged.ticketID === null) === (merged.taskID === null)) {
      throw writeError('A time entry needs exactly one of ticketID and taskID.');
    }
    if (given.resourceID != null) requireActiveResource('resourceID', given.resourceID);
    if ((merged.startDateTime === null) !== (merged.endDateTime === null)) {
      throw writeError('startDateTime and endDateTime must be given together.');
    }
    const span = merged.startDateTime === null ? null : Date.parse(merged.endDateTime) - Date.parse(merged.startDateTime);
    if (span !== null && span <= 0) throw writeError('endDateTime must be after startDateTime.');
    if (merged.hoursWorked === null || (creating && !('hoursWorked' in given))) {
      if (span === null) throw writeError('hoursWorked is required unless startDateTime and endDateTime are given.');
      merged.hoursWorked = Math.round((span / HOUR_MS) * 100) / 100;
    }
    if (!(merged.hoursWorked > 0 && merged.hoursWorked <= 24)) {
      throw writeError(`Invalid value for field hoursWorked: ${merged.hoursWorked} must be greater than 0 and at most 24.`);
    }
    merged.isNonBillable = merged.isNonBillable ?? false;
    merged.hoursToBill = merged.isNonBillable ? 0 : merged.hoursWorked;
  }

  function requireActiveResource(fieldName, id) {
    const resource = data.entities.Resources.find((r) => r.id === id);
    if (resource && !resource.isActive) throw writeError(`Invalid value for field ${fieldName}: resource ${id} is inactive.`);
  }

  /**
   * The body's fields by canonical name, coerced to their data types. Unknown fields are
   * refused; read-only fields are skipped when null or unchanged and refused otherwise
   * (UNVERIFIED: the live API may ignore them); `id` is the caller's business.
   */
  function readFields(entity, body, existing) {
    const given = {};
    for (const [key, value] of Object.entries(body)) {
      const meta = FIELD_INDEX[entity].get(key.toLowerCase());
      if (!meta) throw writeError(`Unknown field: ${key}`);
      if (meta.name === 'id') continue;
      if (meta.isReadOnly) {
        if (value === null || value === undefined || sameValue(meta, value, existing?.[meta.name] ?? null)) continue;
        throw writeError(`Field ${meta.name} is read-only.`);
      }
      given[meta.name] = coerceWrite(meta, value);
    }
    return given;
  }

  /** Required fields, active picklist values and existing references for the fields given. */
  function validate(entity, given, merged, creating) {
    for (const meta of autotaskFixtures.fields[entity]) {
      if (!meta.isRequired || meta.isReadOnly) continue;
      if ((creating || meta.name in given) && isBlank(merged[meta.name])) {
        throw writeError(`Required field ${meta.name} is missing.`);
      }
    }
    for (const [name, value] of Object.entries(given)) {
      if (value === null) continue;
      const meta = FIELD_INDEX[entity].get(name.toLowerCase());
      if (meta.isPickList) {
        const option = pickOption(entity, name, value);
        if (!option) throw writeError(missingReference(name));
        if (!option.isActive) throw writeError(`Invalid value for field ${name}: ${value} (${option.label}) is inactive.`);
      }
      if (meta.isReference && data.entities[meta.referenceEntityType]
        && !data.entities[meta.referenceEntityType].some((r) => r.id === value)) {
        throw writeError(missingReference(name));
      }
    }
  }

  function writeBody(ctx) {
    const body = jsonBody(ctx);
    if (!isPlainObject(body)) throw writeError('The request body must be a JSON object.');
    return body;
  }

  return {
    ...controls,
    /** The live (mutable) records by entity name: `state().Tickets`, ... */
    state: () => data.entities,
    /** The most requests for `entity` served at the same moment since the last reset. */
    maxInFlight: (entity) => gate.peak(String(entity).toLowerCase()),
    /** Requests counted against `database`'s threshold in the current window. */
    usage: (database = BUDGET_KEY) => kit.limiter.count(database),
    /** Requests `database` refused past its threshold (429) since the last reset. */
    refused: (database = BUDGET_KEY) => refusals.get(database) ?? 0,
  };
}

// ---- query compilation (pure) --------------------------------------------------------------

/**
 * Reads a query body (keys case-insensitive) into `{ test, maxRecords, includeFields,
 * canonical }`. Errors are HTTP 500 with an `errors` array, as the live API answers them.
 */
function compileQuery(entity, raw, { count = false } = {}) {
  if (!isPlainObject(raw)) throw queryError('The query must be a JSON object.');
  const body = caseInsensitive(raw);
  const filter = body.filter;
  if (!Array.isArray(filter) || filter.length === 0) {
    throw queryError('A query requires at least one filter condition.'); // UNVERIFIED wording
  }
  const udfNames = new Set();
  const parts = filter.map((item) => compileItem(entity, item, udfNames));
  if (udfNames.size > 1) throw queryError('Only one user-defined field can be queried at a time.');
  const maxRecords = count ? MAX_RECORDS : readMaxRecords(body.maxrecords);
  const includeFields = count ? null : readIncludeFields(entity, body.includefields);
  return {
    test: (r) => parts.every((part) => part(r)),
    maxRecords,
    includeFields,
    canonical: canonicalQuery(raw),
  };
}

function readMaxRecords(value) {
  if (value === undefined || value === null) return MAX_RECORDS;
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (!Number.isInteger(number) || number < 1 || number > MAX_RECORDS) {
    throw queryError(`MaxRecords must be between 1 and ${MAX_RECORDS}.`);
  }
  return number;
}

/** Canonical field names, or null for "every field". */
function readIncludeFields(entity, value) {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw queryError('IncludeFields must be an array of field names.');
  if (value.length === 0) return null;
  const names = value.map((name) => {
    const meta = typeof name === 'string' ? FIELD_INDEX[entity].get(name.toLowerCase()) : undefined;
    if (!meta) throw queryError(`Unknown field: ${name}`);
    return meta.name;
  });
  return [...new Set(names)];
}

/** One filter item as a predicate over records. */
function compileItem(entity, item, udfNames) {
  if (!isPlainObject(item)) throw queryError('Each filter item must be an object.');
  const spec = caseInsensitive(item);
  const op = typeof spec.op === 'string' ? OPERATORS.get(spec.op.toLowerCase()) : undefined;
  if (!op) throw queryError(`Invalid filter operator: ${JSON.stringify(spec.op ?? null)}`);
  if (op === 'and' || op === 'or') {
    if (!Array.isArray(spec.items) || spec.items.length === 0) {
      throw queryError(`The ${op} operator requires a non-empty items array.`);
    }
    const parts = spec.items.map((child) => compileItem(entity, child, udfNames));
    return op === 'and' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r));
  }
  if (typeof spec.field !== 'string' || spec.field === '') throw queryError(`The ${op} operator requires a field.`);
  const udf = spec.udf === true || String(spec.udf).toLowerCase() === 'true';
  const target = udf ? udfTarget(entity, spec.field, udfNames) : fieldTarget(entity, spec.field);
  const valueOf = (r) => comparable(target, target.get(r));

  if (op === 'exist') return (r) => valueOf(r) !== null;
  if (op === 'notExist') return (r) => valueOf(r) === null;
  if (op === 'in' || op === 'notIn') {
    if (!Array.isArray(spec.value) || spec.value.length === 0) {
      throw queryError(`The ${op} operator requires a non-empty array value.`);
    }
    if (spec.value.length > MAX_IN_VALUES) throw queryError(`The ${op} operator accepts at most ${MAX_IN_VALUES} values.`);
    const wanted = spec.value.map((v) => filterValue(target, v, op));
    const listed = (x) => wanted.some((w) => compare(x, w) === 0);
    // SQL semantics: a null field matches neither in nor notIn (UNVERIFIED).
    return op === 'in' ? (r) => { const x = valueOf(r); return x !== null && listed(x); }
      : (r) => { const x = valueOf(r); return x !== null && !listed(x); };
  }
  if (spec.value === undefined || spec.value === null) throw queryError(`The ${op} operator requires a value.`);
  if (TEXT_OPERATORS.has(op) && target.dataType !== 'string') {
    throw queryError(`The ${op} operator applies to text fields only; ${target.name} is ${target.dataType}.`);
  }
  const wanted = filterValue(target, spec.value, op);
  const test = {
    eq: (x) => compare(x, wanted) === 0,
    noteq: (x) => compare(x, wanted) !== 0,
    gt: (x) => compare(x, wanted) > 0,
    gte: (x) => compare(x, wanted) >= 0,
    lt: (x) => compare(x, wanted) < 0,
    lte: (x) => compare(x, wanted) <= 0,
    beginsWith: (x) => x.startsWith(wanted),
    endsWith: (x) => x.endsWith(wanted),
    contains: (x) => x.includes(wanted),
  }[op];
  // Null fields match no comparison, noteq included (SQL semantics, UNVERIFIED).
  return (r) => { const x = valueOf(r); return x !== null && test(x); };
}

function fieldTarget(entity, name) {
  const meta = FIELD_INDEX[entity].get(name.toLowerCase());
  if (!meta) throw queryError(`Unknown field: ${name}`);
  if (!meta.isQueryable) throw queryError(`Field ${meta.name} cannot be queried.`);
  return { name: meta.name, dataType: meta.dataType, get: (r) => r[meta.name] };
}

function udfTarget(entity, name, udfNames) {
  const definition = (autotaskFixtures.udfs[entity] ?? []).find((d) => d.name.toLowerCase() === name.toLowerCase());
  if (!definition) throw queryError(`Unknown user-defined field: ${name}`);
  udfNames.add(definition.name);
  return {
    name: definition.name,
    dataType: definition.dataType,
    get: (r) => r.userDefinedFields?.find((u) => u.name === definition.name)?.value ?? null,
  };
}

/** A record value in comparable form: numbers, epoch ms, booleans as 0/1, lowercase text. */
function comparable(target, value) {
  if (value === null || value === undefined) return null;
  if (NUMERIC_TYPES.has(target.dataType)) return Number(value);
  if (target.dataType === 'boolean') return value ? 1 : 0;
  if (target.dataType === 'datetime') return Date.parse(value);
  return String(value).toLowerCase();
}

/** A filter value in comparable form; numbers may arrive as strings, dates as ISO strings. */
function filterValue(target, value, op) {
  const invalid = () => queryError(`Invalid value ${JSON.stringify(value)} for field ${target.name} (${op}).`);
  if (NUMERIC_TYPES.has(target.dataType)) {
    if (typeof value === 'boolean') return value ? 1 : 0;
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) throw invalid();
    if (INTEGER_TYPES.has(target.dataType) && !Number.isInteger(number)) throw invalid();
    return number;
  }
  if (target.dataType === 'boolean') {
    const text = String(value).toLowerCase();
    if (['true', '1'].includes(text)) return 1;
    if (['false', '0'].includes(text)) return 0;
    throw invalid();
  }
  if (target.dataType === 'datetime') {
    const time = typeof value === 'string' ? Date.parse(value) : NaN;
    if (!Number.isFinite(time)) throw invalid();
    return time;
  }
  if (typeof value !== 'string' && typeof value !== 'number') throw invalid();
  return String(value).toLowerCase();
}

function compare(a, b) {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * The canonical text of a query body, to recognise "the same query" when a next page is
 * POSTed: keys lowercased and sorted, `op`/`field` values and IncludeFields lowercased,
 * MaxRecords defaulted to 500.
 */
function canonicalQuery(raw) {
  const body = isPlainObject(raw) ? caseInsensitive(raw) : {};
  const max = body.maxrecords ?? MAX_RECORDS;
  const includeFields = Array.isArray(body.includefields) ? body.includefields.map((n) => String(n).toLowerCase()) : [];
  return JSON.stringify({
    filter: canonicalValue(body.filter ?? null),
    includeFields,
    maxRecords: typeof max === 'string' && /^\s*\d+\s*$/.test(max) ? Number(max) : max,
  });
}

function canonicalValue(value) {
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (!isPlainObject(value)) return value;
  const out = {};
  for (const key of Object.keys(value).map((k) => k.toLowerCase()).sort()) {
    const original = Object.entries(value).find(([k]) => k.toLowerCase() === key)[1];
    out[key] = (key === 'op' || key === 'field') && typeof original === 'string'
      ? original.toLowerCase()
      : canonicalValue(original);
  }
  return out;
}

// ---- helpers ------------------------------------------------------------------------------------

function freshData() {
  const entities = structuredClone(autotaskFixtures.entities);
  const nextIds = Object.fromEntries(Object.entries(entities).map(([name, rows]) => [name, Math.max(0, ...rows.map((r) => r.id))]));
  return { entities, nextIds };
}

/** A record of `entity` with every field null (and empty user-defined fields). */
function blank(entity) {
  const out = Object.fromEntries(autotaskFixtures.fields[entity].map(({ name }) => [name, null]));
  const udfs = autotaskFixtures.udfs[entity];
  if (udfs) out.userDefinedFields = udfs.map(({ name }) => ({ name, value: null }));
  return out;
}

function project(record, includeFields) {
  if (!includeFields) return record;
  return Object.fromEntries(includeFields.map((name) => [name, record[name]]));
}

function pickOption(entity, name, value) {
  return autotaskFixtures.picklists[entity]?.[name]?.find((option) => option.value === String(value));
}

/** A written value coerced to its field's data type. */
function coerceWrite(meta, value) {
  if (value === null || value === undefined) return null;
  const invalid = (why) => writeError(`Invalid value for field ${meta.name}: ${JSON.stringify(value)} ${why}.`);
  if (NUMERIC_TYPES.has(meta.dataType)) {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) throw invalid('is not a number');
    if (INTEGER_TYPES.has(meta.dataType) && !Number.isInteger(number)) throw invalid('is not an integer');
    return number;
  }
  if (meta.dataType === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw invalid('is not a boolean');
  }
  if (meta.dataType === 'datetime') {
    const time = typeof value === 'string' ? Date.parse(value) : NaN;
    if (!Number.isFinite(time)) throw invalid('is not a date');
    return new Date(time).toISOString();
  }
  if (typeof value !== 'string') throw invalid('is not text');
  if (meta.length && value.length > meta.length) {
    throw writeError(`Field ${meta.name} exceeds its maximum length of ${meta.length} characters.`);
  }
  return value;
}

function sameValue(meta, value, current) {
  if (current === null) return false;
  if (meta.dataType === 'datetime') return Date.parse(value) === Date.parse(current);
  return String(value) === String(current);
}

const isBlank = (value) => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

const isPlainObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** An object's own keys lowercased (the API reads JSON keys case-insensitively). */
function caseInsensitive(object) {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key.toLowerCase(), value]));
}

/** Which thread-limited endpoint a path belongs to: its entity (ticket notes under tickets count as TicketNotes). */
function endpointOf(segments) {
  if (segments[0] === 'tickets' && segments[2] === 'notes') return 'ticketnotes';
  return segments[0] ?? '';
}

function numericId(text) {
  if (!/^\d+$/.test(text)) throw new ReplyError(errorReply(404, [`No resource matches the id '${text}'.`]));
  return Number(text);
}

function jsonBody(ctx) {
  const text = ctx.request.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ReplyError(errorReply(400, ['The request body is not valid JSON.']));
  }
}

/** `GET .../query?search=<url-encoded query JSON>`. */
function searchParam(ctx) {
  const search = ctx.query.get('search');
  if (search === null || search.trim() === '') return {};
  try {
    return JSON.parse(search);
  } catch {
    throw new ReplyError(errorReply(400, ['The search parameter is not valid JSON.']));
  }
}

/** The live wording for a picklist value or reference that does not exist (WYRE-AI/autotask-mcp#46). */
const missingReference = (field) => `Value does not reference an existing entity for ${field} . `;

const errorReply = (status, errors, headers = {}) => reply(status, { errors }, headers);
const queryError = (message) => new ReplyError(errorReply(500, [message]));
const writeError = (message) => new ReplyError(errorReply(500, [message]));
const methodNotAllowed = (request) =>
  errorReply(405, [`The requested resource does not support http method '${request.method}'.`]);
const notFoundReply = (request) => errorReply(404, [`No HTTP resource was found that matches the request URI '${request.path}'.`]);

/**
 * In-flight requests per (integration code, endpoint), refused past `limit`, plus the highest
 * number of requests per endpoint served at the same moment (for `maxInFlight`).
 */
class ThreadGate {
  #limit;
  #byCode = new Map();
  #byEndpoint = new Map();
  #peaks = new Map();

  constructor(limit) {
    this.#limit = limit;
  }

  acquire(code, endpoint) {
    const key = `${code}\n${endpoint}`;
    const count = this.#byCode.get(key) ?? 0;
    if (count >= this.#limit) return null;
    this.#byCode.set(key, count + 1);
    const total = (this.#byEndpoint.get(endpoint) ?? 0) + 1;
    this.#byEndpoint.set(endpoint, total);
    this.#peaks.set(endpoint, Math.max(this.#peaks.get(endpoint) ?? 0, total));
    return { key, endpoint };
  }

  release({ key, endpoint }) {
    this.#byCode.set(key, this.#byCode.get(key) - 1);
    this.#byEndpoint.set(endpoint, this.#byEndpoint.get(endpoint) - 1);
  }

  peak(endpoint) {
    return this.#peaks.get(endpoint) ?? 0;
  }

  /** Peaks restart from what is in flight right now. */
  resetPeaks() {
    this.#peaks = new Map(this.#byEndpoint);
  }
}
