// Offline mock of SuperOps' GraphQL API (vendors.md §7, field-2026-12.md §3.5,
// docs/vendors/superops.md): `POST /<host>/<edition>` for both data centres
// (api.superops.ai, euapi.superops.ai) and both editions (msp, it), reached through the
// gateway's `UPSTREAM_OVERRIDES` `{base}` form so the mock sees the root a connection chose.
// Bearer token + `CustomerSubDomain` (401 / empty 400), every document parsed and validated
// against the edition's schema (./schema.mjs) with graphql-js, so an unknown field or a
// sub-selected JSON scalar is a validation error; `ListInfoInput` paging with `hasMore: null`
// on the last page, `condition` rules, and the failures SuperOps answers with HTTP 200:
// `errors[].extensions.clientError[] = [{code, param}]`, the rate limit included.
import { STATUS_CODES } from 'node:http';
import { GraphQLError, buildSchema, execute, parse, validate } from 'graphql';
import { reply, startMock } from '../http.mjs';
import { FILTERABLE, SCHEMA_SDL } from './schema.mjs';
import { SUPEROPS_ACCOUNTS, SUPEROPS_HOSTS, SUPEROPS_IDS, generatedTickets, superopsFixtures } from './fixtures.mjs';

export { SUPEROPS_ACCOUNTS, SUPEROPS_HOSTS, SUPEROPS_IDS, superopsFixtures };

const SCHEMAS = { msp: buildSchema(SCHEMA_SDL.msp), it: buildSchema(SCHEMA_SDL.it) };
const DEFAULTS = {
  port: 0,
  accounts: SUPEROPS_ACCOUNTS,
  // field-2026-12.md §3.5: budget 100 per minute per token until SuperOps confirms 800.
  rateLimit: { limit: 100, windowMs: 60_000 },
  maxPageSize: 100,
  defaultPageSize: 10, // UNVERIFIED: the default when `pageSize` is not given
  extraTickets: 0,
};
const HOSTS = Object.entries(SUPEROPS_HOSTS).map(([region, host]) => ({ region, host }));
/** SuperOps writes dates in UTC without a zone. */
const now = () => new Date().toISOString().slice(0, 19);

/**
 * Starts the mock. Options: `port`, `accounts` ([{ token, subdomain, region, edition }]),
 * `rateLimit` ({ limit, windowMs }), `defaultPageSize`, `extraTickets` (that many generated
 * MSP tickets besides the fixtures, for paging). Returns the common controls plus
 * `overrideUrl` (the UPSTREAM_OVERRIDES value), `operations` (every GraphQL request as
 * `{ host, edition, subdomain, query, variables, fields }`), `exhaust(token)` (spends the
 * token's budget for this window) and `state()` (the live data by edition).
 */
export async function startSuperOpsMock(options = {}) {
  const config = { ...DEFAULTS, ...options };
  const rateLimit = { ...DEFAULTS.rateLimit, ...options.rateLimit };
  const fresh = () => {
    const data = structuredClone(superopsFixtures);
    data.msp.tickets.push(...generatedTickets(config.extraTickets));
    for (const edition of Object.values(data)) edition.sequence = 1;
    return data;
  };
  let data = fresh();
  const operations = [];

  const { kit, controls } = await startMock({
    port: config.port,
    contentType: 'application/json',
    rateLimit,
    errorBody: () => '',
    handle,
    onReset() {
      data = fresh();
      operations.length = 0;
    },
  });

  async function handle(request) {
    const early = await kit.intercept(request, 'beforeAuth');
    if (early) return early;
    const [host, edition, ...rest] = request.path.split('/').filter(Boolean);
    const endpoint = HOSTS.find((h) => h.host === host);
    if (!endpoint || !SCHEMAS[edition] || rest.length > 0) return reply(404, { message: 'Not Found' });
    if (request.method !== 'POST') return reply(405, { message: STATUS_CODES[405] }, { allow: 'POST' });
    // UNVERIFIED body: SuperOps documents the 401 status only.
    const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    const account = config.accounts.find((a) => a.token === token);
    if (!account || account.region !== endpoint.region || account.edition !== edition) {
      return reply(401, { message: 'Unauthorized' });
    }
    // A missing or unknown subdomain is a 400 with an empty body (field-2026-12.md §3.5).
    if (request.headers.customersubdomain !== account.subdomain) return reply(400);
    const rate = kit.limiter.hit(account.token);
    if (!rate.allowed) return reply(200, failure('API limit reached', [clientError('rate_limit_exceeded', {})]));
    const late = await kit.intercept(request, 'afterAuth');
    if (late) return late;
    let body;
    try {
      body = JSON.parse(request.body);
    } catch {
      return reply(400, { errors: [{ message: 'The request body is not JSON' }] });
    }
    if (typeof body?.query !== 'string') {
      return reply(400, { errors: [{ message: 'The request has no query' }] });
    }
    return reply(200, await run(account, edition, host, body));
  }

  async function run(account, edition, host, { query, variables, operationName }) {
    const entry = { host, edition, subdomain: account.subdomain, query, variables, fields: [] };
    operations.push(entry);
    let document;
    try {
      document = parse(query);
    } catch (error) {
      return { errors: [shape(error, 'InvalidSyntax')] };
    }
    entry.fields = rootFields(document);
    const invalid = validate(SCHEMAS[edition], document);
    if (invalid.length > 0) return { errors: invalid.map((e) => shape(e, 'ValidationError')) };
    const result = await execute({
      schema: SCHEMAS[edition],
      document,
      rootValue: resolvers(edition, data[edition], config),
      variableValues: variables ?? {},
      operationName,
    });
    const answer = { data: result.data ?? null };
    if (result.errors?.length) {
      answer.errors = result.errors.map((e) => shape(e, result.data === undefined ? 'ValidationError' : 'DataFetchingException'));
    }
    return answer;
  }

  return {
    ...controls,
    overrideUrl: `${controls.url}/{base}`,
    operations,
    exhaust(token) {
      while (kit.limiter.hit(token).allowed);
    },
    state: () => data,
  };
}

// ---- errors -----------------------------------------------------------------------------------

const clientError = (code, param) => ({ code, param });

function failure(message, clientErrors) {
  return { data: null, errors: [{ message, extensions: { clientError: clientErrors } }] };
}

/** An error a resolver raises: its clientError codes go in `extensions`. */
function refuse(message, ...clientErrors) {
  return new GraphQLError(message, { extensions: { clientError: clientErrors } });
}

/** A GraphQL error as SuperOps (graphql-java) writes it: `classification` for query errors. */
function shape(error, classification) {
  const json = typeof error.toJSON === 'function' ? error.toJSON() : { message: String(error.message) };
  if (!json.extensions?.clientError) json.extensions = { ...json.extensions, classification };
  return json;
}

function rootFields(document) {
  return document.definitions
    .filter((d) => d.kind === 'OperationDefinition')
    .flatMap((d) => d.selectionSet.selections.map((s) => s.name?.value))
    .filter(Boolean);
}

// ---- lists: condition, sort, pages --------------------------------------------------------------

const valueAt = (record, path) => path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), record);
const asTime = (text) => Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`);

function matches(list, record, condition) {
  if (condition.joinOperator) {
    const operands = condition.operands ?? [];
    const join = String(condition.joinOperator).toUpperCase();
    if (join === 'AND') return operands.every((c) => matches(list, record, c));
    if (join === 'OR') return operands.some((c) => matches(list, record, c));
    throw refuse(`Unknown joinOperator ${condition.joinOperator}`, clientError('type_validation_failed', { attribute: 'joinOperator' }));
  }
  const { attribute, operator, value } = condition;
  if (!FILTERABLE[list]?.includes(attribute)) {
    throw refuse(`The attribute ${attribute} cannot be used in a condition`, clientError('type_validation_failed', { attribute }));
  }
  // Ticket status filters take `includes` with a list (field-2026-12.md §3.5).
  if (list === 'getTicketList' && attribute === 'status' && operator !== 'includes' && operator !== 'notIncludes') {
    throw refuse('status supports the includes operator with a list of values', clientError('type_validation_failed', { attribute }));
  }
  const actual = valueAt(record, attribute);
  const text = (v) => String(v ?? '').toLowerCase();
  const list_ = () => {
    if (!Array.isArray(value)) throw refuse(`${operator} needs a list of values`, clientError('type_validation_failed', { attribute }));
    return value.map(text);
  };
  switch (operator) {
    case 'is': return Array.isArray(actual) ? actual.map(text).includes(text(value)) : text(actual) === text(value);
    case 'isNot': return text(actual) !== text(value);
    case 'contains': return text(actual).includes(text(value));
    case 'notContains': return !text(actual).includes(text(value));
    case 'startsWith': return text(actual).startsWith(text(value));
    case 'endsWith': return text(actual).endsWith(text(value));
    case 'isEmpty': return actual == null || actual === '';
    case 'isNotEmpty': return !(actual == null || actual === '');
    case 'includes': return Array.isArray(actual) ? actual.some((a) => list_().includes(text(a))) : list_().includes(text(actual));
    case 'notIncludes': return !list_().includes(text(actual));
    case 'after': return actual != null && asTime(actual) > asTime(String(value));
    case 'before': return actual != null && asTime(actual) < asTime(String(value));
    default:
      throw refuse(`Unknown operator ${operator}`, clientError('type_validation_failed', { attribute: 'operator' }));
  }
}

function page(list, records, input, config) {
  input ??= {};
  const pageNumber = input.page ?? 1;
  const pageSize = input.pageSize ?? config.defaultPageSize;
  if (!(pageSize >= 1 && pageSize <= config.maxPageSize)) {
    throw refuse(`pageSize must be between 1 and ${config.maxPageSize}`, clientError('type_validation_failed', { attribute: 'pageSize' }));
  }
  if (!(pageNumber >= 1)) throw refuse('page starts at 1', clientError('type_validation_failed', { attribute: 'page' }));
  let found = input.condition ? records.filter((r) => matches(list, r, input.condition)) : [...records];
  for (const { attribute, order } of [...(input.sort ?? [])].reverse()) {
    if (!FILTERABLE[list]?.includes(attribute)) {
      throw refuse(`The attribute ${attribute} cannot be sorted on`, clientError('type_validation_failed', { attribute }));
    }
    const sign = order === 'DESC' ? -1 : 1;
    found = found.sort((a, b) => sign * String(valueAt(a, attribute) ?? '').localeCompare(String(valueAt(b, attribute) ?? '')));
  }
  const start = (pageNumber - 1) * pageSize;
  const more = start + pageSize < found.length;
  return {
    items: found.slice(start, start + pageSize),
    listInfo: {
      page: pageNumber,
      pageSize,
      sort: input.sort ?? null,
      condition: input.condition ?? null,
      // The last page answers null, not false, as SuperOps does.
      hasMore: more ? true : null,
      totalCount: found.length,
    },
  };
}

// ---- resolvers ----------------------------------------------------------------------------------

function resolvers(edition, d, config) {
  const msp = edition === 'msp';
  const ticketOf = (ticketId, attribute = 'ticketId') => {
    const ticket = d.tickets.find((t) => t.ticketId === ticketId);
    if (!ticket) throw refuse(`Ticket ${ticketId} does not exist`, clientError('entity_does_not_exist', { attribute }));
    return ticket;
  };
  const listed = (list, records, key, input) => {
    const { items, listInfo } = page(list, records, input, config);
    return { [key]: items, listInfo };
  };
  const statusNames = () => (msp ? d.statuses.map((s) => s.name) : d.fields.find((f) => f.columnName === 'status').options.map((o) => o.value));
  const priorityNames = () => (msp ? d.priorities.map((p) => p.name) : d.fields.find((f) => f.columnName === 'priority').options.map((o) => o.value));

  /** Applies a create or update input to a ticket, checking every reference. */
  function apply(ticket, input) {
    if (input.subject !== undefined) {
      if (input.subject.trim() === '') throw refuse('subject is mandatory', clientError('mandatory_validation_failed', { attribute: 'subject' }));
      if (input.subject.length > 255) throw refuse('subject is longer than 255 characters', clientError('value_length_exceeds_limit', { attribute: 'subject' }));
      ticket.subject = input.subject;
    }
    if (input.status !== undefined) {
      if (!statusNames().includes(input.status)) throw refuse(`No status named ${input.status}`, clientError('referred_value_does_not_exist', { attribute: 'status' }));
      ticket.status = input.status;
    }
    if (input.priority !== undefined) {
      if (!priorityNames().includes(input.priority)) throw refuse(`No priority named ${input.priority}`, clientError('referred_value_does_not_exist', { attribute: 'priority' }));
      ticket.priority = input.priority;
    }
    for (const field of ['impact', 'urgency', 'category', 'subcategory', 'cause', 'subcause', 'resolutionCode', 'requestType', 'source']) {
      if (input[field] !== undefined) ticket[field] = input[field];
    }
    if (input.client) {
      const client = d.clients.find((c) => c.accountId === input.client.accountId);
      if (!client) throw refuse('The client does not exist', clientError('referred_value_does_not_exist', { attribute: 'client' }));
      ticket.client = { accountId: client.accountId, name: client.name };
    }
    if (input.department) {
      const department = d.departments.find((x) => x.departmentId === input.department.departmentId);
      if (!department) throw refuse('The department does not exist', clientError('referred_value_does_not_exist', { attribute: 'department' }));
      ticket.department = { departmentId: department.departmentId, name: department.name };
    }
    if (input.site) {
      if (!d.sites.includes(input.site.id)) throw refuse('The site does not exist', clientError('referred_value_does_not_exist', { attribute: 'site' }));
      ticket.site = { id: input.site.id, name: 'Site' };
    }
    if (input.technician) {
      const technician = d.technicians.find((t) => t.userId === input.technician.userId);
      if (!technician) throw refuse('The technician does not exist', clientError('referred_value_does_not_exist', { attribute: 'technician' }));
      ticket.technician = { userId: technician.userId, name: technician.name };
    }
    if (input.techGroup) {
      const group = d.technicianGroups.find((g) => g.groupId === input.techGroup.groupId);
      if (!group) throw refuse('The technician group does not exist', clientError('referred_value_does_not_exist', { attribute: 'techGroup' }));
      ticket.techGroup = group;
    }
    ticket.updatedTime = now();
  }

  const root = {
    getTicketList: ({ input }) => listed('getTicketList', d.tickets, 'tickets', input),
    getTicket: ({ input }) => ticketOf(input.ticketId),
    getTicketNoteList: ({ input }) => (ticketOf(input.ticketId), d.notes[input.ticketId] ?? []),
    getTicketConversationList: ({ input }) => (ticketOf(input.ticketId), d.conversations[input.ticketId] ?? []),
    getAssetList: ({ input }) => listed('getAssetList', d.assets, 'assets', input),
    getAsset: ({ input }) => {
      const asset = d.assets.find((a) => a.assetId === input.assetId);
      if (!asset) throw refuse(`Asset ${input.assetId} does not exist`, clientError('entity_does_not_exist', { attribute: 'assetId' }));
      return asset;
    },
    getAlertList: ({ input }) => listed('getAlertList', d.alerts, 'alerts', input),
    getAlertsForAsset: ({ input }) => {
      root.getAsset({ input });
      return listed('getAlertsForAsset', d.alerts.filter((a) => a.asset?.assetId === input.assetId), 'alerts', input.listInfo ?? {});
    },
    getTechnicianList: ({ input }) => listed('getTechnicianList', d.technicians, 'userList', input),
    getTechnicianGroupList: () => d.technicianGroups,
    createTicket: ({ input }) => {
      const ticket = {
        ticketId: String(BigInt(msp ? '7928838372746170000' : '8128838372746170000') + BigInt(d.sequence)),
        displayId: `071226-${String(900 + d.sequence).padStart(4, '0')}`,
        subject: '', ticketType: msp ? 'INCIDENT' : undefined, requestType: 'Incident', source: input.source,
        site: null, requester: null, additionalRequester: [], followers: [], techGroup: null, technician: null,
        status: 'Open', priority: null, impact: null, urgency: null, category: null, subcategory: null, cause: null, subcause: null,
        resolutionCode: null, sla: null, createdTime: now(), updatedTime: now(), firstResponseDueTime: null, firstResponseTime: null,
        firstResponseViolated: false, resolutionDueTime: null, resolutionTime: null, resolutionViolated: false, customFields: {}, worklogTimespent: '0.00',
      };
      d.sequence += 1;
      apply(ticket, input);
      if (input.description) {
        d.conversations[ticket.ticketId] = [{ conversationId: `c${d.sequence}`, content: input.description, time: now(), user: null, toUsers: [], ccUsers: [], bccUsers: [], attachments: [], type: 'DESCRIPTION' }];
      }
      d.tickets.push(ticket);
      return ticket;
    },
    updateTicket: ({ input }) => {
      const ticket = ticketOf(input.ticketId);
      const { ticketId: _id, ...changes } = input;
      apply(ticket, changes);
      return ticket;
    },
    createTicketNote: ({ input }) => {
      ticketOf(input.ticket.ticketId, 'ticket');
      if (input.content.trim() === '') throw refuse('content is mandatory', clientError('mandatory_validation_failed', { attribute: 'content' }));
      const note = {
        noteId: String(800 + d.sequence),
        addedBy: { userId: SUPEROPS_IDS.techJason, name: 'Jason Wheeler' },
        addedOn: input.addedOn ?? now(),
        content: input.content,
        attachments: [],
        privacyType: input.privacyType ?? 'PRIVATE',
      };
      d.sequence += 1;
      (d.notes[input.ticket.ticketId] ??= []).push(note);
      return note;
    },
    resolveAlerts: ({ input }) => {
      const missing = (input ?? [])
        .map((item, index) => ({ index, alert: d.alerts.find((a) => a.id === item.id) }))
        .filter(({ alert }) => !alert);
      if (missing.length > 0) {
        throw refuse('Alert does not exist', ...missing.map(({ index }) => clientError('entity_does_not_exist', { attribute: 'id', index })));
      }
      for (const item of input) d.alerts.find((a) => a.id === item.id).status = 'Resolved';
      return true;
    },
  };
  if (msp) {
    Object.assign(root, {
      getClientList: ({ input }) => listed('getClientList', d.clients, 'clients', input),
      getClient: ({ input }) => {
        const client = d.clients.find((c) => c.accountId === input.accountId);
        if (!client) throw refuse(`Client ${input.accountId} does not exist`, clientError('entity_does_not_exist', { attribute: 'accountId' }));
        return client;
      },
      getStatusList: () => d.statuses,
      getPriorityList: () => d.priorities,
    });
  } else {
    Object.assign(root, {
      getDepartmentList: () => d.departments,
      getField: ({ input }) => {
        const field = d.fields.find((f) => f.module === input.module && (f.columnName === input.columnName || f.id === input.id));
        if (!field) throw refuse('The field does not exist', clientError('entity_does_not_exist', { attribute: 'columnName' }));
        return field;
      },
    });
  }
  return root;
}
