// The Atera calls every real MCP client makes (tests/e2e/clients.test.mjs): every tool in
// docs/TOOLS.md once, with arguments and a check of the answer against the mock's fixtures
// (format: tests/support/tool-calls.mjs). Reads first; then a customer and a contact are
// created, a ticket is created for an existing contact and commented on, and another ticket is
// resolved (so no two writes answer the same ActionID). Each client suite resets the mock
// first, so ids repeat.
import assert from 'node:assert/strict';
import { listing, mentions, sameSet } from '../../support/tool-calls.mjs';
import { ATERA_IDS, ateraFixtures } from './fixtures.mjs';

const A = ateraFixtures;
const IDS = ATERA_IDS;
const by = (field) => (records) => records.map((r) => r[field]);
const state = (ctx) => ctx.mocks.atera.state();
const CREATED_TITLE = 'e2e: label printer prints half a label';

/** The calls, in the order they run. */
export const CALLS = [
  // ---- customers and contacts ---------------------------------------------------------------
  {
    tool: 'atera_list_customers',
    label: 'every customer, with the total Atera counts',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: A.customers.length });
      sameSet(by('CustomerID')(items), by('CustomerID')(A.customers), 'the customers');
      assert.equal(structured.total, A.customers.length, 'totalItemCount is the total');
      mentions(text, 'Northwind Traders');
    },
  },
  {
    tool: 'atera_get_customer',
    label: 'one customer, the bare record',
    args: { customer_id: IDS.customerNorthwind },
    check(structured, text) {
      const fixture = A.customers.find((c) => c.CustomerID === IDS.customerNorthwind);
      assert.equal(structured.CustomerID, fixture.CustomerID);
      assert.equal(structured.CustomerName, 'Northwind Traders');
      assert.equal(structured.Notes, fixture.Notes);
      mentions(text, 'northwind.example');
    },
  },
  {
    tool: 'atera_list_contacts',
    label: 'contacts whose email holds a domain',
    args: { email: 'NORTHWIND.example' },
    check(structured, text) {
      const expected = A.contacts.filter((c) => c.Email.includes('northwind.example'));
      const items = listing(structured, { count: expected.length });
      sameSet(by('EndUserID')(items), by('EndUserID')(expected), 'Northwind contacts');
      mentions(text, 'nancy@northwind.example');
    },
  },
  {
    tool: 'atera_get_contact',
    label: 'one contact',
    args: { contact_id: IDS.contactNancy },
    check(structured) {
      assert.equal(structured.EndUserID, IDS.contactNancy);
      assert.equal(structured.Email, 'nancy@northwind.example');
      assert.equal(structured.CustomerName, 'Northwind Traders');
    },
  },
  {
    tool: 'atera_create_customer',
    label: 'a new customer',
    scope: 'tools:write',
    args: { name: 'Adatum Corporation', domain: 'adatum.example', city: 'Chicago', phone: '312-555-0170' },
    check(structured, text, ctx) {
      const created = state(ctx).customers.filter((c) => !A.customers.some((f) => f.CustomerID === c.CustomerID));
      assert.equal(created.length, 1, 'one customer was created');
      assert.deepEqual(structured, { ActionID: created[0].CustomerID });
      assert.equal(created[0].CustomerName, 'Adatum Corporation');
      assert.equal(created[0].Domain, 'adatum.example');
      ctx.saved.customerId = created[0].CustomerID;
    },
  },
  {
    tool: 'atera_create_contact',
    label: 'a contact of the new customer',
    scope: 'tools:write',
    args: (ctx) => ({ customer_id: ctx.saved.customerId, email: 'priya@adatum.example', first_name: 'Priya', last_name: 'Shah', is_contact_person: true }),
    check(structured, text, ctx) {
      const created = state(ctx).contacts.filter((c) => !A.contacts.some((f) => f.EndUserID === c.EndUserID));
      assert.equal(created.length, 1, 'one contact was created');
      assert.deepEqual(structured, { ActionID: created[0].EndUserID });
      assert.equal(created[0].CustomerID, ctx.saved.customerId);
      assert.equal(created[0].IsContactPerson, true);
    },
  },
  {
    tool: 'atera_update_customer',
    label: 'new notes for an existing customer',
    scope: 'tools:write',
    args: { customer_id: IDS.customerNorthwind, notes: 'Gold support, 45 seats.' },
    check(structured, text, ctx) {
      assert.deepEqual(structured, { ActionID: IDS.customerNorthwind });
      const live = state(ctx).customers.find((c) => c.CustomerID === IDS.customerNorthwind);
      assert.equal(live.Notes, 'Gold support, 45 seats.');
      assert.equal(live.CustomerName, 'Northwind Traders', 'fields not given are kept');
    },
  },
  {
    tool: 'atera_update_contact',
    label: 'a new job title for an existing contact',
    scope: 'tools:write',
    args: { contact_id: 302, job_title: 'Chief Financial Officer' },
    check(structured, text, ctx) {
      assert.deepEqual(structured, { ActionID: 302 });
      const live = state(ctx).contacts.find((c) => c.EndUserID === 302);
      assert.equal(live.JobTitle, 'Chief Financial Officer');
      const put = ctx.mocks.atera.requests.find((r) => r.method === 'PUT' && r.path === '/api/v3/contacts/302');
      assert.deepEqual(JSON.parse(put.body), { JobTitle: 'Chief Financial Officer' });
    },
  },
  // ---- agents ----------------------------------------------------------------------------------
  {
    tool: 'atera_list_agents',
    label: 'one customer\'s agents',
    args: { customer_id: IDS.customerNorthwind },
    check(structured, text, ctx) {
      const expected = A.agents.filter((a) => a.CustomerID === IDS.customerNorthwind);
      const items = listing(structured, { count: expected.length });
      sameSet(by('AgentID')(items), by('AgentID')(expected), 'Northwind agents');
      assert.ok(ctx.mocks.atera.requests.some((r) => r.path === `/api/v3/agents/customer/${IDS.customerNorthwind}`));
      mentions(text, 'NW-LT-0087');
    },
  },
  {
    tool: 'atera_get_agent',
    label: 'one agent with its hardware',
    args: { agent_id: IDS.agentDc },
    check(structured, text) {
      const fixture = A.agents.find((a) => a.AgentID === IDS.agentDc);
      assert.equal(structured.AgentID, fixture.AgentID);
      assert.equal(structured.MachineName, 'NW-DC01');
      assert.equal(structured.VendorSerialNumber, '8QXK2Y3');
      assert.deepEqual(structured.IpAddresses, ['10.20.0.10']);
      mentions(text, 'Windows Server 2022');
    },
  },
  {
    tool: 'atera_find_agents_by_machine',
    label: 'an agent by its machine name, any letter case',
    args: { machine_name: 'fab-xray-01' },
    check(structured) {
      const [agent] = listing(structured, { count: 1 });
      assert.equal(agent.MachineName, 'FAB-XRAY-01');
      assert.equal(agent.AgentID, 5104);
    },
  },
  // ---- tickets ---------------------------------------------------------------------------------
  {
    tool: 'atera_list_tickets',
    label: 'one customer\'s open tickets',
    args: { customer_id: IDS.customerNorthwind, status: 'Open' },
    check(structured, text, ctx) {
      const expected = A.tickets.filter((t) => t.CustomerID === IDS.customerNorthwind && t.TicketStatus === 'Open');
      const items = listing(structured, { count: expected.length });
      sameSet(by('TicketID')(items), by('TicketID')(expected), 'open Northwind tickets');
      const asked = ctx.mocks.atera.requests.find((r) => r.path === '/api/v3/tickets');
      assert.equal(asked.query.ticketStatus, 'Open');
      assert.equal(asked.query.customerId, String(IDS.customerNorthwind));
      assert.equal(asked.query.itemsInPage, '50', 'pages of 50, Atera\'s most');
      mentions(text, 'Reception printer offline');
    },
  },
  {
    tool: 'atera_get_ticket',
    label: 'one ticket',
    args: { ticket_id: IDS.ticketPrinter },
    check(structured, text) {
      const fixture = A.tickets.find((t) => t.TicketID === IDS.ticketPrinter);
      assert.equal(structured.TicketID, fixture.TicketID);
      assert.equal(structured.TicketTitle, fixture.TicketTitle);
      assert.equal(structured.TechnicianFullName, 'Alex Tech');
      mentions(text, 'High');
    },
  },
  {
    tool: 'atera_list_ticket_comments',
    label: 'the comments of one ticket',
    args: { ticket_id: IDS.ticketPrinter },
    check(structured) {
      const fixture = A.comments[IDS.ticketPrinter];
      const items = listing(structured, { count: fixture.length });
      assert.deepEqual(by('Comment')(items), by('Comment')(fixture));
      assert.equal(items[2].IsInternal, true);
    },
  },
  {
    tool: 'atera_create_ticket',
    label: 'a ticket for an existing contact',
    scope: 'tools:write',
    args: { title: CREATED_TITLE, description: 'Labels come out cut in half since the update.', end_user_id: IDS.contactNancy, priority: 'High', type: 'Incident', technician_id: IDS.technicianAlex },
    check(structured, text, ctx) {
      const known = new Set(by('TicketID')(A.tickets));
      const created = state(ctx).tickets.filter((t) => !known.has(t.TicketID));
      assert.equal(created.length, 1, 'one ticket was created');
      const [ticket] = created;
      assert.deepEqual(structured, { ActionID: ticket.TicketID });
      assert.equal(ticket.TicketTitle, CREATED_TITLE);
      assert.equal(ticket.EndUserID, IDS.contactNancy);
      assert.equal(ticket.TicketPriority, 'High');
      assert.equal(ticket.TechnicianFullName, 'Alex Tech');
      ctx.saved.ticketId = ticket.TicketID;
      mentions(text, String(ticket.TicketID));
    },
  },
  {
    tool: 'atera_update_ticket',
    label: 'an existing ticket resolved',
    scope: 'tools:write',
    args: { ticket_id: IDS.ticketVpn, status: 'Resolved', impact: 'NoImpact' },
    check(structured, text, ctx) {
      assert.deepEqual(structured, { ActionID: IDS.ticketVpn });
      const live = state(ctx).tickets.find((t) => t.TicketID === IDS.ticketVpn);
      assert.equal(live.TicketStatus, 'Resolved');
      assert.equal(live.TicketImpact, 'NoImpact');
      assert.equal(live.TicketTitle, A.tickets.find((t) => t.TicketID === IDS.ticketVpn).TicketTitle, 'fields not given are kept');
      const put = ctx.mocks.atera.requests.find((r) => r.method === 'PUT' && r.path === `/api/v3/tickets/${IDS.ticketVpn}`);
      assert.deepEqual(JSON.parse(put.body), { TicketStatus: 'Resolved', TicketImpact: 'NoImpact' });
    },
  },
  {
    tool: 'atera_add_ticket_comment',
    label: 'an internal note by a technician',
    scope: 'tools:write',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId, comment: 'Firmware 2.4 fixes the half labels.', technician_id: IDS.technicianAlex, internal: true }),
    check(structured, text, ctx) {
      assert.deepEqual(structured, { ActionID: ctx.saved.ticketId });
      const last = state(ctx).comments[ctx.saved.ticketId].at(-1);
      assert.equal(last.Comment, 'Firmware 2.4 fixes the half labels.');
      assert.equal(last.IsInternal, true);
      assert.equal(last.TechnicianContactID, IDS.technicianAlex);
    },
  },
  // ---- alerts ----------------------------------------------------------------------------------
  {
    tool: 'atera_list_alerts',
    label: 'open alerts',
    args: { status: 'Open' },
    check(structured, text) {
      const expected = A.alerts.filter((a) => !a.Archived && a.SnoozedEndDate === null);
      const items = listing(structured, { count: expected.length });
      sameSet(by('AlertID')(items), by('AlertID')(expected), 'open alerts');
      mentions(text, 'Low disk space on C:');
    },
  },
  {
    tool: 'atera_get_alert',
    label: 'one archived alert',
    args: { alert_id: IDS.alertArchived },
    check(structured) {
      const fixture = A.alerts.find((a) => a.AlertID === IDS.alertArchived);
      assert.equal(structured.AlertID, fixture.AlertID);
      assert.equal(structured.Archived, true);
      assert.equal(structured.Title, fixture.Title);
    },
  },
  // ---- contracts, time, knowledge ----------------------------------------------------------------
  {
    tool: 'atera_list_contracts',
    label: 'one customer\'s contracts',
    args: { customer_id: IDS.customerNorthwind },
    check(structured) {
      const expected = A.contracts.filter((c) => c.CustomerID === IDS.customerNorthwind);
      const items = listing(structured, { count: expected.length });
      sameSet(by('ContractID')(items), by('ContractID')(expected), 'Northwind contracts');
    },
  },
  {
    tool: 'atera_get_contract',
    label: 'one contract with its terms',
    args: { contract_id: IDS.contractNorthwind },
    check(structured) {
      assert.equal(structured.ContractID, IDS.contractNorthwind);
      assert.equal(structured.ContractType, 'RetainerFlatFee');
      assert.equal(structured.RetainerFlatFeeContract.Rate, 1800);
    },
  },
  {
    tool: 'atera_get_ticket_work_hours',
    label: 'billable and non-billable hours of a ticket',
    args: { ticket_id: IDS.ticketPrinter },
    check(structured) {
      assert.equal(structured.TicketID, IDS.ticketPrinter);
      assert.equal(structured.Billable.TotalDurationHours, 0.5);
      assert.equal(structured.NonBillable.TotalDurationHours, 0.25);
    },
  },
  {
    tool: 'atera_list_ticket_work_hours',
    label: 'the work-hour entries of a ticket',
    args: { ticket_id: IDS.ticketPrinter },
    check(structured) {
      const fixture = A.workHours[IDS.ticketPrinter];
      const items = listing(structured, { count: fixture.length });
      sameSet(items.map((e) => e.WorkHoursID), fixture.map((e) => e.WorkHoursID), 'entries');
      for (const item of items) assert.equal(item.TicketID, IDS.ticketPrinter, 'entries of that ticket');
    },
  },
  {
    tool: 'atera_list_kb_articles',
    label: 'the knowledge base',
    args: {},
    check(structured) {
      const items = listing(structured, { count: A.knowledgeBase.length });
      sameSet(by('KBID')(items), by('KBID')(A.knowledgeBase), 'articles');
    },
  },
  {
    tool: 'atera_list_devices',
    label: 'SNMP devices',
    args: { kind: 'snmp' },
    check(structured) {
      const items = listing(structured, { count: A.devices.snmp.length });
      sameSet(items.map((d) => d.DeviceID), A.devices.snmp.map((d) => d.DeviceID), 'SNMP devices');
      for (const item of items) assert.ok(A.customers.some((c) => c.CustomerName === item.CustomerName));
    },
  },
];
