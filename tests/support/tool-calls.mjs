// One table of calls that covers every tool in docs/TOOLS.md, with the arguments to send and a
// check of the answer against the vendor mocks' fixtures (tests/mocks/*-fixtures.mjs). Every
// real MCP client in tests/e2e/clients.test.mjs runs the same table, so the clients are
// compared on identical work.
//
// A call is `{ tool, label, args, scope?, check(structured, text, ctx) }`:
// - `args` is an object, or a function of `ctx` for calls that use an earlier call's answer
//   (the quick job's uid); calls run in table order.
// - `scope` names the scope beyond `tools:read` that the call needs (step-up).
// - `check` gets the result's `structuredContent`, its text blocks joined, and
//   `ctx = { mocks, saved }` (`mocks` from startGateway, `saved` for values later calls use).
//   A result with `isError: true` never reaches `check` unless the call sets `expectError`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATTO_IDS, dattoFixtures } from '../mocks/datto-rmm/fixtures.mjs';
import { ITGLUE_IDS, itglueFixtures } from '../mocks/itglue/fixtures.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The tool names docs/TOOLS.md lists for each vendor endpoint, read from the doc itself so
 * the doc, the gateway and this table cannot drift apart silently.
 */
export function documentedTools() {
  const text = readFileSync(path.join(ROOT, 'docs/TOOLS.md'), 'utf8');
  const tools = {};
  let vendor;
  for (const line of text.split('\n')) {
    const heading = line.match(/^## .*\(`\/v1\/([a-z-]+)`\)/);
    if (heading) {
      vendor = heading[1];
      tools[vendor] = [];
      continue;
    }
    if (line.startsWith('## ')) vendor = undefined;
    const row = vendor && line.match(/^\| `([a-z_]+)`/);
    if (row) tools[vendor].push(row[1]);
  }
  return tools;
}

/** Arguments per tool (docs/TOOLS.md): the input schema must offer these properties. */
export const TOOL_ARGUMENTS = {
  datto_list_sites: { required: [], optional: ['name', 'limit'] },
  datto_get_site: { required: ['site_uid'], optional: [] },
  datto_list_devices: { required: [], optional: ['site_uid', 'hostname', 'device_type', 'operating_system', 'limit'] },
  datto_get_device: { required: [], optional: ['device_uid', 'device_id'] },
  datto_list_alerts: { required: [], optional: ['status', 'site_uid', 'device_uid', 'limit'] },
  datto_get_alert: { required: ['alert_uid'], optional: [] },
  datto_resolve_alert: { required: ['alert_uid'], optional: [] },
  datto_list_components: { required: [], optional: ['limit'] },
  datto_run_quickjob: { required: ['device_uid', 'component_uid'], optional: ['job_name', 'variables'] },
  datto_get_job: { required: ['job_uid'], optional: [] },
  datto_get_job_result: { required: ['job_uid', 'device_uid'], optional: [] },
  datto_get_audit: { required: ['device_uid'], optional: [] },
  itglue_search_organizations: { required: [], optional: ['name', 'limit'] },
  itglue_get_organization: { required: ['organization_id'], optional: [] },
  itglue_search_configurations: { required: [], optional: ['organization_id', 'name', 'serial_number', 'limit'] },
  itglue_get_configuration: { required: ['configuration_id'], optional: [] },
  itglue_search_passwords: { required: [], optional: ['organization_id', 'name', 'limit'] },
  itglue_get_password: { required: ['password_id'], optional: [] },
  itglue_search_documents: { required: ['organization_id'], optional: ['name', 'limit'] },
  itglue_list_flexible_asset_types: { required: [], optional: ['limit'] },
  itglue_search_flexible_assets: { required: ['flexible_asset_type_id'], optional: ['organization_id', 'name', 'limit'] },
};

/** The scope each tool needs beyond `tools:read` (docs/TOOLS.md "Results"). */
export const TOOL_SCOPES = {
  datto_resolve_alert: 'tools:write',
  datto_run_quickjob: 'tools:write',
  itglue_get_password: 'secrets:read',
};

/** Asserts that a listed tool has a title and an input schema offering its documented arguments. */
export function checkToolListing(tool) {
  const expected = TOOL_ARGUMENTS[tool.name];
  assert.ok(expected, `no documented arguments for ${tool.name}`);
  assert.equal(typeof tool.title, 'string', `${tool.name} has a title`);
  assert.ok(tool.title.trim().length > 0, `${tool.name} has a non-empty title`);
  assert.equal(typeof tool.description, 'string', `${tool.name} has a description`);
  assert.equal(tool.inputSchema?.type, 'object', `${tool.name} has an object input schema`);
  const properties = Object.keys(tool.inputSchema.properties ?? {});
  for (const name of [...expected.required, ...expected.optional]) {
    assert.ok(properties.includes(name), `${tool.name} accepts ${name} (has ${properties.join(', ')})`);
  }
  const required = tool.inputSchema.required ?? [];
  for (const name of expected.required) {
    assert.ok(required.includes(name), `${tool.name} requires ${name} (requires ${required.join(', ') || 'nothing'})`);
  }
  for (const name of required) {
    assert.ok(expected.required.includes(name), `${tool.name} does not require the optional ${name}`);
  }
  const writes = TOOL_SCOPES[tool.name] === 'tools:write';
  assert.equal(tool.annotations?.readOnlyHint, !writes, `${tool.name} is marked ${writes ? 'as changing data' : 'read-only'}`);
}

// ---- helpers for checks ----------------------------------------------------------------------

/** A listing answer: `{ items, count, truncated }`, with `count` equal to the items returned. */
function listing(structured, { count, truncated = false }) {
  assert.ok(structured && Array.isArray(structured.items), `a listing has items: ${preview(structured)}`);
  assert.equal(structured.count, structured.items.length, 'count is the number of items returned');
  if (count !== undefined) assert.equal(structured.items.length, count, `${count} items expected: ${preview(structured.items.map(label))}`);
  assert.equal(structured.truncated, truncated, `truncated is ${truncated}`);
  return structured.items;
}

const label = (item) => item?.hostname ?? item?.name ?? item?.alertUid ?? item?.id;
const preview = (value) => JSON.stringify(value)?.slice(0, 400);
const sorted = (values) => [...values].map(String).sort();
const sameSet = (actual, expected, what) => assert.deepEqual(sorted(actual), sorted(expected), what);
const mentions = (text, needle) => assert.ok(text.includes(needle), `the text mentions ${needle}: ${text.slice(0, 300)}`);

/** IT Glue records come flattened from JSON:API: `{ id, type, ...attributes }`. */
function flat(record) {
  return { id: record.id, type: record.type, ...record.attributes };
}

const D = dattoFixtures;
const I = itglueFixtures;
const siteByUid = (uid) => D.sites.find((s) => s.uid === uid);
const deviceByUid = (uid) => D.devices.find((d) => d.uid === uid);
const alertByUid = (uid) => D.alerts.find((a) => a.alertUid === uid);
const component = (uid) => D.components.find((c) => c.uid === uid);
const ofOrg = (records, orgId) => records.filter((r) => String(r.attributes['organization-id']) === orgId);
const ALL_PASSWORD_VALUES = I.passwords.map((p) => p.attributes.password);

/** No fixture password value anywhere in the answer, structured or text. */
function noPasswordValues(structured, text) {
  const whole = `${JSON.stringify(structured)}\n${text}`;
  for (const value of ALL_PASSWORD_VALUES) {
    assert.ok(!whole.includes(value), `a password value (${value.slice(0, 3)}…) leaked into a password listing`);
  }
  for (const item of structured.items) {
    assert.ok(!('password' in item), `listed password record ${item.id} carries a password field`);
  }
}

// ---- Datto RMM ---------------------------------------------------------------------------------

const QUICKJOB_NAME = 'e2e: restart the print spooler';

export const DATTO_CALLS = [
  {
    tool: 'datto_list_sites',
    label: 'every site',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: D.sites.length });
      sameSet(items.map((s) => s.uid), D.sites.map((s) => s.uid), 'the site uids');
      const northwind = items.find((s) => s.uid === DATTO_IDS.siteNorthwind);
      assert.equal(northwind.name, 'Northwind Traders - HQ');
      assert.equal(northwind.devicesStatus.numberOfDevices, 5);
      mentions(text, 'Fabrikam Dental Group');
    },
  },
  {
    tool: 'datto_list_sites',
    label: 'sites by name',
    args: { name: 'fabrikam' },
    check(structured) {
      const [site] = listing(structured, { count: 1 });
      assert.equal(site.uid, DATTO_IDS.siteFabrikam);
      assert.equal(site.name, 'Fabrikam Dental Group');
    },
  },
  {
    tool: 'datto_list_sites',
    label: 'a limit below the total is truncated',
    args: { limit: 2 },
    check(structured) {
      const items = listing(structured, { count: 2, truncated: true });
      for (const site of items) assert.ok(siteByUid(site.uid), `${site.uid} is a fixture site`);
    },
  },
  {
    tool: 'datto_get_site',
    label: 'one site',
    args: { site_uid: DATTO_IDS.siteNorthwind },
    check(structured, text) {
      const fixture = siteByUid(DATTO_IDS.siteNorthwind);
      assert.equal(structured.uid, fixture.uid);
      assert.equal(structured.id, fixture.id);
      assert.equal(structured.name, fixture.name);
      assert.equal(structured.autotaskCompanyId, '29683412');
      assert.deepEqual(structured.devicesStatus, fixture.devicesStatus);
      mentions(text, 'Northwind Traders - HQ');
    },
  },
  {
    tool: 'datto_list_devices',
    label: 'the devices of one site',
    args: { site_uid: DATTO_IDS.siteNorthwind },
    check(structured, text) {
      const items = listing(structured, { count: 5 });
      sameSet(items.map((d) => d.hostname), ['NW-DC01', 'NW-FS01', 'NW-WS-0142', 'NW-LT-0087', 'NW-PRN-2F'], 'Northwind hostnames');
      for (const device of items) assert.equal(device.siteUid, DATTO_IDS.siteNorthwind);
      mentions(text, 'NW-WS-0142');
    },
  },
  {
    tool: 'datto_list_devices',
    label: 'devices by hostname across the account',
    args: { hostname: 'nw-dc' },
    check(structured) {
      const [device] = listing(structured, { count: 1 });
      assert.equal(device.uid, DATTO_IDS.deviceDc);
      assert.equal(device.hostname, 'NW-DC01');
    },
  },
  {
    tool: 'datto_list_devices',
    label: 'devices by type',
    args: { device_type: 'Server' },
    check(structured) {
      const items = listing(structured, { count: 3 });
      sameSet(items.map((d) => d.hostname), ['NW-DC01', 'NW-FS01', 'CMSP-MON01'], 'the servers');
    },
  },
  {
    tool: 'datto_list_devices',
    label: 'every device, limited',
    args: { limit: 4 },
    check(structured) {
      const items = listing(structured, { count: 4, truncated: true });
      for (const device of items) assert.ok(deviceByUid(device.uid), `${device.uid} is a fixture device`);
    },
  },
  {
    tool: 'datto_get_device',
    label: 'one device by uid',
    args: { device_uid: DATTO_IDS.deviceDc },
    check(structured, text) {
      const fixture = deviceByUid(DATTO_IDS.deviceDc);
      assert.equal(structured.uid, fixture.uid);
      assert.equal(structured.id, 700101);
      assert.equal(structured.hostname, 'NW-DC01');
      assert.equal(structured.operatingSystem, fixture.operatingSystem);
      assert.deepEqual(structured.deviceType, { category: 'Server', type: 'Physical' });
      assert.equal(structured.udf.udf2, 'Rack A / U12');
      mentions(text, 'NW-DC01');
    },
  },
  {
    tool: 'datto_get_device',
    label: 'one device by numeric id',
    args: { device_id: DATTO_IDS.deviceDcId },
    check(structured) {
      assert.equal(structured.uid, DATTO_IDS.deviceDc);
      assert.equal(structured.hostname, 'NW-DC01');
    },
  },
  {
    tool: 'datto_get_device',
    label: 'an unknown device is a tool error, not a protocol error',
    args: { device_uid: '00000000-0000-4000-8000-000000000000' },
    expectError: true,
    check(structured, text) {
      assert.match(text, /Device was not found/, `the error names Datto's reason: ${text}`);
    },
  },
  {
    tool: 'datto_list_alerts',
    label: 'open alerts (the default)',
    args: {},
    check(structured, text, ctx) {
      const open = D.alerts.filter((a) => !a.resolved);
      const items = listing(structured, { count: open.length });
      sameSet(items.map((a) => a.alertUid), open.map((a) => a.alertUid), 'the open alerts');
      for (const alert of items) assert.equal(alert.resolved, false);
      assert.equal(ctx.mocks.datto.requests.some((r) => r.path === '/api/v2/account/alerts/open'), true, 'asked Datto for open alerts');
      mentions(text, DATTO_IDS.alertOpenCpu);
    },
  },
  {
    tool: 'datto_list_alerts',
    label: 'resolved alerts',
    args: { status: 'resolved' },
    check(structured) {
      const resolved = D.alerts.filter((a) => a.resolved);
      const items = listing(structured, { count: resolved.length });
      sameSet(items.map((a) => a.alertUid), resolved.map((a) => a.alertUid), 'the resolved alerts');
    },
  },
  {
    tool: 'datto_list_alerts',
    label: 'open alerts of one device',
    args: { device_uid: DATTO_IDS.deviceOfflineLaptop },
    check(structured) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((a) => a.alertUid), [DATTO_IDS.alertOpenMuted, 'a1e7f3c0-2b4d-4e8a-9c61-800004000004'], 'the laptop alerts');
    },
  },
  {
    tool: 'datto_list_alerts',
    label: 'open alerts of one site',
    args: { site_uid: DATTO_IDS.siteFabrikam },
    check(structured) {
      const [alert] = listing(structured, { count: 1 });
      assert.equal(alert.alertUid, 'a1e7f3c0-2b4d-4e8a-9c61-800005000005');
      assert.equal(alert.alertSourceInfo.siteUid, DATTO_IDS.siteFabrikam);
      assert.equal(alert.alertSourceInfo.deviceName, 'FAB-RECEPTION');
    },
  },
  {
    tool: 'datto_get_alert',
    label: 'one alert',
    args: { alert_uid: DATTO_IDS.alertOpenCpu },
    check(structured, text) {
      const fixture = alertByUid(DATTO_IDS.alertOpenCpu);
      assert.equal(structured.alertUid, fixture.alertUid);
      assert.equal(structured.priority, 'High');
      assert.equal(structured.resolved, false);
      assert.equal(structured.ticketNumber, 'T20250602.0041');
      assert.equal(structured.alertSourceInfo.deviceName, 'NW-DC01');
      assert.deepEqual(structured.alertContext, fixture.alertContext);
      mentions(text, 'High');
    },
  },
  {
    tool: 'datto_resolve_alert',
    label: 'resolving an alert',
    scope: 'tools:write',
    args: { alert_uid: DATTO_IDS.alertOpenCpu },
    before(ctx) {
      const live = ctx.mocks.datto.state().alerts.find((a) => a.alertUid === DATTO_IDS.alertOpenCpu);
      assert.equal(live.resolved, false, 'the alert is open before the call');
    },
    check(structured, text, ctx) {
      assert.deepEqual(structured, { alertUid: DATTO_IDS.alertOpenCpu, resolved: true });
      const live = ctx.mocks.datto.state().alerts.find((a) => a.alertUid === DATTO_IDS.alertOpenCpu);
      assert.equal(live.resolved, true, 'the mock alert is resolved');
      assert.equal(live.resolvedBy, 'datto-key');
      assert.equal(typeof live.resolvedOn, 'number');
      const posts = ctx.mocks.datto.requests.filter((r) => r.method === 'POST' && r.path === `/api/v2/alert/${DATTO_IDS.alertOpenCpu}/resolve`);
      assert.equal(posts.length, 1, 'exactly one resolve reached Datto');
    },
  },
  {
    tool: 'datto_list_components',
    label: 'components',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: D.components.length });
      sameSet(items.map((c) => c.uid), D.components.map((c) => c.uid), 'the component uids');
      const restart = items.find((c) => c.uid === DATTO_IDS.componentRestartService);
      assert.equal(restart.name, 'Restart Windows Service');
      assert.deepEqual(restart.variables.map((v) => v.name), ['serviceName', 'timeoutSeconds']);
      mentions(text, 'Windows Update Scan');
    },
  },
  {
    tool: 'datto_run_quickjob',
    label: 'running a quick job',
    scope: 'tools:write',
    args: {
      device_uid: DATTO_IDS.deviceDc,
      component_uid: DATTO_IDS.componentRestartService,
      job_name: QUICKJOB_NAME,
      variables: { serviceName: 'Spooler', timeoutSeconds: '45' },
    },
    check(structured, text, ctx) {
      const { job, jobComponents } = structured;
      assert.equal(typeof job?.uid, 'string', `a job with a uid: ${preview(structured)}`);
      const known = ctx.mocks.datto.state().jobs.get(job.uid);
      assert.ok(known, `the mock knows job ${job.uid}`);
      assert.equal(known.deviceUid, DATTO_IDS.deviceDc);
      assert.equal(job.name, QUICKJOB_NAME);
      assert.equal(job.id, known.job.id);
      assert.equal(jobComponents.length, 1);
      assert.equal(jobComponents[0].uid, DATTO_IDS.componentRestartService);
      assert.deepEqual(
        Object.fromEntries(jobComponents[0].variables.map((v) => [v.name, v.value])),
        { serviceName: 'Spooler', timeoutSeconds: '45' },
      );
      const put = ctx.mocks.datto.requests.filter((r) => r.method === 'PUT' && r.path === `/api/v2/device/${DATTO_IDS.deviceDc}/quickjob`);
      assert.equal(put.length, 1, 'exactly one quick job reached Datto');
      assert.deepEqual(JSON.parse(put[0].body).jobComponent.componentUid, DATTO_IDS.componentRestartService);
      mentions(text, job.uid);
      ctx.saved.jobUid = job.uid;
      ctx.saved.jobName = job.name;
    },
  },
  {
    tool: 'datto_get_job',
    label: 'the job just started',
    args: (ctx) => ({ job_uid: ctx.saved.jobUid }),
    check(structured, text, ctx) {
      assert.equal(structured.uid, ctx.saved.jobUid);
      assert.equal(structured.name, ctx.saved.jobName);
      assert.ok(['active', 'completed'].includes(structured.status), `status ${structured.status}`);
      mentions(text, ctx.saved.jobName);
    },
  },
  {
    tool: 'datto_get_job_result',
    label: 'the job result on its device',
    args: (ctx) => ({ job_uid: ctx.saved.jobUid, device_uid: DATTO_IDS.deviceDc }),
    check(structured, text, ctx) {
      assert.equal(structured.jobUid, ctx.saved.jobUid);
      assert.equal(structured.deviceUid, DATTO_IDS.deviceDc);
      // The mock completes a job after its first read; datto_get_job read it already.
      assert.equal(structured.jobDeploymentStatus, 'Success');
      assert.equal(structured.componentResults.length, 1);
      assert.equal(structured.componentResults[0].componentName, component(DATTO_IDS.componentRestartService).name);
      mentions(text, 'Success');
    },
  },
  {
    tool: 'datto_get_audit',
    label: 'the audit of a server',
    args: { device_uid: DATTO_IDS.deviceDc },
    check(structured, text) {
      const audit = D.audits[DATTO_IDS.deviceDc];
      const software = D.software[DATTO_IDS.deviceDc];
      assert.equal(structured.systemInfo.manufacturer, 'Dell Inc.');
      assert.equal(structured.systemInfo.totalCpuCores, 16);
      assert.deepEqual(structured.bios, audit.bios);
      assert.deepEqual(structured.logicalDisks.map((d) => d.diskIdentifier), ['C:', 'D:']);
      assert.ok(Array.isArray(structured.software), 'the audit carries a software list');
      assert.deepEqual(structured.software.map((s) => s.name), software.map((s) => s.name));
      mentions(text, 'PowerEdge R450');
    },
  },
  {
    tool: 'datto_get_audit',
    label: 'a printer has no device audit (a vendor 400 as a tool error)',
    args: { device_uid: DATTO_IDS.devicePrinter },
    expectError: true,
    check(structured, text) {
      assert.match(text, /not of class device/, `the error names Datto's reason: ${text}`);
    },
  },
];

// ---- IT Glue ---------------------------------------------------------------------------------

export const ITGLUE_CALLS = [
  {
    tool: 'itglue_search_organizations',
    label: 'every organization',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: I.organizations.length });
      sameSet(items.map((o) => o.id), I.organizations.map((o) => o.id), 'the organization ids');
      const northwind = items.find((o) => String(o.id) === ITGLUE_IDS.orgNorthwind);
      assert.equal(northwind.name, 'Northwind Traders');
      assert.equal(northwind['organization-type-name'], 'Customer');
      mentions(text, 'Adatum Corporation');
    },
  },
  {
    tool: 'itglue_search_organizations',
    label: 'organizations by name',
    args: { name: 'Tailspin Toys' },
    check(structured) {
      const [org] = listing(structured, { count: 1 });
      assert.equal(String(org.id), ITGLUE_IDS.orgTailspin);
      assert.equal(org['organization-status-name'], 'Inactive');
    },
  },
  {
    tool: 'itglue_search_organizations',
    label: 'a limit below the total is truncated',
    args: { limit: 3 },
    check(structured) {
      const items = listing(structured, { count: 3, truncated: true });
      sameSet(items.map((o) => o.id), ['1001', '2001', '2002'], 'the first three by id');
    },
  },
  {
    tool: 'itglue_get_organization',
    label: 'one organization (id as a string)',
    args: { organization_id: ITGLUE_IDS.orgNorthwind },
    check(structured, text) {
      const fixture = flat(I.organizations.find((o) => o.id === ITGLUE_IDS.orgNorthwind));
      assert.equal(String(structured.id), fixture.id);
      assert.equal(structured.type, 'organizations');
      assert.equal(structured.name, 'Northwind Traders');
      assert.equal(structured['short-name'], fixture['short-name']);
      mentions(text, 'Northwind Traders');
    },
  },
  {
    tool: 'itglue_get_organization',
    label: 'one organization (id as an integer), with its full quick notes',
    args: { organization_id: Number(ITGLUE_IDS.orgFabrikam) },
    check(structured) {
      const fixture = flat(I.organizations.find((o) => o.id === ITGLUE_IDS.orgFabrikam));
      assert.equal(String(structured.id), ITGLUE_IDS.orgFabrikam);
      assert.equal(structured.name, 'Fabrikam Dental Group');
      assert.equal(structured['quick-notes'], fixture['quick-notes']);
      assert.ok(fixture['quick-notes'].length > 250);
    },
  },
  {
    tool: 'itglue_search_configurations',
    label: 'the configurations of one organization',
    args: { organization_id: ITGLUE_IDS.orgNorthwind },
    check(structured, text) {
      const items = listing(structured, { count: 4 });
      sameSet(items.map((c) => c.name), ['NW-DC01', 'NW-FS01', 'NW-WS-0142', 'NW-PRN-2F'], 'Northwind configurations');
      for (const item of items) assert.equal(item['organization-id'], 2001);
      mentions(text, 'NW-PRN-2F');
    },
  },
  {
    tool: 'itglue_search_configurations',
    label: 'configurations by serial number',
    args: { serial_number: '8QXK2Y3' },
    check(structured) {
      const [config] = listing(structured, { count: 1 });
      assert.equal(String(config.id), ITGLUE_IDS.configNwDc);
      assert.equal(config['model-name'], 'PowerEdge R450');
    },
  },
  {
    tool: 'itglue_get_configuration',
    label: 'one configuration',
    args: { configuration_id: ITGLUE_IDS.configNwDc },
    check(structured, text) {
      const fixture = flat(I.configurations.find((c) => c.id === ITGLUE_IDS.configNwDc));
      assert.equal(String(structured.id), fixture.id);
      assert.equal(structured.type, 'configurations');
      assert.equal(structured.name, 'NW-DC01');
      assert.equal(structured['serial-number'], '8QXK2Y3');
      assert.equal(structured['primary-ip'], '10.20.0.10');
      assert.equal(structured['operating-system-name'], 'Windows Server 2022');
      mentions(text, 'NW-DC01');
    },
  },
  {
    tool: 'itglue_search_passwords',
    label: 'every password record, without a single password value',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: I.passwords.length });
      sameSet(items.map((p) => p.id), I.passwords.map((p) => p.id), 'the password record ids');
      noPasswordValues(structured, text);
      const admin = items.find((p) => String(p.id) === ITGLUE_IDS.passwordDomainAdmin);
      assert.equal(admin.name, 'Domain Administrator');
      assert.equal(admin.username, 'NORTHWIND\\Administrator');
      mentions(text, 'Domain Administrator');
    },
  },
  {
    tool: 'itglue_search_passwords',
    label: 'the password records of one organization, without password values',
    args: { organization_id: ITGLUE_IDS.orgFabrikam },
    check(structured, text) {
      const items = listing(structured, { count: ofOrg(I.passwords, ITGLUE_IDS.orgFabrikam).length });
      sameSet(items.map((p) => p.name), ['FortiGate admin', 'Dentrix database (sa)'], 'Fabrikam password names');
      noPasswordValues(structured, text);
    },
  },
  {
    tool: 'itglue_get_password',
    label: 'revealing one password',
    scope: 'secrets:read',
    args: { password_id: ITGLUE_IDS.passwordDomainAdmin },
    check(structured, text, ctx) {
      const fixture = flat(I.passwords.find((p) => p.id === ITGLUE_IDS.passwordDomainAdmin));
      assert.equal(String(structured.id), fixture.id);
      assert.equal(structured.name, 'Domain Administrator');
      assert.equal(structured.username, fixture.username);
      assert.equal(structured.password, 'Nw!Dc-2025#Vault');
      const show = ctx.mocks.itglue.requests.filter((r) => r.path === `/passwords/${ITGLUE_IDS.passwordDomainAdmin}`);
      assert.ok(show.length >= 1, 'IT Glue was asked for the record');
      assert.equal(show.at(-1).query.show_password, 'true');
    },
  },
  {
    tool: 'itglue_search_documents',
    label: 'the documents of one organization',
    args: { organization_id: ITGLUE_IDS.orgNorthwind },
    check(structured, text) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((d) => d.name), ['New User Onboarding', 'Backup and Restore Runbook'], 'Northwind documents');
      assert.ok(items.some((d) => String(d.id) === ITGLUE_IDS.documentOnboarding));
      mentions(text, 'Backup and Restore Runbook');
    },
  },
  {
    tool: 'itglue_search_documents',
    label: 'documents by name',
    args: { organization_id: Number(ITGLUE_IDS.orgNorthwind), name: 'New User Onboarding' },
    check(structured) {
      const [document] = listing(structured, { count: 1 });
      assert.equal(String(document.id), ITGLUE_IDS.documentOnboarding);
    },
  },
  {
    tool: 'itglue_list_flexible_asset_types',
    label: 'flexible asset types',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((t) => t.id), [ITGLUE_IDS.assetTypeEmail, ITGLUE_IDS.assetTypeLan], 'the type ids');
      sameSet(items.map((t) => t.name), ['Email', 'LAN'], 'the type names');
      mentions(text, 'LAN');
    },
  },
  {
    tool: 'itglue_search_flexible_assets',
    label: 'the assets of one type',
    args: { flexible_asset_type_id: ITGLUE_IDS.assetTypeLan },
    check(structured, text) {
      const items = listing(structured, { count: 3 });
      sameSet(items.map((a) => a.name), ['HQ LAN', 'Office LAN', 'Warehouse LAN'], 'the LAN assets');
      const hq = items.find((a) => a.name === 'HQ LAN');
      assert.equal(hq.traits.subnet, '10.20.0.0/16');
      mentions(text, 'Warehouse LAN');
    },
  },
  {
    tool: 'itglue_search_flexible_assets',
    label: 'the assets of one type and organization (integer ids)',
    args: { flexible_asset_type_id: Number(ITGLUE_IDS.assetTypeEmail), organization_id: Number(ITGLUE_IDS.orgNorthwind) },
    check(structured) {
      const [asset] = listing(structured, { count: 1 });
      assert.equal(String(asset.id), ITGLUE_IDS.assetNwEmail);
      assert.equal(asset.name, 'Microsoft 365');
      assert.equal(asset['flexible-asset-type-name'], 'Email');
    },
  },
];

/** Every call, by vendor id. */
export const TOOL_CALLS = { 'datto-rmm': DATTO_CALLS, itglue: ITGLUE_CALLS };

/**
 * Wrong answers for a call, to prove its check can fail: the answer of another tool's call, and
 * for listings the same answer with one item fewer (count adjusted) and with an item's name or
 * hostname changed. `recorded` is the list of `{ structured, text }` answers of `calls`.
 */
export function wrongAnswers(calls, recorded, index) {
  const call = calls[index];
  const own = recorded[index];
  const wrong = [];
  const other = calls.findIndex((c, i) => c.tool !== call.tool && recorded[i] && !c.expectError && i > index);
  const fallback = calls.findIndex((c, i) => c.tool !== call.tool && recorded[i] && !c.expectError);
  const swap = other >= 0 ? other : fallback;
  if (swap >= 0) wrong.push({ why: `the answer of ${calls[swap].tool} (${calls[swap].label})`, ...recorded[swap] });
  if (call.expectError) {
    wrong.push({ why: 'an empty error text', structured: own.structured, text: '' });
    return wrong;
  }
  const items = own.structured?.items;
  if (Array.isArray(items) && items.length > 0) {
    const fewer = items.slice(0, -1);
    wrong.push({ why: 'one item fewer', structured: { ...own.structured, items: fewer, count: fewer.length }, text: own.text });
    const renamed = items.map((item, i) => (i === 0 ? rename(item) : item));
    wrong.push({ why: 'the first item renamed', structured: { ...own.structured, items: renamed }, text: own.text });
  } else if (own.structured && typeof own.structured === 'object') {
    wrong.push({ why: 'the record renamed', structured: rename(own.structured), text: own.text });
  }
  return wrong;
}

/** A copy of a record whose identifying fields (uid/id, name, hostname, alertUid, job) differ. */
function rename(record) {
  const copy = structuredClone(record);
  for (const key of ['uid', 'id', 'name', 'hostname', 'alertUid', 'jobUid', 'password', 'title']) {
    if (typeof copy[key] === 'string') copy[key] = `${copy[key]}-wrong`;
    else if (typeof copy[key] === 'number') copy[key] += 1;
  }
  if (copy.job && typeof copy.job.uid === 'string') copy.job.uid = `${copy.job.uid}-wrong`;
  if (copy.systemInfo) copy.systemInfo = { ...copy.systemInfo, manufacturer: 'Wrong Inc.' };
  return copy;
}

/**
 * Runs one call with `invoke(tool, args) → { structuredContent, content, isError }` and checks
 * it. Returns the result.
 */
export async function runCall(call, invoke, ctx) {
  const args = typeof call.args === 'function' ? call.args(ctx) : call.args;
  call.before?.(ctx);
  const result = await invoke(call.tool, args);
  const text = (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
  if (call.expectError) {
    assert.equal(result.isError, true, `${call.tool} ${JSON.stringify(args)} should be a tool error: ${text.slice(0, 300)}`);
  } else {
    assert.ok(!result.isError, `${call.tool} ${JSON.stringify(args)} failed: ${text.slice(0, 500)}`);
    assert.ok(text.length > 0, `${call.tool} answers with a text block too`);
    assert.ok(result.structuredContent && typeof result.structuredContent === 'object', `${call.tool} answers with structuredContent`);
  }
  call.check(result.structuredContent, text, ctx);
  return { result, structured: result.structuredContent, text };
}
