// The Xyte calls every real MCP client makes (tests/e2e/clients.test.mjs): every tool in
// docs/TOOLS.md once, with a check of the answer against the mock's fixtures or its state. The
// table's format is described in tests/support/tool-calls.mjs.
import assert from 'node:assert/strict';
import { listing, mentions, sameSet } from '../../support/tool-calls.mjs';
import { XYTE_IDS as I, xyteFixtures as F } from './fixtures.mjs';

const state = (ctx) => ctx.mocks.xyte.state();
const ticketIn = (ctx, id) => state(ctx).tickets.find((t) => t.id === id);
/** The window of the fixtures' incidents and histories (their "now" is 2026-11-02). */
const WINDOW = { from: '2026-10-05T00:00:00Z', to: '2026-11-03T00:00:00Z' };

// Order matters for the test that every check rejects the next call's answer: the two writes
// that answer `{"success": true}` are not neighbours.
export const CALLS = [
  {
    tool: 'xyte_get_organization',
    label: 'the organization of the key',
    args: {},
    check(structured) {
      assert.equal(structured.name, 'Green Energy Corp');
      assert.equal(structured.id, 'org_5d2c');
      assert.equal(structured.statistics.devices, F.devices.length);
    },
  },
  {
    tool: 'xyte_list_devices',
    label: 'a space\'s devices',
    args: { space_id: I.spaceBoardroom },
    check(structured, text) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((d) => d.id), [I.deviceDsp, I.deviceCamera], 'the Executive Suite\'s devices');
      assert.equal(items.find((d) => d.id === I.deviceCamera).status, 'error');
      mentions(text, 'Boardroom Camera');
    },
  },
  {
    tool: 'xyte_get_device',
    label: 'one device, its password parameter masked',
    args: { device_id: I.deviceDisplay },
    check(structured) {
      assert.equal(structured.id, I.deviceDisplay);
      assert.equal(structured.name, 'Reception Display');
      assert.equal(structured.firmware.version, '2.4.1');
      assert.equal(structured.custom_parameters.Password, '*****');
    },
  },
  {
    tool: 'xyte_list_device_commands',
    label: 'a device\'s commands (a bare array)',
    args: { device_id: I.deviceDsp },
    check(structured) {
      const items = listing(structured, { count: 2 });
      assert.deepEqual(items.map((c) => c.id), [I.commandReboot, I.commandFirmware]);
      assert.equal(structured.total, 2);
    },
  },
  {
    tool: 'xyte_send_command',
    label: 'a reboot with a parameter',
    scope: 'tools:write',
    args: { device_id: I.deviceDsp, name: 'reboot', friendly_name: 'Reboot now', extra_params: { delay: '5' } },
    check(structured, text, ctx) {
      assert.equal(structured.name, 'reboot');
      assert.equal(structured.status, 'pending');
      assert.deepEqual(structured.extra_params, { delay: '5' });
      const stored = state(ctx).commands[I.deviceDsp].find((c) => c.id === structured.id);
      assert.equal(stored?.friendly_name, 'Reboot now', 'the mock holds the command');
    },
  },
  {
    tool: 'xyte_cancel_command',
    label: 'a pending command',
    scope: 'tools:write',
    args: { device_id: I.deviceDsp, command_id: I.commandReboot },
    check(structured, text, ctx) {
      assert.equal(structured.id, I.commandReboot);
      assert.equal(structured.status, 'cancelled');
      assert.equal(state(ctx).commands[I.deviceDsp].find((c) => c.id === I.commandReboot).status, 'cancelled');
    },
  },
  {
    tool: 'xyte_list_device_histories',
    label: 'status history in a window',
    args: WINDOW,
    check(structured) {
      const items = listing(structured, { count: F.histories.length });
      sameSet(items.map((h) => h.id), F.histories.map((h) => h.id), 'every history row');
    },
  },
  {
    tool: 'xyte_list_licenses',
    label: 'every license (next_page envelope)',
    args: {},
    check(structured) {
      const items = listing(structured, { count: F.licenses.length });
      sameSet(items.map((l) => l.id), F.licenses.map((l) => l.id), 'the licenses');
      assert.equal(items.find((l) => l.id === 'lic_3').state, 'available');
    },
  },
  {
    tool: 'xyte_list_incidents',
    label: 'active incidents in a window',
    args: { status: 'active', ...WINDOW },
    check(structured, text, ctx) {
      const items = listing(structured, { count: 3 });
      sameSet(items.map((i) => i.uuid), F.incidents.filter((i) => i.state.status === 'active').map((i) => i.uuid), 'the active incidents');
      sameSet(items.map((i) => i.name), F.incidents.filter((i) => i.state.status === 'active').map((i) => i.name), 'their names');
      const sent = ctx.mocks.xyte.requests.filter((r) => r.path.endsWith('/incidents')).at(-1).query;
      assert.equal(sent.from, String(Date.parse(WINDOW.from) / 1000), 'from in epoch seconds');
      assert.equal(sent.to, String(Date.parse(WINDOW.to) / 1000), 'to in epoch seconds');
    },
  },
  {
    tool: 'xyte_list_tickets',
    label: 'the open tickets (a bare array)',
    args: {},
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((t) => t.id), [I.ticketHdmi, I.ticketNoise], 'the open tickets');
    },
  },
  {
    tool: 'xyte_get_ticket',
    label: 'one ticket with its comments',
    args: { ticket_id: I.ticketHdmi },
    check(structured) {
      assert.equal(structured.id, I.ticketHdmi);
      assert.equal(structured.title, 'HDMI input 2 shows no picture');
      assert.equal(structured.comments.length, 1);
    },
  },
  {
    tool: 'xyte_send_ticket_message',
    label: 'a message on a ticket',
    scope: 'tools:write',
    args: { ticket_id: I.ticketHdmi, message: 'A technician is on the way.' },
    check(structured, text, ctx) {
      assert.equal(structured.success, true);
      assert.equal(ticketIn(ctx, I.ticketHdmi).comments.at(-1).text, 'A technician is on the way.');
    },
  },
  {
    tool: 'xyte_update_ticket',
    label: 'a new title',
    scope: 'tools:write',
    args: { ticket_id: I.ticketNoise, title: 'Reception display flickers' },
    check(structured, text, ctx) {
      assert.equal(structured.id, I.ticketNoise);
      assert.equal(structured.title, 'Reception display flickers');
      assert.equal(ticketIn(ctx, I.ticketNoise).title, 'Reception display flickers');
      assert.equal(ticketIn(ctx, I.ticketNoise).description, 'Reception display flickers every few minutes.', 'the description is kept');
    },
  },
  {
    tool: 'xyte_resolve_ticket',
    label: 'a ticket resolved',
    scope: 'tools:write',
    args: { ticket_id: I.ticketNoise },
    check(structured, text, ctx) {
      assert.equal(structured.success, true);
      assert.equal(ticketIn(ctx, I.ticketNoise).status, 'resolved');
    },
  },
  {
    tool: 'xyte_list_spaces',
    label: 'the spaces under the organization',
    args: { parent_id: I.spaceRoot },
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((s) => s.name), ['London', 'Paris'], 'the buildings');
    },
  },
  {
    tool: 'xyte_get_space',
    label: 'one space',
    args: { space_id: I.spaceBoardroom },
    check(structured) {
      assert.equal(structured.id, I.spaceBoardroom);
      assert.equal(structured.name, 'Executive Suite');
      assert.equal(structured.full_path, 'Green Energy Corp/London/Executive Suite');
    },
  },
];
