// The HaloPSA calls every real MCP client makes (tests/e2e/clients.test.mjs): every tool in
// docs/TOOLS.md once, with a check of the answer against the mock's fixtures and live state.
// The table's format is described in tests/support/tool-calls.mjs.
import assert from 'node:assert/strict';
import { listing, mentions, sameSet } from '../../support/tool-calls.mjs';
import { HALO_IDS, haloFixtures } from './fixtures.mjs';

const H = haloFixtures;
const halo = (ctx) => ctx.mocks.halopsa;
/** The JSON bodies the mock received for `POST path`. */
const posted = (ctx, path) => halo(ctx).requests.filter((r) => r.method === 'POST' && r.path === path).map((r) => JSON.parse(r.body));

/** A list item carries only summary fields: none of the wide ones a full record has. */
function summaryOnly(item, wide) {
  for (const field of wide) assert.ok(!(field in item), `the list item ${item.id} leaves out ${field}`);
}

/** A reference list: every fixture record, by id, with its name. */
function reference(records) {
  return (structured) => {
    const items = listing(structured, { count: records.length });
    sameSet(items.map((r) => r.id), records.map((r) => r.id), 'the ids');
    for (const item of items) assert.equal(item.name, records.find((r) => r.id === item.id).name);
  };
}

/** A read-only report the mock knows how to answer. */
const REPORT_SQL = 'SELECT aareadesc AS name, COUNT(*) AS count FROM FAULTS JOIN AREA ON aarea = areaint GROUP BY aareadesc';

/** The calls, in the order they run. */
export const CALLS = [
  {
    tool: 'halopsa_list_tickets',
    label: "a client's open tickets, as summaries",
    args: { client_id: HALO_IDS.clientNorthwind, state: 'open' },
    check(structured, text, ctx) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((t) => t.id), [HALO_IDS.ticketPrinter, HALO_IDS.ticketVpn], 'open Northwind tickets');
      assert.equal(structured.total, 2, 'record_count is the total');
      const printer = items.find((t) => t.id === HALO_IDS.ticketPrinter);
      assert.equal(printer.summary, 'Printer on 2F jams every morning');
      assert.equal(printer.status_name, 'In Progress');
      assert.equal(printer.agent_name, 'Sam Tech');
      summaryOnly(printer, ['details', 'customfields', 'sla_name']);
      const [request] = halo(ctx).requests.filter((r) => r.path === '/api/Tickets');
      assert.equal(request.query.pageinate, 'true');
      assert.equal(request.query.page_no, '1');
      assert.equal(request.query.open_only, 'true');
      mentions(text, 'VPN drops for warehouse scanners');
    },
  },
  {
    tool: 'halopsa_get_ticket',
    label: 'one ticket in full',
    args: { ticket_id: String(HALO_IDS.ticketPrinter) },
    check(structured) {
      const fixture = H.tickets.find((t) => t.id === HALO_IDS.ticketPrinter);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.summary, fixture.summary);
      assert.equal(structured.details, fixture.details);
      assert.deepEqual(structured.customfields, fixture.customfields);
      assert.equal(structured.user_email, 'anna@northwind.example');
    },
  },
  {
    tool: 'halopsa_create_ticket',
    label: 'a new ticket, sent as a JSON array',
    scope: 'tools:write',
    args: {
      summary: 'Scanner offline at the warehouse',
      details: 'Handheld scanner 4 cannot reach the WMS.',
      client_id: HALO_IDS.clientNorthwind,
      site_id: HALO_IDS.siteNorthwindWarehouse,
      tickettype_id: HALO_IDS.typeIncident,
      priority_id: HALO_IDS.priorityHigh,
      team: 'Service Desk',
    },
    check(structured, text, ctx) {
      assert.ok(structured.id >= 2001, `a new ticket id: ${structured.id}`);
      assert.equal(structured.summary, 'Scanner offline at the warehouse');
      assert.equal(structured.client_name, 'Northwind Traders');
      assert.equal(structured.site_name, 'Northwind Warehouse');
      const live = halo(ctx).state().tickets.find((t) => t.id === structured.id);
      assert.equal(live?.summary, 'Scanner offline at the warehouse', 'the mock holds the ticket');
      const [body] = posted(ctx, '/api/Tickets');
      assert.ok(Array.isArray(body) && body.length === 1, 'the body is a JSON array of one ticket');
      assert.equal(body[0].client_id, HALO_IDS.clientNorthwind, 'ids go as numbers');
      assert.equal(body[0].id, undefined, 'a create sends no id');
    },
  },
  {
    tool: 'halopsa_update_ticket',
    label: "a ticket's status and agent",
    scope: 'tools:write',
    args: { ticket_id: HALO_IDS.ticketVpn, status_id: HALO_IDS.statusInProgress, agent_id: HALO_IDS.agentSam },
    check(structured, text, ctx) {
      assert.equal(structured.id, HALO_IDS.ticketVpn);
      assert.equal(structured.status_name, 'In Progress');
      assert.equal(structured.agent_name, 'Sam Tech');
      assert.equal(structured.summary, 'VPN drops for warehouse scanners', 'other fields keep their values');
      const bodies = posted(ctx, '/api/Tickets');
      assert.deepEqual(bodies.at(-1), [{ id: HALO_IDS.ticketVpn, status_id: HALO_IDS.statusInProgress, agent_id: HALO_IDS.agentSam }]);
    },
  },
  {
    tool: 'halopsa_list_actions',
    label: "a ticket's actions",
    args: { ticket_id: HALO_IDS.ticketPrinter },
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((a) => a.id), [9001, 9002], 'the printer ticket actions');
      assert.equal(items.find((a) => a.id === 9002).outcome, 'Email User');
      summaryOnly(items[0], ['note_html', 'actiondatecreated']);
    },
  },
  {
    tool: 'halopsa_add_action',
    label: 'a hidden note with time and a new status',
    scope: 'tools:write',
    args: { ticket_id: HALO_IDS.ticketPrinter, note: 'Replaced the pickup roller.', time_taken: 0.5, new_status: HALO_IDS.statusClosed },
    check(structured, text, ctx) {
      const created = halo(ctx).state().actions.find((a) => a.id === structured.id);
      assert.ok(created && structured.id >= 9100, `the new action ${structured.id} is in the mock`);
      assert.equal(structured.ticket_id, HALO_IDS.ticketPrinter);
      assert.equal(structured.note, 'Replaced the pickup roller.');
      assert.equal(structured.hiddenfromuser, true);
      assert.equal(structured.outcome, 'Private Note');
      const live = halo(ctx).state().tickets.find((t) => t.id === HALO_IDS.ticketPrinter);
      assert.equal(live.status_name, 'Closed', 'the new status reached the ticket');
      const [body] = posted(ctx, '/api/Actions');
      assert.deepEqual(body, [{
        ticket_id: HALO_IDS.ticketPrinter, note: 'Replaced the pickup roller.', outcome: 'Private Note',
        hiddenfromuser: true, sendemail: false, new_status: HALO_IDS.statusClosed, timetaken: 0.5,
      }]);
    },
  },
  {
    tool: 'halopsa_list_clients',
    label: 'active clients, as summaries',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((c) => c.id), [HALO_IDS.clientNorthwind, HALO_IDS.clientFabrikam], 'active clients');
      assert.equal(items.find((c) => c.id === HALO_IDS.clientNorthwind).open_ticket_count, 3);
      summaryOnly(items[0], ['notes', 'customfields', 'colour']);
      mentions(text, 'Fabrikam Dental Group');
    },
  },
  {
    tool: 'halopsa_get_client',
    label: 'one client in full',
    args: { client_id: HALO_IDS.clientNorthwind },
    check(structured) {
      const fixture = H.clients.find((c) => c.id === HALO_IDS.clientNorthwind);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.name, 'Northwind Traders');
      assert.equal(structured.notes, fixture.notes);
      assert.deepEqual(structured.customfields, fixture.customfields);
    },
  },
  {
    tool: 'halopsa_list_sites',
    label: "a client's sites",
    args: { client_id: HALO_IDS.clientNorthwind },
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((s) => s.name), ['Northwind HQ', 'Northwind Warehouse'], 'Northwind sites');
      summaryOnly(items[0], ['delivery_address']);
    },
  },
  {
    tool: 'halopsa_list_users',
    label: "a client's end users",
    args: { client_id: HALO_IDS.clientNorthwind },
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((u) => u.id), [HALO_IDS.userAnna, HALO_IDS.userBen], 'Northwind users');
      assert.equal(items.find((u) => u.id === HALO_IDS.userAnna).emailaddress, 'anna@northwind.example');
    },
  },
  {
    tool: 'halopsa_list_assets',
    label: "a client's assets, as summaries",
    args: { client_id: HALO_IDS.clientNorthwind },
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((a) => a.id), [HALO_IDS.assetNwDc, HALO_IDS.assetNwLaptop], 'Northwind assets');
      assert.equal(items.find((a) => a.id === HALO_IDS.assetNwDc).assettype_name, 'Server');
      summaryOnly(items[0], ['fields', 'notes', 'customfields']);
    },
  },
  {
    tool: 'halopsa_get_asset',
    label: 'one asset in full',
    args: { asset_id: HALO_IDS.assetNwDc },
    check(structured) {
      assert.equal(structured.id, HALO_IDS.assetNwDc);
      assert.equal(structured.inventory_number, 'NW-DC01');
      assert.deepEqual(structured.fields.map((f) => f.value), ['Windows Server 2022', '10.20.0.10']);
    },
  },
  { tool: 'halopsa_list_agents', label: 'agents', args: {}, check: reference(H.agents) },
  { tool: 'halopsa_list_statuses', label: 'ticket statuses', args: {}, check: reference(H.statuses) },
  { tool: 'halopsa_list_priorities', label: 'priorities', args: {}, check: reference(H.priorities) },
  { tool: 'halopsa_list_ticket_types', label: 'ticket types', args: {}, check: reference(H.ticketTypes) },
  { tool: 'halopsa_list_teams', label: 'teams', args: {}, check: reference(H.teams) },
  {
    tool: 'halopsa_get_site',
    label: 'one site in full',
    args: { site_id: HALO_IDS.siteNorthwindWarehouse },
    check(structured) {
      assert.equal(structured.id, HALO_IDS.siteNorthwindWarehouse);
      assert.equal(structured.name, 'Northwind Warehouse');
      assert.equal(structured.delivery_address.line2, 'Tacoma');
    },
  },
  {
    tool: 'halopsa_get_user',
    label: 'one end user in full',
    args: { user_id: HALO_IDS.userAnna },
    check(structured) {
      assert.equal(structured.id, HALO_IDS.userAnna);
      assert.equal(structured.name, 'Anna Lindqvist');
      assert.equal(structured.notes, 'VIP: finance director.');
    },
  },
  { tool: 'halopsa_list_asset_types', label: 'asset types', args: {}, check: reference(H.assetTypes) },
  {
    tool: 'halopsa_get_agent',
    label: 'one agent',
    args: { agent_id: HALO_IDS.agentRiley },
    check(structured) {
      assert.equal(structured.id, HALO_IDS.agentRiley);
      assert.equal(structured.name, 'Riley Ops');
      assert.equal(structured.email, 'riley@contoso-msp.example');
    },
  },
  {
    tool: 'halopsa_get_current_agent',
    label: "the API application's agent",
    args: {},
    check(structured) {
      assert.equal(structured.id, HALO_IDS.agentService);
      assert.equal(structured.name, 'Gateway Service');
    },
  },
  {
    tool: 'halopsa_list_outcomes',
    label: 'action outcomes',
    args: {},
    check(structured) {
      const items = listing(structured, { count: H.outcomes.length });
      sameSet(items.map((o) => o.id), H.outcomes.map((o) => o.id), 'the outcome ids');
      assert.equal(items.find((o) => o.id === 7).outcome, 'Private Note');
    },
  },
  {
    tool: 'halopsa_list_kb_articles',
    label: 'articles by words',
    args: { search: 'printer' },
    check(structured) {
      const [article] = listing(structured, { count: 1 });
      assert.equal(article.id, 701);
      assert.equal(article.name, 'Clearing a paper jam on the 2F printer');
      summaryOnly(article, ['description', 'tag_string']);
    },
  },
  {
    tool: 'halopsa_get_kb_article',
    label: 'one article with its text',
    args: { article_id: 702 },
    check(structured) {
      assert.equal(structured.id, 702);
      assert.equal(structured.name, 'Connecting warehouse scanners to the VPN');
      assert.match(structured.description, /scanner certificate/);
    },
  },
  {
    tool: 'halopsa_list_invoices',
    label: "a client's invoices",
    args: { client_id: HALO_IDS.clientFabrikam },
    check(structured) {
      const [invoice] = listing(structured, { count: 1 });
      assert.equal(invoice.id, 802);
      assert.equal(invoice.amountdue, 640);
      summaryOnly(invoice, ['lines']);
    },
  },
  {
    tool: 'halopsa_get_invoice',
    label: 'one invoice with its lines',
    args: { invoice_id: 801 },
    check(structured) {
      assert.equal(structured.id, 801);
      assert.equal(structured.invoicenumber, 'INV-2026-0801');
      assert.equal(structured.lines[0].unit_price, 1250.5);
    },
  },
  {
    tool: 'halopsa_list_appointments',
    label: "an agent's appointments in a range",
    args: { agent_id: HALO_IDS.agentSam, from: '2026-12-01', to: '2026-12-31' },
    check(structured, text, ctx) {
      const [appointment] = listing(structured, { count: 1 });
      assert.equal(appointment.id, 601);
      assert.equal(appointment.subject, 'Replace the printer roller');
      summaryOnly(appointment, ['note']);
      const request = halo(ctx).requests.filter((r) => r.path === '/api/Appointment').at(-1);
      assert.equal(request.query.agents, String(HALO_IDS.agentSam));
    },
  },
  {
    tool: 'halopsa_list_contracts',
    label: "a client's contracts",
    args: { client_id: HALO_IDS.clientNorthwind },
    check(structured) {
      const [contract] = listing(structured, { count: 1 });
      assert.equal(contract.id, 401);
      assert.equal(contract.ref, 'NW-MSA-2026');
      summaryOnly(contract, ['notes']);
    },
  },
  {
    tool: 'halopsa_list_items',
    label: 'catalogue items by words',
    args: { search: 'roller' },
    check(structured) {
      const [item] = listing(structured, { count: 1 });
      assert.equal(item.id, 302);
      assert.equal(item.name, 'Pickup roller kit');
      assert.equal(item.baseprice, 49.5);
      summaryOnly(item, ['supplier_part_code']);
    },
  },
  {
    tool: 'halopsa_list_suppliers',
    label: 'suppliers',
    args: {},
    check(structured) {
      const [supplier] = listing(structured, { count: 1 });
      assert.equal(supplier.id, 91);
      assert.equal(supplier.name, 'Contoso Distribution');
    },
  },
  {
    tool: 'halopsa_list_opportunities',
    label: "a client's opportunities",
    args: { client_id: HALO_IDS.clientNorthwind },
    check(structured) {
      const [opportunity] = listing(structured, { count: 1 });
      assert.equal(opportunity.id, 3001);
      assert.equal(opportunity.opportunity_value, 18000);
      summaryOnly(opportunity, ['details']);
    },
  },
  {
    tool: 'halopsa_list_quotes',
    label: "a client's quotes",
    args: { client_id: HALO_IDS.clientNorthwind },
    check(structured) {
      const [quote] = listing(structured, { count: 1 });
      assert.equal(quote.id, 3101);
      assert.equal(quote.title, 'Firewall refresh (HA pair)');
      summaryOnly(quote, ['lines']);
    },
  },
  {
    tool: 'halopsa_list_projects',
    label: "a client's projects",
    args: { client_id: HALO_IDS.clientFabrikam },
    check(structured) {
      const [project] = listing(structured, { count: 1 });
      assert.equal(project.id, 4001);
      assert.equal(project.summary, 'Office 365 migration');
      assert.equal(project.percentage_complete, 60);
    },
  },
  { tool: 'halopsa_list_slas', label: 'SLAs', args: {}, check: reference(H.slas) },
  {
    tool: 'halopsa_list_reports',
    label: 'saved reports by words',
    args: { search: 'open' },
    check(structured) {
      const [report] = listing(structured, { count: 1 });
      assert.equal(report.id, 51);
      assert.equal(report.name, 'Open tickets by client');
      summaryOnly(report, ['sql']);
    },
  },
  {
    tool: 'halopsa_create_client',
    label: 'a new client',
    scope: 'tools:write',
    args: { name: 'Woodgrove Bank', website: 'https://woodgrove.example' },
    check(structured, text, ctx) {
      const live = halo(ctx).state().clients.find((c) => c.id === structured.id);
      assert.equal(live?.name, 'Woodgrove Bank', 'the mock holds the client');
      assert.equal(structured.name, 'Woodgrove Bank');
      assert.deepEqual(posted(ctx, '/api/Client').at(-1), [{ name: 'Woodgrove Bank', website: 'https://woodgrove.example' }]);
    },
  },
  {
    tool: 'halopsa_create_asset',
    label: 'a new asset at a site',
    scope: 'tools:write',
    args: { client_id: HALO_IDS.clientFabrikam, site_id: HALO_IDS.siteFabrikam, assettype_id: 6, inventory_number: 'FAB-LT-0007', username: 'cara' },
    check(structured, text, ctx) {
      const live = halo(ctx).state().assets.find((a) => a.id === structured.id);
      assert.equal(live?.inventory_number, 'FAB-LT-0007', 'the mock holds the asset');
      assert.equal(structured.assettype_name, 'Laptop');
      assert.equal(structured.site_name, 'Fabrikam Main Surgery');
      assert.deepEqual(posted(ctx, '/api/Asset').at(-1), [{
        client_id: HALO_IDS.clientFabrikam, site_id: HALO_IDS.siteFabrikam, assettype_id: 6, inventory_number: 'FAB-LT-0007', username: 'cara',
      }]);
    },
  },
  {
    tool: 'halopsa_get_contract',
    label: 'one contract in full',
    args: { contract_id: 401 },
    check(structured) {
      assert.equal(structured.id, 401);
      assert.equal(structured.ref, 'NW-MSA-2026');
      assert.equal(structured.notes, 'Renewal talks in November.');
    },
  },
  {
    tool: 'halopsa_get_opportunity',
    label: 'one opportunity in full',
    args: { opportunity_id: 3001 },
    check(structured) {
      assert.equal(structured.id, 3001);
      assert.equal(structured.summary, 'Firewall refresh');
      assert.equal(structured.details, '<p>Two sites, HA pair.</p>');
    },
  },
  {
    tool: 'halopsa_get_quote',
    label: 'one quote with its lines',
    args: { quote_id: 3101 },
    check(structured) {
      assert.equal(structured.id, 3101);
      assert.equal(structured.title, 'Firewall refresh (HA pair)');
      assert.equal(structured.lines[0].qty, 2);
    },
  },
  {
    tool: 'halopsa_get_project',
    label: 'one project in full',
    args: { project_id: 4001 },
    check(structured) {
      assert.equal(structured.id, 4001);
      assert.equal(structured.summary, 'Office 365 migration');
      assert.equal(structured.details, '<p>Mailboxes and SharePoint.</p>');
    },
  },
  {
    tool: 'halopsa_run_report',
    label: 'tickets per client by SQL',
    args: { sql: REPORT_SQL },
    check(structured, text, ctx) {
      const { clients, tickets } = halo(ctx).state();
      const expected = clients
        .map((c) => ({ name: c.name, count: tickets.filter((t) => t.client_id === c.id).length }))
        .filter((row) => row.count > 0);
      const items = listing(structured, { count: expected.length });
      assert.deepEqual(items, expected, 'one row per client with its ticket count');
      const [body] = posted(ctx, '/api/Report');
      assert.deepEqual(body, [{ _loadreportonly: true, sql: REPORT_SQL }]);
    },
  },
];
