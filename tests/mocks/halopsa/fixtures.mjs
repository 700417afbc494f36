// Deterministic data of the HaloPSA mock, as Halo's API sends it: snake_case fields, numeric
// ids, ISO dates without offsets (docs/vendors/halopsa.md; the field sets follow Halo's
// OpenAPI components Faults, Area, Site, Users, Device, Uname, Actions). Full records are
// deliberately wide (notes, custom fields) so the tests can tell a summary from a record.
import { deepFreeze } from '../http.mjs';

/** The ids tests name. */
export const HALO_IDS = {
  clientNorthwind: 12,
  clientFabrikam: 14,
  clientTailspin: 15,
  siteNorthwindHq: 31,
  siteNorthwindWarehouse: 32,
  siteFabrikam: 33,
  userAnna: 201,
  userBen: 202,
  userCara: 203,
  agentSam: 2,
  agentRiley: 3,
  agentService: 1,
  statusNew: 1,
  statusInProgress: 2,
  statusClosed: 9,
  priorityHigh: 2,
  typeIncident: 1,
  typeRequest: 3,
  teamServiceDesk: 1,
  teamProjects: 2,
  ticketPrinter: 1001,
  ticketVpn: 1002,
  ticketLaptop: 1003,
  ticketClosed: 1004,
  assetNwDc: 501,
  assetNwLaptop: 502,
};

const customfields = (pairs) => pairs.map(([name, value], i) => ({ id: 100 + i, name, value, display: String(value) }));

function client(id, name, extra = {}) {
  return {
    id,
    name,
    toplevel_id: 1,
    toplevel_name: 'Contoso MSP Customers',
    inactive: false,
    colour: '#2d7dd2',
    open_ticket_count: 0,
    datecreated: '2024-03-04T09:00:00',
    accountmanagertech: 2,
    accountmanagertech_name: 'Sam Tech',
    notes: `${name}: site access by badge; escalate outages to the office manager. `.repeat(20),
    customfields: customfields([['CF_ContractTier', 'Gold'], ['CF_Domain', `${name.split(' ')[0].toLowerCase()}.example`]]),
    ...extra,
  };
}

const clients = [
  client(HALO_IDS.clientNorthwind, 'Northwind Traders', { open_ticket_count: 3 }),
  client(HALO_IDS.clientFabrikam, 'Fabrikam Dental Group', { open_ticket_count: 1 }),
  client(HALO_IDS.clientTailspin, 'Tailspin Toys', { inactive: true }),
];

const sites = [
  { id: HALO_IDS.siteNorthwindHq, name: 'Northwind HQ', client_id: 12, client_name: 'Northwind Traders', phonenumber: '+1 206 555 0100', inactive: false, delivery_address: { line1: '1 Harbour Way', line2: 'Seattle' } },
  { id: HALO_IDS.siteNorthwindWarehouse, name: 'Northwind Warehouse', client_id: 12, client_name: 'Northwind Traders', phonenumber: '+1 206 555 0150', inactive: false, delivery_address: { line1: '9 Dock Road', line2: 'Tacoma' } },
  { id: HALO_IDS.siteFabrikam, name: 'Fabrikam Main Surgery', client_id: 14, client_name: 'Fabrikam Dental Group', phonenumber: '+1 425 555 0199', inactive: false, delivery_address: { line1: '22 Elm St', line2: 'Bellevue' } },
];

const users = [
  { id: HALO_IDS.userAnna, name: 'Anna Lindqvist', firstname: 'Anna', surname: 'Lindqvist', emailaddress: 'anna@northwind.example', client_id: 12, client_name: 'Northwind Traders', site_id: 31, site_name: 'Northwind HQ', phonenumber: '555-0101', inactive: false, notes: 'VIP: finance director.' },
  { id: HALO_IDS.userBen, name: 'Ben Okafor', firstname: 'Ben', surname: 'Okafor', emailaddress: 'ben@northwind.example', client_id: 12, client_name: 'Northwind Traders', site_id: 32, site_name: 'Northwind Warehouse', phonenumber: '555-0151', inactive: false, notes: '' },
  { id: HALO_IDS.userCara, name: 'Cara Mendes', firstname: 'Cara', surname: 'Mendes', emailaddress: 'cara@fabrikam.example', client_id: 14, client_name: 'Fabrikam Dental Group', site_id: 33, site_name: 'Fabrikam Main Surgery', phonenumber: '555-0199', inactive: false, notes: '' },
];

const agents = [
  { id: HALO_IDS.agentService, name: 'Gateway Service', firstname: 'Gateway', surname: 'Service', email: 'gateway@contoso-msp.example', team: 'Service Desk', jobtitle: 'API account', isdisabled: false, is_online: false, initials: 'GS' },
  { id: HALO_IDS.agentSam, name: 'Sam Tech', firstname: 'Sam', surname: 'Tech', email: 'sam@contoso-msp.example', team: 'Service Desk', jobtitle: 'Engineer', isdisabled: false, is_online: true, initials: 'ST' },
  { id: HALO_IDS.agentRiley, name: 'Riley Ops', firstname: 'Riley', surname: 'Ops', email: 'riley@contoso-msp.example', team: 'Projects', jobtitle: 'Project engineer', isdisabled: false, is_online: false, initials: 'RO' },
];

const statuses = [
  { id: HALO_IDS.statusNew, name: 'New', type: 'open', sequence: 1, colour: '#00a0e0' },
  { id: HALO_IDS.statusInProgress, name: 'In Progress', type: 'open', sequence: 2, colour: '#f0a000' },
  { id: 4, name: 'Waiting on Customer', type: 'open', sequence: 4, colour: '#a0a0a0' },
  { id: HALO_IDS.statusClosed, name: 'Closed', type: 'closed', sequence: 9, colour: '#00a000' },
];

const priorities = [
  { id: 1, priorityid: 1, name: 'Critical', sla_id: 1, responsetime: 0.5, fixtime: 4 },
  { id: HALO_IDS.priorityHigh, priorityid: 2, name: 'High', sla_id: 1, responsetime: 1, fixtime: 8 },
  { id: 3, priorityid: 3, name: 'Medium', sla_id: 1, responsetime: 4, fixtime: 24 },
  { id: 4, priorityid: 4, name: 'Low', sla_id: 1, responsetime: 8, fixtime: 72 },
];

const ticketTypes = [
  { id: HALO_IDS.typeIncident, name: 'Incident', group_id: 1, inactive: false },
  { id: 2, name: 'Problem', group_id: 1, inactive: false },
  { id: HALO_IDS.typeRequest, name: 'Service Request', group_id: 2, inactive: false },
];

const teams = [
  { id: HALO_IDS.teamServiceDesk, name: 'Service Desk', department_name: 'Support', inactive: false },
  { id: HALO_IDS.teamProjects, name: 'Projects', department_name: 'Delivery', inactive: false },
];

const statusName = (id) => statuses.find((s) => s.id === id)?.name;
const typeName = (id) => ticketTypes.find((t) => t.id === id)?.name;
const agentName = (id) => agents.find((a) => a.id === id)?.name ?? null;

/** A ticket as Halo keeps it (the full record; lists return all of this too). */
export function ticket(id, spec) {
  const client = clients.find((c) => c.id === spec.client_id);
  const site = sites.find((s) => s.id === spec.site_id);
  const user = users.find((u) => u.id === spec.user_id);
  return {
    id,
    summary: spec.summary,
    details: spec.details ?? `<p>${spec.summary}</p>`,
    dateoccurred: spec.dateoccurred,
    lastactiondate: spec.lastactiondate ?? spec.dateoccurred,
    last_update: spec.lastactiondate ?? spec.dateoccurred,
    dateclosed: spec.status_id === 9 ? spec.lastactiondate : null,
    status_id: spec.status_id,
    status_name: statusName(spec.status_id),
    tickettype_id: spec.tickettype_id,
    tickettype_name: typeName(spec.tickettype_id),
    priority_id: spec.priority_id ?? 3,
    sla_id: 1,
    sla_name: 'Standard',
    client_id: spec.client_id,
    client_name: client?.name ?? null,
    site_id: spec.site_id ?? null,
    site_name: site?.name ?? null,
    user_id: spec.user_id ?? null,
    user_name: user?.name ?? null,
    user_email: user?.emailaddress ?? null,
    team: spec.team ?? 'Service Desk',
    agent_id: spec.agent_id ?? null,
    agent_name: agentName(spec.agent_id),
    category_1: spec.category_1 ?? 'Hardware',
    estimate: 1,
    timetaken: spec.timetaken ?? 0,
    respondbydate: spec.dateoccurred,
    fixbydate: spec.dateoccurred,
    onhold: false,
    flagged: false,
    inactive: false,
    customfields: customfields([['CF_Billable', true], ['CF_Source', 'Portal']]),
  };
}

const tickets = [
  ticket(HALO_IDS.ticketPrinter, { summary: 'Printer on 2F jams every morning', client_id: 12, site_id: 31, user_id: 201, agent_id: 2, status_id: 2, tickettype_id: 1, priority_id: 2, dateoccurred: '2026-11-02T08:15:00', lastactiondate: '2026-11-20T10:00:00' }),
  ticket(HALO_IDS.ticketVpn, { summary: 'VPN drops for warehouse scanners', client_id: 12, site_id: 32, user_id: 202, agent_id: 3, status_id: 1, tickettype_id: 1, priority_id: 1, team: 'Projects', dateoccurred: '2026-11-10T14:30:00', lastactiondate: '2026-11-25T09:00:00' }),
  ticket(HALO_IDS.ticketLaptop, { summary: 'New laptop for the front desk', client_id: 14, site_id: 33, user_id: 203, agent_id: 2, status_id: 4, tickettype_id: 3, priority_id: 4, dateoccurred: '2026-11-15T11:00:00', lastactiondate: '2026-11-16T11:00:00' }),
  ticket(HALO_IDS.ticketClosed, { summary: 'Reset password for Ben', client_id: 12, site_id: 32, user_id: 202, agent_id: 2, status_id: 9, tickettype_id: 3, priority_id: 3, dateoccurred: '2026-10-01T09:00:00', lastactiondate: '2026-10-01T09:20:00' }),
];

const actions = [
  { id: 9001, ticket_id: 1001, outcome: 'Private Note', outcome_id: 7, who: 'Sam Tech', who_type: 1, who_agentid: 2, datetime: '2026-11-02T09:00:00', note: 'Cleaned the feed rollers; watching it tomorrow.', note_html: '<p>Cleaned the feed rollers; watching it tomorrow.</p>', hiddenfromuser: true, timetaken: 0.5, actiondatecreated: '2026-11-02T09:00:00' },
  { id: 9002, ticket_id: 1001, outcome: 'Email User', outcome_id: 2, who: 'Sam Tech', who_type: 1, who_agentid: 2, datetime: '2026-11-20T10:00:00', note: 'Ordered a replacement pickup roller.', note_html: '<p>Ordered a replacement pickup roller.</p>', hiddenfromuser: false, timetaken: 0.25, actiondatecreated: '2026-11-20T10:00:00' },
  { id: 9003, ticket_id: 1002, outcome: 'Private Note', outcome_id: 7, who: 'Riley Ops', who_type: 1, who_agentid: 3, datetime: '2026-11-25T09:00:00', note: 'Firmware update scheduled on the AP.', note_html: '<p>Firmware update scheduled on the AP.</p>', hiddenfromuser: true, timetaken: 1, actiondatecreated: '2026-11-25T09:00:00' },
];

const assets = [
  { id: HALO_IDS.assetNwDc, inventory_number: 'NW-DC01', key_field: 'NW-DC01', key_field2: '8QXK2Y3', assettype_id: 5, assettype_name: 'Server', client_id: 12, client_name: 'Northwind Traders', site_id: 31, site_name: 'Northwind HQ', username: '', inactive: false, status_name: 'Active', warranty_end: '2028-05-01T00:00:00', notes: 'Domain controller; reboot only in the Sunday window.', fields: [{ id: 1, name: 'Operating System', value: 'Windows Server 2022' }, { id: 2, name: 'IP Address', value: '10.20.0.10' }], customfields: customfields([['CF_Backup', 'Nightly']]) },
  { id: HALO_IDS.assetNwLaptop, inventory_number: 'NW-LT-0142', key_field: 'NW-LT-0142', key_field2: '5CG1234XYZ', assettype_id: 6, assettype_name: 'Laptop', client_id: 12, client_name: 'Northwind Traders', site_id: 32, site_name: 'Northwind Warehouse', username: 'ben', inactive: false, status_name: 'Active', warranty_end: '2027-01-31T00:00:00', notes: '', fields: [{ id: 1, name: 'Operating System', value: 'Windows 11' }], customfields: [] },
  { id: 503, inventory_number: 'FAB-RECEPTION', key_field: 'FAB-RECEPTION', key_field2: 'MXL998877', assettype_id: 7, assettype_name: 'Workstation', client_id: 14, client_name: 'Fabrikam Dental Group', site_id: 33, site_name: 'Fabrikam Main Surgery', username: 'cara', inactive: false, status_name: 'Active', warranty_end: '2026-12-31T00:00:00', notes: 'Front desk PC.', fields: [], customfields: [] },
];

const outcomes = [
  { id: 7, outcome: 'Private Note', buttonname: 'Private Note', hiddenfromuser: true },
  { id: 2, outcome: 'Email User', buttonname: 'Email User', hiddenfromuser: false },
  { id: 10, outcome: 'Change Status', buttonname: 'Change Status', hiddenfromuser: true },
];

const assetTypes = [
  { id: 5, name: 'Server', assetgroup_name: 'Hardware', inactive: false },
  { id: 6, name: 'Laptop', assetgroup_name: 'Hardware', inactive: false },
  { id: 7, name: 'Workstation', assetgroup_name: 'Hardware', inactive: false },
];

const articles = [
  { id: 701, name: 'Clearing a paper jam on the 2F printer', type: 0, view_count: 42, date_edited: '2026-10-02T12:00:00', description: '<p>Open tray 2, release the green lever, pull the sheet towards you.</p>', tag_string: 'printer' },
  { id: 702, name: 'Connecting warehouse scanners to the VPN', type: 0, view_count: 7, date_edited: '2026-11-12T08:00:00', description: '<p>Use the WMS profile and the scanner certificate.</p>', tag_string: 'vpn' },
];

const invoices = [
  { id: 801, invoicenumber: 'INV-2026-0801', client_id: 12, client_name: 'Northwind Traders', invoice_date: '2026-11-01T00:00:00', duedate: '2026-11-30T00:00:00', total: 1250.5, amountdue: 0, posted: true, lines: [{ id: 1, item_shortdescription: 'Managed services, November', qty_order: 1, unit_price: 1250.5 }] },
  { id: 802, invoicenumber: 'INV-2026-0802', client_id: 14, client_name: 'Fabrikam Dental Group', invoice_date: '2026-11-01T00:00:00', duedate: '2026-11-30T00:00:00', total: 640, amountdue: 640, posted: true, lines: [{ id: 1, item_shortdescription: 'Managed services, November', qty_order: 1, unit_price: 640 }] },
];

const appointments = [
  { id: 601, subject: 'Replace the printer roller', start_date: '2026-12-08T09:00:00', end_date: '2026-12-08T10:00:00', agent_id: 2, agent_name: 'Sam Tech', client_name: 'Northwind Traders', ticket_id: 1001, note: 'Bring roller kit.' },
  { id: 602, subject: 'AP firmware window', start_date: '2026-12-09T18:00:00', end_date: '2026-12-09T19:00:00', agent_id: 3, agent_name: 'Riley Ops', client_name: 'Northwind Traders', ticket_id: 1002, note: '' },
];

const contracts = [
  { id: 401, ref: 'NW-MSA-2026', client_id: 12, client_name: 'Northwind Traders', start_date: '2026-01-01T00:00:00', end_date: '2026-12-31T00:00:00', contract_status: 'Active', billing_description: 'Managed services, monthly', notes: 'Renewal talks in November.' },
  { id: 402, ref: 'FAB-BLOCK-40', client_id: 14, client_name: 'Fabrikam Dental Group', start_date: '2026-03-01T00:00:00', end_date: '2027-02-28T00:00:00', contract_status: 'Active', billing_description: '40-hour block', notes: '' },
];

const items = [
  { id: 301, name: 'Managed Workstation', description: 'Per-device monthly management', baseprice: 35, costprice: 12, inactive: false, supplier_part_code: 'MW-1' },
  { id: 302, name: 'Pickup roller kit', description: 'For the 2F printer model', baseprice: 49.5, costprice: 30, inactive: false, supplier_part_code: 'PRK-9' },
];

const suppliers = [
  { id: 91, name: 'Contoso Distribution', emailaddress: 'orders@contoso-dist.example', phonenumber: '+1 800 555 0191', inactive: false, notes: 'Net 30.' },
];

const opportunities = [
  { id: 3001, summary: 'Firewall refresh', client_id: 12, client_name: 'Northwind Traders', status_name: 'Proposal', agent_name: 'Sam Tech', opportunity_value: 18000, targetdate: '2027-01-31T00:00:00', details: '<p>Two sites, HA pair.</p>' },
];

const quotes = [
  { id: 3101, title: 'Firewall refresh (HA pair)', client_id: 12, client_name: 'Northwind Traders', date: '2026-11-28T00:00:00', total: 18000, status: 'Sent', lines: [{ id: 1, item_id: 301, qty: 2 }] },
];

const projects = [
  { id: 4001, summary: 'Office 365 migration', client_id: 14, client_name: 'Fabrikam Dental Group', status_name: 'In Progress', agent_name: 'Riley Ops', startdate: '2026-10-01T00:00:00', targetdate: '2026-12-20T00:00:00', percentage_complete: 60, details: '<p>Mailboxes and SharePoint.</p>' },
];

const slas = [
  { id: 1, name: 'Standard', inactive: false, workday_id: 1 },
  { id: 2, name: 'Premium 24x7', inactive: false, workday_id: 2 },
];

const savedReports = [
  { id: 51, name: 'Open tickets by client', category: 'Service Desk', description: 'Counts of open tickets per client.', sql: 'SELECT aareadesc, COUNT(*) FROM FAULTS JOIN AREA ON aarea = areaint WHERE status <> 9 GROUP BY aareadesc' },
  { id: 52, name: 'Time logged this month', category: 'Billing', description: 'Hours per agent.', sql: 'SELECT uname, SUM(timetaken) FROM ACTIONS GROUP BY uname' },
];

export const haloFixtures = deepFreeze({
  contracts, items, suppliers, opportunities, quotes, projects, slas, savedReports,
  clients, sites, users, agents, statuses, priorities, ticketTypes, teams, tickets, actions, assets,
  outcomes, assetTypes, articles, invoices, appointments,
});

/** `count` more tickets (ids 5001…) for paging tests; not part of the frozen fixtures. */
export function generatedTickets(count) {
  return Array.from({ length: count }, (_, i) => ticket(5001 + i, {
    summary: `Generated ticket ${String(i + 1).padStart(3, '0')}`,
    client_id: 15,
    status_id: 1,
    tickettype_id: 1,
    dateoccurred: '2026-09-01T08:00:00',
  }));
}
