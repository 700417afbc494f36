// The ConnectWise Automate mock's data: clients, locations, computers (agents, online and
// offline), their software, Microsoft updates and alerts, and scripts, shaped like the REST v1
// models (PascalCase, nested `Client`/`Location` references, ISO 8601 dates). Frozen; the mock
// works on a clone.
import { deepFreeze } from '../http.mjs';

export const CWA = {
  clientId: '5f0c3a2e-7b1d-4c8e-9a6f-2d4b8e1c0f37',
  username: 'gateway-integrator',
  password: 'Aut0mate-P@ss!',
  /** An account that asks for a two-factor passcode; each passcode works once. */
  twoFactorUser: 'tech-2fa',
  twoFactorPassword: 'Tw0-F@ctor-P@ss',
  passcodes: ['401911', '552873', '663310', '774421'],
};

export const CLIENTS = [
  { Id: 1, Name: 'Contoso Dental', City: 'Tampa', State: 'FL', Phone: '8135550100', ExternalId: 250 },
  { Id: 2, Name: 'Northwind Traders', City: 'Orlando', State: 'FL', Phone: '4075550111', ExternalId: 251 },
  { Id: 3, Name: 'Adatum Corporation', City: 'Tampa', State: 'FL', Phone: '8135550133', ExternalId: 253 },
];

const clientRef = (id) => ({ Id: id, Name: CLIENTS.find((c) => c.Id === id).Name });

export const LOCATIONS = [
  { Id: 1, Name: 'Contoso - Main Office', Client: clientRef(1), City: 'Tampa' },
  { Id: 2, Name: 'Contoso - Brandon Clinic', Client: clientRef(1), City: 'Brandon' },
  { Id: 3, Name: 'Northwind - Warehouse', Client: clientRef(2), City: 'Orlando' },
  { Id: 4, Name: 'Adatum - HQ', Client: clientRef(3), City: 'Tampa' },
];

const locationRef = (id) => ({ Id: id, Name: LOCATIONS.find((l) => l.Id === id).Name });

const computer = (Id, ComputerName, clientId, locationId, Status, OperatingSystemName, LocalIPAddress, RemoteAgentLastContact, extra = {}) => ({
  Id, ComputerName, Client: clientRef(clientId), Location: locationRef(locationId), Status, OperatingSystemName,
  OperatingSystemVersion: OperatingSystemName.includes('Server') ? '10.0.20348' : '10.0.22631', Type: OperatingSystemName.includes('Server') ? 'Server' : 'Workstation',
  LocalIPAddress, DomainName: 'CONTOSO', RemoteAgentLastContact, RemoteAgentVersion: '2025.1.123', IsRebootNeeded: false,
  IsMaintenanceModeEnabled: false, IsVirtualMachine: OperatingSystemName.includes('Server'), SerialNumber: `SN-${Id}`,
  LoggedInUsers: [], Comment: '', ...extra,
});

export const COMPUTERS = [
  computer(101, 'CD-DC01', 1, 1, 'Online', 'Microsoft Windows Server 2022 Standard', '10.0.0.10', '2026-12-07T03:50:00Z'),
  computer(102, 'CD-FRONT-PC', 1, 1, 'Online', 'Microsoft Windows 11 Pro', '10.0.0.51', '2026-12-07T03:51:00Z', { LoggedInUsers: [{ LoggedInUserName: 'CONTOSO\\reception' }] }),
  computer(103, 'CD-XRAY-WS', 1, 2, 'Offline', 'Microsoft Windows 10 Pro', '10.0.1.20', '2026-11-30T18:00:00Z', { IsRebootNeeded: true }),
  computer(104, 'CD-LAPTOP-07', 1, 2, 'Online', 'Microsoft Windows 11 Pro', '10.0.1.37', '2026-12-07T03:45:00Z'),
  computer(201, 'NW-WH-PC01', 2, 3, 'Online', 'Microsoft Windows 10 Pro', '10.2.0.11', '2026-12-07T03:40:00Z'),
  computer(202, 'NW-FS01', 2, 3, 'Offline', 'Microsoft Windows Server 2019 Standard', '10.2.0.5', '2026-12-01T07:00:00Z'),
  computer(301, 'AD-APP01', 3, 4, 'Online', 'Microsoft Windows Server 2022 Datacenter', '10.3.0.8', '2026-12-07T03:52:00Z'),
];

export const SOFTWARE = {
  101: [
    { Id: 5001, Name: 'Microsoft Edge', Version: '131.0.2903.70', DateInstalled: '2026-11-20T00:00:00Z' },
    { Id: 5002, Name: 'Veeam Agent for Microsoft Windows', Version: '6.2.0.121', DateInstalled: '2026-06-02T00:00:00Z' },
    { Id: 5003, Name: 'SentinelOne Agent', Version: '24.1.4.257', DateInstalled: '2026-03-15T00:00:00Z' },
  ],
  102: [
    { Id: 5101, Name: 'Dentrix G7', Version: '7.4.1', DateInstalled: '2026-02-11T00:00:00Z' },
    { Id: 5102, Name: 'Microsoft 365 Apps for business', Version: '16.0.18129.20158', DateInstalled: '2026-09-30T00:00:00Z' },
  ],
};

export const UPDATES = {
  101: [
    { Id: 8001, Title: '2026-11 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems', KbId: 'KB5046616', Status: 'Installed', DateInstalled: '2026-11-14T03:00:00Z' },
    { Id: 8002, Title: '2026-11 Security Update for .NET Framework 4.8.1', KbId: 'KB5046540', Status: 'Missing', DateInstalled: null },
    { Id: 8003, Title: 'Windows Malicious Software Removal Tool x64 - v5.130', KbId: 'KB890830', Status: 'Failed', DateInstalled: null },
  ],
};

export const SCRIPTS = [
  { Id: 6001, Name: 'Restart Print Spooler', Folder: { Id: 10, Name: 'Maintenance' }, LastUpdated: '2026-08-01T10:00:00Z' },
  { Id: 6002, Name: 'Clear Temp Files', Folder: { Id: 10, Name: 'Maintenance' }, LastUpdated: '2026-07-12T10:00:00Z' },
  { Id: 6003, Name: 'Install Dentrix Update', Folder: { Id: 11, Name: 'Software' }, LastUpdated: '2026-10-21T10:00:00Z' },
];

export const ALERTS = [
  { Id: 9101, ComputerId: 103, ComputerName: 'CD-XRAY-WS', ClientId: 1, Message: 'Agent offline for more than 24 hours', Severity: 'Critical', AlertDate: '2026-12-01T18:00:00Z', Source: 'Offline Agent' },
  { Id: 9102, ComputerId: 101, ComputerName: 'CD-DC01', ClientId: 1, Message: 'Disk C: below 10% free', Severity: 'Warning', AlertDate: '2026-12-06T22:10:00Z', Source: 'Disk Space' },
  { Id: 9103, ComputerId: 202, ComputerName: 'NW-FS01', ClientId: 2, Message: 'Agent offline for more than 24 hours', Severity: 'Critical', AlertDate: '2026-12-02T07:00:00Z', Source: 'Offline Agent' },
  { Id: 9104, ComputerId: 101, ComputerName: 'CD-DC01', ClientId: 1, Message: 'Backup job failed: Veeam nightly', Severity: 'Critical', AlertDate: '2026-12-07T02:00:00Z', Source: 'Backup' },
];

export const PATCH_JOBS = {
  101: [
    { Id: 8501, Name: 'Nightly server patching', Status: 'Completed', StartDate: '2026-11-14T02:00:00Z', EndDate: '2026-11-14T03:10:00Z', PatchesInstalled: 4, PatchesFailed: 1 },
    { Id: 8502, Name: 'Nightly server patching', Status: 'Scheduled', StartDate: '2026-12-12T02:00:00Z', EndDate: null, PatchesInstalled: 0, PatchesFailed: 0 },
  ],
};

export const DRIVES = [
  { Id: 9501, ComputerId: 101, Letter: 'C', FileSystem: 'NTFS', Size: 127_000, FreeSpace: 11_200, SmartStatus: 'OK', IsSolidState: true },
  { Id: 9502, ComputerId: 101, Letter: 'D', FileSystem: 'NTFS', Size: 1_024_000, FreeSpace: 602_000, SmartStatus: 'OK', IsSolidState: false },
  { Id: 9503, ComputerId: 103, Letter: 'C', FileSystem: 'NTFS', Size: 476_000, FreeSpace: 41_000, SmartStatus: 'Predictive Failure', IsSolidState: false },
];

export const MONITORS = {
  101: [
    { Id: 9601, Name: 'Disk Space C:', Status: 'Failed', LastChecked: '2026-12-06T22:10:00Z' },
    { Id: 9602, Name: 'Service - Veeam Backup', Status: 'Passed', LastChecked: '2026-12-07T02:05:00Z' },
  ],
};

export const SCHEDULED_SCRIPTS = {
  102: [
    { Id: 9701, ScriptId: 6002, ScriptName: 'Clear Temp Files', Schedule: 'Weekly, Sunday 01:00', NextRun: '2026-12-13T01:00:00Z' },
  ],
};

export const cwaFixtures = deepFreeze({
  clients: CLIENTS, locations: LOCATIONS, computers: COMPUTERS, software: SOFTWARE, updates: UPDATES, scripts: SCRIPTS, alerts: ALERTS,
  patchJobs: PATCH_JOBS, drives: DRIVES, monitors: MONITORS, scheduledScripts: SCHEDULED_SCRIPTS,
});
