// Offline mock of the IT Glue API (vendors.md §2): `x-api-key` auth, JSON:API documents with
// string ids and kebab-case attributes, `page[number]`/`page[size]`, `filter[...]`, `sort`,
// nested `/organizations/{id}/relationships/...` routes, JSON:API error arrays, 415 for write
// requests with the wrong content type and the 3000-per-5-minutes key budget (429).
// Behaviour marked UNVERIFIED is a guess; tests/mocks/README.md lists them all.
import { STATUS_CODES } from 'node:http';
import { ReplyError, Router, intParam, pageWindow, reply, startMock } from '../http.mjs';
import { ITGLUE_IDS, generatedOrganizations, itglueFixtures } from './fixtures.mjs';

export { ITGLUE_IDS, itglueFixtures };

export const JSONAPI = 'application/vnd.api+json';
const DEFAULTS = {
  port: 0,
  apiKeys: ['ITG.test-key'],
  rateLimit: { limit: 3000, windowMs: 300_000 },
  invalidKeyStatus: 401, // UNVERIFIED: the developer docs say 403, live clients report 401
  defaultPageSize: 50,
  maxPageSize: 1000,
  pageSizeOverflow: 'error', // UNVERIFIED: 'error' (422) or 'cap'
};
const QUICK_NOTES_LIST_LIMIT = 250;

// What each resource accepts. Filter kinds: 'id' (the resource id), 'number' (an integer
// attribute), 'text' (exact, case-insensitive), 'bool' (true/false/1/0). Filter names are the
// documented snake_case ones; kebab-case spellings are accepted too (the docs show
// `filter[flexible-asset-type-id]` for flexible assets). Sorts are the documented ones.
const RESOURCES = {
  organizations: {
    filters: {
      id: 'id', name: 'text', organization_type_id: 'number', organization_status_id: 'number',
      my_glue_account_id: 'number', primary: 'bool',
    },
    exclusions: ['id', 'name', 'organization_type_id', 'organization_status_id'],
    sorts: ['name', 'id', 'updated_at', 'organization_status_name', 'organization_type_name', 'created_at', 'short_name', 'my_glue_account_id'],
    // "Any quick notes on an organization will be truncated to the first 250 characters" in lists.
    listView: (attributes) => ({ ...attributes, 'quick-notes': attributes['quick-notes']?.slice(0, QUICK_NOTES_LIST_LIMIT) ?? null }),
  },
  configurations: {
    filters: {
      id: 'id', name: 'text', organization_id: 'number', configuration_type_id: 'number',
      configuration_status_id: 'number', serial_number: 'text', mac_address: 'text', asset_tag: 'text', archived: 'bool',
    },
    sorts: ['name', 'id', 'created_at', 'updated_at'],
  },
  passwords: {
    filters: {
      id: 'id', name: 'text', organization_id: 'number', password_category_id: 'number', url: 'text',
      cached_resource_name: 'text', archived: 'bool',
    },
    sorts: ['name', 'username', 'url', 'id', 'created_at', 'updated_at'],
    // The list never carries password values (the developer docs' list example shows one; UNVERIFIED).
    listView: ({ password, ...attributes }) => attributes,
  },
  documents: {
    filters: { id: 'id', name: 'text', document_folder_id: 'number' }, // UNVERIFIED set
    sorts: ['name', 'id', 'created_at', 'updated_at'],
    listView: ({ content, ...attributes }) => attributes,
  },
  flexibleAssetTypes: {
    filters: { id: 'id', name: 'text', icon: 'text', enabled: 'bool' },
    sorts: ['id', 'name', 'created_at', 'updated_at'],
  },
  flexibleAssets: {
    filters: { flexible_asset_type_id: 'number', name: 'text', organization_id: 'number' },
    required: ['flexible_asset_type_id'],
    sorts: ['name', 'created_at', 'updated_at'],
  },
};

/**
 * Starts the mock. Options (all optional): `port`, `apiKeys` (strings, or
 * `{ key, passwordAccess }` objects; a key without password access never sees password
 * values), `rateLimit` ({ limit, windowMs }), `invalidKeyStatus` (401 or 403),
 * `pageSizeOverflow` ('error' or 'cap'), `extraOrganizations` (that many generated customer
 * organizations besides the fixtures). Returns the common controls.
 */
export async function startITGlueMock(options = {}) {
  const config = { ...DEFAULTS, ...options };
  const keys = new Map(config.apiKeys.map((entry) => (typeof entry === 'string'
    ? [entry, { passwordAccess: true }]
    : [entry.key, { passwordAccess: entry.passwordAccess !== false }])));
  // Read-only: no endpoint of this mock writes. `extraOrganizations` adds generated customers.
  const data = options.extraOrganizations
    ? { ...itglueFixtures, organizations: [...itglueFixtures.organizations, ...generatedOrganizations(options.extraOrganizations)] }
    : itglueFixtures;
  const router = buildRouter();

  const { kit, controls } = await startMock({
    port: config.port,
    contentType: JSONAPI,
    rateLimit: { ...DEFAULTS.rateLimit, ...options.rateLimit },
    errorBody: (status) => errorDocument(status, STATUS_CODES[status] ?? 'Error'),
    handle,
  });

  // The request pipeline: early faults -> API key -> key budget -> late faults ->
  // content type of writes -> route.
  async function handle(request) {
    const early = await kit.intercept(request, 'beforeAuth');
    if (early) return early;
    const key = request.headers['x-api-key'];
    if (!key) return error(401, 'Missing x-api-key header');
    const access = keys.get(key);
    // UNVERIFIED detail text; observed live: "Unauthorized resource access".
    if (!access) return error(config.invalidKeyStatus, 'Unauthorized resource access');
    const rate = kit.limiter.hit(key);
    if (!rate.allowed) {
      // UNVERIFIED: whether IT Glue sends Retry-After; the mock does (seconds).
      return error(429, 'Rate limit exceeded: 3000 requests per 5 minutes', { 'retry-after': String(rate.retryAfterSeconds) });
    }
    const late = await kit.intercept(request, 'afterAuth');
    if (late) return late;
    if (['POST', 'PATCH', 'PUT'].includes(request.method) && !isJsonApi(request.headers['content-type'])) {
      return error(415, `Content-Type must be ${JSONAPI}`);
    }
    const { handler, params, status } = router.match(request.method, request.path);
    if (!handler) {
      return error(status, status === 405 ? `${request.method} is not supported by the mock on this path` : 'Not Found');
    }
    return handler({ request, params, query: request.url.searchParams, access });
  }

  function buildRouter() {
    const r = new Router();
    const nested = (name) => `/organizations/:orgId/relationships/${name}`;
    r.on('GET', '/organizations', (ctx) => list(ctx, 'organizations', data.organizations));
    r.on('GET', '/organizations/:id', (ctx) => show(ctx, 'organizations', data.organizations));
    for (const name of ['configurations', 'passwords']) {
      r.on('GET', `/${name}`, (ctx) => list(ctx, name, data[name]));
      r.on('GET', `/${name}/:id`, (ctx) => show(ctx, name, data[name]));
      r.on('GET', nested(name), (ctx) => list(ctx, name, ofOrganization(ctx, data[name])));
      r.on('GET', `${nested(name)}/:id`, (ctx) => show(ctx, name, ofOrganization(ctx, data[name])));
    }
    // Documents have no top-level index (GET /documents is a 404 live, vendors.md §2.4 notes).
    r.on('GET', '/documents/:id', (ctx) => show(ctx, 'documents', data.documents));
    r.on('GET', nested('documents'), (ctx) => list(ctx, 'documents', ofOrganization(ctx, data.documents)));
    r.on('GET', `${nested('documents')}/:id`, (ctx) => show(ctx, 'documents', ofOrganization(ctx, data.documents)));
    r.on('GET', '/flexible_asset_types', (ctx) => list(ctx, 'flexibleAssetTypes', data.flexibleAssetTypes));
    r.on('GET', '/flexible_asset_types/:id', (ctx) => show(ctx, 'flexibleAssetTypes', data.flexibleAssetTypes));
    r.on('GET', '/flexible_assets', (ctx) => list(ctx, 'flexibleAssets', data.flexibleAssets));
    r.on('GET', '/flexible_assets/:id', (ctx) => show(ctx, 'flexibleAssets', data.flexibleAssets));
    return r;
  }

  /** Records of the organization in the path; an unknown organization is a 404. */
  function ofOrganization(ctx, records) {
    const { orgId } = ctx.params;
    if (!data.organizations.some((o) => o.id === orgId)) throw notFound(`Organization ${orgId} not found`);
    return records.filter((r) => String(r.attributes['organization-id']) === orgId);
  }

  function show(ctx, name, records) {
    const record = records.find((r) => r.id === ctx.params.id) ?? raise(notFound(`Record ${ctx.params.id} not found`));
    return reply(200, { data: showView(ctx, name, record) });
  }

  /** `show_password` defaults to true on show requests, if the key has password access. */
  function showView(ctx, name, record) {
    if (name !== 'passwords') return record;
    const showPassword = ctx.query.get('show_password') ?? 'true';
    if (showPassword !== 'true' && showPassword !== 'false') {
      throw unprocessable('show_password must be one of: true, false', { parameter: 'show_password' });
    }
    if (showPassword === 'true' && ctx.access.passwordAccess) return record;
    const { password, ...attributes } = record.attributes;
    return { ...record, attributes };
  }

  function list(ctx, name, records) {
    const resource = RESOURCES[name];
    const filters = parseFilters(ctx.query, resource);
    const rows = sortRows(records.filter((r) => filters.every((f) => f.test(r))), ctx.query.get('sort'), resource);
    const { number, size } = parsePage(ctx.query);
    const window = pageWindow(rows, number - 1, size);
    const lastPage = Math.max(window.pageCount, 1);
    const link = (n) => pageLink(ctx, n, size);
    const links = { self: link(number), first: link(1) };
    if (number > 1) links.prev = link(Math.min(number - 1, lastPage));
    if (window.hasNext) links.next = link(number + 1);
    links.last = link(lastPage);
    const listView = resource.listView ?? ((attributes) => attributes);
    return reply(200, {
      data: window.items.map((r) => ({ ...r, attributes: listView(r.attributes) })),
      meta: {
        'current-page': number,
        'next-page': window.hasNext ? number + 1 : null,
        'prev-page': number > 1 ? number - 1 : null,
        'total-pages': window.pageCount,
        'total-count': window.total,
        filters: Object.fromEntries(filters.map((f) => [f.key, f.value])), // UNVERIFIED: echo of applied filters
      },
      links,
    });
  }

  /** Absolute link on the mock's origin, keeping every other query parameter. */
  function pageLink(ctx, number, size) {
    const url = new URL(ctx.request.path, kit.url);
    for (const [name, value] of ctx.query) {
      if (name !== 'page[number]' && name !== 'page[size]') url.searchParams.append(name, value);
    }
    url.searchParams.set('page[number]', String(number));
    url.searchParams.set('page[size]', String(size));
    return url.href;
  }

  function parsePage(query) {
    const number = intParam(query, 'page[number]', 1) ?? 1;
    let size = intParam(query, 'page[size]', 1) ?? config.defaultPageSize;
    if (Number.isNaN(number)) throw unprocessable('page[number] must be a positive number', { parameter: 'page[number]' });
    if (Number.isNaN(size)) throw unprocessable('page[size] must be a positive number', { parameter: 'page[size]' });
    if (size > config.maxPageSize) {
      if (config.pageSizeOverflow !== 'cap') {
        throw unprocessable(`page[size] must be at most ${config.maxPageSize}`, { parameter: 'page[size]' });
      }
      size = config.maxPageSize;
    }
    return { number, size };
  }

  return controls;
}

/**
 * `filter[x]=v` and `filter[exclude][x]=v` query parameters as predicates. Unknown filters and
 * malformed values are 422 (UNVERIFIED: the live API may ignore unknown filters); values of
 * id and number filters may be comma-separated lists.
 */
function parseFilters(query, resource) {
  const filters = [];
  for (const [param, value] of query) {
    const match = /^filter(\[exclude\])?\[([^\]]+)\]$/.exec(param);
    if (!match) {
      if (param === 'filter' || param.startsWith('filter[')) throw unprocessable(`Malformed filter ${param}`, { parameter: param });
      continue;
    }
    const exclude = Boolean(match[1]);
    const key = match[2].replaceAll('-', '_');
    const kind = resource.filters[key];
    if (!kind || (exclude && !resource.exclusions?.includes(key))) {
      throw unprocessable(`Filter ${param} is not supported`, { parameter: param });
    }
    const test = predicate(key, kind, value, param);
    filters.push({ key: exclude ? `exclude[${key}]` : key, value, test: exclude ? (r) => !test(r) : test });
  }
  for (const key of resource.required ?? []) {
    if (!filters.some((f) => f.key === key)) {
      throw unprocessable(`filter[${key}] is required`, { parameter: `filter[${key}]` });
    }
  }
  return filters;
}

function predicate(key, kind, value, param) {
  const attribute = key.replaceAll('_', '-');
  switch (kind) {
    case 'id':
    case 'number': {
      if (!/^\d+(,\d+)*$/.test(value)) throw unprocessable(`${param} must be a number`, { parameter: param });
      const wanted = new Set(value.split(','));
      return kind === 'id'
        ? (r) => wanted.has(r.id)
        : (r) => wanted.has(String(r.attributes[attribute]));
    }
    case 'bool': {
      if (!['true', 'false', '1', '0'].includes(value)) {
        throw unprocessable(`${param} must be one of: true, false, 1, 0`, { parameter: param });
      }
      const wanted = value === 'true' || value === '1';
      return (r) => Boolean(r.attributes[attribute]) === wanted;
    }
    default: // 'text': exact match ("All filter params have to be exact match only"), case-insensitive (UNVERIFIED)
      return (r) => typeof r.attributes[attribute] === 'string'
        && r.attributes[attribute].toLowerCase() === value.toLowerCase();
  }
}

/** `sort=a,-b`: comma-separated documented fields, `-` for descending; default by id. */
function sortRows(rows, sort, resource) {
  const keys = (sort ?? '').split(',').filter(Boolean).map((field) => {
    const descending = field.startsWith('-');
    const name = descending ? field.slice(1) : field;
    if (!resource.sorts.includes(name)) throw unprocessable(`sort must be one of: ${resource.sorts.join(', ')}`, { parameter: 'sort' });
    return { name, direction: descending ? -1 : 1 };
  });
  keys.push({ name: 'id', direction: 1 });
  return [...rows].sort((a, b) => {
    for (const { name, direction } of keys) {
      const order = compareValues(sortValue(a, name), sortValue(b, name));
      if (order) return order * direction;
    }
    return 0;
  });
}

const sortValue = (record, name) => (name === 'id' ? Number(record.id) : record.attributes[name.replaceAll('_', '-')]);

function compareValues(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { sensitivity: 'base' });
}

const isJsonApi = (contentType) => /^application\/vnd\.api\+json\s*(;|$)/i.test(contentType ?? '');

// Error documents: `status` is a number, as in errors observed live
// ({"errors":[{"status":401,"title":"Unauthorized","detail":"Unauthorized resource access",...}]}).
function errorDocument(status, detail, source) {
  return { errors: [{ status, title: STATUS_CODES[status] ?? 'Error', detail, ...(source && { source }) }] };
}

const error = (status, detail, headers = {}, source) => reply(status, errorDocument(status, detail, source), headers);
const notFound = (detail) => new ReplyError(error(404, detail));
const unprocessable = (detail, source) => new ReplyError(error(422, detail, {}, source));
const raise = (e) => { throw e; };
