// Offline mock of ConnectWise PSA (Manage) REST 3.0 (vendors.md §8, field-2026-12.md §3.6):
// `GET /login/companyinfo/{companyId}` (no auth) names the codebase; the API lives under
// `/{codebase}apis/3.0` (and the `v4_6_release` alias) and wants
// `Authorization: Basic base64(company+publicKey:privateKey)` plus the integration's
// `clientId` header on every call (401 without). Lists are bare arrays paged by `page`/
// `pageSize` (default 25, at most 1000) with an RFC 8288 `Link` header naming the next and
// last pages; `conditions=`/`childConditions=` are parsed (tests/mocks/connectwise-conditions.mjs);
// `…/count` answers `{count}`. Updates are JSON Patch arrays; status ids belong to a board;
// validation failures answer 400 `{"code":"InvalidObject","message","errors":[…]}`; faults
// (429 with Retry-After) are armed with `fail()`. UNVERIFIED details are marked.
import { Router, intParam, reply, startMock } from '../http.mjs';
import { ConditionError, fieldOf, parseConditions } from '../connectwise-conditions.mjs';
import { CWPSA, cwpsaFixtures } from './fixtures.mjs';

export { CWPSA, cwpsaFixtures };

const DEFAULTS = { port: 0, maxPageSize: 1000, defaultPageSize: 25, clientId: CWPSA.clientId };
const CODEBASES = [CWPSA.codebase.replace(/\/$/, ''), 'v4_6_release'];

/** ConnectWise's error body. */
const problem = (status, code, message, errors) => reply(status, errors ? { code, message, errors } : { code, message });
const invalid = (resource, message, field, code = 'NotFound') =>
  problem(400, 'InvalidObject', `${resource} object is invalid`, [{ code, message, resource, field }]);

/**
 * Starts the mock. Options: `port`, `maxPageSize` (the most records a page holds; lower it to
 * force paging), `clientId` (the one accepted). Returns the common controls plus `state()`
 * (the live data, for assertions after writes).
 */
export async function startConnectwisePsaMock(options = {}) {
  const config = { ...DEFAULTS, ...options };
  let data = structuredClone(cwpsaFixtures);
  let nextId = 20000;
  const router = buildRouter();
  const basic = `Basic ${Buffer.from(`${CWPSA.companyId}+${CWPSA.publicKey}:${CWPSA.privateKey}`).toString('base64')}`;

  const { kit, controls } = await startMock({
    port: config.port,
    contentType: 'application/json; charset=utf-8',
    rateLimit: { limit: Infinity, windowMs: 60_000 },
    errorBody: (status) => (status === 429
      ? { code: 'TooManyRequests', message: 'Too many requests; retry after the time in Retry-After.' } // UNVERIFIED text
      : { code: 'ServerError', message: 'An error occurred.' }),
    handle,
    onReset: () => {
      data = structuredClone(cwpsaFixtures);
      nextId = 20000;
    },
  });

  async function handle(request) {
    const early = await kit.intercept(request, 'beforeAuth');
    if (early) return early;
    const info = request.path.match(/^\/login\/companyinfo\/([^/]+)$/i);
    if (info && request.method === 'GET') return companyInfo(decodeURIComponent(info[1]));
    const api = request.path.match(/^\/([^/]+)\/apis\/3\.0(\/.*)$/);
    if (!api || !CODEBASES.includes(api[1])) return problem(404, 'NotFound', 'The requested resource was not found.');
    if (!request.headers.clientid) {
      // Since 2019.1 a call without clientId is refused (vendors.md §8.1). UNVERIFIED text.
      return problem(401, 'Unauthorized', 'clientId is required. Register an integration at developer.connectwise.com.');
    }
    if (request.headers.clientid !== config.clientId) return problem(401, 'Unauthorized', 'The clientId is not valid.');
    if (request.headers.authorization !== basic) return problem(401, 'Unauthorized', 'Username or password is incorrect.');
    const late = await kit.intercept(request, 'afterAuth');
    if (late) return late;
    const path = api[2];
    const { handler, params, status } = router.match(request.method, path);
    if (!handler) return problem(status, status === 405 ? 'MethodNotAllowed' : 'NotFound', status === 405 ? 'The method is not supported.' : 'The requested resource was not found.');
    let body;
    if (request.body) {
      try {
        body = JSON.parse(request.body);
      } catch {
        return problem(400, 'InvalidObject', 'The request body is not valid JSON.');
      }
    }
    return handler({ request, params, query: request.url.searchParams, body, base: `${kit.url}/${api[1]}/apis/3.0` });
  }

  function companyInfo(companyId) {
    if (companyId.toLowerCase() !== CWPSA.companyId) return reply(404, { code: 'NotFound', message: 'Company not found.' }); // UNVERIFIED
    return reply(200, {
      CompanyName: 'Contoso MSP', Codebase: CWPSA.codebase, VersionCode: 'v2025.1', VersionNumber: 'v2025.1.10431',
      CompanyID: CWPSA.companyId, IsCloud: true, SiteUrl: 'na.myconnectwise.net',
    });
  }

  // ---- lists ---------------------------------------------------------------------------------

  /** Reads a field for conditions: `lastUpdated` lives in `_info` on every record. */
  const get = (record, field) => (field.toLowerCase() === 'lastupdated' ? record._info?.lastUpdated : fieldOf(record, field));

  function filtered(query, records) {
    let out = records;
    for (const name of ['conditions', 'childConditions']) {
      const text = query.get(name);
      if (!text) continue;
      let predicate;
      try {
        predicate = parseConditions(text, get);
      } catch (error) {
        if (!(error instanceof ConditionError)) throw error;
        // UNVERIFIED body for a condition ConnectWise cannot read.
        throw reply(400, { code: 'InvalidObject', message: `${name} is invalid: ${error.message}` });
      }
      out = out.filter(predicate);
    }
    return out;
  }

  function list({ request, query }, records) {
    const page = intParam(query, 'page', 1) ?? 1;
    const asked = intParam(query, 'pageSize', 1) ?? config.defaultPageSize;
    if (Number.isNaN(page) || Number.isNaN(asked)) return problem(400, 'InvalidObject', 'page and pageSize must be positive integers.');
    if (asked > 1000) return problem(400, 'InvalidObject', 'pageSize cannot be greater than 1000.');
    const size = Math.min(asked, config.maxPageSize);
    let matching;
    try {
      matching = filtered(query, records);
    } catch (answer) {
      if (answer?.status) return answer;
      throw answer;
    }
    const items = matching.slice((page - 1) * size, page * size);
    const lastPage = Math.max(1, Math.ceil(matching.length / size));
    const headers = {};
    const link = (n, rel) => {
      const url = new URL(request.url);
      url.searchParams.set('page', String(n));
      url.searchParams.set('pageSize', String(size));
      return `<${url.href}>; rel="${rel}"`;
    };
    const links = [];
    if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
    if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
    if (links.length) headers.link = links.join(', ');
    return reply(200, items, headers);
  }

  function count({ query }, records) {
    try {
      return reply(200, { count: filtered(query, records).length });
    } catch (answer) {
      if (answer?.status) return answer;
      throw answer;
    }
  }

  function one(records, id, what) {
    const found = records.find((r) => String(r.id) === String(id));
    return found ? reply(200, found) : problem(404, 'NotFound', `${what} ${id} was not found.`);
  }

  // ---- references in bodies ------------------------------------------------------------------

  /** Finds what a reference object (`{id}`, `{name}` or `{identifier}`) names. */
  function resolve(records, value) {
    if (!value || typeof value !== 'object') return undefined;
    if (value.id !== undefined) return records.find((r) => r.id === Number(value.id));
    if (value.identifier !== undefined) return records.find((r) => r.identifier?.toLowerCase() === String(value.identifier).toLowerCase());
    if (value.name !== undefined) return records.find((r) => r.name?.toLowerCase() === String(value.name).toLowerCase());
    return undefined;
  }
  const memberRef = (m) => ({ id: m.id, identifier: m.identifier, name: `${m.firstName} ${m.lastName}` });
  const nameRef = (r) => ({ id: r.id, name: r.name });

  // ---- routes --------------------------------------------------------------------------------

  function buildRouter() {
    const r = new Router();
    const listed = (path, records, what) => {
      r.on('GET', path, (ctx) => list(ctx, records()));
      r.on('GET', `${path}/count`, (ctx) => count(ctx, records()));
      r.on('GET', `${path}/:id`, (ctx) => one(records(), ctx.params.id, what));
    };
    listed('/company/companies', () => data.companies, 'Company');
    listed('/company/contacts', () => data.contacts, 'Contact');
    listed('/company/configurations', () => data.configurations, 'Configuration');
    listed('/service/boards', () => data.boards, 'Board');
    listed('/service/priorities', () => data.priorities, 'Priority');
    listed('/system/members', () => data.members, 'Member');
    listed('/time/entries', () => data.timeEntries, 'Time entry');
    listed('/project/projects', () => data.projects, 'Project');
    listed('/finance/agreements', () => data.agreements, 'Agreement');
    listed('/sales/opportunities', () => data.opportunities, 'Opportunity');
    r.on('GET', '/service/tickets', (ctx) => list(ctx, data.tickets));
    r.on('GET', '/service/tickets/count', (ctx) => count(ctx, data.tickets));
    r.on('GET', '/service/tickets/:id', (ctx) => one(data.tickets, ctx.params.id, 'Ticket'));
    const statuses = (ctx) => data.statuses.filter((s) => String(s.board.id) === ctx.params.id);
    const noBoard = (ctx) => !data.boards.some((b) => String(b.id) === ctx.params.id) && problem(404, 'NotFound', `Board ${ctx.params.id} was not found.`);
    r.on('GET', '/service/boards/:id/statuses', (ctx) => noBoard(ctx) || list(ctx, statuses(ctx)));
    r.on('GET', '/service/boards/:id/statuses/count', (ctx) => noBoard(ctx) || count(ctx, statuses(ctx)));
    const notes = (ctx) => data.notes.filter((n) => String(n.ticketId) === ctx.params.id);
    const noTicket = (ctx) => !data.tickets.some((t) => String(t.id) === ctx.params.id) && problem(404, 'NotFound', `Ticket ${ctx.params.id} was not found.`);
    r.on('GET', '/service/tickets/:id/notes', (ctx) => noTicket(ctx) || list(ctx, notes(ctx)));
    r.on('GET', '/service/tickets/:id/notes/count', (ctx) => noTicket(ctx) || count(ctx, notes(ctx)));
    r.on('GET', '/system/info', () => reply(200, data.systemInfo));
    r.on('POST', '/service/tickets', createTicket);
    r.on('PATCH', '/service/tickets/:id', patchTicket);
    r.on('POST', '/service/tickets/:id/notes', addNote);
    r.on('POST', '/time/entries', addTimeEntry);
    return r;
  }

  function createTicket({ body }) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return problem(400, 'InvalidObject', 'ticket object is invalid');
    if (!body.summary) return invalid('ticket', 'Summary is required.', 'summary', 'MissingRequiredField');
    if (String(body.summary).length > 100) return invalid('ticket', 'Summary cannot be longer than 100 characters.', 'summary', 'MaxLengthField');
    const board = resolve(data.boards, body.board);
    if (!board) return invalid('ticket', 'Service Board not found.', 'board');
    const company = resolve(data.companies, body.company);
    if (!company) return invalid('ticket', 'Company not found.', 'company');
    const priority = body.priority ? resolve(data.priorities, body.priority) : data.priorities.find((p) => p.defaultFlag);
    if (!priority) return invalid('ticket', 'Priority not found.', 'priority');
    const owner = body.owner ? resolve(data.members, body.owner) : null;
    if (body.owner && !owner) return invalid('ticket', 'Member not found.', 'owner');
    const status = data.statuses.find((s) => s.board.id === board.id && s.defaultFlag);
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const ticket = {
      id: nextId++,
      summary: body.summary,
      recordType: body.recordType ?? 'ServiceTicket',
      board: nameRef(board),
      status: { id: status.id, name: status.name },
      company: { id: company.id, identifier: company.identifier, name: company.name },
      contact: body.contact ? { id: Number(body.contact.id) } : null,
      priority: { id: priority.id, name: priority.name, sort: priority.sortOrder },
      owner: owner ? memberRef(owner) : null,
      severity: 'Medium',
      impact: 'Medium',
      closedFlag: false,
      _info: { dateEntered: now, enteredBy: 'apimember', lastUpdated: now, updatedBy: 'apimember' },
    };
    data.tickets.push(ticket);
    if (body.initialDescription) {
      data.notes.push({ id: nextId++, ticketId: ticket.id, text: body.initialDescription, detailDescriptionFlag: true, internalAnalysisFlag: false, resolutionFlag: false, member: memberRef(data.members.find((m) => m.identifier === 'apimember')), dateCreated: now, createdBy: 'apimember' });
    }
    return reply(201, ticket);
  }

  function patchTicket({ params, body }) {
    const ticket = data.tickets.find((t) => String(t.id) === params.id);
    if (!ticket) return problem(404, 'NotFound', `Ticket ${params.id} was not found.`);
    if (!Array.isArray(body)) return problem(400, 'InvalidObject', 'The PATCH body must be a JSON Patch array of operations.');
    const changed = structuredClone(ticket);
    for (const operation of body) {
      if (operation?.op !== 'replace') return problem(400, 'InvalidObject', `Operation ${JSON.stringify(operation?.op)} is not supported here.`);
      const field = String(operation.path ?? '').replace(/^\//, '');
      const value = operation.value;
      switch (field) {
        case 'summary':
          if (typeof value !== 'string' || !value) return invalid('ticket', 'Summary is required.', 'summary', 'MissingRequiredField');
          changed.summary = value;
          break;
        case 'status': {
          const status = data.statuses.find((s) => s.id === Number(value?.id) && s.board.id === changed.board.id);
          if (!status) return invalid('ticket', `Service Status ${value?.id} not found for Service Board ${changed.board.id}`, 'status/id');
          changed.status = { id: status.id, name: status.name };
          changed.closedFlag = status.closedStatus;
          break;
        }
        case 'priority': {
          const priority = resolve(data.priorities, value);
          if (!priority) return invalid('ticket', 'Priority not found.', 'priority');
          changed.priority = { id: priority.id, name: priority.name, sort: priority.sortOrder };
          break;
        }
        case 'owner': {
          const owner = resolve(data.members, value);
          if (!owner) return invalid('ticket', 'Member not found.', 'owner');
          changed.owner = memberRef(owner);
          break;
        }
        default:
          return problem(400, 'InvalidObject', `The path ${operation.path} cannot be changed by the mock.`);
      }
    }
    changed._info.lastUpdated = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    Object.assign(ticket, changed);
    return reply(200, ticket);
  }

  function addNote({ params, body }) {
    const ticket = data.tickets.find((t) => String(t.id) === params.id);
    if (!ticket) return problem(404, 'NotFound', `Ticket ${params.id} was not found.`);
    if (!body?.text) return invalid('note', 'Text is required.', 'text', 'MissingRequiredField');
    const flags = ['detailDescriptionFlag', 'internalAnalysisFlag', 'resolutionFlag'].filter((f) => body[f] === true);
    if (flags.length === 0) return invalid('note', 'A note must be a description, internal analysis or resolution.', 'detailDescriptionFlag', 'InvalidField');
    const note = {
      id: nextId++, ticketId: ticket.id, text: body.text,
      detailDescriptionFlag: body.detailDescriptionFlag === true, internalAnalysisFlag: body.internalAnalysisFlag === true, resolutionFlag: body.resolutionFlag === true,
      member: memberRef(data.members.find((m) => m.identifier === 'apimember')), dateCreated: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), createdBy: 'apimember',
    };
    data.notes.push(note);
    return reply(201, note);
  }

  function addTimeEntry({ body }) {
    if (body?.chargeToType !== 'ServiceTicket') return invalid('timeEntry', 'chargeToType must be ServiceTicket here.', 'chargeToType', 'InvalidField');
    const ticket = data.tickets.find((t) => t.id === Number(body.chargeToId));
    if (!ticket) return invalid('timeEntry', `Service Ticket ${body.chargeToId} not found.`, 'chargeToId');
    const start = Date.parse(body.timeStart);
    const end = Date.parse(body.timeEnd);
    if (Number.isNaN(start)) return invalid('timeEntry', 'Time start is required.', 'timeStart', 'MissingRequiredField');
    if (Number.isNaN(end) || end <= start) return invalid('timeEntry', 'Time end must be after time start.', 'timeEnd', 'InvalidField');
    const member = body.member ? resolve(data.members, body.member) : data.members.find((m) => m.identifier === 'apimember');
    if (!member) return invalid('timeEntry', 'Member not found.', 'member');
    const workType = body.workType ? resolve(data.workTypes, body.workType) : data.workTypes[0];
    if (!workType) return invalid('timeEntry', 'Work type not found.', 'workType');
    const entry = {
      id: nextId++, chargeToId: ticket.id, chargeToType: 'ServiceTicket', company: ticket.company, member: memberRef(member),
      timeStart: body.timeStart, timeEnd: body.timeEnd, actualHours: Math.round(((end - start) / 3_600_000) * 100) / 100,
      notes: body.notes ?? '', workType: nameRef(workType),
    };
    data.timeEntries.push(entry);
    return reply(201, entry);
  }

  return { ...controls, state: () => data };
}
