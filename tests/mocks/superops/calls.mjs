// The SuperOps calls every real MCP client makes (tests/e2e/clients.test.mjs): every tool in
// docs/TOOLS.md once, against the MSP edition in the US data centre, with a check of the answer
// against the mock's fixtures or its state. The table's format is described in
// tests/support/tool-calls.mjs.
import assert from 'node:assert/strict';
import { listing, mentions, sameSet } from '../../support/tool-calls.mjs';
import { SUPEROPS_IDS as I, superopsFixtures } from './fixtures.mjs';

const F = superopsFixtures.msp;
const state = (ctx) => ctx.mocks.superops.state().msp;
const lastOperation = (ctx) => ctx.mocks.superops.operations.at(-1);

export const CALLS = [
  {
    tool: 'superops_list_clients',
    label: 'every client',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: F.clients.length });
      sameSet(items.map((c) => c.accountId), F.clients.map((c) => c.accountId), 'the client ids');
      sameSet(items.map((c) => c.name), F.clients.map((c) => c.name), 'the client names');
      assert.equal(structured.total, F.clients.length, 'listInfo.totalCount is the total');
      assert.deepEqual(items.find((c) => c.accountId === I.clientNorthwind).accountManager, { userId: I.techJason, name: 'Jason Wheeler' });
      mentions(text, 'Fabrikam Dental Group');
    },
  },
  {
    tool: 'superops_get_client',
    label: 'one client',
    args: { client_id: I.clientAdatum },
    check(structured) {
      assert.equal(structured.accountId, I.clientAdatum);
      assert.equal(structured.name, 'Adatum Corporation');
      assert.equal(structured.stage, 'Onboarding');
      assert.deepEqual(structured.emailDomains, ['adatum.example']);
    },
  },
  {
    tool: 'superops_list_tickets',
    label: 'open tickets (status as an includes list)',
    args: { status: 'Open' },
    check(structured, text, ctx) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((t) => t.ticketId), F.tickets.filter((t) => t.status === 'Open').map((t) => t.ticketId), 'the open tickets');
      assert.ok(items.every((t) => t.client && typeof t.client.name === 'string'), 'client comes whole, as JSON');
      assert.deepEqual(lastOperation(ctx).variables.input.condition, { attribute: 'status', operator: 'includes', value: ['Open'] });
      mentions(text, 'Firewall alert: port scan');
    },
  },
  {
    tool: 'superops_get_ticket',
    label: 'one ticket',
    args: { ticket_id: I.ticketVpn },
    check(structured) {
      assert.equal(structured.ticketId, I.ticketVpn);
      assert.equal(structured.subject, 'VPN drops every hour');
      assert.equal(structured.displayId, '021126-0001');
      assert.deepEqual(structured.technician, { userId: I.techJason, name: 'Jason Wheeler' });
      assert.equal(structured.client.accountId, I.clientNorthwind);
    },
  },
  {
    tool: 'superops_list_ticket_notes',
    label: 'a ticket\'s notes',
    args: { ticket_id: I.ticketVpn },
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((n) => n.noteId), ['401', '402'], 'the notes');
      assert.equal(items.find((n) => n.noteId === '402').privacyType, 'PUBLIC');
    },
  },
  {
    tool: 'superops_list_ticket_conversations',
    label: 'a ticket\'s conversation, its description first',
    args: { ticket_id: I.ticketVpn },
    check(structured) {
      const items = listing(structured, { count: 2 });
      assert.equal(items[0].type, 'DESCRIPTION');
      assert.equal(items[0].content, 'The VPN drops every hour since Monday.');
      sameSet(items.map((c) => c.conversationId), ['601', '602'], 'the conversation');
    },
  },
  {
    tool: 'superops_create_ticket',
    label: 'a ticket for a client',
    scope: 'tools:write',
    args: { subject: 'Scanner offline', description: 'The scanner at reception does not answer.', client_id: I.clientFabrikam, priority: 'High', technician_id: I.techPriya },
    check(structured, text, ctx) {
      assert.equal(structured.subject, 'Scanner offline');
      assert.deepEqual(structured.client, { accountId: I.clientFabrikam, name: 'Fabrikam Dental Group' });
      assert.equal(structured.priority, 'High');
      assert.equal(structured.source, 'INTEGRATION');
      const stored = state(ctx).tickets.find((t) => t.ticketId === structured.ticketId);
      assert.equal(stored?.subject, 'Scanner offline', 'the mock holds the new ticket');
      assert.equal(state(ctx).conversations[structured.ticketId][0].content, 'The scanner at reception does not answer.');
      ctx.saved.ticketId = structured.ticketId;
    },
  },
  {
    tool: 'superops_update_ticket',
    label: 'a status and a technician changed',
    scope: 'tools:write',
    args: { ticket_id: I.ticketPrinter, status: 'In Progress', technician_id: I.techOmar },
    check(structured, text, ctx) {
      assert.equal(structured.ticketId, I.ticketPrinter);
      assert.equal(structured.status, 'In Progress');
      assert.deepEqual(structured.technician, { userId: I.techOmar, name: 'Omar Haddad' });
      assert.equal(structured.subject, 'Front desk printer jams');
      assert.equal(state(ctx).tickets.find((t) => t.ticketId === I.ticketPrinter).status, 'In Progress');
    },
  },
  {
    tool: 'superops_add_ticket_note',
    label: 'a public note',
    scope: 'tools:write',
    args: { ticket_id: I.ticketPrinter, content: 'Pickup roller replaced.', public: true },
    check(structured, text, ctx) {
      assert.equal(structured.content, 'Pickup roller replaced.');
      assert.equal(structured.privacyType, 'PUBLIC');
      const notes = state(ctx).notes[I.ticketPrinter];
      assert.equal(notes.at(-1).noteId, structured.noteId, 'the mock holds the note');
    },
  },
  {
    tool: 'superops_list_assets',
    label: 'a client\'s assets',
    args: { client: 'Northwind Traders' },
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((a) => a.assetId), [I.assetNwDc01, I.assetNwWs01], 'Northwind\'s assets');
      sameSet(items.map((a) => a.name), ['NW-DC01', 'NW-WS01'], 'their names');
      assert.equal(items.find((a) => a.assetId === I.assetNwWs01).status, 'OFFLINE');
    },
  },
  {
    tool: 'superops_get_asset',
    label: 'one asset',
    args: { asset_id: I.assetNwDc01 },
    check(structured) {
      assert.equal(structured.assetId, I.assetNwDc01);
      assert.equal(structured.name, 'NW-DC01');
      assert.equal(structured.platformCategory, 'SERVER');
      assert.equal(structured.patchStatus, 'Patches Pending');
    },
  },
  {
    tool: 'superops_list_alerts',
    label: 'one asset\'s alerts, newest first',
    args: { asset_id: I.assetNwDc01 },
    check(structured, text, ctx) {
      const items = listing(structured, { count: 2 });
      assert.deepEqual(items.map((a) => a.id), [I.alertCpu, I.alertDisk]);
      assert.equal(items[0].asset.assetId, I.assetNwDc01);
      assert.deepEqual(lastOperation(ctx).fields, ['getAlertsForAsset']);
    },
  },
  {
    tool: 'superops_resolve_alerts',
    label: 'two alerts, each reported',
    scope: 'tools:write',
    args: { alert_ids: [I.alertDisk, I.alertCpu] },
    check(structured, text, ctx) {
      assert.equal(structured.succeeded, 2);
      assert.equal(structured.failed, 0);
      assert.deepEqual(structured.results, [{ id: I.alertDisk, ok: true }, { id: I.alertCpu, ok: true }]);
      for (const id of [I.alertDisk, I.alertCpu]) {
        assert.equal(state(ctx).alerts.find((a) => a.id === id).status, 'Resolved');
      }
    },
  },
  {
    tool: 'superops_list_technicians',
    label: 'every technician',
    args: {},
    check(structured) {
      const items = listing(structured, { count: F.technicians.length });
      sameSet(items.map((t) => t.userId), F.technicians.map((t) => t.userId), 'the technicians');
      sameSet(items.map((t) => t.name), F.technicians.map((t) => t.name), 'their names');
      assert.equal(items.find((t) => t.userId === I.techPriya).email, 'priya.raman@contoso.example');
    },
  },
  {
    tool: 'superops_list_technician_groups',
    label: 'every group',
    args: {},
    check(structured) {
      const items = listing(structured, { count: 2 });
      assert.deepEqual(items.map((g) => g.name), ['Network', 'Helpdesk']);
    },
  },
  {
    tool: 'superops_list_statuses',
    label: 'the ticket statuses',
    args: {},
    check(structured) {
      const items = listing(structured, { count: F.statuses.length });
      assert.deepEqual(items.map((s) => s.name), F.statuses.map((s) => s.name));
    },
  },
  {
    tool: 'superops_list_priorities',
    label: 'the ticket priorities',
    args: {},
    check(structured) {
      const items = listing(structured, { count: F.priorities.length });
      assert.deepEqual(items.map((p) => p.name), F.priorities.map((p) => p.name));
      assert.equal(items.at(-1).colorCode, '#EE4338');
    },
  },
];
