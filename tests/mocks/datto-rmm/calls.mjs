// The Datto RMM calls every real MCP client makes (tests/e2e/clients.test.mjs): every tool
// in docs/TOOLS.md, with arguments and a check of the answer against the mock's fixtures. The
// table's format is described in tests/support/tool-calls.mjs.
import assert from 'node:assert/strict';
import { listing, mentions, preview, sameSet } from '../../support/tool-calls.mjs';
import { DATTO_IDS, dattoFixtures } from './fixtures.mjs';

const D = dattoFixtures;
const siteByUid = (uid) => D.sites.find((s) => s.uid === uid);
const deviceByUid = (uid) => D.devices.find((d) => d.uid === uid);
const alertByUid = (uid) => D.alerts.find((a) => a.alertUid === uid);
const component = (uid) => D.components.find((c) => c.uid === uid);

const QUICKJOB_NAME = 'e2e: restart the print spooler';

/** The calls, in the order they run. */
export const CALLS = [
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

