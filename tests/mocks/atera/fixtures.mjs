// Deterministic data of the Atera mock, shaped as Atera's REST API v3 sends it: PascalCase
// fields, integer ids, UTC times without an offset (the field sets are the DTOs of a client
// generated from Atera's swagger: AgentQueryDTO, TicketQueryDTO, AlertQueryDTO, …).
import { deepFreeze } from '../http.mjs';

/** The API key the default mock account accepts. */
export const ATERA_KEY = 'a7e3f2c1d0b94e8f9a6b5c4d3e2f1a0b';

/** Ids the tests name. */
export const ATERA_IDS = {
  customerNorthwind: 12,
  customerFabrikam: 13,
  customerContoso: 14,
  contactNancy: 301,
  technicianAlex: 9001,
  agentDc: 5101,
  agentLaptop: 5103,
  ticketPrinter: 7001,
  ticketVpn: 7002,
  ticketClosed: 7005,
  alertDisk: 880001,
  alertArchived: 880004,
  contractNorthwind: 41,
};

const I = ATERA_IDS;
const at = (day, hour = 9) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00`;

function customer(id, spec) {
  return {
    CustomerID: id,
    CustomerName: spec.name,
    CreatedOn: at(1, 8),
    LastModified: at(2, 8),
    BusinessNumber: spec.business ?? null,
    Domain: spec.domain,
    Address: spec.address ?? null,
    City: spec.city ?? null,
    State: spec.state ?? null,
    Country: 'United States',
    Phone: spec.phone ?? null,
    Fax: null,
    Notes: spec.notes ?? null,
    Logo: null,
    Links: null,
    Longitude: null,
    Latitude: null,
    ZipCodeStr: spec.zip ?? null,
  };
}

const customers = [
  customer(I.customerNorthwind, { name: 'Northwind Traders', domain: 'northwind.example', address: '12 Harbor Way', city: 'Seattle', state: 'WA', zip: '98101', phone: '206-555-0101', notes: 'Gold support, 40 seats.' }),
  customer(I.customerFabrikam, { name: 'Fabrikam Dental Group', domain: 'fabrikam-dental.example', city: 'Portland', state: 'OR', phone: '503-555-0144' }),
  customer(I.customerContoso, { name: 'Contoso Pharmacy', domain: 'contoso-pharmacy.example', city: 'San Francisco', state: 'CA' }),
];

const nameOf = (customerId) => customers.find((c) => c.CustomerID === customerId).CustomerName;

function contact(id, customerId, spec) {
  return {
    EndUserID: id,
    CustomerID: customerId,
    CustomerName: nameOf(customerId),
    Firstname: spec.first,
    Lastname: spec.last,
    JobTitle: spec.title ?? null,
    Email: spec.email,
    Phone: spec.phone ?? null,
    MobilePhone: null,
    IsContactPerson: spec.primary ?? false,
    InIgnoreMode: false,
    CreatedOn: at(1, 10),
    LastModified: at(1, 10),
  };
}

const contacts = [
  contact(I.contactNancy, I.customerNorthwind, { first: 'Nancy', last: 'Davolio', email: 'nancy@northwind.example', title: 'Office Manager', primary: true, phone: '206-555-0111' }),
  contact(302, I.customerNorthwind, { first: 'Andrew', last: 'Fuller', email: 'andrew@northwind.example', title: 'CFO' }),
  contact(303, I.customerFabrikam, { first: 'Lee', last: 'Park', email: 'lee@fabrikam-dental.example', primary: true }),
  contact(304, I.customerContoso, { first: 'Maria', last: 'Lopez', email: 'maria@contoso-pharmacy.example', primary: true }),
];

function agent(id, customerId, spec) {
  return {
    MachineID: id + 100000,
    AgentID: id,
    DeviceGuid: spec.guid,
    FolderID: null,
    CustomerID: customerId,
    CustomerName: nameOf(customerId),
    AgentName: spec.machine,
    SystemName: spec.machine,
    MachineName: spec.machine,
    DomainName: spec.domain ?? 'WORKGROUP',
    CurrentLoggedUsers: spec.user ?? null,
    ComputerDescription: null,
    Monitored: true,
    AgentVersion: '2.0.1.12',
    Favorite: false,
    ThresholdID: 1,
    Created: at(1, 11),
    Modified: spec.modified ?? at(8, 6),
    Online: spec.online,
    ReportedFromIP: '203.0.113.10',
    AppViewUrl: `https://app.atera.com/new/agent/${id}`,
    Motherboard: null,
    Processor: spec.cpu,
    Memory: spec.memory,
    Display: null,
    Sound: null,
    ProcessorCoresCount: spec.cores,
    SystemDrive: 'C:',
    ProcessorClock: null,
    Vendor: spec.vendor,
    VendorSerialNumber: spec.serial,
    VendorBrandModel: spec.model,
    ProductName: spec.model,
    MacAddresses: [spec.mac],
    IpAddresses: [spec.ip],
    HardwareDisks: [],
    OS: spec.os,
    OSType: spec.osType,
    WindowsSerialNumber: null,
    Office: null,
    OfficeSP: null,
    OfficeOEM: null,
    OfficeSerialNumber: null,
    OSNum: null,
    LastRebootTime: spec.reboot ?? at(7, 3),
    OSVersion: null,
    OSBuild: spec.build ?? null,
    OfficeFullVersion: null,
    LastLoginUser: spec.user ?? null,
    LastPatchManagementReceived: at(8, 2),
  };
}

const agents = [
  agent(I.agentDc, I.customerNorthwind, { machine: 'NW-DC01', guid: '6f1c2a0e-0000-4a1b-9c1d-000000005101', online: true, cpu: 'Intel Xeon Silver 4310', memory: 65536, cores: 12, vendor: 'Dell Inc.', serial: '8QXK2Y3', model: 'PowerEdge R450', mac: '00-1A-2B-3C-4D-01', ip: '10.20.0.10', os: 'Windows Server 2022 Standard', osType: 'Server', domain: 'NORTHWIND', build: '20348' }),
  agent(5102, I.customerNorthwind, { machine: 'NW-WS-0142', guid: '6f1c2a0e-0000-4a1b-9c1d-000000005102', online: true, cpu: 'Intel Core i5-1245U', memory: 16384, cores: 10, vendor: 'HP', serial: 'CZC1234XYZ', model: 'EliteDesk 800 G9', mac: '00-1A-2B-3C-4D-02', ip: '10.20.0.142', os: 'Windows 11 Pro', osType: 'Work Station', domain: 'NORTHWIND', user: 'NORTHWIND\\nancy' }),
  agent(I.agentLaptop, I.customerNorthwind, { machine: 'NW-LT-0087', guid: '6f1c2a0e-0000-4a1b-9c1d-000000005103', online: false, cpu: 'Intel Core i7-1365U', memory: 32768, cores: 10, vendor: 'Lenovo', serial: 'PF3XYZ12', model: 'ThinkPad T14 Gen 4', mac: '00-1A-2B-3C-4D-03', ip: '192.168.1.23', os: 'Windows 11 Pro', osType: 'Laptop', domain: 'NORTHWIND', user: 'NORTHWIND\\andrew', modified: at(2, 18) }),
  agent(5104, I.customerFabrikam, { machine: 'FAB-XRAY-01', guid: '6f1c2a0e-0000-4a1b-9c1d-000000005104', online: true, cpu: 'Intel Core i7-9700', memory: 32768, cores: 8, vendor: 'Dell Inc.', serial: 'MXL9876ABC', model: 'OptiPlex 7070', mac: '00-1A-2B-3C-4D-04', ip: '10.30.0.21', os: 'Windows 10 Pro', osType: 'Work Station' }),
  agent(5105, I.customerFabrikam, { machine: 'FAB-RECEPTION', guid: '6f1c2a0e-0000-4a1b-9c1d-000000005105', online: true, cpu: 'Intel Core i3-12100', memory: 8192, cores: 4, vendor: 'HP', serial: 'CZC5555ABC', model: 'ProDesk 400 G9', mac: '00-1A-2B-3C-4D-05', ip: '10.30.0.22', os: 'Windows 11 Pro', osType: 'Work Station' }),
  agent(5106, I.customerContoso, { machine: 'CP-POS-01', guid: '6f1c2a0e-0000-4a1b-9c1d-000000005106', online: true, cpu: 'Intel Celeron J4125', memory: 4096, cores: 4, vendor: 'Lenovo', serial: 'POS00001', model: 'ThinkCentre M70q', mac: '00-1A-2B-3C-4D-06', ip: '10.40.0.5', os: 'Windows 10 IoT Enterprise', osType: 'Work Station' }),
  agent(5107, I.customerContoso, { machine: 'CP-OFFICE', guid: '6f1c2a0e-0000-4a1b-9c1d-000000005107', online: false, cpu: 'Intel Core i5-8500', memory: 8192, cores: 6, vendor: 'Dell Inc.', serial: 'OFF00002', model: 'OptiPlex 5060', mac: '00-1A-2B-3C-4D-07', ip: '10.40.0.6', os: 'Windows 10 Pro', osType: 'Work Station' }),
];

const technicians = {
  [I.technicianAlex]: { name: 'Alex Tech', email: 'alex@contoso-msp.example' },
  9002: { name: 'Sam Admin', email: 'sam@contoso-msp.example' },
};

function ticket(id, spec) {
  const owner = contacts.find((c) => c.EndUserID === spec.endUser);
  const tech = technicians[spec.tech];
  const duration = (minutes) => ({ Seconds: minutes * 60, Minutes: minutes });
  return {
    TicketID: id,
    TicketTitle: spec.title,
    TicketNumber: id,
    TicketPriority: spec.priority ?? 'Medium',
    TicketImpact: spec.impact ?? 'Minor',
    TicketStatus: spec.status,
    TicketSource: spec.source ?? 'Email',
    TicketType: spec.type ?? 'Problem',
    EndUserID: owner.EndUserID,
    EndUserEmail: owner.Email,
    EndUserFirstName: owner.Firstname,
    EndUserLastName: owner.Lastname,
    EndUserPhone: owner.Phone,
    TicketResolvedDate: spec.resolved ?? null,
    TicketCreatedDate: spec.created,
    TechnicianFirstCommentDate: spec.comments?.[1]?.at ?? null,
    FirstResponseDueDate: spec.created,
    ClosedTicketDueDate: null,
    FirstComment: spec.comments?.[0]?.text ?? null,
    LastEndUserComment: spec.comments?.[0]?.text ?? null,
    LastEndUserCommentTimestamp: spec.comments?.[0]?.at ?? null,
    LastTechnicianComment: spec.comments?.[1]?.text ?? null,
    LastTechnicianCommentTimestamp: spec.comments?.[1]?.at ?? null,
    OnSiteDurationSeconds: 0,
    OnSiteDurationMinutes: 0,
    OffSiteDurationSeconds: (spec.minutes ?? 0) * 60,
    OffSiteDurationMinutes: spec.minutes ?? 0,
    OnSLADurationSeconds: 0,
    OnSLADurationMinutes: 0,
    OffSLADurationSeconds: 0,
    OffSLADurationMinutes: 0,
    TotalDuration: duration(spec.minutes ?? 0),
    CustomerID: owner.CustomerID,
    CustomerName: owner.CustomerName,
    CustomerBusinessNumber: null,
    TechnicianContactID: spec.tech ?? null,
    TechnicianFullName: tech?.name ?? null,
    TechnicianEmail: tech?.email ?? null,
    ContractID: null,
  };
}

/** Each ticket's comments: the end user's first, then technicians' replies and notes. */
const comments = {
  [I.ticketPrinter]: [
    { Date: at(2, 9), Comment: 'The reception printer shows offline since this morning.', EndUserID: I.contactNancy, TechnicianContactID: null, Email: 'nancy@northwind.example', FirstName: 'Nancy', LastName: 'Davolio', IsInternal: false },
    { Date: at(2, 11), Comment: 'Replaced the patch cable; please print a test page.', EndUserID: null, TechnicianContactID: I.technicianAlex, Email: 'alex@contoso-msp.example', FirstName: 'Alex', LastName: 'Tech', IsInternal: false },
    { Date: at(2, 12), Comment: 'Switch port 14 flaps; check the switch next visit.', EndUserID: null, TechnicianContactID: I.technicianAlex, Email: 'alex@contoso-msp.example', FirstName: 'Alex', LastName: 'Tech', IsInternal: true },
  ],
  [I.ticketVpn]: [
    { Date: at(4, 8), Comment: 'VPN drops every ten minutes from home.', EndUserID: 302, TechnicianContactID: null, Email: 'andrew@northwind.example', FirstName: 'Andrew', LastName: 'Fuller', IsInternal: false },
  ],
};

const tickets = [
  ticket(I.ticketPrinter, { title: 'Reception printer offline', endUser: I.contactNancy, status: 'Open', priority: 'High', tech: I.technicianAlex, created: at(2, 9), minutes: 45, comments: comments[I.ticketPrinter].map((c) => ({ at: c.Date, text: c.Comment })) }),
  ticket(I.ticketVpn, { title: 'VPN disconnects at home', endUser: 302, status: 'Pending', tech: I.technicianAlex, created: at(4, 8), comments: comments[I.ticketVpn].map((c) => ({ at: c.Date, text: c.Comment })) }),
  ticket(7003, { title: 'X-ray workstation slow', endUser: 303, status: 'Open', priority: 'Critical', impact: 'Major', tech: 9002, created: at(5, 10) }),
  ticket(7004, { title: 'POS receipt printer jams', endUser: 304, status: 'Resolved', tech: I.technicianAlex, created: at(3, 14), resolved: at(4, 9), minutes: 30 }),
  ticket(I.ticketClosed, { title: 'New hire account for Andrew', endUser: 302, status: 'Closed', type: 'Request', impact: 'NoImpact', priority: 'Low', tech: 9002, created: at(1, 9), resolved: at(1, 15), minutes: 20 }),
  ticket(7006, { title: 'Shared drive permissions', endUser: I.contactNancy, status: 'Open', type: 'Request', created: at(6, 13) }),
];

function alert(id, agentId, spec) {
  const device = agents.find((a) => a.AgentID === agentId);
  return {
    AlertID: id,
    Code: spec.code,
    Source: spec.source,
    Title: spec.title,
    Severity: spec.severity,
    Created: spec.created,
    SnoozedEndDate: spec.snoozedUntil ?? null,
    DeviceGuid: device.DeviceGuid,
    AdditionalInfo: spec.info ?? null,
    Archived: spec.archived ?? false,
    AlertCategoryID: spec.category,
    ArchivedDate: spec.archived ? spec.archivedAt : null,
    TicketID: spec.ticket ?? null,
    AlertMessage: spec.message,
    DeviceName: device.MachineName,
    CustomerID: device.CustomerID,
    CustomerName: device.CustomerName,
    FolderID: null,
    PollingCyclesCount: spec.cycles ?? 1,
  };
}

const alerts = [
  alert(I.alertDisk, I.agentDc, { code: 1031, source: 'Agent', title: 'Low disk space on C:', severity: 'Critical', category: 'Disk', created: at(8, 6), message: 'C: has 4.1 GB free (3%).' }),
  alert(880002, I.agentLaptop, { code: 1010, source: 'Agent', title: 'Machine offline', severity: 'Warning', category: 'Availability', created: at(8, 7), message: 'No heartbeat for 6 days.', cycles: 12 }),
  alert(880003, 5104, { code: 1044, source: 'Agent', title: 'High CPU usage', severity: 'Warning', category: 'Performance', created: at(7, 14), message: 'CPU above 95% for 15 minutes.', ticket: 7003 }),
  alert(I.alertArchived, 5102, { code: 1050, source: 'Agent', title: 'Pending reboot', severity: 'Information', category: 'General', created: at(3, 6), message: 'Updates need a reboot.', archived: true, archivedAt: at(4, 6) }),
  alert(880005, 5106, { code: 1031, source: 'Agent', title: 'Low disk space on D:', severity: 'Warning', category: 'Disk', created: at(6, 1), message: 'D: has 9 GB free (7%).', snoozedUntil: at(20, 0) }),
];

const contracts = [
  { CustomerID: I.customerNorthwind, CustomerName: 'Northwind Traders', ContractID: I.contractNorthwind, ContractName: 'Northwind Managed Services', ContractType: 'RetainerFlatFee', Active: true, Default: true, Taxable: true, StartDate: '2026-01-01T00:00:00', EndDate: '2026-12-31T00:00:00', RetainerFlatFeeContract: { Rate: 1800, Quantity: 1 } },
  { CustomerID: I.customerFabrikam, CustomerName: 'Fabrikam Dental Group', ContractID: 42, ContractName: 'Fabrikam Block Hours', ContractType: 'BlockHours', Active: true, Default: true, Taxable: false, StartDate: '2026-06-01T00:00:00', EndDate: '2027-05-31T00:00:00', BlockHoursContract: { Hours: 10, HoursRate: 95 } },
  { CustomerID: I.customerNorthwind, CustomerName: 'Northwind Traders', ContractID: 43, ContractName: 'Northwind Backup', ContractType: 'OnlineBackup', Active: false, Default: false, Taxable: true, StartDate: '2025-01-01T00:00:00', EndDate: '2025-12-31T00:00:00', OnlineBackupContract: { StorageGB: 500 } },
];

/** Work-hour entries per ticket (`/tickets/{id}/workhoursrecords`). */
const workHours = {
  [I.ticketPrinter]: [
    { TicketID: I.ticketPrinter, WorkHoursID: 61001, StartWorkHour: at(2, 10), EndWorkHour: '2026-11-02T10:30:00', TechnicianContactID: I.technicianAlex, Billiable: true, OnCustomerSite: true, Description: 'Onsite: traced the printer cable.', TechnicianFullName: 'Alex Tech', TechnicianEmail: 'alex@contoso-msp.example' },
    { TicketID: I.ticketPrinter, WorkHoursID: 61002, StartWorkHour: at(2, 11), EndWorkHour: '2026-11-02T11:15:00', TechnicianContactID: I.technicianAlex, Billiable: false, OnCustomerSite: false, Description: 'Remote: checked the switch log.', TechnicianFullName: 'Alex Tech', TechnicianEmail: 'alex@contoso-msp.example' },
  ],
};

const knowledgeBase = [
  { KBID: 1, KBTimestamp: at(1, 9), KBContext: '<p>Power-cycle, then re-add the printer by IP.</p>', KBProduct: 'Printer offline: first steps', KBRating_Yes: 4, KBRating_No: 0, KBRating_Views: 31, KBLastModified: at(2, 9), KBIsPrivate: false, KBStatus: 'Published', KBPriority: 1, KBKeywords: 'printer,offline', KBAddress: null },
  { KBID: 2, KBTimestamp: at(1, 9), KBContext: '<p>Reset the VPN profile and re-import the certificate.</p>', KBProduct: 'VPN keeps disconnecting', KBRating_Yes: 2, KBRating_No: 1, KBRating_Views: 12, KBLastModified: at(3, 9), KBIsPrivate: true, KBStatus: 'Draft', KBPriority: 2, KBKeywords: 'vpn', KBAddress: null },
];

/** Devices monitored without an agent, by kind (`/devices/{kind}devices`). */
const devices = {
  snmp: [
    { Name: 'NW-CORE-SW', DeviceID: 2101, DeviceGuid: 'd1e7b0aa-0000-4c4c-8a8a-000000002101', CustomerID: I.customerNorthwind, CustomerName: 'Northwind Traders', FolderID: null, Hostname: '10.20.0.2', Online: true, Port: 161, Community: 'public', Type: 'Switch', Version: 'V2c', SecurityLevel: null, Authentication: null, Privacy: null, Monitored: true, MonitoringAgentID: I.agentDc },
    { Name: 'FAB-PRINTER', DeviceID: 2102, DeviceGuid: 'd1e7b0aa-0000-4c4c-8a8a-000000002102', CustomerID: I.customerFabrikam, CustomerName: 'Fabrikam Dental Group', FolderID: null, Hostname: '10.30.0.50', Online: false, Port: 161, Community: 'public', Type: 'Printer', Version: 'V1', SecurityLevel: null, Authentication: null, Privacy: null, Monitored: true, MonitoringAgentID: 5104 },
  ],
  http: [
    { Name: 'northwind.example', DeviceID: 2201, DeviceGuid: 'd1e7b0aa-0000-4c4c-8a8a-000000002201', CustomerID: I.customerNorthwind, CustomerName: 'Northwind Traders', FolderID: null, MonitoringAgentID: I.agentDc, URL: 'https://northwind.example', Pattern: 'Welcome', URLUp: true, ContainsPattern: true, Monitored: true },
  ],
  tcp: [],
  generic: [
    { Name: 'CP-ROUTER', DeviceID: 2401, DeviceGuid: 'd1e7b0aa-0000-4c4c-8a8a-000000002401', CustomerID: I.customerContoso, CustomerName: 'Contoso Pharmacy', FolderID: null, Hostname: '10.40.0.1', Online: true, Monitored: true, MonitoringAgentID: 5106 },
  ],
};

export const ateraFixtures = deepFreeze({
  customers,
  contacts,
  agents,
  tickets,
  comments,
  alerts,
  contracts,
  workHours,
  knowledgeBase,
  technicians,
  devices,
});
