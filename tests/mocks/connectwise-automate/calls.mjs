// The ConnectWise Automate calls every real MCP client makes (tests/e2e/clients.test.mjs):
// every tool in docs/TOOLS.md once, with a check of the answer against the mock's fixtures. The
// table's format is described in tests/support/tool-calls.mjs. A command is sent to an online
// computer last and read back once, still pending (the walk from pending to done is
// tests/e2e/connectwise.test.mjs's).
import assert from 'node:assert/strict';
import { listing, mentions, sameSet } from '../../support/tool-calls.mjs';
import { cwaFixtures } from './fixtures.mjs';
import { FIRST_COMMAND_ID } from './mock.mjs';

const F = cwaFixtures;
const ids = (records) => records.map((r) => r.Id);

/** The calls, in the order they run. */
export const CALLS = [
  {
    tool: 'cwa_list_computers',
    label: 'a client\'s offline computers',
    args: { client_id: 1, status: 'offline' },
    check(structured, text) {
      const [computer] = listing(structured, { count: 1 });
      assert.equal(computer.Id, 103);
      assert.equal(computer.ComputerName, 'CD-XRAY-WS');
      mentions(text, 'CD-XRAY-WS');
    },
  },
  {
    tool: 'cwa_get_computer',
    label: 'one computer',
    args: { computer_id: 101 },
    check(structured) {
      assert.equal(structured.Id, 101);
      assert.equal(structured.ComputerName, 'CD-DC01');
      assert.equal(structured.Client.Name, 'Contoso Dental');
    },
  },
  {
    tool: 'cwa_list_computer_software',
    label: 'a computer\'s software',
    args: { computer_id: 101 },
    check(structured) {
      const items = listing(structured, { count: F.software[101].length });
      sameSet(ids(items), ids(F.software[101]), 'the software of CD-DC01');
    },
  },
  {
    tool: 'cwa_list_computer_patches',
    label: 'a computer\'s Microsoft updates',
    args: { computer_id: 101 },
    check(structured) {
      const items = listing(structured, { count: F.updates[101].length });
      sameSet(items.map((u) => u.KbId), F.updates[101].map((u) => u.KbId), 'the KBs of CD-DC01');
      sameSet(ids(items), ids(F.updates[101]), 'the update ids');
    },
  },
  {
    tool: 'cwa_list_computer_patch_jobs',
    label: 'a computer\'s patch jobs',
    args: { computer_id: 101 },
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(ids(items), ids(F.patchJobs[101]), 'the patch jobs of CD-DC01');
    },
  },
  {
    tool: 'cwa_list_computer_drives',
    label: 'a computer\'s drives',
    args: { computer_id: 103 },
    check(structured) {
      const [drive] = listing(structured, { count: 1 });
      assert.equal(drive.Id, 9503);
      assert.equal(drive.SmartStatus, 'Predictive Failure');
    },
  },
  {
    tool: 'cwa_list_computer_monitors',
    label: 'a computer\'s monitors',
    args: { computer_id: 101 },
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(ids(items), ids(F.monitors[101]), 'the monitors of CD-DC01');
      assert.equal(items.find((m) => m.Id === 9601).Status, 'Failed');
    },
  },
  {
    tool: 'cwa_list_scheduled_scripts',
    label: 'a computer\'s scheduled scripts',
    args: { computer_id: 102 },
    check(structured) {
      const [scheduled] = listing(structured, { count: 1 });
      assert.equal(scheduled.Id, 9701);
      assert.equal(scheduled.ScriptName, 'Clear Temp Files');
    },
  },
  {
    tool: 'cwa_list_clients',
    label: 'clients by name',
    args: { name: 'north' },
    check(structured) {
      const [client] = listing(structured, { count: 1 });
      assert.equal(client.Id, 2);
      assert.equal(client.Name, 'Northwind Traders');
    },
  },
  {
    tool: 'cwa_get_client',
    label: 'one client',
    args: { client_id: 3 },
    check(structured) {
      assert.equal(structured.Id, 3);
      assert.equal(structured.Name, 'Adatum Corporation');
      assert.equal(structured.ExternalId, 253);
    },
  },
  {
    tool: 'cwa_list_locations',
    label: 'a client\'s locations',
    args: { client_id: 1 },
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(ids(items), [1, 2], 'Contoso\'s locations');
    },
  },
  {
    tool: 'cwa_list_scripts',
    label: 'scripts by name',
    args: { name: 'spooler' },
    check(structured) {
      const [script] = listing(structured, { count: 1 });
      assert.equal(script.Id, 6001);
      assert.equal(script.Name, 'Restart Print Spooler');
    },
  },
  {
    tool: 'cwa_list_alerts',
    label: 'one computer\'s alerts',
    args: { computer_id: 101 },
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(ids(items), ids(F.alerts.filter((a) => a.ComputerId === 101)), 'the alerts of CD-DC01');
    },
  },
  {
    tool: 'cwa_run_command',
    label: 'a command to an online computer',
    scope: 'tools:write',
    args: { computer_id: 102, command: 'ipconfig /all' },
    check(structured, text, ctx) {
      assert.equal(structured.ComputerId, 102);
      assert.equal(structured.Status, 'Pending');
      assert.equal(structured.Command.Id, 2);
      assert.equal(structured.Parameters, 'ipconfig /all');
      assert.equal(structured.Id, FIRST_COMMAND_ID, 'the first command since the reset');
      ctx.saved.commandId = structured.Id;
    },
  },
  {
    tool: 'cwa_get_command_result',
    label: 'the command, read back',
    args: (ctx) => ({ computer_id: 102, command_id: ctx.saved.commandId }),
    check(structured, text, ctx) {
      assert.equal(structured.commandId, ctx.saved.commandId);
      // The mock's agent picks a command up after the first poll.
      assert.equal(structured.state, 'pending');
      assert.equal(structured.status, 'Pending');
      assert.equal(structured.output, null, 'no output before it is done');
      assert.equal(structured.command.Parameters, 'ipconfig /all');
    },
  },
];
