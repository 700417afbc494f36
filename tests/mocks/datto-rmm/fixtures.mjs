// Deterministic data of the Datto RMM mock: a small MSP ("Contoso MSP") with three sites, nine
// devices, alerts, components, filters, audits and software. Records follow the spec schemas in
// Datto's OpenAPI document (vendors.md §1.4); every timestamp is epoch MILLISECONDS (§1.3).
// Values inside the records (category names, agent versions, portal URL shapes) are invented.
import { deepFreeze } from '../http.mjs';

const PORTAL = 'https://concord.centrastage.net';
/** The fixed "now" of the data set: 2025-06-02T14:00:00Z. */
export const DATTO_T0 = Date.UTC(2025, 5, 2, 14, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ago = (ms) => DATTO_T0 - ms;

const account = { id: 4217, uid: 'contoso-msp-7d2f', name: 'Contoso MSP' };

const SITES = {
  northwind: {
    id: 31001, uid: '6f1a0c2e-5b7d-4c1e-8a9f-31001a000001', name: 'Northwind Traders - HQ',
    description: 'Head office, 2nd floor server room', notes: 'After-hours access via building security',
    autotaskCompanyName: 'Northwind Traders', autotaskCompanyId: '29683412',
  },
  fabrikam: {
    id: 31002, uid: '6f1a0c2e-5b7d-4c1e-8a9f-31002a000002', name: 'Fabrikam Dental Group',
    description: 'Two-chair practice, single office', notes: null,
    autotaskCompanyName: 'Fabrikam Dental Group', autotaskCompanyId: '29683455',
  },
  internal: {
    id: 31003, uid: '6f1a0c2e-5b7d-4c1e-8a9f-31003a000003', name: 'Contoso MSP - Internal',
    description: 'Our own monitoring infrastructure', notes: null,
    autotaskCompanyName: null, autotaskCompanyId: null,
  },
};

/** udf1..udf30, all null except the given ones. */
function udfs(values = {}) {
  const udf = {};
  for (let i = 1; i <= 30; i++) udf[`udf${i}`] = values[`udf${i}`] ?? null;
  return udf;
}

const AGENT = { cagVersion: '4.4.2233.2233', displayVersion: '11.2.0.3157' };
const NO_AGENT = { cagVersion: null, displayVersion: null };

function device(spec) {
  const site = SITES[spec.site];
  const agent = spec.deviceClass === 'device' ? AGENT : NO_AGENT;
  return {
    id: spec.id,
    uid: spec.uid,
    siteId: site.id,
    siteUid: site.uid,
    siteName: site.name,
    deviceType: spec.deviceType,
    hostname: spec.hostname,
    intIpAddress: spec.intIpAddress,
    operatingSystem: spec.operatingSystem ?? null,
    lastLoggedInUser: spec.lastLoggedInUser ?? null,
    domain: spec.domain ?? null,
    cagVersion: agent.cagVersion,
    displayVersion: agent.displayVersion,
    extIpAddress: spec.extIpAddress ?? null,
    description: spec.description ?? null,
    a64Bit: spec.a64Bit ?? null,
    rebootRequired: spec.rebootRequired ?? false,
    online: spec.online ?? true,
    suspended: false,
    deleted: false,
    lastSeen: spec.lastSeen ?? ago(2 * MINUTE),
    lastReboot: spec.lastReboot ?? null,
    lastAuditDate: spec.lastAuditDate ?? ago(6 * HOUR),
    creationDate: spec.creationDate,
    udf: udfs(spec.udf),
    snmpEnabled: spec.snmpEnabled ?? false,
    deviceClass: spec.deviceClass,
    portalUrl: `${PORTAL}/csm/search?qs=uid%3A${spec.uid}`,
    warrantyDate: spec.warrantyDate ?? null,
    antivirus: spec.antivirus ?? null,
    patchManagement: spec.patchManagement ?? null,
    softwareStatus: spec.deviceClass === 'device' ? (spec.softwareStatus ?? 'Compliant') : null,
    webRemoteUrl: spec.deviceClass === 'device' ? `${PORTAL}/csm/remote/rto/${spec.uid}` : null,
    networkProbe: spec.networkProbe ?? false,
    onboardedViaNetworkMonitor: spec.deviceClass === 'rmmnetworkdevice',
  };
}

const av = (antivirusProduct, antivirusStatus) => ({ antivirusProduct, antivirusStatus });
const patches = (patchStatus, patchesApprovedPending, patchesNotApproved, patchesInstalled) =>
  ({ patchStatus, patchesApprovedPending, patchesNotApproved, patchesInstalled });

const devices = [
  device({
    id: 700101, uid: '3c9e2b71-8d4a-4f06-b1e5-700101000001', site: 'northwind',
    deviceType: { category: 'Server', type: 'Physical' }, deviceClass: 'device',
    hostname: 'NW-DC01', intIpAddress: '10.20.0.10', extIpAddress: '203.0.113.24',
    operatingSystem: 'Microsoft Windows Server 2022 Standard 21H2', domain: 'northwind.local',
    lastLoggedInUser: 'NORTHWIND\\adm.jsmith', description: 'Domain controller, DNS, DHCP', a64Bit: true,
    networkProbe: true, lastReboot: ago(9 * DAY), creationDate: Date.UTC(2022, 2, 14, 9, 30),
    warrantyDate: '2027-03-31', udf: { udf1: 'Tier 1', udf2: 'Rack A / U12' },
    antivirus: av('Windows Defender', 'RunningAndUpToDate'), patchManagement: patches('FullyPatched', 0, 0, 214),
  }),
  device({
    id: 700102, uid: '3c9e2b71-8d4a-4f06-b1e5-700102000002', site: 'northwind',
    deviceType: { category: 'Server', type: 'Virtual' }, deviceClass: 'device',
    hostname: 'NW-FS01', intIpAddress: '10.20.0.12', extIpAddress: '203.0.113.24',
    operatingSystem: 'Microsoft Windows Server 2019 Datacenter 1809', domain: 'northwind.local',
    lastLoggedInUser: 'NORTHWIND\\adm.jsmith', description: 'File and print server (Hyper-V guest)', a64Bit: true,
    rebootRequired: true, lastReboot: ago(41 * DAY), creationDate: Date.UTC(2022, 2, 14, 10, 5),
    udf: { udf1: 'Tier 1' },
    antivirus: av('Windows Defender', 'RunningAndUpToDate'), patchManagement: patches('RebootRequired', 3, 1, 188),
  }),
  device({
    id: 700103, uid: '3c9e2b71-8d4a-4f06-b1e5-700103000003', site: 'northwind',
    deviceType: { category: 'Desktop', type: 'Physical' }, deviceClass: 'device',
    hostname: 'NW-WS-0142', intIpAddress: '10.20.10.142', extIpAddress: '203.0.113.24',
    operatingSystem: 'Microsoft Windows 11 Pro 23H2', domain: 'northwind.local',
    lastLoggedInUser: 'NORTHWIND\\mgarcia', description: 'Accounts payable workstation', a64Bit: true,
    lastReboot: ago(1 * DAY), creationDate: Date.UTC(2023, 8, 4, 15, 12), warrantyDate: '2026-09-03',
    antivirus: av('Bitdefender Endpoint Security Tools', 'RunningAndUpToDate'), patchManagement: patches('ApprovedPending', 4, 0, 97),
  }),
  device({
    id: 700104, uid: '3c9e2b71-8d4a-4f06-b1e5-700104000004', site: 'northwind',
    deviceType: { category: 'Laptop', type: 'Physical' }, deviceClass: 'device',
    hostname: 'NW-LT-0087', intIpAddress: '192.168.1.34', extIpAddress: '198.51.100.77',
    operatingSystem: 'Microsoft Windows 10 Pro 22H2', domain: 'northwind.local',
    lastLoggedInUser: 'NORTHWIND\\tnguyen', description: 'Sales laptop', a64Bit: true,
    online: false, lastSeen: ago(3 * DAY), lastReboot: ago(4 * DAY), lastAuditDate: ago(3 * DAY),
    creationDate: Date.UTC(2021, 10, 22, 11, 0), softwareStatus: 'Non-Compliant',
    antivirus: av('Bitdefender Endpoint Security Tools', 'NotRunning'), patchManagement: patches('InstallError', 2, 5, 143),
  }),
  device({
    id: 700105, uid: '3c9e2b71-8d4a-4f06-b1e5-700105000005', site: 'northwind',
    deviceType: { category: 'Printer', type: 'Network Printer' }, deviceClass: 'printer',
    hostname: 'NW-PRN-2F', intIpAddress: '10.20.30.21', description: 'HP LaserJet Pro M404dn, 2nd floor',
    snmpEnabled: true, creationDate: Date.UTC(2023, 0, 10, 8, 45),
  }),
  device({
    id: 700106, uid: '3c9e2b71-8d4a-4f06-b1e5-700106000006', site: 'fabrikam',
    deviceType: { category: 'Desktop', type: 'Physical' }, deviceClass: 'device',
    hostname: 'FAB-RECEPTION', intIpAddress: '192.168.50.20', extIpAddress: '198.51.100.140',
    operatingSystem: 'Microsoft Windows 11 Pro 23H2', domain: null, lastLoggedInUser: 'FAB-RECEPTION\\frontdesk',
    description: 'Front desk PC (scheduling)', a64Bit: true, lastReboot: ago(2 * DAY),
    creationDate: Date.UTC(2024, 1, 19, 13, 20), warrantyDate: '2027-02-18', udf: { udf1: 'HIPAA' },
    antivirus: av('Windows Defender', 'RunningAndNotUpToDate'), patchManagement: patches('FullyPatched', 0, 0, 61),
  }),
  device({
    id: 700107, uid: '3c9e2b71-8d4a-4f06-b1e5-700107000007', site: 'fabrikam',
    deviceType: { category: 'Laptop', type: 'Physical' }, deviceClass: 'device',
    hostname: 'FAB-MBP-DRLEE', intIpAddress: '192.168.50.31', extIpAddress: '198.51.100.140',
    operatingSystem: 'macOS Sonoma 14.5', lastLoggedInUser: 'drlee', description: "Dr. Lee's MacBook Pro",
    a64Bit: true, lastReboot: ago(6 * DAY), creationDate: Date.UTC(2024, 4, 2, 16, 0),
    udf: { udf1: 'HIPAA' }, antivirus: av('Sophos Endpoint', 'RunningAndUpToDate'), patchManagement: patches('NoPolicy', 0, 0, 0),
  }),
  device({
    id: 700108, uid: '3c9e2b71-8d4a-4f06-b1e5-700108000008', site: 'fabrikam',
    deviceType: { category: 'Network Device', type: 'Firewall' }, deviceClass: 'rmmnetworkdevice',
    hostname: 'FAB-FW01', intIpAddress: '192.168.50.1', description: 'Fortinet FortiGate 60F',
    snmpEnabled: true, creationDate: Date.UTC(2024, 1, 19, 12, 0),
  }),
  device({
    id: 700109, uid: '3c9e2b71-8d4a-4f06-b1e5-700109000009', site: 'internal',
    deviceType: { category: 'Server', type: 'Virtual' }, deviceClass: 'device',
    hostname: 'CMSP-MON01', intIpAddress: '10.99.0.5', extIpAddress: '192.0.2.10',
    operatingSystem: 'Ubuntu 22.04.4 LTS', lastLoggedInUser: 'svc-monitor', description: 'Monitoring and log collector',
    a64Bit: true, networkProbe: true, lastReboot: ago(20 * DAY), creationDate: Date.UTC(2022, 6, 1, 7, 0),
    patchManagement: patches('NoData', 0, 0, 0),
  }),
];

const byHostname = Object.fromEntries(devices.map((d) => [d.hostname, d]));

function devicesStatus(list) {
  const online = list.filter((d) => d.online).length;
  return { numberOfDevices: list.length, numberOfOnlineDevices: online, numberOfOfflineDevices: list.length - online };
}

const sites = Object.values(SITES).map((site) => ({
  id: site.id,
  uid: site.uid,
  accountUid: account.uid,
  name: site.name,
  description: site.description,
  notes: site.notes,
  onDemand: false,
  splashtopAutoInstall: true,
  proxySettings: null,
  devicesStatus: devicesStatus(devices.filter((d) => d.siteUid === site.uid)),
  autotaskCompanyName: site.autotaskCompanyName,
  autotaskCompanyId: site.autotaskCompanyId,
  portalUrl: `${PORTAL}/csm/profile/summary/${site.id}`,
}));

function alert(spec) {
  const source = byHostname[spec.hostname];
  return {
    alertUid: spec.alertUid,
    priority: spec.priority,
    diagnostics: spec.diagnostics,
    resolved: Boolean(spec.resolvedOn),
    resolvedBy: spec.resolvedBy ?? null,
    resolvedOn: spec.resolvedOn ?? null,
    muted: spec.muted ?? false,
    ticketNumber: spec.ticketNumber ?? null,
    timestamp: spec.timestamp,
    alertMonitorInfo: { sendsEmails: true, createsTicket: Boolean(spec.ticketNumber) },
    alertContext: spec.alertContext,
    alertSourceInfo: {
      deviceUid: source.uid, deviceName: source.hostname, siteUid: source.siteUid, siteName: source.siteName,
    },
    responseActions: spec.ticketNumber
      ? [{
        actionTime: spec.timestamp + MINUTE, actionType: 'TICKET_CREATED',
        description: `Ticket ${spec.ticketNumber} created in Autotask`,
        actionReference: spec.ticketNumber, actionReferenceInt: null,
      }]
      : [],
    autoresolveMins: spec.autoresolveMins ?? null,
  };
}

const alerts = [
  alert({
    alertUid: 'a1e7f3c0-2b4d-4e8a-9c61-800001000001', hostname: 'NW-DC01', priority: 'High',
    diagnostics: 'CPU usage has been above 95% for 15 minutes (lsass.exe 61%)', timestamp: ago(25 * MINUTE),
    alertContext: { '@class': 'perf_resource_usage_ctx', type: 'CPU', percentage: 97.4 },
    ticketNumber: 'T20250602.0041', autoresolveMins: 30,
  }),
  alert({
    alertUid: 'a1e7f3c0-2b4d-4e8a-9c61-800002000002', hostname: 'NW-FS01', priority: 'Moderate',
    diagnostics: 'A reboot is required to finish installing 3 updates', timestamp: ago(5 * HOUR),
    alertContext: { '@class': 'patch_ctx', patchUid: null, policyName: 'Servers - Monthly', result: 'RebootRequired' },
  }),
  alert({
    alertUid: 'a1e7f3c0-2b4d-4e8a-9c61-800003000003', hostname: 'NW-LT-0087', priority: 'High',
    diagnostics: 'Device has been offline for more than 24 hours', timestamp: ago(2 * DAY), muted: true,
    alertContext: { '@class': 'online_offline_status_ctx', status: 'OFFLINE' },
  }),
  alert({
    alertUid: 'a1e7f3c0-2b4d-4e8a-9c61-800004000004', hostname: 'NW-LT-0087', priority: 'Critical',
    diagnostics: 'Antivirus product Bitdefender Endpoint Security Tools is not running', timestamp: ago(3 * DAY),
    alertContext: { '@class': 'antivirus_ctx', productName: 'Bitdefender Endpoint Security Tools', status: 'NotRunning' },
    ticketNumber: 'T20250530.0007',
  }),
  alert({
    alertUid: 'a1e7f3c0-2b4d-4e8a-9c61-800005000005', hostname: 'FAB-RECEPTION', priority: 'Low',
    diagnostics: 'Event 7031 (Service Control Manager): the Print Spooler service terminated unexpectedly',
    timestamp: ago(90 * MINUTE),
    alertContext: { '@class': 'eventlog_ctx', logName: 'System', code: '7031', source: 'Service Control Manager', type: 'Error' },
  }),
  alert({
    alertUid: 'a1e7f3c0-2b4d-4e8a-9c61-800006000006', hostname: 'CMSP-MON01', priority: 'Moderate',
    diagnostics: 'Disk space check failed: / is 91% full (threshold 90%)', timestamp: ago(12 * HOUR),
    alertContext: { '@class': 'comp_script_ctx', samples: { '/': '91%' } },
  }),
  alert({
    alertUid: 'a1e7f3c0-2b4d-4e8a-9c61-800007000007', hostname: 'NW-DC01', priority: 'High',
    diagnostics: 'Memory usage has been above 90% for 15 minutes', timestamp: ago(3 * DAY + 4 * HOUR),
    alertContext: { '@class': 'perf_resource_usage_ctx', type: 'MEMORY', percentage: 92.1 },
    resolvedBy: 'system', resolvedOn: ago(3 * DAY + 3 * HOUR), autoresolveMins: 30,
  }),
  alert({
    alertUid: 'a1e7f3c0-2b4d-4e8a-9c61-800008000008', hostname: 'FAB-MBP-DRLEE', priority: 'Information',
    diagnostics: 'Device went offline', timestamp: ago(6 * DAY),
    alertContext: { '@class': 'online_offline_status_ctx', status: 'OFFLINE' },
    resolvedBy: 'system', resolvedOn: ago(6 * DAY - 40 * MINUTE),
  }),
  alert({
    alertUid: 'a1e7f3c0-2b4d-4e8a-9c61-800009000009', hostname: 'NW-WS-0142', priority: 'Critical',
    diagnostics: 'Threat quarantined: Trojan:Win32/Wacatac.B!ml', timestamp: ago(8 * DAY),
    alertContext: { '@class': 'antivirus_ctx', productName: 'Bitdefender Endpoint Security Tools', status: 'ThreatQuarantined' },
    ticketNumber: 'T20250525.0019', resolvedBy: 'jsmith@contoso-msp.example', resolvedOn: ago(8 * DAY - 2 * HOUR),
  }),
];

const variable = (name, defaultVal, type, description, variablesIdx) =>
  ({ name, defaultVal, type, direction: false, description, variablesIdx });

const components = [
  {
    id: 5101, uid: '0d4b8e62-7a13-4c59-b2f0-510100000001', name: 'Clear Temp Files',
    description: 'Deletes files older than N days from Windows and user temp folders',
    categoryCode: 'scripts', credentialsRequired: false,
    variables: [variable('olderThanDays', '7', 'String', 'Only delete files older than this many days', 0)],
  },
  {
    id: 5102, uid: '0d4b8e62-7a13-4c59-b2f0-510200000002', name: 'Restart Windows Service',
    description: 'Restarts a Windows service and reports its final state',
    categoryCode: 'scripts', credentialsRequired: false,
    variables: [
      variable('serviceName', 'Spooler', 'String', 'Service short name', 0),
      variable('timeoutSeconds', '30', 'String', 'How long to wait for the service to start', 1),
    ],
  },
  {
    id: 5103, uid: '0d4b8e62-7a13-4c59-b2f0-510300000003', name: 'Windows Update Scan',
    description: 'Scans for missing updates and optionally installs approved ones',
    categoryCode: 'scripts', credentialsRequired: true,
    variables: [
      variable('installUpdates', 'false', 'Boolean', 'Install approved updates after the scan', 0),
      variable('rebootIfRequired', 'false', 'Boolean', 'Reboot when an update asks for it', 1),
    ],
  },
];

/**
 * Mock-only (not part of any wire record): what a finished quick job prints, per component.
 * `{name}` is replaced by the job variable `name`.
 */
const componentOutput = {
  [components[0].uid]: { stdout: 'Removed 1,284 files (2.3 GB) older than {olderThanDays} days', stderr: null },
  [components[1].uid]: { stdout: 'Service {serviceName} restarted; status: Running', stderr: null },
  [components[2].uid]: {
    stdout: 'Scan complete: 3 updates available (installUpdates={installUpdates})',
    stderr: 'WARNING: KB5034441 failed to download, will retry',
  },
};

const filterFields = (id, name, description, type) =>
  ({ id, name, description, type, dateCreate: Date.UTC(2022, 0, 5, 9, 0), lastUpdated: Date.UTC(2024, 10, 12, 16, 30) });

const filters = [
  filterFields(110, 'All Servers', 'Devices whose device type category is Server', 'rmm_default'),
  filterFields(111, 'Offline Devices', 'Devices that are currently offline', 'rmm_default'),
  filterFields(4201, 'Reboot Required', 'Custom: devices waiting for a reboot', 'custom'),
];

/** Mock-only: which devices each filter selects (filterId "exclusively determines the results"). */
const filterDeviceUids = {
  110: devices.filter((d) => d.deviceType.category === 'Server').map((d) => d.uid),
  111: devices.filter((d) => !d.online).map((d) => d.uid),
  4201: devices.filter((d) => d.rebootRequired).map((d) => d.uid),
};

function audit(hostname, spec) {
  const d = byHostname[hostname];
  return {
    portalUrl: d.portalUrl,
    webRemoteUrl: d.webRemoteUrl,
    systemInfo: {
      manufacturer: spec.manufacturer, model: spec.model, totalPhysicalMemory: spec.memoryGb * 1024 ** 3,
      username: d.lastLoggedInUser, dotNetVersion: spec.dotNet ?? null, totalCpuCores: spec.cores,
    },
    nics: [{ instance: spec.nic, ipv4: d.intIpAddress, ipv6: null, macAddress: spec.mac, type: 'Ethernet' }],
    bios: { instance: spec.bios, releaseDate: spec.biosDate, serialNumber: spec.serial, smBiosVersion: '3.3' },
    baseBoard: { manufacturer: spec.manufacturer, product: spec.board ?? spec.model },
    displays: spec.display ? [{ instance: spec.display, screenHeight: 1080, screenWidth: 1920 }] : [],
    logicalDisks: spec.disks.map(([diskIdentifier, sizeGb, freeGb]) => ({
      description: 'Local Fixed Disk', diskIdentifier, freespace: freeGb * 1024 ** 3, size: sizeGb * 1024 ** 3,
    })),
    mobileInfo: [],
    processors: [{ name: spec.cpu }],
    videoBoards: spec.display ? [{ displayAdapter: spec.video ?? 'Intel(R) UHD Graphics 770' }] : [],
    attachedDevices: [],
    snmpInfo: null,
    physicalMemory: [{
      module: 'DIMM 1', size: spec.memoryGb * 1024 ** 3, type: 'DDR4', speed: '3200',
      serialNumber: `${spec.serial}-M1`, partNumber: 'M378A2K43EB1-CWE', bank: 'BANK 0',
    }],
  };
}

const audits = {
  'NW-DC01': audit('NW-DC01', {
    manufacturer: 'Dell Inc.', model: 'PowerEdge R450', memoryGb: 64, cores: 16, dotNet: '4.8.1',
    nic: 'Broadcom NetXtreme Gigabit Ethernet', mac: '00:1A:2B:3C:4D:01', bios: 'Dell Inc. 1.11.2',
    biosDate: Date.UTC(2024, 2, 1), serial: '8QXK2Y3', cpu: 'Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz',
    disks: [['C:', 480, 301], ['D:', 1920, 1210]],
  }),
  'NW-FS01': audit('NW-FS01', {
    manufacturer: 'Microsoft Corporation', model: 'Virtual Machine', memoryGb: 16, cores: 4, dotNet: '4.8',
    nic: 'Microsoft Hyper-V Network Adapter', mac: '00:15:5D:0A:14:02', bios: 'Hyper-V UEFI Release v4.1',
    biosDate: Date.UTC(2023, 5, 20), serial: '0563-7711-9913-6021-3319-4410-02', cpu: 'Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz',
    disks: [['C:', 127, 41], ['E:', 2048, 388]],
  }),
  'NW-WS-0142': audit('NW-WS-0142', {
    manufacturer: 'LENOVO', model: 'ThinkCentre M70q Gen 4', memoryGb: 16, cores: 12, dotNet: '4.8.1',
    nic: 'Intel(R) Ethernet Connection (17) I219-LM', mac: '8C:16:45:AA:01:42', bios: 'LENOVO M4JKT2AA',
    biosDate: Date.UTC(2024, 0, 15), serial: 'MJ0GK8P2', cpu: '13th Gen Intel(R) Core(TM) i5-13500T',
    disks: [['C:', 512, 287]], display: 'Lenovo ThinkVision T24i-30',
  }),
  'NW-LT-0087': audit('NW-LT-0087', {
    manufacturer: 'HP', model: 'HP EliteBook 840 G8', memoryGb: 16, cores: 4, dotNet: '4.8',
    nic: 'Intel(R) Wi-Fi 6 AX201 160MHz', mac: 'F8:E4:E3:11:00:87', bios: 'HP T37 Ver. 01.14.00',
    biosDate: Date.UTC(2023, 3, 11), serial: '5CG1352XYZ', cpu: '11th Gen Intel(R) Core(TM) i5-1145G7 @ 2.60GHz',
    disks: [['C:', 256, 19]], display: 'Built-in display', video: 'Intel(R) Iris(R) Xe Graphics',
  }),
  'FAB-RECEPTION': audit('FAB-RECEPTION', {
    manufacturer: 'Dell Inc.', model: 'OptiPlex 7010', memoryGb: 8, cores: 6, dotNet: '4.8.1',
    nic: 'Realtek PCIe GbE Family Controller', mac: 'B0:7B:25:50:00:20', bios: 'Dell Inc. 1.9.1',
    biosDate: Date.UTC(2023, 10, 2), serial: '4HJ7KQ3', cpu: '13th Gen Intel(R) Core(TM) i3-13100',
    disks: [['C:', 256, 150]], display: 'Dell P2422H',
  }),
  'FAB-MBP-DRLEE': audit('FAB-MBP-DRLEE', {
    manufacturer: 'Apple Inc.', model: 'MacBookPro18,3', memoryGb: 16, cores: 8,
    nic: 'Wi-Fi', mac: 'A4:83:E7:50:00:31', bios: 'Apple 10151.121.1', biosDate: Date.UTC(2024, 3, 20),
    serial: 'C02GW1ABQ6L4', cpu: 'Apple M1 Pro', disks: [['/', 512, 201]], display: 'Color LCD', video: 'Apple M1 Pro',
  }),
  'CMSP-MON01': audit('CMSP-MON01', {
    manufacturer: 'VMware, Inc.', model: 'VMware7,1', memoryGb: 8, cores: 4,
    nic: 'ens160', mac: '00:50:56:99:00:05', bios: 'VMware, Inc. VMW71.00V.21100432.B64', biosDate: Date.UTC(2022, 11, 9),
    serial: 'VMware-42 19 7c 1e 55 0a', cpu: 'Intel(R) Xeon(R) Gold 6226R CPU @ 2.90GHz', disks: [['/', 80, 7]],
  }),
};

const sw = (name, version) => ({ name, version });
const WINDOWS_BASE = [sw('Microsoft Edge', '125.0.2535.79'), sw('Datto RMM', '4.4.2233.2233')];
const software = {
  'NW-DC01': [...WINDOWS_BASE, sw('Veeam Agent for Microsoft Windows', '6.1.2.134'), sw('Microsoft Visual C++ 2015-2022 Redistributable (x64)', '14.38.33135')],
  'NW-FS01': [...WINDOWS_BASE, sw('Veeam Agent for Microsoft Windows', '6.1.2.134'), sw('PaperCut MF', '23.0.6')],
  'NW-WS-0142': [...WINDOWS_BASE, sw('Microsoft 365 Apps for business - en-us', '16.0.17531.20152'), sw('Google Chrome', '125.0.6422.113'), sw('Adobe Acrobat Reader (64-bit)', '24.002.20759'), sw('Bitdefender Endpoint Security Tools', '7.9.12.414'), sw('QuickBooks Desktop Enterprise 24.0', '34.0.4002.3400')],
  'NW-LT-0087': [...WINDOWS_BASE, sw('Microsoft 365 Apps for business - en-us', '16.0.17328.20282'), sw('Zoom Workplace', '6.0.11'), sw('Bitdefender Endpoint Security Tools', '7.9.11.400')],
  'FAB-RECEPTION': [...WINDOWS_BASE, sw('Dentrix G7', '7.3.0.14'), sw('Google Chrome', '125.0.6422.113')],
  'FAB-MBP-DRLEE': [sw('Google Chrome', '125.0.6422.113'), sw('Microsoft Outlook', '16.85'), sw('Sophos Endpoint', '1.6.1'), sw('Datto RMM', '4.4.2233.2233')],
  'CMSP-MON01': [sw('openssh-server', '1:8.9p1-3ubuntu0.7'), sw('docker-ce', '5:26.1.3-1~ubuntu.22.04~jammy'), sw('prometheus-node-exporter', '1.3.1-1ubuntu0.22.04.2')],
};

const totalStatus = devicesStatus(devices);

/**
 * Everything the Datto mock serves, keyed like the wire: `account`, `sites`, `devices`,
 * `alerts` (open and resolved), `components`, `filters`; plus per-device `audits` and
 * `software` keyed by device uid, and the mock-only `filterDeviceUids` and `componentOutput`.
 */
/**
 * `count` more workstations in the Contoso MSP internal site (ids 710001…, hostnames
 * CMSP-WS-0001…), for tests of long lists; not part of the frozen fixtures.
 */
export function generatedDevices(count) {
  return Array.from({ length: count }, (_, i) => device({
    id: 710001 + i,
    uid: `7d000000-0000-4000-8000-${String(710001 + i).padStart(12, '0')}`,
    site: 'internal',
    deviceType: { category: 'Desktop', type: 'Physical' }, deviceClass: 'device',
    hostname: `CMSP-WS-${String(i + 1).padStart(4, '0')}`, intIpAddress: `10.99.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`,
    operatingSystem: 'Microsoft Windows 11 Pro 23H2', description: 'Generated workstation', a64Bit: true,
    creationDate: Date.UTC(2025, 0, 6, 9, 0),
  }));
}

export const dattoFixtures = deepFreeze({
  account: {
    ...account,
    currency: 'USD',
    descriptor: { bilingEmail: 'billing@contoso-msp.example', deviceLimit: 500, timeZone: 'America/Chicago' },
    devicesStatus: { ...totalStatus, numberOfOnDemandDevices: 0, numberOfManagedDevices: totalStatus.numberOfDevices },
  },
  sites,
  devices,
  alerts,
  components,
  filters,
  audits: Object.fromEntries(Object.entries(audits).map(([host, value]) => [byHostname[host].uid, value])),
  software: Object.fromEntries(Object.entries(software).map(([host, value]) => [byHostname[host].uid, value])),
  filterDeviceUids,
  componentOutput,
});

/** Named ids that tests can rely on. */
export const DATTO_IDS = deepFreeze({
  accountUid: account.uid,
  siteNorthwind: SITES.northwind.uid,
  siteFabrikam: SITES.fabrikam.uid,
  siteInternal: SITES.internal.uid,
  deviceDc: byHostname['NW-DC01'].uid, // Windows server, id 700101
  deviceDcId: byHostname['NW-DC01'].id,
  deviceWorkstation: byHostname['NW-WS-0142'].uid,
  deviceOfflineLaptop: byHostname['NW-LT-0087'].uid,
  devicePrinter: byHostname['NW-PRN-2F'].uid, // deviceClass printer: no device audit
  deviceFirewall: byHostname['FAB-FW01'].uid, // deviceClass rmmnetworkdevice
  alertOpenCpu: alerts[0].alertUid, // NW-DC01, High
  alertOpenMuted: alerts[2].alertUid, // NW-LT-0087, muted
  alertResolved: alerts[6].alertUid,
  componentClearTemp: components[0].uid,
  componentRestartService: components[1].uid,
  componentUpdateScan: components[2].uid, // also writes stderr
  filterServers: 110,
});
