// The Autotask PSA calls every real MCP client makes (tests/e2e/clients.test.mjs): every tool
// in docs/TOOLS.md, with arguments and a check of the answer against the mock's fixtures. The
// table's format is described in tests/support/tool-calls.mjs.
//
// The reads come first, on the fixtures as they are; then a ticket is created (picklist labels
// turned into ids), updated, noted, worked on and closed, and the refusals (an inactive label, a
// sub-issue type of another issue type) are shown to reach no write. Each client suite resets
// the mock first, so the created records get the same ids every time.
import assert from 'node:assert/strict';
import { listing, mentions, preview, sameSet } from '../../support/tool-calls.mjs';
import { AUTOTASK_IDS, autotaskFixtures } from './fixtures.mjs';

const A = autotaskFixtures.entities;
const P = autotaskFixtures.picklists;
const IDS = AUTOTASK_IDS;

const byId = (entity, id) => A[entity].find((r) => r.id === id);
const idsOf = (records) => records.map((r) => r.id);
/** The label of a picklist id, from the fixtures. */
const labelOf = (entity, field, id) => P[entity][field].find((v) => v.value === String(id))?.label;
/** The id of a picklist's default value, from the fixtures. */
const defaultOf = (entity, field) => Number(P[entity][field].find((v) => v.isDefaultValue && v.isActive).value);
/** The records of `entity` the live mock holds that the fixtures do not (those the calls created). */
const created = (ctx, entity) => {
  const known = new Set(idsOf(A[entity]));
  return ctx.mocks.autotask.state()[entity].filter((r) => !known.has(r.id));
};
const live = (ctx, entity, id) => ctx.mocks.autotask.state()[entity].find((r) => r.id === id);

/** The requests the mock received with `method` on an API path ending with `tail` (any letter case). */
function requestsTo(ctx, method, tail) {
  const suffix = `/v1.0${tail}`.toLowerCase();
  return ctx.mocks.autotask.requests.filter((r) => r.method === method && r.path.toLowerCase().endsWith(suffix));
}

/** The body of the last `POST /{entity}/query` the mock received. */
function lastQuery(ctx, entity) {
  const queries = requestsTo(ctx, 'POST', `/${entity}/query`);
  assert.ok(queries.length > 0, `a ${entity} query reached the mock`);
  return JSON.parse(queries.at(-1).body);
}

/** Every condition of a query body, `and`/`or` groups flattened. */
function conditions(body) {
  const out = [];
  const walk = (items) => {
    for (const item of items ?? []) {
      if (Array.isArray(item.items)) walk(item.items);
      else out.push(item);
    }
  };
  walk(body.filter);
  return out;
}

/** Asserts the query asked for `{ op, field, value }`. */
function asked(body, condition) {
  assert.ok(
    conditions(body).some((c) => c.op === condition.op && c.field === condition.field && c.value === condition.value),
    `the query holds ${JSON.stringify(condition)}: ${preview(body.filter)}`,
  );
}

const CREATED_TITLE = 'e2e: 3rd floor printer shows paper jam with an empty tray';
const CREATED_DESCRIPTION = 'The HP on the 3rd floor reports a jam in tray 2 although the tray is empty.';
const NOTE_TEXT = 'Cleared a torn label from the paper path.\nTest page printed fine.';
const RESOLUTION = 'Removed a torn label stuck behind tray 2; printing normally.';
const NORTHWIND_TICKETS = A.Tickets.filter((t) => t.companyID === IDS.companyNorthwind);

/** The calls, in the order they run. */
export const CALLS = [
  // ---- companies and contacts -------------------------------------------------------------------
  {
    tool: 'autotask_search_companies',
    label: 'every company, with company type labels',
    args: {},
    check(structured, text, ctx) {
      const items = listing(structured, { count: A.Companies.length });
      sameSet(idsOf(items), idsOf(A.Companies), 'the company ids');
      const northwind = items.find((c) => c.id === IDS.companyNorthwind);
      assert.equal(northwind.companyName, 'Northwind Traders');
      assert.equal(northwind.companyType, 1);
      assert.equal(northwind.companyTypeLabel, 'Customer');
      const adatum = items.find((c) => c.id === IDS.companyAdatum);
      assert.equal(adatum.companyName, 'Adatum Corporation');
      assert.equal(adatum.companyTypeLabel, 'Prospect');
      assert.equal(items.find((c) => c.id === IDS.companyOwner).companyName, 'Contoso MSP');
      // Only the tool's fields were asked for, `id` first.
      const query = lastQuery(ctx, 'Companies');
      assert.equal(query.IncludeFields[0], 'id');
      assert.ok(query.IncludeFields.includes('companyName'), `IncludeFields: ${query.IncludeFields}`);
      assert.equal(northwind.userDefinedFields, undefined, 'IncludeFields left the UDFs out');
      mentions(text, 'Fabrikam Dental Group');
    },
  },
  {
    tool: 'autotask_search_companies',
    label: 'active companies',
    args: { active: true },
    check(structured, text, ctx) {
      const active = A.Companies.filter((c) => c.isActive);
      const items = listing(structured, { count: active.length });
      sameSet(idsOf(items), idsOf(active), 'the active companies');
      for (const company of items) assert.equal(company.isActive, true, `${company.companyName} is active`);
      assert.ok(!items.some((c) => c.id === IDS.companyTailspin), 'Tailspin Toys is inactive');
      asked(lastQuery(ctx, 'Companies'), { op: 'eq', field: 'isActive', value: true });
      mentions(text, 'Adatum Corporation');
    },
  },
  {
    tool: 'autotask_search_companies',
    label: 'companies by type label',
    args: { company_type: 'prospect' },
    check(structured, text, ctx) {
      const [company] = listing(structured, { count: 1 });
      assert.equal(company.id, IDS.companyAdatum);
      assert.equal(company.companyName, 'Adatum Corporation');
      assert.equal(company.companyType, 3);
      assert.equal(company.companyTypeLabel, 'Prospect');
      asked(lastQuery(ctx, 'Companies'), { op: 'eq', field: 'companyType', value: 3 });
      mentions(text, 'Adatum Corporation');
    },
  },
  {
    tool: 'autotask_search_companies',
    label: 'companies by words in the name',
    args: { name: 'fabrikam' },
    check(structured, text, ctx) {
      const [company] = listing(structured, { count: 1 });
      assert.equal(company.id, IDS.companyFabrikam);
      assert.equal(company.companyName, 'Fabrikam Dental Group');
      assert.equal(company.city, 'Oak Park');
      asked(lastQuery(ctx, 'Companies'), { op: 'contains', field: 'companyName', value: 'fabrikam' });
      mentions(text, 'Fabrikam Dental Group');
    },
  },
  {
    tool: 'autotask_search_companies',
    label: 'a limit below the total is truncated',
    args: { limit: 2 },
    check(structured) {
      const items = listing(structured, { count: 2, truncated: true });
      // Records come ordered by id: the owner company (0), then Northwind.
      sameSet(idsOf(items), [IDS.companyOwner, IDS.companyNorthwind], 'the first two companies');
      assert.equal(items.find((c) => c.id === IDS.companyNorthwind).companyName, 'Northwind Traders');
    },
  },
  {
    tool: 'autotask_get_company',
    label: 'one company',
    args: { company_id: IDS.companyNorthwind },
    check(structured, text) {
      const fixture = byId('Companies', IDS.companyNorthwind);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.companyName, 'Northwind Traders');
      assert.equal(structured.companyNumber, 'NWT-001');
      assert.equal(structured.phone, fixture.phone);
      assert.equal(structured.address1, '1 Northwind Plaza');
      assert.equal(structured.companyTypeLabel, 'Customer');
      assert.equal(structured.ownerResourceID, IDS.resourcePriya);
      assert.equal(structured.userDefinedFields?.find((u) => u.name === 'Contract Tier')?.value, 'Gold');
      mentions(text, 'Northwind Traders');
    },
  },
  {
    tool: 'autotask_search_contacts',
    label: 'the contacts of one company',
    args: { company_id: IDS.companyNorthwind },
    check(structured, text) {
      const expected = A.Contacts.filter((c) => c.companyID === IDS.companyNorthwind);
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the Northwind contacts');
      const nancy = items.find((c) => c.id === IDS.contactNancy);
      assert.equal(`${nancy.firstName} ${nancy.lastName}`, 'Nancy Davolio');
      assert.equal(nancy.emailAddress, 'nancy.davolio@northwindtraders.example');
      for (const contact of items) assert.equal(contact.companyID, IDS.companyNorthwind);
      mentions(text, 'Leverling');
    },
  },
  {
    tool: 'autotask_search_contacts',
    label: 'contacts by words in the first or last name',
    args: { name: 'lee' },
    check(structured, text, ctx) {
      const expected = A.Contacts.filter((c) => `${c.firstName}\n${c.lastName}`.toLowerCase().includes('lee'));
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the contacts named Lee');
      const olivia = items.find((c) => c.id === IDS.contactOlivia);
      assert.equal(`${olivia.firstName} ${olivia.lastName}`, 'Olivia Lee');
      const query = lastQuery(ctx, 'Contacts');
      asked(query, { op: 'contains', field: 'firstName', value: 'lee' });
      asked(query, { op: 'contains', field: 'lastName', value: 'lee' });
      mentions(text, 'Olivia');
    },
  },
  {
    tool: 'autotask_search_contacts',
    label: 'inactive contacts of one company',
    args: { company_id: IDS.companyNorthwind, active: false },
    check(structured, text) {
      const [contact] = listing(structured, { count: 1 });
      assert.equal(contact.id, IDS.contactJanetInactive);
      assert.equal(`${contact.firstName} ${contact.lastName}`, 'Janet Leverling');
      assert.equal(contact.isActive, 0);
      mentions(text, 'Janet');
    },
  },
  {
    tool: 'autotask_search_contacts',
    label: 'a contact by email address',
    args: { email: 'dr.lee@fabrikamdental.example' },
    check(structured, text) {
      const [contact] = listing(structured, { count: 1 });
      assert.equal(contact.id, IDS.contactOlivia);
      assert.equal(contact.lastName, 'Lee');
      assert.equal(contact.companyID, IDS.companyFabrikam);
      mentions(text, 'dr.lee@fabrikamdental.example');
    },
  },
  {
    tool: 'autotask_get_contact',
    label: 'one contact',
    args: { contact_id: IDS.contactAndrew },
    check(structured, text) {
      const fixture = byId('Contacts', IDS.contactAndrew);
      assert.equal(structured.id, IDS.contactAndrew);
      assert.equal(structured.firstName, 'Andrew');
      assert.equal(structured.lastName, 'Fuller');
      assert.equal(structured.companyID, IDS.companyNorthwind);
      assert.equal(structured.emailAddress, fixture.emailAddress);
      assert.equal(structured.mobilePhone, '+1 312 555 0198');
      mentions(text, 'andrew.fuller@northwindtraders.example');
    },
  },

  // ---- tickets (reads) ---------------------------------------------------------------------------
  {
    tool: 'autotask_search_tickets',
    label: 'the tickets of one company, with labels',
    args: { company_id: IDS.companyNorthwind },
    check(structured, text, ctx) {
      const items = listing(structured, { count: NORTHWIND_TICKETS.length });
      sameSet(idsOf(items), idsOf(NORTHWIND_TICKETS), 'the Northwind tickets');
      const printer = items.find((t) => t.id === IDS.ticketPrinter);
      assert.equal(printer.title, byId('Tickets', IDS.ticketPrinter).title);
      assert.equal(printer.ticketNumber, 'T20261030.0012');
      assert.equal(printer.status, 8);
      assert.equal(printer.statusLabel, 'In Progress');
      assert.equal(printer.priorityLabel, 'Medium');
      assert.equal(printer.queueID, IDS.queueLevel1);
      assert.equal(printer.queueIDLabel, 'Level I Support');
      assert.equal(printer.subIssueTypeLabel, 'Printer');
      for (const ticket of items) {
        assert.equal(ticket.companyID, IDS.companyNorthwind);
        assert.equal(ticket.statusLabel, labelOf('Tickets', 'status', ticket.status), `ticket ${ticket.id}'s status label`);
        assert.equal(ticket.description, undefined, 'a search asks only its IncludeFields');
      }
      const query = lastQuery(ctx, 'Tickets');
      assert.equal(query.IncludeFields[0], 'id');
      assert.ok(!query.IncludeFields.includes('description'), `IncludeFields: ${query.IncludeFields}`);
      asked(query, { op: 'eq', field: 'companyID', value: IDS.companyNorthwind });
      mentions(text, 'VPN drops every 10 minutes for remote staff');
    },
  },
  {
    tool: 'autotask_search_tickets',
    label: 'tickets by status label',
    args: { status: 'In Progress' },
    check(structured, text, ctx) {
      const expected = A.Tickets.filter((t) => t.status === 8);
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the tickets in progress');
      for (const ticket of items) {
        assert.equal(ticket.status, 8);
        assert.equal(ticket.statusLabel, 'In Progress');
      }
      assert.equal(items.find((t) => t.id === IDS.ticketLaptop).title, byId('Tickets', IDS.ticketLaptop).title);
      asked(lastQuery(ctx, 'Tickets'), { op: 'eq', field: 'status', value: 8 });
      mentions(text, 'New laptop setup for incoming hygienist');
    },
  },
  {
    tool: 'autotask_search_tickets',
    label: 'tickets by priority and queue labels (any letter case)',
    args: { priority: 'high', queue: 'Level II Support' },
    check(structured, text, ctx) {
      const expected = A.Tickets.filter((t) => t.priority === 1 && t.queueID === IDS.queueLevel2);
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the high-priority Level II tickets');
      const vpn = items.find((t) => t.id === IDS.ticketVpn);
      assert.equal(vpn.title, 'VPN drops every 10 minutes for remote staff');
      assert.equal(vpn.priorityLabel, 'High');
      assert.equal(vpn.queueIDLabel, 'Level II Support');
      const query = lastQuery(ctx, 'Tickets');
      asked(query, { op: 'eq', field: 'priority', value: 1 });
      asked(query, { op: 'eq', field: 'queueID', value: IDS.queueLevel2 });
      mentions(text, 'VPN drops every 10 minutes');
    },
  },
  {
    tool: 'autotask_search_tickets',
    label: 'tickets by words in the title',
    args: { title: 'printer' },
    check(structured, text) {
      const expected = A.Tickets.filter((t) => t.title.toLowerCase().includes('printer'));
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the printer tickets');
      for (const ticket of items) assert.match(ticket.title, /printer/i);
      mentions(text, 'Reception printer offline after spooler crash');
    },
  },
  {
    tool: 'autotask_search_tickets',
    label: 'a ticket by number',
    args: { ticket_number: 'T20261030.0012' },
    check(structured, text) {
      const [ticket] = listing(structured, { count: 1 });
      assert.equal(ticket.id, IDS.ticketPrinter);
      assert.equal(ticket.title, '2nd floor printer jams on every duplex job');
      mentions(text, 'T20261030.0012');
    },
  },
  {
    tool: 'autotask_search_tickets',
    label: 'tickets assigned to a resource',
    args: { assigned_resource_id: IDS.resourceAlex },
    check(structured, text) {
      const expected = A.Tickets.filter((t) => t.assignedResourceID === IDS.resourceAlex);
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), "Alex's tickets");
      for (const ticket of items) assert.equal(ticket.assignedResourceID, IDS.resourceAlex);
      mentions(text, 'VPN client install for new remote accountant');
    },
  },
  {
    tool: 'autotask_search_tickets',
    label: 'tickets created since a date',
    args: { created_since: '2026-11-01' },
    check(structured, text, ctx) {
      const expected = A.Tickets.filter((t) => Date.parse(t.createDate) >= Date.parse('2026-11-01T00:00:00Z'));
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the tickets created since 1 November');
      assert.equal(items.find((t) => t.id === IDS.ticketDcAlert).title, 'Monitoring alert: NW-DC01 CPU above 95%');
      const condition = conditions(lastQuery(ctx, 'Tickets')).find((c) => c.field === 'createDate');
      assert.equal(condition?.op, 'gte', `a createDate condition: ${preview(condition)}`);
      mentions(text, 'Disk space warning on CMSP-MON01');
    },
  },
  {
    tool: 'autotask_search_tickets',
    label: 'tickets of one company changed since a date',
    args: { company_id: IDS.companyFabrikam, changed_since: '2026-10-31' },
    check(structured, text) {
      const expected = A.Tickets.filter(
        (t) => t.companyID === IDS.companyFabrikam && Date.parse(t.lastActivityDate) >= Date.parse('2026-10-31T00:00:00Z'),
      );
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the Fabrikam tickets with recent activity');
      assert.equal(items.find((t) => t.id === IDS.ticketEmail).title, byId('Tickets', IDS.ticketEmail).title);
      mentions(text, 'Shared mailbox not receiving email from the website form');
    },
  },
  {
    tool: 'autotask_search_tickets',
    label: 'an inactive status label is refused with the accepted ones',
    args: { status: 'Legacy Hold' },
    expectError: true,
    before(ctx) {
      ctx.saved.ticketQueriesBeforeInactive = requestsTo(ctx, 'POST', '/Tickets/query').length;
    },
    check(structured, text, ctx) {
      assert.match(text, /In Progress \(8\)/, `the error lists the active statuses: ${text}`);
      assert.match(text, /Waiting Vendor \(13\)/, `the error lists the active statuses: ${text}`);
      assert.doesNotMatch(text, /Legacy Hold \(19\)/, 'the inactive status is not offered');
      assert.equal(requestsTo(ctx, 'POST', '/Tickets/query').length, ctx.saved.ticketQueriesBeforeInactive, 'no query reached Autotask');
    },
  },
  {
    tool: 'autotask_get_ticket',
    label: 'one ticket with every field and its labels',
    args: { ticket_id: IDS.ticketPrinter },
    check(structured, text) {
      const fixture = byId('Tickets', IDS.ticketPrinter);
      assert.equal(structured.id, IDS.ticketPrinter);
      assert.equal(structured.title, fixture.title);
      assert.equal(structured.description, fixture.description);
      assert.equal(structured.ticketNumber, 'T20261030.0012');
      assert.equal(structured.status, 8);
      assert.equal(structured.statusLabel, 'In Progress');
      assert.equal(structured.priorityLabel, 'Medium');
      assert.equal(structured.queueIDLabel, 'Level I Support');
      assert.equal(structured.issueType, 1);
      assert.equal(structured.issueTypeLabel, 'Hardware');
      assert.equal(structured.subIssueType, 102);
      assert.equal(structured.subIssueTypeLabel, 'Printer');
      assert.equal(structured.ticketTypeLabel, 'Incident');
      assert.equal(structured.sourceLabel, 'Email');
      assert.equal(structured.assignedResourceID, IDS.resourceAlex);
      assert.equal(structured.contactID, IDS.contactAndrew);
      mentions(text, '2nd floor printer jams on every duplex job');
    },
  },
  {
    tool: 'autotask_list_ticket_notes',
    label: 'the notes of a ticket, with type and publish labels',
    args: { ticket_id: IDS.ticketPrinter },
    check(structured, text, ctx) {
      const expected = A.TicketNotes.filter((n) => n.ticketID === IDS.ticketPrinter);
      const items = listing(structured, { count: expected.length });
      assert.deepEqual(idsOf(items), idsOf(expected), 'the notes, oldest first');
      const first = items.find((n) => n.id === IDS.noteFirst);
      assert.equal(first.title, 'Initial diagnosis');
      assert.equal(first.noteType, 1);
      assert.equal(first.noteTypeLabel, 'Task Detail');
      assert.equal(first.publishLabel, 'All Autotask Users');
      const ordered = items.find((n) => n.id === 31880102);
      assert.equal(ordered.title, 'Part ordered');
      assert.equal(ordered.publishLabel, 'Internal Project Team');
      assert.equal(items.find((n) => n.id === 31880103).noteTypeLabel, 'Summary');
      for (const note of items) assert.equal(note.ticketID, IDS.ticketPrinter);
      asked(lastQuery(ctx, 'TicketNotes'), { op: 'eq', field: 'ticketID', value: IDS.ticketPrinter });
      mentions(text, 'Customer update');
    },
  },

  // ---- tickets (writes) --------------------------------------------------------------------------
  {
    tool: 'autotask_create_ticket',
    label: 'a sub-issue type of another issue type is refused before Autotask',
    scope: 'tools:write',
    args: {
      company_id: IDS.companyNorthwind,
      title: 'e2e: must not be created',
      queue: 'Level I Support',
      issue_type: 'Software',
      sub_issue_type: 'Printer',
    },
    expectError: true,
    before(ctx) {
      ctx.saved.ticketsBeforeWrongSubIssue = ctx.mocks.autotask.state().Tickets.length;
      ctx.saved.ticketPostsBeforeWrongSubIssue = requestsTo(ctx, 'POST', '/Tickets').length;
    },
    check(structured, text, ctx) {
      // Software (2) takes Email (201) and Line of Business App (202).
      assert.match(text, /Email \(201\)/, `the error names the accepted sub-issue types: ${text}`);
      assert.match(text, /Line of Business App \(202\)/, `the error names the accepted sub-issue types: ${text}`);
      assert.doesNotMatch(text, /Laptop \(101\)/, 'only the sub-issue types of Software are offered');
      assert.equal(ctx.mocks.autotask.state().Tickets.length, ctx.saved.ticketsBeforeWrongSubIssue, 'no ticket was created');
      assert.equal(requestsTo(ctx, 'POST', '/Tickets').length, ctx.saved.ticketPostsBeforeWrongSubIssue, 'no create reached Autotask');
    },
  },
  {
    tool: 'autotask_create_ticket',
    label: 'a sub-issue type without an issue type is refused',
    scope: 'tools:write',
    args: { company_id: IDS.companyNorthwind, title: 'e2e: must not be created', queue: 'Level I Support', sub_issue_type: 'Printer' },
    expectError: true,
    before(ctx) {
      ctx.saved.ticketsBeforeNoIssueType = ctx.mocks.autotask.state().Tickets.length;
    },
    check(structured, text, ctx) {
      assert.match(text, /sub_issue_type/, `the error names the argument: ${text}`);
      assert.match(text, /needs `?issue_type/, `the error asks for issue_type: ${text}`);
      assert.equal(ctx.mocks.autotask.state().Tickets.length, ctx.saved.ticketsBeforeNoIssueType, 'no ticket was created');
    },
  },
  {
    tool: 'autotask_create_ticket',
    label: 'a ticket with priority, queue, issue and sub-issue type by label',
    scope: 'tools:write',
    args: {
      company_id: IDS.companyNorthwind,
      title: CREATED_TITLE,
      description: CREATED_DESCRIPTION,
      priority: 'High',
      queue: 'Level II Support',
      issue_type: 'Hardware',
      sub_issue_type: 'Printer',
      ticket_type: 'incident',
      source: 'Phone',
      contact_id: IDS.contactNancy,
    },
    check(structured, text, ctx) {
      const [ticket, ...more] = created(ctx, 'Tickets');
      assert.ok(ticket, 'the mock holds a new ticket');
      assert.equal(more.length, 0, 'exactly one ticket was created');
      assert.deepEqual(structured, { itemId: ticket.id });
      assert.equal(ticket.companyID, IDS.companyNorthwind);
      assert.equal(ticket.title, CREATED_TITLE);
      assert.equal(ticket.description, CREATED_DESCRIPTION);
      // Labels became the picklists' ids; the status is the picklist's default.
      assert.equal(ticket.priority, 1);
      assert.equal(ticket.queueID, IDS.queueLevel2);
      assert.equal(ticket.issueType, 1);
      assert.equal(ticket.subIssueType, 102);
      assert.equal(ticket.ticketType, 2);
      assert.equal(ticket.source, 2);
      assert.equal(ticket.contactID, IDS.contactNancy);
      assert.equal(ticket.status, defaultOf('Tickets', 'status'), 'the default status');
      const posts = requestsTo(ctx, 'POST', '/Tickets');
      assert.equal(posts.length, 1, 'exactly one create reached Autotask');
      const body = JSON.parse(posts[0].body);
      assert.equal(body.companyID, IDS.companyNorthwind);
      assert.equal(body.priority, 1);
      assert.equal(body.queueID, IDS.queueLevel2);
      assert.equal(body.subIssueType, 102);
      mentions(text, String(ticket.id));
      ctx.saved.ticketId = ticket.id;
    },
  },
  {
    tool: 'autotask_get_ticket',
    label: 'the ticket just created',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId }),
    check(structured, text, ctx) {
      assert.equal(structured.id, ctx.saved.ticketId);
      assert.equal(structured.title, CREATED_TITLE);
      assert.equal(structured.companyID, IDS.companyNorthwind);
      assert.equal(structured.priorityLabel, 'High');
      assert.equal(structured.queueIDLabel, 'Level II Support');
      assert.equal(structured.issueTypeLabel, 'Hardware');
      assert.equal(structured.subIssueTypeLabel, 'Printer');
      assert.equal(structured.statusLabel, labelOf('Tickets', 'status', defaultOf('Tickets', 'status')));
      assert.match(structured.ticketNumber, /^T\d{8}\.\d{4}$/);
      mentions(text, CREATED_TITLE);
    },
  },
  {
    tool: 'autotask_update_ticket',
    label: 'changing the status by label',
    scope: 'tools:write',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId, status: 'in progress' }),
    before(ctx) {
      ctx.saved.patchesBeforeStatus = requestsTo(ctx, 'PATCH', '/Tickets').length;
    },
    check(structured, text, ctx) {
      assert.deepEqual(structured, { itemId: ctx.saved.ticketId });
      assert.equal(live(ctx, 'Tickets', ctx.saved.ticketId).status, 8, 'the mock ticket is In Progress');
      const patches = requestsTo(ctx, 'PATCH', '/Tickets');
      assert.equal(patches.length, ctx.saved.patchesBeforeStatus + 1, 'exactly one update reached Autotask');
      assert.deepEqual(JSON.parse(patches.at(-1).body), { id: ctx.saved.ticketId, status: 8 }, 'only the status changes');
      mentions(text, String(ctx.saved.ticketId));
    },
  },
  {
    tool: 'autotask_get_ticket',
    label: 'the new status and its label',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId }),
    check(structured, text, ctx) {
      assert.equal(structured.id, ctx.saved.ticketId);
      assert.equal(structured.title, CREATED_TITLE);
      assert.equal(structured.status, 8);
      assert.equal(structured.statusLabel, 'In Progress');
      assert.equal(structured.priority, 1, 'the priority did not change');
      mentions(text, 'In Progress');
    },
  },
  {
    tool: 'autotask_update_ticket',
    label: 'an inactive queue is refused before Autotask',
    scope: 'tools:write',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId, queue: 'Retired Queue' }),
    expectError: true,
    before(ctx) {
      ctx.saved.patchesBeforeRetired = requestsTo(ctx, 'PATCH', '/Tickets').length;
    },
    check(structured, text, ctx) {
      assert.match(text, /Level II Support \(29683355\)/, `the error lists the active queues: ${text}`);
      assert.doesNotMatch(text, /Retired Queue \(29683399\)/, 'the inactive queue is not offered');
      assert.equal(requestsTo(ctx, 'PATCH', '/Tickets').length, ctx.saved.patchesBeforeRetired, 'no update reached Autotask');
      assert.equal(live(ctx, 'Tickets', ctx.saved.ticketId).queueID, IDS.queueLevel2, 'the queue did not change');
    },
  },
  {
    tool: 'autotask_add_ticket_note',
    label: 'a note with the default type and publish',
    scope: 'tools:write',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId, description: NOTE_TEXT }),
    check(structured, text, ctx) {
      const [note, ...more] = created(ctx, 'TicketNotes');
      assert.ok(note, 'the mock holds a new note');
      assert.equal(more.length, 0, 'exactly one note was created');
      assert.deepEqual(structured, { itemId: note.id });
      assert.equal(note.ticketID, ctx.saved.ticketId);
      assert.equal(note.description, NOTE_TEXT);
      assert.equal(note.title, 'Cleared a torn label from the paper path.', 'the title is the first line');
      assert.equal(note.noteType, defaultOf('TicketNotes', 'noteType'), 'the default note type');
      assert.equal(note.publish, defaultOf('TicketNotes', 'publish'), 'the default publish');
      const posts = requestsTo(ctx, 'POST', `/Tickets/${ctx.saved.ticketId}/Notes`);
      assert.equal(posts.length, 1, 'exactly one note reached Autotask');
      mentions(text, String(note.id));
      ctx.saved.noteId = note.id;
    },
  },
  {
    tool: 'autotask_list_ticket_notes',
    label: 'the note just added',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId }),
    check(structured, text, ctx) {
      const [note] = listing(structured, { count: 1 });
      assert.equal(note.id, ctx.saved.noteId);
      assert.equal(note.ticketID, ctx.saved.ticketId);
      assert.equal(note.title, 'Cleared a torn label from the paper path.');
      assert.equal(note.noteTypeLabel, 'Task Detail');
      assert.equal(note.publishLabel, 'All Autotask Users');
      assert.equal(note.creatorResourceID, IDS.resourceApiUser);
      mentions(text, 'Cleared a torn label');
    },
  },

  // ---- time ---------------------------------------------------------------------------------------
  {
    tool: 'autotask_search_time_entries',
    label: 'the time entries of a fixture ticket',
    args: { ticket_id: IDS.ticketPrinter },
    check(structured, text, ctx) {
      const [entry] = listing(structured, { count: 1 });
      assert.equal(entry.id, IDS.timeEntryPrinter);
      assert.equal(entry.ticketID, IDS.ticketPrinter);
      assert.equal(entry.resourceID, IDS.resourceAlex);
      assert.equal(entry.hoursWorked, 1);
      assert.equal(entry.summaryNotes, 'Diagnosed duplex jam, ordered roller kit.');
      asked(lastQuery(ctx, 'TimeEntries'), { op: 'eq', field: 'ticketID', value: IDS.ticketPrinter });
      mentions(text, 'Diagnosed duplex jam');
    },
  },
  {
    tool: 'autotask_search_time_entries',
    label: 'time of one resource between two dates',
    args: { resource_id: IDS.resourceAlex, worked_since: '2026-10-30', worked_until: '2026-10-31' },
    check(structured, text) {
      const since = Date.parse('2026-10-30T00:00:00Z');
      const until = Date.parse('2026-10-31T00:00:00Z');
      const expected = A.TimeEntries.filter(
        (e) => e.resourceID === IDS.resourceAlex && Date.parse(e.dateWorked) >= since && Date.parse(e.dateWorked) <= until,
      );
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), "Alex's time on 30 and 31 October");
      for (const entry of items) assert.equal(entry.resourceID, IDS.resourceAlex);
      mentions(text, 'Restarted the print spooler remotely.');
    },
  },
  {
    tool: 'autotask_search_time_entries',
    label: 'the time entries of a project task',
    args: { task_id: IDS.taskMailboxes },
    check(structured, text) {
      const [entry] = listing(structured, { count: 1 });
      assert.equal(entry.id, IDS.timeEntryTask);
      assert.equal(entry.taskID, IDS.taskMailboxes);
      assert.equal(entry.hoursWorked, 3.5);
      mentions(text, 'Migrated the first batch of 12 mailboxes.');
    },
  },
  {
    tool: 'autotask_add_time_entry',
    label: 'both a ticket and a task is refused',
    scope: 'tools:write',
    args: (ctx) => ({
      ticket_id: ctx.saved.ticketId,
      task_id: IDS.taskMfa,
      resource_id: IDS.resourceAlex,
      date_worked: '2026-11-02',
      hours_worked: 1,
      summary_notes: 'e2e: must not be recorded',
    }),
    expectError: true,
    check(structured, text, ctx) {
      assert.match(text, /ticket_id/, `the error names ticket_id: ${text}`);
      assert.match(text, /task_id/, `the error names task_id: ${text}`);
      assert.equal(requestsTo(ctx, 'POST', '/TimeEntries').length, 0, 'no time entry reached Autotask');
    },
  },
  {
    tool: 'autotask_add_time_entry',
    label: 'time worked on the created ticket',
    scope: 'tools:write',
    args: (ctx) => ({
      ticket_id: ctx.saved.ticketId,
      resource_id: IDS.resourceAlex,
      role_id: IDS.roleTechnician,
      date_worked: '2026-11-02',
      hours_worked: 1.5,
      summary_notes: 'Cleared the paper path and printed a test page.',
      internal_notes: 'Torn label from a shipping sheet.',
    }),
    check(structured, text, ctx) {
      const [entry, ...more] = created(ctx, 'TimeEntries');
      assert.ok(entry, 'the mock holds a new time entry');
      assert.equal(more.length, 0, 'exactly one time entry was created');
      assert.deepEqual(structured, { itemId: entry.id });
      assert.equal(entry.ticketID, ctx.saved.ticketId);
      assert.equal(entry.taskID, null);
      assert.equal(entry.resourceID, IDS.resourceAlex);
      assert.equal(entry.roleID, IDS.roleTechnician);
      assert.equal(entry.hoursWorked, 1.5);
      assert.equal(entry.summaryNotes, 'Cleared the paper path and printed a test page.');
      assert.equal(entry.internalNotes, 'Torn label from a shipping sheet.');
      assert.equal(entry.dateWorked.slice(0, 10), '2026-11-02');
      const posts = requestsTo(ctx, 'POST', '/TimeEntries');
      assert.equal(posts.length, 1, 'exactly one time entry reached Autotask');
      assert.equal(JSON.parse(posts[0].body).hoursWorked, 1.5);
      mentions(text, String(entry.id));
      ctx.saved.timeEntryId = entry.id;
    },
  },
  {
    tool: 'autotask_search_time_entries',
    label: 'the time entry just recorded',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId }),
    check(structured, text, ctx) {
      const [entry] = listing(structured, { count: 1 });
      assert.equal(entry.id, ctx.saved.timeEntryId);
      assert.equal(entry.ticketID, ctx.saved.ticketId);
      assert.equal(entry.resourceID, IDS.resourceAlex);
      assert.equal(entry.hoursWorked, 1.5);
      mentions(text, 'Cleared the paper path');
    },
  },
  {
    tool: 'autotask_update_ticket',
    label: 'closing the ticket with a resolution',
    scope: 'tools:write',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId, status: 'Complete', resolution: RESOLUTION }),
    before(ctx) {
      ctx.saved.patchesBeforeClose = requestsTo(ctx, 'PATCH', '/Tickets').length;
    },
    check(structured, text, ctx) {
      assert.deepEqual(structured, { itemId: ctx.saved.ticketId });
      const ticket = live(ctx, 'Tickets', ctx.saved.ticketId);
      assert.equal(ticket.status, 5, 'the mock ticket is Complete');
      assert.equal(ticket.resolution, RESOLUTION);
      assert.ok(ticket.completedDate, 'Autotask set the completed date');
      const patches = requestsTo(ctx, 'PATCH', '/Tickets');
      assert.equal(patches.length, ctx.saved.patchesBeforeClose + 1, 'exactly one update reached Autotask');
      assert.deepEqual(JSON.parse(patches.at(-1).body), { id: ctx.saved.ticketId, status: 5, resolution: RESOLUTION });
      mentions(text, String(ctx.saved.ticketId));
    },
  },

  // ---- projects, tasks and resources --------------------------------------------------------------
  {
    tool: 'autotask_search_resources',
    label: 'every resource',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: A.Resources.length });
      sameSet(idsOf(items), idsOf(A.Resources), 'the resource ids');
      const alex = items.find((r) => r.id === IDS.resourceAlex);
      assert.equal(`${alex.firstName} ${alex.lastName}`, 'Alex Morgan');
      assert.equal(alex.email, 'alex.morgan@contoso-msp.example');
      assert.equal(items.find((r) => r.id === IDS.resourceSamInactive).isActive, false);
      mentions(text, 'Natarajan');
    },
  },
  {
    tool: 'autotask_search_resources',
    label: 'active resources',
    args: { active: true },
    check(structured, text) {
      const active = A.Resources.filter((r) => r.isActive);
      const items = listing(structured, { count: active.length });
      sameSet(idsOf(items), idsOf(active), 'the active resources');
      assert.ok(!items.some((r) => r.id === IDS.resourceSamInactive), 'Sam Whitfield is inactive');
      mentions(text, 'Jordan');
    },
  },
  {
    tool: 'autotask_search_resources',
    label: 'resources by words in the name',
    args: { name: 'lee' },
    check(structured, text) {
      const [resource] = listing(structured, { count: 1 });
      assert.equal(resource.id, IDS.resourceJordan);
      assert.equal(`${resource.firstName} ${resource.lastName}`, 'Jordan Lee');
      mentions(text, 'jordan.lee@contoso-msp.example');
    },
  },
  {
    tool: 'autotask_search_resources',
    label: 'a resource by email address',
    args: { email: 'priya.natarajan@contoso-msp.example' },
    check(structured, text) {
      const [resource] = listing(structured, { count: 1 });
      assert.equal(resource.id, IDS.resourcePriya);
      assert.equal(resource.lastName, 'Natarajan');
      assert.equal(resource.userName, 'pnatarajan');
      mentions(text, 'Priya');
    },
  },
  {
    tool: 'autotask_search_projects',
    label: 'every project, with status labels',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: A.Projects.length });
      sameSet(idsOf(items), idsOf(A.Projects), 'the project ids');
      const m365 = items.find((p) => p.id === IDS.projectM365);
      assert.equal(m365.projectName, 'Northwind Microsoft 365 migration');
      assert.equal(m365.statusLabel, 'Active');
      assert.equal(items.find((p) => p.id === IDS.projectWifi).statusLabel, 'New');
      assert.equal(items.find((p) => p.id === IDS.projectTailspin).statusLabel, 'Complete');
      mentions(text, 'Fabrikam Wi-Fi refresh');
    },
  },
  {
    tool: 'autotask_search_projects',
    label: 'projects by status label',
    args: { status: 'Active' },
    check(structured, text, ctx) {
      const [project] = listing(structured, { count: 1 });
      assert.equal(project.id, IDS.projectM365);
      assert.equal(project.projectName, 'Northwind Microsoft 365 migration');
      assert.equal(project.status, 4);
      asked(lastQuery(ctx, 'Projects'), { op: 'eq', field: 'status', value: 4 });
      mentions(text, 'Northwind Microsoft 365 migration');
    },
  },
  {
    tool: 'autotask_search_projects',
    label: 'projects of one company by name',
    args: { company_id: IDS.companyFabrikam, name: 'wi-fi' },
    check(structured, text) {
      const [project] = listing(structured, { count: 1 });
      assert.equal(project.id, IDS.projectWifi);
      assert.equal(project.projectName, 'Fabrikam Wi-Fi refresh');
      assert.equal(project.companyID, IDS.companyFabrikam);
      mentions(text, 'Fabrikam Wi-Fi refresh');
    },
  },
  {
    tool: 'autotask_get_project',
    label: 'one project',
    args: { project_id: IDS.projectM365 },
    check(structured, text) {
      const fixture = byId('Projects', IDS.projectM365);
      assert.equal(structured.id, IDS.projectM365);
      assert.equal(structured.projectName, fixture.projectName);
      assert.equal(structured.projectNumber, 'P20261001.0001');
      assert.equal(structured.description, fixture.description);
      assert.equal(structured.statusLabel, 'Active');
      assert.equal(structured.projectLeadResourceID, IDS.resourcePriya);
      mentions(text, 'Northwind Microsoft 365 migration');
    },
  },
  {
    tool: 'autotask_search_tasks',
    label: 'the tasks of one project',
    args: { project_id: IDS.projectM365 },
    check(structured, text) {
      const expected = A.Tasks.filter((t) => t.projectID === IDS.projectM365);
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the M365 tasks');
      const mailboxes = items.find((t) => t.id === IDS.taskMailboxes);
      assert.equal(mailboxes.title, 'Migrate mailboxes (batch 1 of 3)');
      assert.equal(mailboxes.statusLabel, 'In Progress');
      assert.equal(items.find((t) => t.id === IDS.taskMfa).statusLabel, 'New');
      mentions(text, 'Enforce MFA for all users');
    },
  },
  {
    tool: 'autotask_search_tasks',
    label: 'tasks by status label',
    args: { status: 'Complete' },
    check(structured, text, ctx) {
      const expected = A.Tasks.filter((t) => t.status === 5);
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the complete tasks');
      for (const task of items) assert.equal(task.statusLabel, 'Complete');
      assert.equal(items.find((t) => t.id === expected[0].id).title, expected[0].title);
      asked(lastQuery(ctx, 'Tasks'), { op: 'eq', field: 'status', value: 5 });
      mentions(text, 'Wireless site survey');
    },
  },
  {
    tool: 'autotask_search_tasks',
    label: 'tasks of a resource by words in the title',
    args: { assigned_resource_id: IDS.resourceJordan, title: 'survey' },
    check(structured, text) {
      const [task] = listing(structured, { count: 1 });
      assert.equal(task.id, A.Tasks.find((t) => t.title === 'Wireless site survey').id);
      assert.equal(task.title, 'Wireless site survey');
      assert.equal(task.assignedResourceID, IDS.resourceJordan);
      mentions(text, 'Wireless site survey');
    },
  },

  // ---- configuration items --------------------------------------------------------------------------
  {
    tool: 'autotask_search_configuration_items',
    label: 'the configuration items of one company, with type labels',
    args: { company_id: IDS.companyNorthwind },
    check(structured, text) {
      const expected = A.ConfigurationItems.filter((c) => c.companyID === IDS.companyNorthwind);
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the Northwind configuration items');
      const dc = items.find((c) => c.id === IDS.ciDc);
      assert.equal(dc.referenceTitle, 'NW-DC01');
      assert.equal(dc.serialNumber, '8QXK2Y3');
      assert.equal(dc.configurationItemTypeLabel, 'Server');
      assert.equal(items.find((c) => c.id === IDS.ciPrinter).configurationItemTypeLabel, 'Printer');
      mentions(text, 'NW-WS-0142');
    },
  },
  {
    tool: 'autotask_search_configuration_items',
    label: 'inactive configuration items',
    args: { active: false },
    check(structured, text) {
      const [ci] = listing(structured, { count: 1 });
      assert.equal(ci.id, IDS.ciNasInactive);
      assert.equal(ci.referenceTitle, 'TT-NAS01');
      assert.equal(ci.isActive, false);
      mentions(text, 'TT-NAS01');
    },
  },
  {
    tool: 'autotask_search_configuration_items',
    label: 'a configuration item by serial number',
    args: { serial_number: 'FGT60FTK21001234' },
    check(structured, text) {
      const [ci] = listing(structured, { count: 1 });
      assert.equal(ci.id, A.ConfigurationItems.find((c) => c.serialNumber === 'FGT60FTK21001234').id);
      assert.equal(ci.referenceTitle, 'FAB-FW01');
      assert.equal(ci.configurationItemTypeLabel, 'Network Device');
      mentions(text, 'FAB-FW01');
    },
  },
  {
    tool: 'autotask_search_configuration_items',
    label: 'configuration items by words in the name',
    args: { name: 'fab-' },
    check(structured, text) {
      const expected = A.ConfigurationItems.filter((c) => c.referenceTitle.toLowerCase().includes('fab-'));
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the FAB- items');
      mentions(text, 'FAB-RECEPTION');
    },
  },
  {
    tool: 'autotask_get_configuration_item',
    label: 'one configuration item',
    args: { configuration_item_id: IDS.ciPrinter },
    check(structured, text) {
      const fixture = byId('ConfigurationItems', IDS.ciPrinter);
      assert.equal(structured.id, IDS.ciPrinter);
      assert.equal(structured.referenceTitle, 'NW-PRN-2F');
      assert.equal(structured.serialNumber, 'PHBBM12345');
      assert.equal(structured.configurationItemType, 4);
      assert.equal(structured.configurationItemTypeLabel, 'Printer');
      assert.equal(structured.rmmDeviceUID, fixture.rmmDeviceUID);
      assert.equal(structured.companyID, IDS.companyNorthwind);
      mentions(text, 'NW-PRN-2F');
    },
  },

  // ---- reference -----------------------------------------------------------------------------------
  {
    tool: 'autotask_list_picklist',
    label: 'the active sub-issue types with their parent issue types',
    args: { entity: 'Tickets', field: 'subIssueType' },
    check(structured, text) {
      const active = P.Tickets.subIssueType.filter((v) => v.isActive);
      const items = listing(structured, { count: active.length });
      sameSet(items.map((v) => v.id), active.map((v) => v.value), 'the active sub-issue type ids');
      for (const value of items) assert.equal(typeof value.id, 'string', 'picklist ids are strings');
      assert.ok(!items.some((v) => v.label === 'Fax Machine'), 'the inactive Fax Machine is left out');
      const printer = items.find((v) => v.id === '102');
      assert.equal(printer.label, 'Printer');
      assert.equal(printer.parentValue, '1');
      assert.equal(printer.isDefault, false);
      assert.equal(items.find((v) => v.id === '302').parentValue, '3');
      assert.equal(structured.entity, 'Tickets');
      assert.equal(structured.field, 'subIssueType');
      assert.equal(structured.parentField, 'issueType');
      mentions(text, 'Line of Business App');
    },
  },
  {
    tool: 'autotask_list_picklist',
    label: 'the active ticket statuses',
    args: { entity: 'Tickets', field: 'status' },
    check(structured, text) {
      const active = P.Tickets.status.filter((v) => v.isActive);
      const items = listing(structured, { count: active.length });
      sameSet(items.map((v) => v.id), active.map((v) => v.value), 'the active status ids');
      assert.equal(items.find((v) => v.id === '8').label, 'In Progress');
      for (const value of items) {
        const fixture = active.find((v) => v.value === value.id);
        assert.equal(value.label, fixture.label);
        assert.equal(value.isDefault, fixture.isDefaultValue, `${value.label} is${fixture.isDefaultValue ? '' : ' not'} the default`);
      }
      assert.ok(!items.some((v) => v.label === 'Legacy Hold'), 'the inactive Legacy Hold is left out');
      assert.equal(structured.field, 'status');
      mentions(text, 'Waiting Customer');
    },
  },
  {
    tool: 'autotask_list_picklist',
    label: 'an unknown picklist field is a tool error',
    args: { entity: 'Tickets', field: 'noSuchField' },
    expectError: true,
    check(structured, text) {
      // The error names the picklist fields Tickets does have.
      assert.match(text, /picklist field of Tickets/, `the error says it is not a picklist: ${text}`);
      assert.match(text, /subIssueType/, `the error lists the picklist fields: ${text}`);
      assert.match(text, /queueID/, `the error lists the picklist fields: ${text}`);
    },
  },
  {
    tool: 'autotask_get_api_usage',
    label: 'the API usage of the hour',
    args: {},
    check(structured, text, ctx) {
      assert.equal(structured.externalRequestThreshold, 10000);
      assert.equal(structured.requestThresholdTimeframe, 60);
      // The count includes this request, and it is the mock's count at this moment.
      assert.equal(typeof structured.currentTimeframeRequestCount, 'number', preview(structured));
      assert.ok(structured.currentTimeframeRequestCount > 1, 'the calls so far counted');
      assert.equal(structured.currentTimeframeRequestCount, ctx.mocks.autotask.usage(), 'the live count');
      mentions(text, '10000');
    },
  },

  // ---- contracts and services --------------------------------------------------------------------------
  {
    tool: 'autotask_search_contracts',
    label: 'every contract, with status labels',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: A.Contracts.length });
      sameSet(idsOf(items), idsOf(A.Contracts), 'the contract ids');
      const northwind = items.find((c) => c.id === IDS.contractNorthwind);
      assert.equal(northwind.contractName, 'Northwind Managed Services - Gold');
      assert.equal(northwind.statusLabel, 'Active');
      assert.equal(items.find((c) => c.companyID === IDS.companyTailspin).statusLabel, 'Inactive');
      mentions(text, 'Fabrikam Managed Workstations');
    },
  },
  {
    tool: 'autotask_search_contracts',
    label: 'contracts by status label',
    args: { status: 'Inactive' },
    check(structured, text, ctx) {
      const expected = A.Contracts.filter((c) => c.status === 0);
      const [contract] = listing(structured, { count: expected.length });
      assert.equal(contract.id, expected[0].id);
      assert.equal(contract.contractName, 'Tailspin Block Hours 2025');
      asked(lastQuery(ctx, 'Contracts'), { op: 'eq', field: 'status', value: 0 });
      mentions(text, 'Tailspin Block Hours 2025');
    },
  },
  {
    tool: 'autotask_search_contracts',
    label: 'contracts of one company by name',
    args: { company_id: IDS.companyFabrikam, name: 'workstations' },
    check(structured, text) {
      const [contract] = listing(structured, { count: 1 });
      assert.equal(contract.id, A.Contracts.find((c) => c.companyID === IDS.companyFabrikam).id);
      assert.equal(contract.contractName, 'Fabrikam Managed Workstations');
      mentions(text, 'Fabrikam Managed Workstations');
    },
  },
  {
    tool: 'autotask_get_contract',
    label: 'one contract',
    args: { contract_id: IDS.contractNorthwind },
    check(structured, text) {
      const fixture = byId('Contracts', IDS.contractNorthwind);
      assert.equal(structured.id, IDS.contractNorthwind);
      assert.equal(structured.contractName, fixture.contractName);
      assert.equal(structured.contractNumber, 'NWT-MS-2026');
      assert.equal(structured.companyID, IDS.companyNorthwind);
      assert.equal(structured.statusLabel, 'Active');
      assert.equal(structured.estimatedRevenue, 64800);
      mentions(text, 'Northwind Managed Services - Gold');
    },
  },
  {
    tool: 'autotask_search_services',
    label: 'every service',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: A.Services.length });
      sameSet(idsOf(items), idsOf(A.Services), 'the service ids');
      const server = items.find((s) => s.name === 'Managed Server');
      assert.equal(server.id, A.Services.find((s) => s.name === 'Managed Server').id);
      assert.equal(server.unitPrice, 250);
      mentions(text, 'Managed Workstation');
    },
  },
  {
    tool: 'autotask_search_services',
    label: 'active services by name',
    args: { name: 'microsoft 365', active: true },
    check(structured, text) {
      const [service] = listing(structured, { count: 1 });
      assert.equal(service.id, A.Services.find((s) => s.name.startsWith('Microsoft 365')).id);
      assert.equal(service.name, 'Microsoft 365 Business Premium seat');
      assert.equal(service.isActive, true);
      mentions(text, 'Microsoft 365 Business Premium seat');
    },
  },

  // ---- sales ----------------------------------------------------------------------------------------
  {
    tool: 'autotask_search_opportunities',
    label: 'every opportunity, with status labels',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: A.Opportunities.length });
      sameSet(idsOf(items), idsOf(A.Opportunities), 'the opportunity ids');
      const adatum = items.find((o) => o.id === IDS.opportunityAdatum);
      assert.equal(adatum.title, 'Adatum managed services');
      assert.equal(adatum.statusLabel, 'Active');
      assert.equal(items.find((o) => o.title === 'Northwind server refresh').statusLabel, 'Closed (Won)');
      mentions(text, 'Fabrikam VoIP phones');
    },
  },
  {
    tool: 'autotask_search_opportunities',
    label: 'opportunities by status label',
    args: { status: 'lost' },
    check(structured, text, ctx) {
      const expected = A.Opportunities.filter((o) => o.status === 2);
      const [opportunity] = listing(structured, { count: expected.length });
      assert.equal(opportunity.id, expected[0].id);
      assert.equal(opportunity.title, 'Fabrikam VoIP phones');
      assert.equal(opportunity.statusLabel, 'Lost');
      asked(lastQuery(ctx, 'Opportunities'), { op: 'eq', field: 'status', value: 2 });
      mentions(text, 'Fabrikam VoIP phones');
    },
  },
  {
    tool: 'autotask_search_opportunities',
    label: 'opportunities of one company by title',
    args: { company_id: IDS.companyNorthwind, title: 'server' },
    check(structured, text) {
      const [opportunity] = listing(structured, { count: 1 });
      assert.equal(opportunity.id, A.Opportunities.find((o) => o.title === 'Northwind server refresh').id);
      assert.equal(opportunity.title, 'Northwind server refresh');
      assert.equal(opportunity.amount, 18500);
      mentions(text, 'Northwind server refresh');
    },
  },
  {
    tool: 'autotask_search_quotes',
    label: 'every quote',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: A.Quotes.length });
      sameSet(idsOf(items), idsOf(A.Quotes), 'the quote ids');
      assert.equal(items.find((q) => q.id === 29686101).name, 'Adatum managed services proposal');
      mentions(text, 'Northwind server refresh');
    },
  },
  {
    tool: 'autotask_search_quotes',
    label: 'the quotes of an opportunity',
    args: { opportunity_id: IDS.opportunityAdatum },
    check(structured, text, ctx) {
      const [quote] = listing(structured, { count: 1 });
      assert.equal(quote.id, 29686101);
      assert.equal(quote.name, 'Adatum managed services proposal');
      assert.equal(quote.companyID, IDS.companyAdatum);
      asked(lastQuery(ctx, 'Quotes'), { op: 'eq', field: 'opportunityID', value: IDS.opportunityAdatum });
      mentions(text, 'Adatum managed services proposal');
    },
  },
  {
    tool: 'autotask_search_quotes',
    label: 'quotes of one company by name',
    args: { company_id: IDS.companyNorthwind, name: 'refresh' },
    check(structured, text) {
      const [quote] = listing(structured, { count: 1 });
      assert.equal(quote.id, 29686102);
      assert.equal(quote.name, 'Northwind server refresh');
      mentions(text, 'Northwind server refresh');
    },
  },
  {
    tool: 'autotask_search_products',
    label: 'every product',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: A.Products.length });
      sameSet(idsOf(items), idsOf(A.Products), 'the product ids');
      const toner = items.find((p) => p.name === 'HP 58A black toner');
      assert.equal(toner.id, A.Products.find((p) => p.sku === 'HP-CF258A').id);
      assert.equal(toner.unitPrice, 129);
      mentions(text, 'Dell OptiPlex 7010 Micro');
    },
  },
  {
    tool: 'autotask_search_products',
    label: 'active products by name',
    args: { name: 'access point', active: true },
    check(structured, text) {
      const [product] = listing(structured, { count: 1 });
      assert.equal(product.id, A.Products.find((p) => p.sku === 'UBNT-U6-PRO').id);
      assert.equal(product.name, 'Ubiquiti U6 Pro access point');
      mentions(text, 'Ubiquiti U6 Pro access point');
    },
  },

  // ---- billing --------------------------------------------------------------------------------------
  {
    tool: 'autotask_search_invoices',
    label: 'the invoices of one company',
    args: { company_id: IDS.companyNorthwind },
    check(structured, text) {
      const expected = A.Invoices.filter((i) => i.companyID === IDS.companyNorthwind);
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the Northwind invoices');
      const october = items.find((i) => i.invoiceNumber === 'INV-2026-1015');
      assert.equal(october.id, 29687102);
      assert.equal(october.invoiceTotal, 5587.5);
      mentions(text, 'INV-2026-0912');
    },
  },
  {
    tool: 'autotask_search_invoices',
    label: 'invoices since a date',
    args: { invoiced_since: '2026-10-01' },
    check(structured, text, ctx) {
      const expected = A.Invoices.filter((i) => Date.parse(i.invoiceDateTime) >= Date.parse('2026-10-01T00:00:00Z'));
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the invoices of October');
      assert.equal(items.find((i) => i.id === 29687103).invoiceNumber, 'INV-2026-1016');
      const condition = conditions(lastQuery(ctx, 'Invoices')).find((c) => c.field === 'invoiceDateTime');
      assert.equal(condition?.op, 'gte', `an invoiceDateTime condition: ${preview(condition)}`);
      mentions(text, 'INV-2026-1016');
    },
  },
  {
    tool: 'autotask_get_invoice',
    label: 'one invoice',
    args: { invoice_id: 29687101 },
    check(structured, text) {
      const fixture = byId('Invoices', 29687101);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.invoiceNumber, 'INV-2026-0912');
      assert.equal(structured.invoiceTotal, fixture.invoiceTotal);
      assert.equal(structured.paidDate, fixture.paidDate);
      mentions(text, 'INV-2026-0912');
    },
  },
  // ---- sales: single records -------------------------------------------------------------------------
  {
    tool: 'autotask_get_opportunity',
    label: 'one opportunity, with its status label',
    args: { opportunity_id: IDS.opportunityAdatum },
    check(structured, text) {
      const fixture = byId('Opportunities', IDS.opportunityAdatum);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.title, 'Adatum managed services');
      assert.equal(structured.amount, fixture.amount);
      assert.equal(structured.statusLabel, labelOf('Opportunities', 'status', fixture.status));
      mentions(text, 'Adatum managed services');
    },
  },
  {
    tool: 'autotask_get_quote',
    label: 'one quote',
    args: { quote_id: 29686102 },
    check(structured, text) {
      const fixture = byId('Quotes', 29686102);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.name, 'Northwind server refresh');
      assert.equal(structured.quoteNumber, 'Q-1032');
      assert.equal(structured.opportunityID, fixture.opportunityID);
      mentions(text, 'Q-1032');
    },
  },
  // ---- service calls ---------------------------------------------------------------------------------
  {
    tool: 'autotask_search_service_calls',
    label: 'open service calls by status label',
    args: { status: 'new' },
    check(structured, text, ctx) {
      const expected = A.ServiceCalls.filter((c) => c.status === 1);
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the new service calls');
      for (const item of items) assert.equal(item.statusLabel, 'New');
      asked(lastQuery(ctx, 'ServiceCalls'), { op: 'eq', field: 'status', value: 1 });
      mentions(text, 'duplex roller');
    },
  },
  {
    tool: 'autotask_search_service_calls',
    label: 'the service calls of one company',
    args: { company_id: IDS.companyFabrikam },
    check(structured, text) {
      const expected = A.ServiceCalls.filter((c) => c.companyID === IDS.companyFabrikam);
      const items = listing(structured, { count: expected.length });
      sameSet(idsOf(items), idsOf(expected), 'the Fabrikam service calls');
      assert.equal(items[0].description, 'On-site wireless survey');
      mentions(text, 'wireless survey');
    },
  },
  {
    tool: 'autotask_get_service_call',
    label: 'one service call',
    args: { service_call_id: 29690102 },
    check(structured, text) {
      const fixture = byId('ServiceCalls', 29690102);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.description, fixture.description);
      assert.equal(structured.statusLabel, labelOf('ServiceCalls', 'status', fixture.status));
      assert.equal(structured.duration, 4);
      mentions(text, 'wireless survey');
    },
  },
];
