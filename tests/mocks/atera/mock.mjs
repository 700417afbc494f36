// Offline mock of Atera's REST API v3 (docs/vendors/atera.md): an `X-API-KEY` header,
// PascalCase records, lists as `{items, totalItemCount, page, itemsInPage, totalPages,
// prevLink, nextLink}` paged by `page` and `itemsInPage` (default 20, at most 50) with
// absolute links on the mock's own origin that are `""` where there is no such page, bare
// single records, and creates and updates that answer `{"ActionID": …}`. Behaviour marked
// UNVERIFIED is a guess; README.md lists them.
import { ReplyError, Router, reply, startMock } from '../http.mjs';
import { ATERA_IDS, ATERA_KEY, ateraFixtures } from './fixtures.mjs';

export { ATERA_IDS, ATERA_KEY, ateraFixtures };

const DEFAULTS = {
  port: 0,
  apiKeys: [ATERA_KEY],
  // UNVERIFIED: Atera publishes no limit; 700 a minute is what one vendor plugin assumes.
  rateLimit: { limit: 700, windowMs: 60_000 },
  defaultItemsInPage: 20,
  maxItemsInPage: 50,
};
const PRIORITIES = ['Low', 'Medium', 'High', 'Critical'];
const IMPACTS = ['NoImpact', 'Minor', 'Major', 'SiteDown', 'ServerIssue', 'Crisis'];
const STATUSES = ['Open', 'Pending', 'Resolved', 'Closed'];
const TYPES = ['Problem', 'Bug', 'Request', 'Other', 'Incident', 'Change'];

/**
 * Starts the mock. Options (all optional): `port`, `apiKeys`, `rateLimit` ({ limit, windowMs }
 * per key), `maxItemsInPage` (the cap on `itemsInPage`, 50 as documented; smaller in tests
 * of paging). Returns the common controls plus `state()` and `linksServed()` (every
 * `nextLink` answered, in order).
 */
export async function startAteraMock(options = {}) {
  const config = { ...DEFAULTS, ...options };
  const keys = new Set(config.apiKeys);
  let data;
  let nextIds;
  const restore = () => {
    data = structuredClone(ateraFixtures);
    nextIds = { ticket: 7100, contact: 400, customer: 100 };
  };
  restore();
  const links = [];
  const router = buildRouter();

  const { kit, controls } = await startMock({
    port: config.port,
    contentType: 'application/json; charset=utf-8',
    rateLimit: { ...DEFAULTS.rateLimit, ...options.rateLimit },
    errorBody: (status) => ({ Message: `HTTP ${status}` }),
    handle,
    onReset: () => {
      restore();
      links.length = 0;
    },
  });

  // The request pipeline: early faults -> API key -> key budget -> late faults -> route.
  async function handle(request) {
    const early = await kit.intercept(request, 'beforeAuth');
    if (early) return early;
    const key = request.headers['x-api-key'];
    // UNVERIFIED: ASP.NET Web API's default wording for a refused request.
    if (!key || !keys.has(key)) return reply(401, { Message: 'Authorization has been denied for this request.' });
    const rate = kit.limiter.hit(key);
    if (!rate.allowed) return reply(429, { Message: 'Too many requests' }); // UNVERIFIED shape, no Retry-After
    const late = await kit.intercept(request, 'afterAuth');
    if (late) return late;
    const { handler, params, status } = router.match(request.method, request.path);
    if (!handler) return reply(status, { Message: status === 404 ? 'No HTTP resource was found that matches the request URI.' : 'The requested resource does not support this method.' });
    let body = {};
    if (request.body) {
      try {
        body = JSON.parse(request.body);
      } catch {
        return reply(400, { Message: 'The request is invalid.' });
      }
    }
    return handler({ request, params, query: request.url.searchParams, body });
  }

  function buildRouter() {
    const r = new Router();
    const api = (path) => `/api/v3${path}`;
    r.on('GET', api('/customers'), (ctx) => list(ctx, data.customers));
    r.on('GET', api('/customers/:id'), (ctx) => reply(200, find(data.customers, 'CustomerID', ctx.params.id)));
    r.on('GET', api('/contacts'), (ctx) => list(ctx, data.contacts));
    r.on('GET', api('/contacts/:id'), (ctx) => reply(200, find(data.contacts, 'EndUserID', ctx.params.id)));
    r.on('GET', api('/agents'), (ctx) => list(ctx, data.agents));
    r.on('GET', api('/agents/:id'), (ctx) => reply(200, find(data.agents, 'AgentID', ctx.params.id)));
    r.on('GET', api('/agents/customer/:customerId'), (ctx) => list(ctx, ofCustomer(data.agents, ctx.params.customerId)));
    r.on('GET', api('/agents/machine/:name'), (ctx) => list(ctx, data.agents.filter((a) => a.MachineName.toLowerCase() === ctx.params.name.toLowerCase())));
    r.on('GET', api('/tickets'), (ctx) => list(ctx, searchTickets(ctx.query)));
    r.on('POST', api('/tickets'), (ctx) => createTicket(ctx.body));
    r.on('GET', api('/tickets/:id'), (ctx) => reply(200, find(data.tickets, 'TicketID', ctx.params.id)));
    // The swagger has PUT; PSAtera updates with POST to the same path. Both work here.
    r.on('PUT', api('/tickets/:id'), (ctx) => updateTicket(find(data.tickets, 'TicketID', ctx.params.id), ctx.body));
    r.on('POST', api('/tickets/:id'), (ctx) => updateTicket(find(data.tickets, 'TicketID', ctx.params.id), ctx.body));
    r.on('GET', api('/tickets/:id/comments'), (ctx) => list(ctx, data.comments[find(data.tickets, 'TicketID', ctx.params.id).TicketID] ?? []));
    r.on('GET', api('/tickets/:id/workhours'), (ctx) => workHoursSummary(find(data.tickets, 'TicketID', ctx.params.id)));
    r.on('GET', api('/tickets/:id/workhoursrecords'), (ctx) => list(ctx, data.workHours[find(data.tickets, 'TicketID', ctx.params.id).TicketID] ?? []));
    r.on('GET', api('/alerts'), (ctx) => list(ctx, searchAlerts(ctx.query)));
    r.on('GET', api('/alerts/:id'), (ctx) => reply(200, find(data.alerts, 'AlertID', ctx.params.id)));
    r.on('GET', api('/contracts'), (ctx) => list(ctx, data.contracts));
    r.on('GET', api('/contracts/:id'), (ctx) => reply(200, find(data.contracts, 'ContractID', ctx.params.id)));
    r.on('GET', api('/contracts/customer/:customerId'), (ctx) => list(ctx, ofCustomer(data.contracts, ctx.params.customerId)));
    r.on('GET', api('/knowledgebases'), (ctx) => list(ctx, data.knowledgeBase));
    r.on('POST', api('/customers'), (ctx) => createCustomer(ctx.body));
    r.on('PUT', api('/customers/:id'), (ctx) => changeRecord(find(data.customers, 'CustomerID', ctx.params.id), ctx.body, CUSTOMER_CHANGES, 'CustomerID'));
    r.on('PUT', api('/contacts/:id'), (ctx) => changeRecord(find(data.contacts, 'EndUserID', ctx.params.id), ctx.body, CONTACT_CHANGES, 'EndUserID'));
    r.on('POST', api('/contacts'), (ctx) => createContact(ctx.body));
    r.on('POST', api('/tickets/:id/comments'), (ctx) => addComment(find(data.tickets, 'TicketID', ctx.params.id), ctx.body));
    for (const kind of ['snmp', 'http', 'tcp', 'generic']) {
      r.on('GET', api(`/devices/${kind}devices`), (ctx) => list(ctx, data.devices[kind]));
    }
    return r;
  }

  // ---- lists ------------------------------------------------------------------------------

  /**
   * The `APIResultWrapper` of one page. `page` is 1-based; `itemsInPage` defaults to 20 and is
   * capped at the maximum (UNVERIFIED: whether a larger value is refused instead). Links are
   * absolute on the mock's origin, keep every other query parameter, and are `""` where there
   * is no such page.
   */
  function list(ctx, rows) {
    const page = positive(ctx.query, 'page') ?? 1;
    const size = Math.min(positive(ctx.query, 'itemsInPage') ?? config.defaultItemsInPage, config.maxItemsInPage);
    const totalPages = Math.ceil(rows.length / size);
    const link = (number) => {
      const url = new URL(ctx.request.path, kit.url);
      for (const [name, value] of ctx.query) if (name !== 'page' && name !== 'itemsInPage') url.searchParams.append(name, value);
      url.searchParams.set('page', String(number));
      url.searchParams.set('itemsInPage', String(size));
      return url.href;
    };
    const nextLink = page < totalPages ? link(page + 1) : '';
    links.push(nextLink);
    return reply(200, {
      items: rows.slice((page - 1) * size, page * size),
      totalItemCount: rows.length,
      page,
      itemsInPage: size,
      totalPages,
      prevLink: page > 1 ? link(page - 1) : '',
      nextLink,
    });
  }

  function positive(query, name) {
    const raw = query.get(name);
    if (raw === null || raw === '') return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new ReplyError(reply(400, { Message: `The value '${raw}' is not valid for ${name}.` }));
    return Number(raw);
  }

  const ofCustomer = (rows, id) => rows.filter((row) => String(row.CustomerID) === id);

  function searchTickets(query) {
    const customer = query.get('customerId');
    const status = query.get('ticketStatus');
    return data.tickets.filter((t) => (!customer || String(t.CustomerID) === customer)
      && (!status || t.TicketStatus.toLowerCase() === status.toLowerCase()));
  }

  /** `alertStatus`: Open, Resolved (archived) or Snoozed; none lists every alert (UNVERIFIED). */
  function searchAlerts(query) {
    const status = query.get('alertStatus');
    const snoozed = (a) => a.SnoozedEndDate !== null && !a.Archived;
    const tests = {
      open: (a) => !a.Archived && !snoozed(a),
      resolved: (a) => a.Archived,
      snoozed,
    };
    if (!status) return data.alerts;
    const test = tests[status.toLowerCase()];
    if (!test) throw new ReplyError(reply(400, { Message: `The value '${status}' is not valid for alertStatus.` }));
    return data.alerts.filter(test);
  }

  /** A record by its id field; unknown (or not a number) is a 404 (UNVERIFIED body). */
  function find(rows, field, id) {
    const found = /^\d+$/.test(id) ? rows.find((row) => row[field] === Number(id)) : undefined;
    if (!found) throw new ReplyError(reply(404, { Message: `No record with ${field} ${id}.` }));
    return found;
  }

  function workHoursSummary(ticket) {
    const entries = data.workHours[ticket.TicketID] ?? [];
    const hours = (billable) => {
      const picked = entries.filter((e) => e.Billiable === billable);
      const total = picked.reduce((sum, e) => sum + (Date.parse(e.EndWorkHour) - Date.parse(e.StartWorkHour)) / 3_600_000, 0);
      const onSite = picked.filter((e) => e.OnCustomerSite)
        .reduce((sum, e) => sum + (Date.parse(e.EndWorkHour) - Date.parse(e.StartWorkHour)) / 3_600_000, 0);
      return {
        OffSLADurationHours: 0, OffSiteDurationHours: total - onSite, OnSLADurationHours: total,
        OnSiteDurationHours: onSite, TotalDurationHours: total, ticketId: ticket.TicketID,
      };
    };
    return reply(200, { TicketID: ticket.TicketID, Billable: hours(true), NonBillable: hours(false) });
  }

  // ---- writes -----------------------------------------------------------------------------

  const invalid = (message) => new ReplyError(reply(400, { Message: message }));
  const oneOf = (value, values, name) => {
    if (value !== undefined && !values.includes(value)) throw invalid(`${name} must be one of: ${values.join(', ')}`);
  };

  /**
   * `POST /tickets`: a title and a description, and an end user by id or by email (a new
   * contact is made for an unknown email, with the names given, under the first customer:
   * UNVERIFIED which customer Atera picks).
   */
  function createTicket(body) {
    if (!body.TicketTitle) throw invalid('TicketTitle is required');
    if (!body.Description) throw invalid('Description is required');
    checkFields(body);
    let owner;
    if (body.EndUserID !== undefined) {
      owner = data.contacts.find((c) => c.EndUserID === body.EndUserID);
      if (!owner) throw invalid(`EndUserID ${body.EndUserID} does not exist`);
    } else if (body.EndUserEmail) {
      owner = data.contacts.find((c) => c.Email.toLowerCase() === body.EndUserEmail.toLowerCase());
      if (!owner) {
        owner = {
          ...structuredClone(data.contacts[0]), EndUserID: nextIds.contact++, Email: body.EndUserEmail,
          Firstname: body.EndUserFirstName ?? null, Lastname: body.EndUserLastName ?? null, JobTitle: null,
          Phone: null, IsContactPerson: false,
        };
        data.contacts.push(owner);
      }
    } else {
      throw invalid('An end user is required: EndUserID or EndUserEmail');
    }
    const id = nextIds.ticket++;
    const stamp = new Date().toISOString().slice(0, 19);
    const ticket = {
      ...structuredClone(data.tickets[0]),
      TicketID: id, TicketNumber: id, TicketTitle: body.TicketTitle,
      TicketPriority: body.TicketPriority ?? 'Low', TicketImpact: body.TicketImpact ?? 'Minor',
      TicketStatus: body.TicketStatus ?? 'Open', TicketType: body.TicketType ?? 'Problem', TicketSource: 'API',
      EndUserID: owner.EndUserID, EndUserEmail: owner.Email, EndUserFirstName: owner.Firstname,
      EndUserLastName: owner.Lastname, EndUserPhone: owner.Phone, CustomerID: owner.CustomerID,
      CustomerName: owner.CustomerName, TicketCreatedDate: stamp, TicketResolvedDate: null,
      FirstComment: body.Description, LastEndUserComment: body.Description, LastEndUserCommentTimestamp: stamp,
      LastTechnicianComment: null, LastTechnicianCommentTimestamp: null, TechnicianFirstCommentDate: null,
      TotalDuration: { Seconds: 0, Minutes: 0 },
      ...technician(body.TechnicianContactID),
    };
    data.tickets.push(ticket);
    data.comments[id] = [{
      Date: stamp, Comment: body.Description, EndUserID: owner.EndUserID, TechnicianContactID: null,
      Email: owner.Email, FirstName: owner.Firstname, LastName: owner.Lastname, IsInternal: false,
    }];
    return reply(200, { ActionID: id });
  }

  function technician(id) {
    const tech = id === undefined || id === null ? undefined : data.technicians[id];
    if (id !== undefined && id !== null && !tech) throw invalid(`TechnicianContactID ${id} does not exist`);
    return { TechnicianContactID: id ?? null, TechnicianFullName: tech?.name ?? null, TechnicianEmail: tech?.email ?? null };
  }

  function checkFields(body) {
    oneOf(body.TicketPriority, PRIORITIES, 'TicketPriority');
    oneOf(body.TicketImpact, IMPACTS, 'TicketImpact');
    oneOf(body.TicketStatus, STATUSES, 'TicketStatus');
    oneOf(body.TicketType, TYPES, 'TicketType');
  }

  function updateTicket(ticket, body) {
    checkFields(body);
    if ('TicketTitle' in body && !body.TicketTitle) throw invalid('TicketTitle cannot be empty');
    for (const field of ['TicketTitle', 'TicketStatus', 'TicketType', 'TicketPriority', 'TicketImpact']) {
      if (field in body) ticket[field] = body[field];
    }
    if ('TechnicianContactID' in body) Object.assign(ticket, technician(body.TechnicianContactID));
    if (['Resolved', 'Closed'].includes(body.TicketStatus) && !ticket.TicketResolvedDate) {
      ticket.TicketResolvedDate = new Date().toISOString().slice(0, 19);
    }
    return reply(200, { ActionID: ticket.TicketID });
  }

  const CUSTOMER_CHANGES = ['CustomerName', 'BusinessNumber', 'Domain', 'Address', 'City', 'State', 'Country', 'Phone', 'Fax', 'Notes', 'Links', 'ZipCodeStr'];
  const CONTACT_CHANGES = ['Firstname', 'Lastname', 'JobTitle', 'Phone', 'MobilePhone', 'IsContactPerson', 'InIgnoreMode'];

  /** `PUT /customers/{id}`, `PUT /contacts/{id}`: the given fields of the update DTO change. */
  function changeRecord(record, body, allowed, idField) {
    if ('CustomerName' in body && !body.CustomerName) throw invalid('CustomerName cannot be empty');
    for (const field of allowed) if (field in body) record[field] = body[field];
    record.LastModified = new Date().toISOString().slice(0, 19);
    return reply(200, { ActionID: record[idField] });
  }

  function createCustomer(body) {
    if (!body.CustomerName) throw invalid('CustomerName is required');
    const id = nextIds.customer++;
    const stamp = new Date().toISOString().slice(0, 19);
    data.customers.push({
      CustomerID: id, CustomerName: body.CustomerName, CreatedOn: stamp, LastModified: stamp,
      BusinessNumber: body.BusinessNumber ?? null, Domain: body.Domain ?? null, Address: body.Address ?? null,
      City: body.City ?? null, State: body.State ?? null, Country: body.Country ?? null, Phone: body.Phone ?? null,
      Fax: null, Notes: body.Notes ?? null, Logo: null, Links: null, Longitude: null, Latitude: null,
      ZipCodeStr: body.ZipCodeStr ?? null,
    });
    return reply(200, { ActionID: id });
  }

  function createContact(body) {
    const owner = data.customers.find((c) => c.CustomerID === body.CustomerID);
    if (!owner) throw invalid('CustomerID is required and must exist');
    if (!body.Email) throw invalid('Email is required');
    const id = nextIds.contact++;
    const stamp = new Date().toISOString().slice(0, 19);
    data.contacts.push({
      EndUserID: id, CustomerID: owner.CustomerID, CustomerName: owner.CustomerName, Firstname: body.Firstname ?? null,
      Lastname: body.Lastname ?? null, JobTitle: body.JobTitle ?? null, Email: body.Email, Phone: body.Phone ?? null,
      MobilePhone: body.MobilePhone ?? null, IsContactPerson: body.IsContactPerson ?? false, InIgnoreMode: false,
      CreatedOn: stamp, LastModified: stamp,
    });
    return reply(200, { ActionID: id });
  }

  /**
   * `POST /tickets/{id}/comments` (PSAtera's New-AteraTicketComment): `CommentText` with
   * `TechnicianCommentDetails {TechnicianID, IsInternal}` or `EnduserCommentDetails {EnduserId}`.
   * Answers `{ActionID}` (UNVERIFIED: the swagger client predates this endpoint).
   */
  function addComment(ticket, body) {
    if (!body.CommentText) throw invalid('CommentText is required');
    const stamp = new Date().toISOString().slice(0, 19);
    let comment;
    if (body.TechnicianCommentDetails) {
      const id = body.TechnicianCommentDetails.TechnicianID;
      const tech = data.technicians[id];
      if (!tech) throw invalid(`TechnicianID ${id} does not exist`);
      const [first, last] = tech.name.split(' ');
      comment = { Date: stamp, Comment: body.CommentText, EndUserID: null, TechnicianContactID: id, Email: tech.email, FirstName: first, LastName: last, IsInternal: Boolean(body.TechnicianCommentDetails.IsInternal) };
    } else if (body.EnduserCommentDetails) {
      const user = data.contacts.find((c) => c.EndUserID === body.EnduserCommentDetails.EnduserId);
      if (!user) throw invalid(`EnduserId ${body.EnduserCommentDetails.EnduserId} does not exist`);
      comment = { Date: stamp, Comment: body.CommentText, EndUserID: user.EndUserID, TechnicianContactID: null, Email: user.Email, FirstName: user.Firstname, LastName: user.Lastname, IsInternal: false };
    } else {
      throw invalid('TechnicianCommentDetails or EnduserCommentDetails is required');
    }
    data.comments[ticket.TicketID] = [...(data.comments[ticket.TicketID] ?? []), comment];
    return reply(200, { ActionID: ticket.TicketID });
  }

  return {
    ...controls,
    /** The live data (tickets and contacts after writes). */
    state: () => data,
    /** Every `nextLink` answered, in order (`""` for a last page). */
    linksServed: () => [...links],
  };
}
