// The ConnectWise PSA mock's data: a small MSP's companies, contacts, two service boards with
// their own statuses (the same names, different ids: status ids belong to a board), tickets,
// notes, configurations, time entries and members, shaped like REST 3.0 records (reference
// objects with `_info`, dates in ISO 8601 UTC). Frozen; the mock works on a clone.
import { deepFreeze } from '../http.mjs';

export const CWPSA = {
  companyId: 'contoso',
  publicKey: 'cwpub-7Hq2',
  privateKey: 'cwpriv-S3cr3t-9xZ',
  clientId: '5f0c3a2e-7b1d-4c8e-9a6f-2d4b8e1c0f37',
  codebase: 'v2025_1/',
};

const ref = (kind, id, fields) => ({ id, ...fields, _info: { [`${kind}_href`]: `https://api-na.myconnectwise.net/v4_6_release/apis/3.0/${kind}/${id}` } });

export const BOARDS = [
  { id: 1, name: 'Help Desk', location: { id: 2, name: 'Tampa Office' }, department: { id: 10, identifier: 'Service', name: 'Service' }, inactiveFlag: false, projectFlag: false },
  { id: 2, name: 'Escalations', location: { id: 2, name: 'Tampa Office' }, department: { id: 10, identifier: 'Service', name: 'Service' }, inactiveFlag: false, projectFlag: false },
  { id: 3, name: 'Old Projects', location: { id: 2, name: 'Tampa Office' }, department: { id: 11, identifier: 'Projects', name: 'Projects' }, inactiveFlag: true, projectFlag: false },
];

const status = (id, boardId, name, sortOrder, extra = {}) => ({
  id, name, board: ref('boards', boardId, { name: BOARDS.find((b) => b.id === boardId).name }),
  sortOrder, displayOnBoard: true, inactive: false, closedStatus: false, defaultFlag: false, ...extra,
});

export const STATUSES = [
  status(1, 1, 'New', 0, { defaultFlag: true }),
  status(2, 1, 'In Progress', 1),
  status(3, 1, 'Waiting Customer', 2),
  status(4, 1, '>Closed', 3, { closedStatus: true }),
  status(11, 2, 'New', 0, { defaultFlag: true }),
  status(12, 2, 'In Progress', 1),
  status(13, 2, 'Vendor Escalation', 2),
  status(14, 2, '>Closed', 3, { closedStatus: true }),
  status(21, 3, 'New', 0, { defaultFlag: true }),
];

export const PRIORITIES = [
  { id: 1, name: 'Priority 1 - Critical', sortOrder: 1, color: 'red', defaultFlag: false },
  { id: 2, name: 'Priority 2 - High', sortOrder: 2, color: 'orange', defaultFlag: false },
  { id: 3, name: 'Priority 3 - Normal', sortOrder: 3, color: 'yellow', defaultFlag: true },
  { id: 4, name: 'Priority 4 - Low', sortOrder: 4, color: 'green', defaultFlag: false },
];

export const MEMBERS = [
  { id: 150, identifier: 'jsmith', firstName: 'John', lastName: 'Smith', title: 'Service Desk Lead', inactiveFlag: false, primaryEmail: 'jsmith@msp.example' },
  { id: 151, identifier: 'akumar', firstName: 'Asha', lastName: 'Kumar', title: 'Network Engineer', inactiveFlag: false, primaryEmail: 'akumar@msp.example' },
  { id: 152, identifier: 'apimember', firstName: 'Gateway', lastName: 'API', title: 'API Member', inactiveFlag: false, primaryEmail: null },
  { id: 153, identifier: 'oldtech', firstName: 'Olaf', lastName: 'Dahl', title: 'Technician', inactiveFlag: true, primaryEmail: null },
];

export const COMPANIES = [
  { id: 250, identifier: 'ContosoDental', name: 'Contoso Dental', status: { id: 1, name: 'Active' }, addressLine1: '12 Harbor Way', city: 'Tampa', state: 'FL', zip: '33602', phoneNumber: '8135550100', website: 'contoso-dental.example', types: [{ id: 1, name: 'Client' }], deletedFlag: false },
  { id: 251, identifier: 'NorthwindTraders', name: 'Northwind Traders', status: { id: 1, name: 'Active' }, addressLine1: '400 Market St', city: 'Orlando', state: 'FL', zip: '32801', phoneNumber: '4075550111', website: 'northwind.example', types: [{ id: 1, name: 'Client' }], deletedFlag: false },
  { id: 252, identifier: 'FabrikamLegal', name: 'Fabrikam Legal', status: { id: 2, name: 'Inactive' }, addressLine1: '9 Court Sq', city: 'Miami', state: 'FL', zip: '33130', phoneNumber: '3055550122', website: 'fabrikam-legal.example', types: [{ id: 2, name: 'Prospect' }], deletedFlag: false },
  { id: 253, identifier: 'AdatumCorp', name: 'Adatum Corporation', status: { id: 1, name: 'Active' }, addressLine1: '1 Adatum Plaza', city: 'Tampa', state: 'FL', zip: '33606', phoneNumber: '8135550133', website: 'adatum.example', types: [{ id: 1, name: 'Client' }], deletedFlag: false },
].map((c) => ({ ...c, _info: { lastUpdated: '2026-10-01T12:00:00Z', updatedBy: 'jsmith' } }));

const company = (id) => {
  const c = COMPANIES.find((x) => x.id === id);
  return ref('companies', id, { identifier: c.identifier, name: c.name });
};

const email = (value) => [{ id: 1, type: { id: 1, name: 'Email' }, value, communicationType: 'Email', defaultFlag: true }];

export const CONTACTS = [
  { id: 301, firstName: 'Alice', lastName: 'Nguyen', company: company(250), title: 'Office Manager', communicationItems: email('alice@contoso-dental.example') },
  { id: 302, firstName: 'Bilal', lastName: 'Haddad', company: company(250), title: 'Dentist', communicationItems: email('bilal@contoso-dental.example') },
  { id: 303, firstName: 'Carmen', lastName: 'Alvarez', company: company(251), title: 'Buyer', communicationItems: email('carmen@northwind.example') },
  { id: 304, firstName: 'Dmitri', lastName: 'Volkov', company: company(253), title: 'IT Lead', communicationItems: email('dmitri@adatum.example') },
];

const priority = (id) => {
  const p = PRIORITIES.find((x) => x.id === id);
  return ref('priorities', id, { name: p.name, sort: p.sortOrder });
};
const member = (identifier) => {
  const m = MEMBERS.find((x) => x.identifier === identifier);
  return ref('members', m.id, { identifier: m.identifier, name: `${m.firstName} ${m.lastName}` });
};
const statusRef = (id) => {
  const s = STATUSES.find((x) => x.id === id);
  return ref('statuses', id, { name: s.name, sort: s.sortOrder });
};
const boardRef = (id) => ref('boards', id, { name: BOARDS.find((b) => b.id === id).name });

const ticket = (id, summary, { board = 1, statusId = 1, companyId = 250, priorityId = 3, owner = null, contact = null, updated }) => ({
  id,
  summary,
  recordType: 'ServiceTicket',
  board: boardRef(board),
  status: statusRef(statusId),
  company: company(companyId),
  contact: contact ? ref('contacts', contact, { name: (({ firstName, lastName }) => `${firstName} ${lastName}`)(CONTACTS.find((c) => c.id === contact)) }) : null,
  priority: priority(priorityId),
  owner: owner ? member(owner) : null,
  severity: 'Medium',
  impact: 'Medium',
  closedFlag: STATUSES.find((s) => s.id === statusId).closedStatus,
  _info: { dateEntered: '2026-10-20T09:00:00Z', enteredBy: 'jsmith', lastUpdated: updated, updatedBy: 'jsmith' },
});

export const TICKETS = [
  ticket(1001, 'Front desk printer offline', { statusId: 2, priorityId: 2, owner: 'jsmith', contact: 301, updated: '2026-11-20T10:00:00Z' }),
  ticket(1002, 'New hire laptop setup', { statusId: 1, owner: 'akumar', contact: 302, updated: '2026-11-18T08:30:00Z' }),
  ticket(1003, 'Label printer "jam") again', { statusId: 3, priorityId: 4, contact: 301, updated: '2026-11-12T15:00:00Z' }),
  ticket(1004, 'X-ray workstation slow', { board: 2, statusId: 12, priorityId: 1, owner: 'akumar', updated: '2026-11-21T11:00:00Z' }),
  ticket(1005, 'Firewall firmware update', { board: 2, statusId: 11, priorityId: 2, updated: '2026-11-02T07:00:00Z' }),
  ticket(1006, 'Password reset for reception', { statusId: 4, priorityId: 3, owner: 'jsmith', updated: '2026-10-28T09:00:00Z' }),
  ticket(1007, 'Printer toner order', { statusId: 1, priorityId: 4, updated: '2026-11-22T16:45:00Z' }),
  ticket(1101, 'VPN drops every hour', { companyId: 251, statusId: 2, priorityId: 2, owner: 'akumar', contact: 303, updated: '2026-11-19T13:00:00Z' }),
  ticket(1102, 'Warehouse scanner pairing', { companyId: 251, board: 2, statusId: 13, updated: '2026-11-05T10:00:00Z' }),
  ticket(1301, 'Mailbox quota warning', { companyId: 253, statusId: 1, contact: 304, updated: '2026-11-23T09:15:00Z' }),
];

export const NOTES = [
  { id: 9001, ticketId: 1001, text: 'Printer shows an IP conflict; reserved 10.0.0.40 for it.', detailDescriptionFlag: false, internalAnalysisFlag: true, resolutionFlag: false, member: member('jsmith'), dateCreated: '2026-11-20T09:50:00Z', createdBy: 'jsmith' },
  { id: 9002, ticketId: 1001, text: 'The front desk printer stopped printing this morning.', detailDescriptionFlag: true, internalAnalysisFlag: false, resolutionFlag: false, member: member('jsmith'), dateCreated: '2026-11-20T09:00:00Z', createdBy: 'jsmith' },
  { id: 9003, ticketId: 1004, text: 'Vendor says the imaging software needs 32 GB.', detailDescriptionFlag: false, internalAnalysisFlag: true, resolutionFlag: false, member: member('akumar'), dateCreated: '2026-11-21T10:30:00Z', createdBy: 'akumar' },
];

export const CONFIGURATIONS = [
  { id: 7001, name: 'CD-DC01', type: { id: 1, name: 'Server' }, status: { id: 1, name: 'Active' }, company: company(250), serialNumber: 'SRV-88213', ipAddress: '10.0.0.10', macAddress: '00:15:5D:01:02:03', osType: 'Windows Server 2022', notes: 'Domain controller' },
  { id: 7002, name: 'CD-FRONT-PC', type: { id: 2, name: 'Workstation' }, status: { id: 1, name: 'Active' }, company: company(250), serialNumber: 'WS-11873', ipAddress: '10.0.0.51', macAddress: '00:15:5D:04:05:06', osType: 'Windows 11 Pro', notes: '' },
  { id: 7003, name: 'CD-FW01', type: { id: 3, name: 'Firewall' }, status: { id: 1, name: 'Active' }, company: company(250), serialNumber: 'FG60F-4471', ipAddress: '10.0.0.1', macAddress: '00:09:0F:AA:BB:CC', osType: 'FortiOS 7.4', notes: '' },
  { id: 7101, name: 'NW-WH-SCANNER', type: { id: 4, name: 'Scanner' }, status: { id: 2, name: 'Inactive' }, company: company(251), serialNumber: 'ZB-2201', ipAddress: null, macAddress: null, osType: null, notes: 'Spare' },
];

export const TIME_ENTRIES = [
  { id: 5001, chargeToId: 1001, chargeToType: 'ServiceTicket', company: company(250), member: member('jsmith'), timeStart: '2026-11-20T09:30:00Z', timeEnd: '2026-11-20T10:00:00Z', actualHours: 0.5, notes: 'Found the IP conflict', workType: { id: 1, name: 'Remote Support' } },
  { id: 5002, chargeToId: 1004, chargeToType: 'ServiceTicket', company: company(250), member: member('akumar'), timeStart: '2026-11-21T10:00:00Z', timeEnd: '2026-11-21T11:30:00Z', actualHours: 1.5, notes: 'Benchmarked the workstation', workType: { id: 2, name: 'Onsite' } },
  { id: 5003, chargeToId: 1101, chargeToType: 'ServiceTicket', company: company(251), member: member('akumar'), timeStart: '2026-11-19T12:00:00Z', timeEnd: '2026-11-19T13:00:00Z', actualHours: 1, notes: 'VPN logs reviewed', workType: { id: 1, name: 'Remote Support' } },
];

export const PROJECTS = [
  { id: 401, name: 'Contoso Dental server refresh', company: company(250), status: { id: 2, name: 'In Progress' }, manager: member('akumar'), board: boardRef(2), closedFlag: false, estimatedStart: '2026-11-01T00:00:00Z', estimatedEnd: '2027-01-31T00:00:00Z', budgetHours: 80, actualHours: 22.5 },
  { id: 402, name: 'Northwind Wi-Fi survey', company: company(251), status: { id: 4, name: 'Closed' }, manager: member('jsmith'), board: boardRef(2), closedFlag: true, estimatedStart: '2026-08-01T00:00:00Z', estimatedEnd: '2026-09-15T00:00:00Z', budgetHours: 16, actualHours: 15 },
];

export const AGREEMENTS = [
  { id: 601, name: 'Contoso Managed Services', company: company(250), type: { id: 1, name: 'Managed Services' }, agreementStatus: 'Active', billAmount: 2450, billingCycle: { id: 1, name: 'Monthly' }, startDate: '2026-01-01T00:00:00Z', endDate: '2026-12-31T00:00:00Z' },
  { id: 602, name: 'Northwind Block Hours', company: company(251), type: { id: 2, name: 'Block Time' }, agreementStatus: 'Active', billAmount: 1800, billingCycle: { id: 2, name: 'Quarterly' }, startDate: '2026-04-01T00:00:00Z', endDate: '2027-03-31T00:00:00Z' },
];

export const OPPORTUNITIES = [
  { id: 801, name: 'Contoso firewall upgrade', company: company(250), contact: { id: 301, name: 'Alice Nguyen' }, primarySalesRep: member('jsmith'), stage: { id: 2, name: 'Proposal' }, status: { id: 1, name: 'Open' }, probability: { id: 6, name: '60%' }, expectedCloseDate: '2027-01-15T00:00:00Z' },
  { id: 802, name: 'Adatum Microsoft 365 migration', company: company(253), contact: { id: 304, name: 'Dmitri Volkov' }, primarySalesRep: member('akumar'), stage: { id: 4, name: 'Closed' }, status: { id: 2, name: 'Won' }, probability: { id: 10, name: '100%' }, expectedCloseDate: '2026-10-30T00:00:00Z' },
];

export const WORK_TYPES = [{ id: 1, name: 'Remote Support' }, { id: 2, name: 'Onsite' }];

export const SYSTEM_INFO = { version: 'v2025.1.10431', isCloud: true, serverTimeZone: 'Eastern Standard Time', cloudRegion: 'NA' };

export const cwpsaFixtures = deepFreeze({
  boards: BOARDS, statuses: STATUSES, priorities: PRIORITIES, members: MEMBERS, companies: COMPANIES, contacts: CONTACTS,
  tickets: TICKETS, notes: NOTES, configurations: CONFIGURATIONS, timeEntries: TIME_ENTRIES, workTypes: WORK_TYPES, systemInfo: SYSTEM_INFO,
  projects: PROJECTS, agreements: AGREEMENTS, opportunities: OPPORTUNITIES,
});
