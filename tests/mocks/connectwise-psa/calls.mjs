// The ConnectWise PSA calls every real MCP client makes (tests/e2e/clients.test.mjs): every
// tool in docs/TOOLS.md once, with a check of the answer against the mock's fixtures. The
// table's format is described in tests/support/tool-calls.mjs. Reads come first; then a ticket
// is created, moved to another status by name, noted and worked on. Each client suite resets
// the mock first, so created records get the same ids every time.
import assert from 'node:assert/strict';
import { listing, mentions, sameSet } from '../../support/tool-calls.mjs';
import { cwpsaFixtures } from './fixtures.mjs';

const F = cwpsaFixtures;
const ids = (records) => records.map((r) => r.id);
const live = (ctx) => ctx.mocks.cwpsa.state();

/** The calls, in the order they run. */
export const CALLS = [
  {
    tool: 'cwpsa_search_companies',
    label: 'companies by words in the name',
    args: { name: 'o' },
    check(structured, text) {
      const items = listing(structured, {});
      sameSet(ids(items), ids(F.companies.filter((c) => c.name.toLowerCase().includes('o'))), 'the companies with an o');
      mentions(text, 'Northwind Traders');
    },
  },
  {
    tool: 'cwpsa_get_company',
    label: 'one company',
    args: { company_id: 250 },
    check(structured, text) {
      assert.equal(structured.id, 250);
      assert.equal(structured.identifier, 'ContosoDental');
      assert.equal(structured.city, 'Tampa');
      mentions(text, 'Contoso Dental');
    },
  },
  {
    tool: 'cwpsa_search_contacts',
    label: 'a company\'s contacts by email',
    args: { company_id: 250, email: 'bilal@contoso-dental.example' },
    check(structured) {
      const [contact] = listing(structured, { count: 1 });
      assert.equal(contact.id, 302);
      assert.equal(contact.lastName, 'Haddad');
    },
  },
  {
    tool: 'cwpsa_get_contact',
    label: 'one contact',
    args: { contact_id: 303 },
    check(structured) {
      assert.equal(structured.id, 303);
      assert.equal(structured.lastName, 'Alvarez');
      assert.equal(structured.communicationItems[0].value, 'carmen@northwind.example');
    },
  },
  {
    tool: 'cwpsa_search_tickets',
    label: 'open tickets on a board',
    args: { board: 'Escalations', open_only: true },
    check(structured) {
      const items = listing(structured, {});
      const expected = F.tickets.filter((t) => t.board.name === 'Escalations' && !t.closedFlag);
      sameSet(ids(items), ids(expected), 'the open Escalations tickets');
      assert.equal(structured.total, expected.length);
    },
  },
  {
    tool: 'cwpsa_get_ticket',
    label: 'one ticket',
    args: { ticket_id: 1004 },
    check(structured, text) {
      assert.equal(structured.id, 1004);
      assert.equal(structured.board.name, 'Escalations');
      assert.equal(structured.status.id, 12);
      mentions(text, 'X-ray workstation slow');
    },
  },
  {
    tool: 'cwpsa_list_ticket_notes',
    label: 'a ticket\'s notes',
    args: { ticket_id: 1001 },
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(ids(items), [9001, 9002], 'the notes of ticket 1001');
      assert.equal(items.find((n) => n.id === 9001).internalAnalysisFlag, true);
    },
  },
  {
    tool: 'cwpsa_search_configurations',
    label: 'a company\'s servers',
    args: { company_id: 250, type: 'Server' },
    check(structured) {
      const [server] = listing(structured, { count: 1 });
      assert.equal(server.id, 7001);
      assert.equal(server.name, 'CD-DC01');
    },
  },
  {
    tool: 'cwpsa_get_configuration',
    label: 'one configuration',
    args: { configuration_id: 7003 },
    check(structured) {
      assert.equal(structured.id, 7003);
      assert.equal(structured.name, 'CD-FW01');
      assert.equal(structured.serialNumber, 'FG60F-4471');
    },
  },
  {
    tool: 'cwpsa_list_time_entries',
    label: 'a member\'s time',
    args: { member: 'akumar' },
    check(structured) {
      const items = listing(structured, {});
      sameSet(ids(items), ids(F.timeEntries.filter((e) => e.member.identifier === 'akumar')), 'akumar\'s entries');
    },
  },
  {
    tool: 'cwpsa_list_boards',
    label: 'active boards',
    args: { active: true },
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((b) => b.name), ['Help Desk', 'Escalations'], 'the active boards');
    },
  },
  {
    tool: 'cwpsa_list_board_statuses',
    label: 'the statuses of one board',
    args: { board_id: 2 },
    check(structured) {
      const items = listing(structured, { count: 4 });
      sameSet(ids(items), [11, 12, 13, 14], 'board 2\'s status ids');
    },
  },
  {
    tool: 'cwpsa_list_priorities',
    label: 'every priority',
    args: {},
    check(structured) {
      const items = listing(structured, { count: F.priorities.length });
      sameSet(items.map((p) => p.name), F.priorities.map((p) => p.name), 'the priorities');
    },
  },
  {
    tool: 'cwpsa_list_members',
    label: 'active members by name',
    args: { name: 'kumar', active: true },
    check(structured) {
      const [member] = listing(structured, { count: 1 });
      assert.equal(member.id, 151);
      assert.equal(member.identifier, 'akumar');
    },
  },
  {
    tool: 'cwpsa_get_system_info',
    label: 'the server\'s version',
    args: {},
    check(structured, text) {
      assert.equal(structured.version, F.systemInfo.version);
      assert.equal(structured.cloudRegion, 'NA');
      mentions(text, F.systemInfo.version);
    },
  },
  {
    tool: 'cwpsa_search_projects',
    label: 'open projects',
    args: { open_only: true },
    check(structured) {
      const [project] = listing(structured, { count: 1 });
      assert.equal(project.id, 401);
      assert.equal(project.name, 'Contoso Dental server refresh');
    },
  },
  {
    tool: 'cwpsa_get_project',
    label: 'one project',
    args: { project_id: 402 },
    check(structured) {
      assert.equal(structured.id, 402);
      assert.equal(structured.name, 'Northwind Wi-Fi survey');
      assert.equal(structured.closedFlag, true);
    },
  },
  {
    tool: 'cwpsa_search_agreements',
    label: 'a company\'s agreements',
    args: { company_id: 251 },
    check(structured) {
      const [agreement] = listing(structured, { count: 1 });
      assert.equal(agreement.id, 602);
      assert.equal(agreement.type.name, 'Block Time');
    },
  },
  {
    tool: 'cwpsa_get_agreement',
    label: 'one agreement',
    args: { agreement_id: 601 },
    check(structured) {
      assert.equal(structured.id, 601);
      assert.equal(structured.name, 'Contoso Managed Services');
      assert.equal(structured.billAmount, 2450);
    },
  },
  {
    tool: 'cwpsa_search_opportunities',
    label: 'won opportunities',
    args: { status: 'Won' },
    check(structured) {
      const [opportunity] = listing(structured, { count: 1 });
      assert.equal(opportunity.id, 802);
      assert.equal(opportunity.name, 'Adatum Microsoft 365 migration');
    },
  },
  {
    tool: 'cwpsa_get_opportunity',
    label: 'one opportunity',
    args: { opportunity_id: 801 },
    check(structured) {
      assert.equal(structured.id, 801);
      assert.equal(structured.name, 'Contoso firewall upgrade');
      assert.equal(structured.probability.name, '60%');
    },
  },
  {
    tool: 'cwpsa_create_ticket',
    label: 'a ticket on a board by name',
    scope: 'tools:write',
    args: { summary: 'Scanner not saving to share', company_id: 251, board: 'Escalations', priority: 'Priority 2 - High', initial_description: 'The warehouse scanner cannot reach the file share.' },
    check(structured, text, ctx) {
      assert.equal(structured.summary, 'Scanner not saving to share');
      assert.equal(structured.board.id, 2);
      assert.equal(structured.status.id, 11, 'the Escalations board\'s default status');
      assert.equal(structured.priority.id, 2);
      assert.ok(live(ctx).tickets.some((t) => t.id === structured.id), 'the mock holds the ticket');
      ctx.saved.ticketId = structured.id;
    },
  },
  {
    tool: 'cwpsa_update_ticket',
    label: 'a status by name on the ticket\'s own board',
    scope: 'tools:write',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId, status: 'in progress', owner: 'jsmith' }),
    check(structured, text, ctx) {
      assert.equal(structured.id, ctx.saved.ticketId);
      assert.equal(structured.status.id, 12, 'In Progress of Escalations, not of Help Desk');
      assert.equal(structured.owner.identifier, 'jsmith');
      const patch = ctx.mocks.cwpsa.requests.filter((r) => r.method === 'PATCH').at(-1);
      assert.deepEqual(JSON.parse(patch.body).find((op) => op.path === '/status'), { op: 'replace', path: '/status', value: { id: 12 } });
    },
  },
  {
    tool: 'cwpsa_add_ticket_note',
    label: 'an internal note',
    scope: 'tools:write',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId, text: 'Share permissions reset for the scanner account.', kind: 'internal' }),
    check(structured, text, ctx) {
      assert.equal(structured.ticketId, ctx.saved.ticketId);
      assert.equal(structured.internalAnalysisFlag, true);
      assert.equal(structured.detailDescriptionFlag, false);
      assert.ok(live(ctx).notes.some((n) => n.id === structured.id));
    },
  },
  {
    tool: 'cwpsa_add_time_entry',
    label: 'time against the ticket',
    scope: 'tools:write',
    args: (ctx) => ({ ticket_id: ctx.saved.ticketId, time_start: '2026-12-07T09:00:00Z', time_end: '2026-12-07T10:30:00Z', notes: 'Reset share permissions', member: 'akumar' }),
    check(structured, text, ctx) {
      assert.equal(structured.chargeToId, ctx.saved.ticketId);
      assert.equal(structured.actualHours, 1.5);
      assert.equal(structured.member.identifier, 'akumar');
      assert.ok(live(ctx).timeEntries.some((e) => e.id === structured.id));
    },
  },
];
