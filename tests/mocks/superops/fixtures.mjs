// Deterministic data of the SuperOps mock: the same small MSP world as the other mocks ("Contoso
// MSP" with Northwind Traders, Fabrikam Dental Group and Adatum Corporation as clients), as the
// MSP GraphQL API serves it (vendors.md §7, field-2026-12.md §3.5), and a small internal IT team
// ("Contoso IT", departments Finance and Engineering) as SuperOps for IT teams serves it. Ids are
// 19-digit strings; association fields are the JSON objects SuperOps returns for its JSON
// scalars (`{accountId, name}`, `{userId, name}`); dates are UTC without a zone. Invented data.
import { deepFreeze } from '../http.mjs';

/** The accounts the mock knows: a token, the subdomain it belongs to, its data centre and edition. */
export const SUPEROPS_ACCOUNTS = deepFreeze([
  { token: 'superops-token-us', subdomain: 'contoso', region: 'us', edition: 'msp' },
  { token: 'superops-token-eu', subdomain: 'contoso-eu', region: 'eu', edition: 'msp' },
  { token: 'superops-token-it', subdomain: 'contoso-it', region: 'us', edition: 'it' },
]);

/** The hosts of the two data centres. */
export const SUPEROPS_HOSTS = deepFreeze({ us: 'api.superops.ai', eu: 'euapi.superops.ai' });

export const SUPEROPS_IDS = deepFreeze({
  clientNorthwind: '7928838372746166998',
  clientFabrikam: '7928838372746167001',
  clientAdatum: '7928838372746167005',
  siteNorthwindHq: '7928838372746169876',
  siteFabrikamHq: '7928838372746169880',
  siteAdatumHq: '7928838372746169884',
  departmentFinance: '8128838372746160001',
  departmentEngineering: '8128838372746160002',
  siteContosoHq: '8128838372746169001',
  techJason: '5928838372746160987',
  techPriya: '5928838372746160988',
  techOmar: '5928838372746160989',
  groupNetwork: '3928838372746169098',
  groupHelpdesk: '3928838372746169099',
  requesterJohn: '5928838372746169876',
  ticketVpn: '7928838372746166987',
  ticketPrinter: '7928838372746166988',
  ticketItLaptop: '8128838372746166001',
  assetNwDc01: '9001114136934215681',
  assetNwWs01: '9001114136934215682',
  assetFbRecep: '9001114136934215683',
  assetItLaptop: '9101114136934215001',
  alertDisk: '5150178940650622977',
  alertCpu: '5150178940650622978',
});

const I = SUPEROPS_IDS;
const client = (accountId, name) => ({ accountId, name });
const department = (departmentId, name) => ({ departmentId, name });
const user = (userId, name) => ({ userId, name });
const site = (id, name) => ({ id, name });
const JASON = user(I.techJason, 'Jason Wheeler');
const PRIYA = user(I.techPriya, 'Priya Raman');
const NETWORK = { groupId: I.groupNetwork, name: 'Network' };
const HELPDESK = { groupId: I.groupHelpdesk, name: 'Helpdesk' };

const CLIENTS = [
  {
    accountId: I.clientNorthwind, name: 'Northwind Traders', stage: 'Active', status: 'Paid', emailDomains: ['northwind.example'],
    accountManager: JASON, primaryContact: user(I.requesterJohn, 'John Williams'), secondaryContact: null,
    hqSite: site(I.siteNorthwindHq, 'Seattle HQ'), technicianGroups: [NETWORK], customFields: { udf1text: 'Gold' },
  },
  {
    accountId: I.clientFabrikam, name: 'Fabrikam Dental Group', stage: 'Active', status: 'Paid', emailDomains: ['fabrikam.example'],
    accountManager: PRIYA, primaryContact: user('5928838372746169877', 'Dana Fox'), secondaryContact: null,
    hqSite: site(I.siteFabrikamHq, 'Portland Clinic'), technicianGroups: [HELPDESK], customFields: {},
  },
  {
    accountId: I.clientAdatum, name: 'Adatum Corporation', stage: 'Onboarding', status: 'Unpaid', emailDomains: ['adatum.example'],
    accountManager: JASON, primaryContact: user('5928838372746169878', 'Lee Park'), secondaryContact: null,
    hqSite: site(I.siteAdatumHq, 'Denver Office'), technicianGroups: [NETWORK, HELPDESK], customFields: {},
  },
];

const DEPARTMENTS = [
  { departmentId: I.departmentFinance, name: 'Finance', head: user('6128838372746160001', 'Ruth Ades') },
  { departmentId: I.departmentEngineering, name: 'Engineering', head: user('6128838372746160002', 'Marek Novak') },
];

const TECHNICIANS = [
  {
    userId: I.techJason, firstName: 'Jason', lastName: 'Wheeler', name: 'Jason Wheeler', email: 'jason.wheeler@contoso.example',
    contactNumber: '+1 212 504 4115', emailSignature: '<p>Jason</p>', designation: { designationId: '1', name: 'Engineer' },
    businessFunction: { businessFunctionId: '1', name: 'Service' }, team: { teamId: '71', name: 'Network specialists' },
    reportingManager: null, role: { roleId: '3', name: 'Technician' }, groups: [NETWORK],
  },
  {
    userId: I.techPriya, firstName: 'Priya', lastName: 'Raman', name: 'Priya Raman', email: 'priya.raman@contoso.example',
    contactNumber: null, emailSignature: null, designation: { designationId: '2', name: 'Lead' },
    businessFunction: { businessFunctionId: '1', name: 'Service' }, team: { teamId: '72', name: 'Service desk' },
    reportingManager: null, role: { roleId: '2', name: 'Admin' }, groups: [HELPDESK, NETWORK],
  },
  {
    userId: I.techOmar, firstName: 'Omar', lastName: 'Haddad', name: 'Omar Haddad', email: 'omar.haddad@contoso.example',
    contactNumber: '+1 212 504 4117', emailSignature: null, designation: { designationId: '1', name: 'Engineer' },
    businessFunction: { businessFunctionId: '1', name: 'Service' }, team: { teamId: '72', name: 'Service desk' },
    reportingManager: user(I.techPriya, 'Priya Raman'), role: { roleId: '3', name: 'Technician' }, groups: [HELPDESK],
  },
];

const STATUSES = [
  { id: '1', name: 'Open', description: 'Denotes a new ticket' },
  { id: '2', name: 'In Progress', description: 'A technician is working on it' },
  { id: '3', name: 'Waiting on Customer', description: null },
  { id: '4', name: 'Resolved', description: 'Denotes the ticket is resolved' },
  { id: '5', name: 'Closed', description: null },
];
const PRIORITIES = [
  { id: '1', name: 'Low', colorCode: '#8BC34A' },
  { id: '2', name: 'Medium', colorCode: '#FFC107' },
  { id: '3', name: 'High', colorCode: '#FF5722' },
  { id: '4', name: 'Critical', colorCode: '#EE4338' },
];

function ticket(overrides) {
  return {
    ticketType: 'INCIDENT', requestType: 'Incident', source: 'EMAIL', site: null, requester: null, additionalRequester: [],
    followers: [], techGroup: null, technician: null, status: 'Open', priority: 'Medium', impact: 'Low', urgency: 'Low',
    category: null, subcategory: null, cause: null, subcause: null, resolutionCode: null, sla: { id: '3928838372746169012', name: 'Standard SLA' },
    firstResponseDueTime: null, firstResponseTime: null, firstResponseViolated: false, resolutionDueTime: null, resolutionTime: null,
    resolutionViolated: false, customFields: {}, worklogTimespent: '0.00',
    ...overrides,
  };
}

const NW = client(I.clientNorthwind, 'Northwind Traders');
const FB = client(I.clientFabrikam, 'Fabrikam Dental Group');
const AD = client(I.clientAdatum, 'Adatum Corporation');

const MSP_TICKETS = [
  ticket({
    ticketId: I.ticketVpn, displayId: '021126-0001', subject: 'VPN drops every hour', client: NW, site: site(I.siteNorthwindHq, 'Seattle HQ'),
    requester: user(I.requesterJohn, 'John Williams'), techGroup: NETWORK, technician: JASON, status: 'In Progress', priority: 'High',
    category: 'Network', subcategory: 'VPN', createdTime: '2026-11-02T08:10:00', updatedTime: '2026-11-02T13:40:00',
  }),
  ticket({
    ticketId: I.ticketPrinter, displayId: '021126-0002', subject: 'Front desk printer jams', client: FB, technician: PRIYA,
    techGroup: HELPDESK, status: 'Open', priority: 'Medium', category: 'Hardware', createdTime: '2026-11-02T09:00:00', updatedTime: '2026-11-02T09:30:00',
  }),
  ticket({
    ticketId: '7928838372746166989', displayId: '011126-0004', subject: 'New starter laptop', client: NW, technician: PRIYA,
    ticketType: 'SERVICE_REQUEST', requestType: 'Service Request', status: 'Waiting on Customer', priority: 'Low',
    createdTime: '2026-11-01T10:00:00', updatedTime: '2026-11-01T16:00:00',
  }),
  ticket({
    ticketId: '7928838372746166990', displayId: '301026-0003', subject: 'Backup job failed', client: AD, technician: JASON,
    status: 'Resolved', priority: 'Critical', resolutionCode: 'Permanent Fix', createdTime: '2026-10-30T02:00:00', updatedTime: '2026-10-31T11:00:00',
  }),
  ticket({
    ticketId: '7928838372746166991', displayId: '281026-0001', subject: 'Mailbox full', client: FB, technician: null,
    status: 'Closed', priority: 'Low', createdTime: '2026-10-28T12:00:00', updatedTime: '2026-10-28T15:00:00',
  }),
  ticket({
    ticketId: '7928838372746166992', displayId: '021126-0003', subject: 'Firewall alert: port scan', client: NW, technician: JASON,
    source: 'INTEGRATION', status: 'Open', priority: 'High', createdTime: '2026-11-02T11:00:00', updatedTime: '2026-11-02T12:00:00',
  }),
];

const FINANCE = department(I.departmentFinance, 'Finance');
const ENGINEERING = department(I.departmentEngineering, 'Engineering');
const IT_TICKETS = [
  ticket({
    ticketId: I.ticketItLaptop, displayId: '021126-0101', subject: 'Laptop will not boot', department: FINANCE,
    site: site(I.siteContosoHq, 'Contoso HQ'), technician: JASON, status: 'Open', priority: 'High', source: 'PORTAL',
    createdTime: '2026-11-02T07:00:00', updatedTime: '2026-11-02T07:30:00',
  }),
  ticket({
    ticketId: '8128838372746166002', displayId: '011126-0102', subject: 'Access to build server', department: ENGINEERING,
    site: site(I.siteContosoHq, 'Contoso HQ'), technician: PRIYA, status: 'Resolved', priority: 'Low', source: 'EMAIL',
    createdTime: '2026-11-01T09:00:00', updatedTime: '2026-11-01T10:00:00',
  }),
].map(({ client: _client, ticketType: _type, ...rest }) => rest);

const NOTES = {
  [I.ticketVpn]: [
    { noteId: '401', addedBy: JASON, addedOn: '2026-11-02T09:00:00', content: 'Checked the tunnel logs: rekey every 60 minutes fails.', attachments: [], privacyType: 'PRIVATE' },
    { noteId: '402', addedBy: JASON, addedOn: '2026-11-02T13:40:00', content: 'Raised the rekey interval; watching.', attachments: [], privacyType: 'PUBLIC' },
  ],
  [I.ticketPrinter]: [
    { noteId: '403', addedBy: PRIYA, addedOn: '2026-11-02T09:30:00', content: 'Ordered a new pickup roller.', attachments: [], privacyType: 'PRIVATE' },
  ],
  [I.ticketItLaptop]: [
    { noteId: '501', addedBy: JASON, addedOn: '2026-11-02T07:30:00', content: 'Disk fails SMART; swapping.', attachments: [], privacyType: 'PRIVATE' },
  ],
};

const CONVERSATIONS = {
  [I.ticketVpn]: [
    { conversationId: '601', content: 'The VPN drops every hour since Monday.', time: '2026-11-02T08:10:00', user: { userId: I.requesterJohn, name: 'John Williams', email: 'john@northwind.example' }, toUsers: [], ccUsers: [], bccUsers: [], attachments: [], type: 'DESCRIPTION' },
    { conversationId: '602', content: 'We are looking into it.', time: '2026-11-02T08:30:00', user: { userId: I.techJason, name: 'Jason Wheeler', email: 'jason.wheeler@contoso.example' }, toUsers: [], ccUsers: [], bccUsers: [], attachments: [], type: 'TECH_REPLY' },
  ],
  [I.ticketItLaptop]: [
    { conversationId: '701', content: 'My laptop shows a black screen.', time: '2026-11-02T07:00:00', user: { userId: '6128838372746160001', name: 'Ruth Ades' }, toUsers: [], ccUsers: [], bccUsers: [], attachments: [], type: 'DESCRIPTION' },
  ],
};

function asset(overrides) {
  return {
    assetClass: { classId: '1', name: 'Windows Machine' }, requester: null, primaryMac: null, loggedInUser: null, serialNumber: null,
    manufacturer: 'Dell Inc.', model: null, hostName: null, publicIp: null, gateway: null, platform: 'Microsoft Windows 11 Pro',
    domain: 'WORKGROUP', status: 'ONLINE', sysUptime: '3 days', lastCommunicatedTime: '2026-11-02T13:55:00.000', agentVersion: '202610011200',
    platformFamily: 'Workstation', platformCategory: 'WORKSTATION', platformVersion: '10.0.26100', patchStatus: 'Fully Patched',
    warrantyExpiryDate: null, purchasedDate: null, customFields: {}, lastReportedTime: '2026-11-02T13:55:00.000', deviceCategory: null,
    ...overrides,
  };
}

const MSP_ASSETS = [
  asset({ assetId: I.assetNwDc01, name: 'NW-DC01', client: NW, site: site(I.siteNorthwindHq, 'Seattle HQ'), hostName: 'NW-DC01', serialNumber: 'SRV-4471', platform: 'Microsoft Windows Server 2022', platformCategory: 'SERVER', model: 'PowerEdge R650', patchStatus: 'Patches Pending' }),
  asset({ assetId: I.assetNwWs01, name: 'NW-WS01', client: NW, site: site(I.siteNorthwindHq, 'Seattle HQ'), hostName: 'NW-WS01', loggedInUser: 'jwilliams', status: 'OFFLINE' }),
  asset({ assetId: I.assetFbRecep, name: 'FB-RECEPTION', client: FB, site: site(I.siteFabrikamHq, 'Portland Clinic'), hostName: 'FB-RECEPTION', model: 'OptiPlex 7010' }),
  asset({ assetId: '9001114136934215684', name: 'AD-NAS', client: AD, site: site(I.siteAdatumHq, 'Denver Office'), hostName: 'AD-NAS', manufacturer: 'Synology', platform: 'Linux', platformCategory: 'SERVER' }),
];
const IT_ASSETS = [
  asset({ assetId: I.assetItLaptop, name: 'FIN-LT-07', department: FINANCE, site: site(I.siteContosoHq, 'Contoso HQ'), hostName: 'FIN-LT-07', status: 'OFFLINE' }),
  asset({ assetId: '9101114136934215002', name: 'ENG-BUILD-01', department: ENGINEERING, site: site(I.siteContosoHq, 'Contoso HQ'), hostName: 'ENG-BUILD-01', platformCategory: 'SERVER' }),
];

const assetRef = (a) => ({ assetId: a.assetId, name: a.name, client: a.client, site: a.site });
const ALERTS = [
  { id: I.alertDisk, message: 'Low Disk Space', createdTime: '2026-11-02T10:05:00', status: 'Open', severity: 'Critical', description: 'C: has 7% free', asset: assetRef(MSP_ASSETS[0]), policy: { name: 'Disk space', policyType: 'Hardware Performance Monitoring' } },
  { id: I.alertCpu, message: 'High CPU usage', createdTime: '2026-11-02T12:15:00', status: 'Open', severity: 'Warning', description: 'CPU above 90% for 15 minutes', asset: assetRef(MSP_ASSETS[0]), policy: { name: 'Medium CPU Usage', policyType: 'Hardware Performance Monitoring' } },
  { id: '5150178940650622979', message: 'Agent offline', createdTime: '2026-11-01T22:00:00', status: 'Open', severity: 'Warning', description: 'No heartbeat for 30 minutes', asset: assetRef(MSP_ASSETS[1]), policy: { name: 'Availability', policyType: 'Availability Monitoring' } },
  { id: '5150178940650622980', message: 'Service stopped: Spooler', createdTime: '2026-10-31T08:00:00', status: 'Resolved', severity: 'Info', description: 'Print Spooler stopped', asset: assetRef(MSP_ASSETS[2]), policy: { name: 'Services', policyType: 'Service Monitoring' } },
];

const IT_TECHNICIANS = TECHNICIANS.map(({ businessFunction: _b, role, ...rest }) => ({
  ...rest, department: ENGINEERING, associations: [], roles: [role],
}));

/** The IT edition's ticket fields with options (`getField`). */
const IT_FIELDS = [
  { id: '11', module: 'TICKET', columnName: 'status', label: 'Status', description: null, fieldType: 'SELECT', showToRequester: true, fieldCategory: 'DEFAULT', mandatoryOnCreate: true, mandatoryOnClosure: false,
    options: [{ id: '1', value: 'Open', description: null, order: 1 }, { id: '2', value: 'Pending', description: null, order: 2 }, { id: '3', value: 'Resolved', description: null, order: 3 }] },
  { id: '12', module: 'TICKET', columnName: 'priority', label: 'Priority', description: null, fieldType: 'SELECT', showToRequester: false, fieldCategory: 'DEFAULT', mandatoryOnCreate: false, mandatoryOnClosure: false,
    options: [{ id: '1', value: 'Low', description: null, order: 1 }, { id: '2', value: 'High', description: null, order: 2 }] },
];

/** Each edition's data set. */
export const superopsFixtures = deepFreeze({
  msp: {
    clients: CLIENTS, tickets: MSP_TICKETS, notes: NOTES, conversations: CONVERSATIONS, assets: MSP_ASSETS, alerts: ALERTS,
    technicians: TECHNICIANS, technicianGroups: [NETWORK, HELPDESK], statuses: STATUSES, priorities: PRIORITIES,
    sites: [I.siteNorthwindHq, I.siteFabrikamHq, I.siteAdatumHq],
  },
  it: {
    departments: DEPARTMENTS, tickets: IT_TICKETS, notes: NOTES, conversations: CONVERSATIONS, assets: IT_ASSETS, alerts: [],
    technicians: IT_TECHNICIANS, technicianGroups: [NETWORK, HELPDESK], fields: IT_FIELDS, sites: [I.siteContosoHq],
  },
});

/** `count` more MSP tickets for paging tests, oldest first, all of Adatum. */
export function generatedTickets(count) {
  return Array.from({ length: count }, (_, i) => ticket({
    ticketId: String(7928838372746200000n + BigInt(i)),
    displayId: `151026-${String(i + 1).padStart(4, '0')}`,
    subject: `Generated ticket ${i + 1}`,
    client: AD,
    status: 'Closed',
    priority: 'Low',
    createdTime: '2026-10-15T00:00:00',
    updatedTime: `2026-10-15T${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`,
  }));
}
