// Deterministic data of the Autotask PSA mock: the same small MSP world as the Datto RMM and
// IT Glue mocks ("Contoso MSP" with Northwind Traders, Fabrikam Dental Group, Tailspin Toys and
// Adatum Corporation), as Autotask REST v1.0 serves it (vendors.md §3): camelCase fields, numeric
// ids, picklist fields as integers whose labels live in `entityInformation/fields`, dates as
// ISO-8601 UTC strings with milliseconds. Every record carries every field of its entity's field
// list (null when empty), as the live API does. Names, numbers and texts are invented.
import { deepFreeze } from '../http.mjs';

/** The fixed "now" of the data set, 2026-11-02T14:00:00Z, in epoch milliseconds. */
export const AUTOTASK_T0 = Date.UTC(2026, 10, 2, 14, 0, 0);

/** The credentials the mock accepts unless `credentials` says otherwise. */
export const AUTOTASK_CREDENTIALS = deepFreeze({
  username: 'api-gateway@contoso.example',
  secret: 'autotask-secret-1',
  integrationCode: 'CONTOSOINTEGRATIONCODE00001',
});

// ---- picklists (wire shape: `value` and `parentValue` are strings) -----------------------------

/** One picklist: [value, label, extra?] rows in sort order. */
function picklist(rows) {
  return rows.map(([value, label, extra = {}], index) => ({
    value: String(value),
    label,
    isDefaultValue: extra.isDefault ?? false,
    sortOrder: index + 1,
    parentValue: extra.parent === undefined ? '' : String(extra.parent),
    isActive: extra.active ?? true,
    isSystem: extra.system ?? false,
  }));
}

const INACTIVE = { active: false };
const SYSTEM = { system: true };

const PICKLISTS = {
  Tickets: {
    status: picklist([
      [1, 'New', { system: true, isDefault: true }], [5, 'Complete', SYSTEM], [7, 'Waiting Customer', SYSTEM], [8, 'In Progress'],
      [13, 'Waiting Vendor'], [19, 'Legacy Hold', INACTIVE],
    ]),
    priority: picklist([[1, 'High'], [2, 'Medium', { isDefault: true }], [3, 'Low'], [4, 'Critical']]),
    queueID: picklist([
      [29683354, 'Level I Support'], [29683355, 'Level II Support'], [29683356, 'Monitoring Alert'],
      [29683399, 'Retired Queue', INACTIVE],
    ]),
    issueType: picklist([[1, 'Hardware'], [2, 'Software'], [3, 'Network']]),
    subIssueType: picklist([
      [101, 'Laptop', { parent: 1 }], [102, 'Printer', { parent: 1 }], [103, 'Fax Machine', { parent: 1, active: false }],
      [201, 'Email', { parent: 2 }], [202, 'Line of Business App', { parent: 2 }],
      [301, 'Firewall', { parent: 3 }], [302, 'Wi-Fi', { parent: 3 }],
    ]),
    ticketType: picklist([[1, 'Service Request', SYSTEM], [2, 'Incident', SYSTEM], [3, 'Problem', SYSTEM], [5, 'Alert', SYSTEM]]),
    source: picklist([[2, 'Phone'], [4, 'Email'], [8, 'Monitoring Alert', SYSTEM], [11, 'Client Portal', SYSTEM]]),
  },
  TicketNotes: {
    noteType: picklist([[1, 'Task Detail', { isDefault: true }], [2, 'Resolution'], [3, 'Summary']]),
    publish: picklist([[1, 'All Autotask Users', { isDefault: true }], [2, 'Internal Project Team'], [3, 'Internal & Co-Managed']]),
  },
  Companies: {
    companyType: picklist([[1, 'Customer'], [2, 'Lead'], [3, 'Prospect'], [4, 'Dead'], [7, 'Vendor'], [8, 'Partner']]),
  },
  Projects: { status: picklist([[0, 'Inactive', SYSTEM], [1, 'New', SYSTEM], [4, 'Active'], [5, 'Complete', SYSTEM]]) },
  Tasks: { status: picklist([[1, 'New', SYSTEM], [4, 'In Progress'], [5, 'Complete', SYSTEM]]) },
  ConfigurationItems: {
    configurationItemType: picklist([[1, 'Workstation'], [2, 'Server'], [3, 'Network Device'], [4, 'Printer']]),
  },
  Contracts: { status: picklist([[0, 'Inactive', SYSTEM], [1, 'Active', SYSTEM]]) },
  Opportunities: { status: picklist([[0, 'Inactive', SYSTEM], [1, 'Active', SYSTEM], [2, 'Lost', SYSTEM], [3, 'Closed (Won)', SYSTEM]]) },
  ServiceCalls: { status: picklist([[1, 'New', SYSTEM], [2, 'Complete', SYSTEM]]) },
};

// ---- field lists (GET /{Entity}/entityInformation/fields) ---------------------------------------

const LENGTHLESS = 0;

/**
 * One field in the wire shape. `kind` is the Autotask dataType; options: `length` (strings),
 * `required`, `readOnly`, `ref` (referenced entity), `pick` (a picklist of this entity),
 * `parent` (the field a dependent picklist hangs off), `queryable` (default true),
 * `webhook` (isSupportedWebhookField).
 */
function field(entity, name, kind, options = {}) {
  const values = options.pick ? PICKLISTS[entity][name] : null;
  if (options.pick && !values) throw new Error(`no picklist ${entity}.${name}`);
  return {
    name,
    dataType: kind,
    length: kind === 'string' ? options.length : LENGTHLESS,
    isRequired: options.required ?? false,
    isReadOnly: options.readOnly ?? false,
    isQueryable: options.queryable ?? true,
    isReference: Boolean(options.ref),
    referenceEntityType: options.ref ?? '',
    isPickList: Boolean(options.pick),
    picklistValues: values,
    picklistParentValueField: options.parent ?? '',
    isSupportedWebhookField: options.webhook ?? false,
  };
}

/** Field list builder: `spec` is [name, kind, options] rows; every list starts with `id`. */
function fields(entity, spec) {
  return [
    field(entity, 'id', 'long', { required: true, readOnly: true }),
    ...spec.map(([name, kind, options]) => field(entity, name, kind, options)),
  ];
}

const RO = { readOnly: true };
const REQ = { required: true };
const str = (length, options = {}) => ({ length, ...options });

const FIELDS = {
  Companies: fields('Companies', [
    ['companyName', 'string', str(100, { required: true, webhook: true })],
    ['companyNumber', 'string', str(50)],
    ['companyType', 'integer', { required: true, pick: true, webhook: true }],
    ['phone', 'string', str(25, { required: true })],
    ['fax', 'string', str(25)],
    ['webAddress', 'string', str(255)],
    ['address1', 'string', str(150)],
    ['address2', 'string', str(150)],
    ['city', 'string', str(50)],
    ['state', 'string', str(25)],
    ['postalCode', 'string', str(20)],
    ['countryID', 'integer', { ref: 'Countries' }],
    ['isActive', 'boolean', { webhook: true }],
    ['ownerResourceID', 'integer', { required: true, ref: 'Resources' }],
    ['parentCompanyID', 'integer', { ref: 'Companies' }],
    ['createDate', 'datetime', RO],
    ['lastActivityDate', 'datetime', RO],
    ['lastTrackedModifiedDateTime', 'datetime', RO],
  ]),
  Contacts: fields('Contacts', [
    ['companyID', 'integer', { required: true, ref: 'Companies' }],
    ['firstName', 'string', str(50, REQ)],
    ['lastName', 'string', str(50, REQ)],
    ['title', 'string', str(50)],
    ['emailAddress', 'string', str(254)],
    ['phone', 'string', str(25)],
    ['mobilePhone', 'string', str(25)],
    ['isActive', 'integer', REQ],
    ['primaryContact', 'boolean'],
    ['createDate', 'datetime', RO],
    ['lastActivityDate', 'datetime', RO],
    ['lastModifiedDate', 'datetime', RO],
  ]),
  Resources: fields('Resources', [
    ['firstName', 'string', str(50, REQ)],
    ['lastName', 'string', str(50, REQ)],
    ['title', 'string', str(50)],
    ['email', 'string', str(254, REQ)],
    ['userName', 'string', str(50, REQ)],
    ['isActive', 'boolean', REQ],
    ['resourceType', 'string', str(15, RO)],
    ['officePhone', 'string', str(25)],
    ['mobilePhone', 'string', str(25)],
    ['hireDate', 'datetime'],
  ]),
  Tickets: fields('Tickets', [
    ['ticketNumber', 'string', str(50, { readOnly: true, webhook: true })],
    ['title', 'string', str(255, { required: true, webhook: true })],
    ['description', 'string', str(8000, { webhook: true })],
    ['status', 'integer', { required: true, pick: true, webhook: true }],
    ['priority', 'integer', { required: true, pick: true, webhook: true }],
    ['queueID', 'integer', { pick: true, webhook: true }],
    ['companyID', 'integer', { required: true, ref: 'Companies', webhook: true }],
    ['contactID', 'integer', { ref: 'Contacts' }],
    ['assignedResourceID', 'integer', { ref: 'Resources', webhook: true }],
    ['assignedResourceRoleID', 'integer', { ref: 'Roles' }],
    ['issueType', 'integer', { pick: true }],
    ['subIssueType', 'integer', { pick: true, parent: 'issueType' }],
    ['ticketType', 'integer', { pick: true }],
    ['source', 'integer', { pick: true }],
    ['configurationItemID', 'integer', { ref: 'ConfigurationItems' }],
    ['contractID', 'integer', { ref: 'Contracts' }],
    ['projectID', 'integer', { ref: 'Projects' }],
    ['estimatedHours', 'double'],
    ['dueDateTime', 'datetime'],
    ['resolution', 'string', str(32000)],
    ['createDate', 'datetime', RO],
    ['creatorResourceID', 'integer', { readOnly: true, ref: 'Resources' }],
    ['completedDate', 'datetime', RO],
    ['lastActivityDate', 'datetime', RO],
  ]),
  TicketNotes: fields('TicketNotes', [
    ['ticketID', 'integer', { required: true, ref: 'Tickets' }],
    ['title', 'string', str(250)],
    ['description', 'string', str(32000, REQ)],
    ['noteType', 'integer', { required: true, pick: true }],
    ['publish', 'integer', { required: true, pick: true }],
    ['createDateTime', 'datetime', RO],
    ['creatorResourceID', 'integer', { readOnly: true, ref: 'Resources' }],
    ['impersonatorCreatorResourceID', 'integer', { readOnly: true, ref: 'Resources' }],
    ['lastActivityDate', 'datetime', RO],
  ]),
  TimeEntries: fields('TimeEntries', [
    ['ticketID', 'integer', { ref: 'Tickets' }],
    ['taskID', 'integer', { ref: 'Tasks' }],
    ['resourceID', 'integer', { required: true, ref: 'Resources' }],
    ['roleID', 'integer', { ref: 'Roles' }],
    ['dateWorked', 'datetime', REQ],
    ['startDateTime', 'datetime'],
    ['endDateTime', 'datetime'],
    ['hoursWorked', 'double'],
    ['hoursToBill', 'double', RO],
    ['summaryNotes', 'string', str(8000, REQ)],
    ['internalNotes', 'string', str(8000)],
    ['isNonBillable', 'boolean'],
    ['createDateTime', 'datetime', RO],
    ['impersonatorCreatorResourceID', 'integer', { readOnly: true, ref: 'Resources' }],
    ['lastModifiedDateTime', 'datetime', RO],
  ]),
  Projects: fields('Projects', [
    ['projectName', 'string', str(100, REQ)],
    ['projectNumber', 'string', str(50, RO)],
    ['companyID', 'integer', { required: true, ref: 'Companies' }],
    ['status', 'integer', { required: true, pick: true }],
    ['description', 'string', str(2000)],
    ['projectLeadResourceID', 'integer', { ref: 'Resources' }],
    ['startDateTime', 'datetime', REQ],
    ['endDateTime', 'datetime', REQ],
    ['createDateTime', 'datetime', RO],
  ]),
  Tasks: fields('Tasks', [
    ['projectID', 'integer', { required: true, ref: 'Projects' }],
    ['title', 'string', str(255, REQ)],
    ['description', 'string', str(8000)],
    ['status', 'integer', { required: true, pick: true }],
    ['assignedResourceID', 'integer', { ref: 'Resources' }],
    ['estimatedHours', 'double'],
    ['startDateTime', 'datetime'],
    ['endDateTime', 'datetime'],
    ['createDateTime', 'datetime', RO],
  ]),
  ConfigurationItems: fields('ConfigurationItems', [
    ['companyID', 'integer', { required: true, ref: 'Companies', webhook: true }],
    ['referenceTitle', 'string', str(200, { webhook: true })],
    ['serialNumber', 'string', str(100)],
    ['configurationItemType', 'integer', { pick: true }],
    ['isActive', 'boolean', { required: true, webhook: true }],
    ['installDate', 'datetime'],
    ['warrantyExpirationDate', 'datetime'],
    ['rmmDeviceUID', 'string', str(100, RO)],
    ['createDate', 'datetime', RO],
  ]),
  Contracts: fields('Contracts', [
    ['contractName', 'string', str(100, REQ)],
    ['contractNumber', 'string', str(50)],
    ['companyID', 'integer', { required: true, ref: 'Companies' }],
    ['status', 'integer', { required: true, pick: true }],
    ['startDate', 'datetime', REQ],
    ['endDate', 'datetime', REQ],
    ['description', 'string', str(2000)],
    ['estimatedRevenue', 'double'],
  ]),
  Opportunities: fields('Opportunities', [
    ['title', 'string', str(128, REQ)],
    ['companyID', 'integer', { required: true, ref: 'Companies' }],
    ['ownerResourceID', 'integer', { required: true, ref: 'Resources' }],
    ['amount', 'double', REQ],
    ['probability', 'integer', REQ],
    ['status', 'integer', { required: true, pick: true }],
    ['projectedCloseDate', 'datetime', REQ],
    ['createDate', 'datetime', RO],
  ]),
  Quotes: fields('Quotes', [
    ['name', 'string', str(100, REQ)],
    ['quoteNumber', 'string', str(50)],
    ['companyID', 'integer', { required: true, ref: 'Companies' }],
    ['opportunityID', 'integer', { required: true, ref: 'Opportunities' }],
    ['contactID', 'integer', { ref: 'Contacts' }],
    ['effectiveDate', 'datetime', REQ],
    ['expirationDate', 'datetime', REQ],
    ['isActive', 'boolean'],
    ['createDate', 'datetime', RO],
  ]),
  Invoices: fields('Invoices', [
    ['invoiceNumber', 'string', str(100, RO)],
    ['companyID', 'integer', { readOnly: true, ref: 'Companies' }],
    ['invoiceDateTime', 'datetime', RO],
    ['dueDate', 'datetime', RO],
    ['invoiceTotal', 'double', RO],
    ['isVoided', 'boolean'],
    ['paidDate', 'datetime'],
    ['createDateTime', 'datetime', RO],
  ]),
  Products: fields('Products', [
    ['name', 'string', str(100, REQ)],
    ['description', 'string', str(2000)],
    ['sku', 'string', str(50)],
    ['manufacturerName', 'string', str(100)],
    ['unitCost', 'double'],
    ['unitPrice', 'double'],
    ['isActive', 'boolean', REQ],
  ]),
  Services: fields('Services', [
    ['name', 'string', str(150, REQ)],
    ['description', 'string', str(400)],
    ['unitCost', 'double'],
    ['unitPrice', 'double', REQ],
    ['isActive', 'boolean'],
    ['createDate', 'datetime', RO],
  ]),
  ServiceCalls: fields('ServiceCalls', [
    ['companyID', 'integer', { required: true, ref: 'Companies' }],
    ['description', 'string', str(2000)],
    ['status', 'integer', { required: true, pick: true }],
    ['startDateTime', 'datetime', REQ],
    ['endDateTime', 'datetime', REQ],
    ['duration', 'double', RO],
    ['isComplete', 'integer'],
    ['createDateTime', 'datetime', RO],
    ['creatorResourceID', 'integer', { readOnly: true, ref: 'Resources' }],
  ]),
};

/** User-defined field definitions (GET /{Entity}/entityInformation/userDefinedFields). */
const udf = (name, length) => ({
  name, dataType: 'string', length, isRequired: false, isReadOnly: false, isQueryable: true, isReference: false,
  referenceEntityType: '', isPickList: false, picklistValues: null, picklistParentValueField: '', isSupportedWebhookField: false,
});

const UDF_DEFINITIONS = {
  Companies: [udf('Contract Tier', 100), udf('Backup Provider', 100)],
};

/**
 * `GET /{Entity}/entityInformation` (the `info` object). `name` is the singular entity name;
 * the write flags describe what this mock implements (see the README).
 */
const ENTITY_INFO = {
  Companies: { name: 'Company', webhooks: true },
  Contacts: { name: 'Contact', webhooks: true },
  Resources: { name: 'Resource' },
  Tickets: { name: 'Ticket', canCreate: true, canUpdate: true, webhooks: true },
  TicketNotes: { name: 'TicketNote', canCreate: true },
  TimeEntries: { name: 'TimeEntry', canCreate: true, canUpdate: true },
  Projects: { name: 'Project' },
  Tasks: { name: 'Task' },
  ConfigurationItems: { name: 'ConfigurationItem', webhooks: true },
  Contracts: { name: 'Contract' },
  Opportunities: { name: 'Opportunity' },
  Quotes: { name: 'Quote' },
  Invoices: { name: 'Invoice' },
  Products: { name: 'Product' },
  Services: { name: 'Service' },
  ServiceCalls: { name: 'ServiceCall' },
};

const entityInfo = Object.fromEntries(Object.entries(ENTITY_INFO).map(([entity, info]) => [entity, {
  name: info.name,
  canCreate: info.canCreate ?? false,
  canDelete: false,
  canQuery: true,
  canUpdate: info.canUpdate ?? false,
  hasUserDefinedFields: Boolean(UDF_DEFINITIONS[entity]),
  supportsWebhookCallouts: info.webhooks ?? false,
}]));

// ---- records ------------------------------------------------------------------------------

/**
 * A record with every field of its entity (null when not given), in field-list order. A key
 * that is not in the field list is a bug in this file and fails at load time.
 */
function record(entity, spec) {
  const out = {};
  for (const { name } of FIELDS[entity]) out[name] = spec[name] ?? null;
  for (const key of Object.keys(spec)) {
    if (!(key in out) && key !== 'userDefinedFields') throw new Error(`fixture field ${entity}.${key} is not in the field list`);
  }
  if (UDF_DEFINITIONS[entity]) {
    const given = spec.userDefinedFields ?? {};
    out.userDefinedFields = UDF_DEFINITIONS[entity].map(({ name }) => ({ name, value: given[name] ?? null }));
  }
  return out;
}

const records = (entity, specs) => specs.map((spec) => record(entity, spec));

const COMPANY = { owner: 0, northwind: 29683412, fabrikam: 29683455, tailspin: 29683471, adatum: 29683488 };
const RESOURCE = { alex: 29682885, jordan: 29682886, priya: 29682887, sam: 29682888, apiUser: 29682901 };
const ROLE = { technician: 29683461, engineer: 29683462 };
const QUEUE = { level1: 29683354, level2: 29683355, monitoring: 29683356, retired: 29683399 };
const CONTACT = {
  nancy: 30684101, andrew: 30684102, janet: 30684103, olivia: 30684201, marcus: 30684202, kim: 30684301, ravi: 30684401,
};
const CI = { dc: 29900101, workstation: 29900102, printer: 29900103, reception: 29900104, firewall: 29900105, nas: 29900106 };
const CONTRACT = { northwind: 29684101, fabrikam: 29684102, tailspin: 29684103 };
const PROJECT = { m365: 30312001, wifi: 30312002, tailspin: 30312003 };
const TASK = { mailboxes: 30412001, mfa: 30412002, survey: 30412003, export: 30412004 };
const OPPORTUNITY = { adatum: 29685101, serverRefresh: 29685102, voip: 29685103 };
const PRODUCT = { optiplex: 29688101, toner: 29688102, accessPoint: 29688103 };

const companies = records('Companies', [
  {
    id: COMPANY.owner, companyName: 'Contoso MSP', companyNumber: 'CMSP', companyType: 1, phone: '+1 312 555 0100',
    webAddress: 'https://contoso-msp.example', address1: '200 W Madison St', address2: 'Suite 1400', city: 'Chicago',
    state: 'IL', postalCode: '60606', countryID: 237, isActive: true, ownerResourceID: RESOURCE.priya,
    createDate: '2019-03-01T09:00:00.000Z', lastActivityDate: '2026-11-02T11:40:00.000Z',
    lastTrackedModifiedDateTime: '2026-06-12T15:20:00.000Z',
  },
  {
    id: COMPANY.northwind, companyName: 'Northwind Traders', companyNumber: 'NWT-001', companyType: 1,
    phone: '+1 312 555 0142', fax: '+1 312 555 0143', webAddress: 'https://northwindtraders.example',
    address1: '1 Northwind Plaza', address2: '2nd floor', city: 'Chicago', state: 'IL', postalCode: '60601', countryID: 237,
    isActive: true, ownerResourceID: RESOURCE.priya, createDate: '2020-01-15T16:00:00.000Z',
    lastActivityDate: '2026-11-02T10:05:00.000Z', lastTrackedModifiedDateTime: '2026-09-30T13:00:00.000Z',
    userDefinedFields: { 'Contract Tier': 'Gold', 'Backup Provider': 'Datto BCDR' },
  },
  {
    id: COMPANY.fabrikam, companyName: 'Fabrikam Dental Group', companyNumber: 'FDG-002', companyType: 1,
    phone: '+1 708 555 0190', webAddress: 'https://fabrikamdental.example', address1: '48 Oak Park Ave',
    city: 'Oak Park', state: 'IL', postalCode: '60302', countryID: 237, isActive: true, ownerResourceID: RESOURCE.priya,
    createDate: '2021-05-10T14:30:00.000Z', lastActivityDate: '2026-11-02T09:15:00.000Z',
    lastTrackedModifiedDateTime: '2026-08-04T10:10:00.000Z',
    userDefinedFields: { 'Contract Tier': 'Silver', 'Backup Provider': 'Datto SaaS Protection' },
  },
  {
    id: COMPANY.tailspin, companyName: 'Tailspin Toys', companyNumber: 'TST-003', companyType: 1,
    phone: '+1 630 555 0177', address1: '9 Depot St', city: 'Naperville', state: 'IL', postalCode: '60540',
    countryID: 237, isActive: false, ownerResourceID: RESOURCE.jordan, createDate: '2020-08-20T12:00:00.000Z',
    lastActivityDate: '2026-07-01T16:45:00.000Z', lastTrackedModifiedDateTime: '2026-07-01T16:45:00.000Z',
  },
  {
    id: COMPANY.adatum, companyName: 'Adatum Corporation', companyNumber: null, companyType: 3,
    phone: '+1 847 555 0123', webAddress: 'https://adatum.example', address1: '500 Lake Cook Rd', city: 'Deerfield',
    state: 'IL', postalCode: '60015', countryID: 237, isActive: true, ownerResourceID: RESOURCE.priya,
    createDate: '2026-10-05T15:00:00.000Z', lastActivityDate: '2026-10-29T17:30:00.000Z',
    lastTrackedModifiedDateTime: '2026-10-05T15:00:00.000Z',
  },
]);

const contacts = records('Contacts', [
  {
    id: CONTACT.nancy, companyID: COMPANY.northwind, firstName: 'Nancy', lastName: 'Davolio', title: 'Office Manager',
    emailAddress: 'nancy.davolio@northwindtraders.example', phone: '+1 312 555 0144', isActive: 1, primaryContact: true,
    createDate: '2020-01-15T16:10:00.000Z', lastActivityDate: '2026-11-02T08:40:00.000Z', lastModifiedDate: '2025-02-03T09:00:00.000Z',
  },
  {
    id: CONTACT.andrew, companyID: COMPANY.northwind, firstName: 'Andrew', lastName: 'Fuller', title: 'IT Coordinator',
    emailAddress: 'andrew.fuller@northwindtraders.example', phone: '+1 312 555 0145', mobilePhone: '+1 312 555 0198',
    isActive: 1, primaryContact: false, createDate: '2020-01-15T16:12:00.000Z',
    lastActivityDate: '2026-10-30T15:12:00.000Z', lastModifiedDate: '2024-11-20T10:00:00.000Z',
  },
  {
    id: CONTACT.janet, companyID: COMPANY.northwind, firstName: 'Janet', lastName: 'Leverling', title: 'Accountant',
    emailAddress: 'janet.leverling@northwindtraders.example', phone: '+1 312 555 0146', isActive: 0, primaryContact: false,
    createDate: '2021-04-01T13:00:00.000Z', lastActivityDate: '2026-09-15T11:00:00.000Z', lastModifiedDate: '2026-09-16T08:30:00.000Z',
  },
  {
    id: CONTACT.olivia, companyID: COMPANY.fabrikam, firstName: 'Olivia', lastName: 'Lee', title: 'Practice Owner',
    emailAddress: 'dr.lee@fabrikamdental.example', phone: '+1 708 555 0191', mobilePhone: '+1 708 555 0199', isActive: 1,
    primaryContact: true, createDate: '2021-05-10T14:40:00.000Z', lastActivityDate: '2026-10-31T12:20:00.000Z',
    lastModifiedDate: '2023-01-09T12:00:00.000Z',
  },
  {
    id: CONTACT.marcus, companyID: COMPANY.fabrikam, firstName: 'Marcus', lastName: 'Reyes', title: 'Front Desk Lead',
    emailAddress: 'frontdesk@fabrikamdental.example', phone: '+1 708 555 0190', isActive: 1, primaryContact: false,
    createDate: '2022-02-14T09:00:00.000Z', lastActivityDate: '2026-10-28T16:05:00.000Z', lastModifiedDate: '2022-02-14T09:00:00.000Z',
  },
  {
    id: CONTACT.kim, companyID: COMPANY.tailspin, firstName: 'Kim', lastName: 'Abercrombie', title: 'Operations Director',
    emailAddress: 'kim@tailspintoys.example', phone: '+1 630 555 0178', isActive: 1, primaryContact: true,
    createDate: '2020-08-20T12:05:00.000Z', lastActivityDate: '2026-06-30T10:00:00.000Z', lastModifiedDate: '2020-08-20T12:05:00.000Z',
  },
  {
    id: CONTACT.ravi, companyID: COMPANY.adatum, firstName: 'Ravi', lastName: 'Kumar', title: 'CFO',
    emailAddress: 'ravi.kumar@adatum.example', phone: '+1 847 555 0124', isActive: 1, primaryContact: true,
    createDate: '2026-10-05T15:05:00.000Z', lastActivityDate: '2026-10-29T17:30:00.000Z', lastModifiedDate: '2026-10-05T15:05:00.000Z',
  },
]);

const resources = records('Resources', [
  {
    id: RESOURCE.alex, firstName: 'Alex', lastName: 'Morgan', title: 'Service Desk Technician', email: 'alex.morgan@contoso-msp.example',
    userName: 'amorgan', isActive: true, resourceType: 'Employee', officePhone: '+1 312 555 0111', hireDate: '2022-06-01T00:00:00.000Z',
  },
  {
    id: RESOURCE.jordan, firstName: 'Jordan', lastName: 'Lee', title: 'Systems Engineer', email: 'jordan.lee@contoso-msp.example',
    userName: 'jlee', isActive: true, resourceType: 'Employee', officePhone: '+1 312 555 0112', mobilePhone: '+1 312 555 0182',
    hireDate: '2020-02-17T00:00:00.000Z',
  },
  {
    id: RESOURCE.priya, firstName: 'Priya', lastName: 'Natarajan', title: 'Service Delivery Manager',
    email: 'priya.natarajan@contoso-msp.example', userName: 'pnatarajan', isActive: true, resourceType: 'Employee',
    officePhone: '+1 312 555 0110', hireDate: '2019-03-01T00:00:00.000Z',
  },
  {
    id: RESOURCE.sam, firstName: 'Sam', lastName: 'Whitfield', title: 'Service Desk Technician', email: 'sam.whitfield@contoso-msp.example',
    userName: 'swhitfield', isActive: false, resourceType: 'Employee', hireDate: '2023-01-09T00:00:00.000Z',
  },
  {
    id: RESOURCE.apiUser, firstName: 'API', lastName: 'Gateway', title: 'API User', email: 'api-gateway@contoso.example',
    userName: AUTOTASK_CREDENTIALS.username, isActive: true, resourceType: 'Employee',
  },
]);

const ticket = (spec) => ({ creatorResourceID: RESOURCE.priya, ...spec });

const tickets = records('Tickets', [
  ticket({
    id: 31450101, ticketNumber: 'T20261030.0012', title: '2nd floor printer jams on every duplex job',
    description: 'The HP LaserJet on the 2nd floor (NW-PRN-2F) jams whenever a duplex job is sent. Single-sided jobs print fine.',
    status: 8, priority: 2, queueID: QUEUE.level1, companyID: COMPANY.northwind, contactID: CONTACT.andrew,
    assignedResourceID: RESOURCE.alex, assignedResourceRoleID: ROLE.technician, issueType: 1, subIssueType: 102,
    ticketType: 2, source: 4, configurationItemID: CI.printer, contractID: CONTRACT.northwind, estimatedHours: 2,
    dueDateTime: '2026-11-04T17:00:00.000Z', createDate: '2026-10-30T15:12:00.000Z', lastActivityDate: '2026-11-02T10:05:00.000Z',
  }),
  ticket({
    id: 31450102, ticketNumber: 'T20261102.0003', title: 'VPN drops every 10 minutes for remote staff',
    description: 'Remote staff lose the VPN connection roughly every ten minutes since Friday. Office users are not affected.',
    status: 1, priority: 1, queueID: QUEUE.level2, companyID: COMPANY.northwind, contactID: CONTACT.nancy,
    issueType: 3, subIssueType: 301, ticketType: 2, source: 2, contractID: CONTRACT.northwind,
    dueDateTime: '2026-11-02T20:00:00.000Z', createDate: '2026-11-02T08:40:00.000Z', lastActivityDate: '2026-11-02T09:02:00.000Z',
  }),
  ticket({
    id: 31450103, ticketNumber: 'T20261028.0021', title: 'Shared mailbox not receiving email from the website form',
    description: 'Appointment requests submitted on the website never reach the frontdesk@ shared mailbox.',
    status: 7, priority: 3, queueID: QUEUE.level1, companyID: COMPANY.fabrikam, contactID: CONTACT.marcus,
    assignedResourceID: RESOURCE.jordan, assignedResourceRoleID: ROLE.engineer, issueType: 2, subIssueType: 201,
    ticketType: 1, source: 11, contractID: CONTRACT.fabrikam, dueDateTime: '2026-11-05T17:00:00.000Z',
    createDate: '2026-10-28T16:05:00.000Z', lastActivityDate: '2026-10-31T12:20:00.000Z',
  }),
  ticket({
    id: 31450104, ticketNumber: 'T20261101.0004', title: 'Monitoring alert: NW-DC01 CPU above 95%',
    description: 'Datto RMM: CPU usage has been above 95% for 15 minutes (lsass.exe 61%).',
    status: 5, priority: 4, queueID: QUEUE.monitoring, companyID: COMPANY.northwind,
    assignedResourceID: RESOURCE.jordan, assignedResourceRoleID: ROLE.engineer, issueType: 1, ticketType: 5, source: 8,
    configurationItemID: CI.dc, contractID: CONTRACT.northwind, createDate: '2026-11-01T22:10:00.000Z',
    resolution: 'Updated the backup agent that was flooding LDAP; CPU back to normal.',
    creatorResourceID: RESOURCE.apiUser, completedDate: '2026-11-02T01:30:00.000Z', lastActivityDate: '2026-11-02T01:30:00.000Z',
  }),
  ticket({
    id: 31450105, ticketNumber: 'T20261029.0008', title: 'New laptop setup for incoming hygienist',
    description: 'Set up a laptop (imaging, practice software, email) for the hygienist starting on 9 November.',
    status: 8, priority: 2, queueID: QUEUE.level1, companyID: COMPANY.fabrikam, contactID: CONTACT.olivia,
    assignedResourceID: RESOURCE.alex, assignedResourceRoleID: ROLE.technician, issueType: 1, subIssueType: 101,
    ticketType: 1, source: 4, contractID: CONTRACT.fabrikam, estimatedHours: 3, dueDateTime: '2026-11-06T17:00:00.000Z',
    createDate: '2026-10-29T13:30:00.000Z', lastActivityDate: '2026-11-02T09:15:00.000Z',
  }),
  ticket({
    id: 31450106, ticketNumber: 'T20261102.0007', title: 'Outlook keeps prompting for the email password',
    description: 'Outlook asks for the password every few minutes on the office manager PC. Webmail works.',
    status: 1, priority: 2, queueID: QUEUE.level1, companyID: COMPANY.northwind, contactID: CONTACT.nancy,
    issueType: 2, subIssueType: 201, ticketType: 2, source: 2, configurationItemID: CI.workstation,
    createDate: '2026-11-02T11:40:00.000Z', lastActivityDate: '2026-11-02T11:40:00.000Z',
  }),
  ticket({
    id: 31450107, ticketNumber: 'T20261027.0015', title: 'Wi-Fi in the exam rooms is slow',
    description: 'Imaging uploads from exam rooms 2 and 3 time out. Waiting for the ISP to replace the modem.',
    status: 13, priority: 2, queueID: QUEUE.level2, companyID: COMPANY.fabrikam, contactID: CONTACT.olivia,
    assignedResourceID: RESOURCE.jordan, assignedResourceRoleID: ROLE.engineer, issueType: 3, subIssueType: 302,
    ticketType: 2, source: 2, projectID: PROJECT.wifi, createDate: '2026-10-27T10:00:00.000Z',
    lastActivityDate: '2026-10-30T14:00:00.000Z',
  }),
  ticket({
    id: 31450108, ticketNumber: 'T20261031.0002', title: 'Reception printer offline after spooler crash',
    description: 'Datto RMM: the Print Spooler service on FAB-RECEPTION terminated unexpectedly (event 7031).',
    status: 5, priority: 3, queueID: QUEUE.level1, companyID: COMPANY.fabrikam, contactID: CONTACT.marcus,
    assignedResourceID: RESOURCE.alex, assignedResourceRoleID: ROLE.technician, issueType: 1, subIssueType: 102,
    ticketType: 2, source: 8, configurationItemID: CI.reception, createDate: '2026-10-31T08:20:00.000Z',
    resolution: 'Restarted the Print Spooler service and cleared the stuck job.',
    creatorResourceID: RESOURCE.apiUser, completedDate: '2026-10-31T09:05:00.000Z', lastActivityDate: '2026-10-31T09:05:00.000Z',
  }),
  ticket({
    id: 31450109, ticketNumber: 'T20261030.0019', title: 'Practice management software update to version 23',
    description: 'Schedule the vendor-assisted upgrade of the practice management application after hours.',
    status: 1, priority: 3, queueID: QUEUE.level2, companyID: COMPANY.fabrikam, contactID: CONTACT.olivia,
    assignedResourceID: RESOURCE.priya, assignedResourceRoleID: ROLE.engineer, issueType: 2, subIssueType: 202,
    ticketType: 1, source: 4, estimatedHours: 4, dueDateTime: '2026-11-13T23:00:00.000Z',
    createDate: '2026-10-30T17:45:00.000Z', lastActivityDate: '2026-10-30T17:45:00.000Z',
  }),
  ticket({
    id: 31450110, ticketNumber: 'T20261102.0001', title: 'Disk space warning on CMSP-MON01',
    description: 'Datto RMM: / is 91% full (threshold 90%).',
    status: 8, priority: 3, queueID: QUEUE.monitoring, companyID: COMPANY.owner,
    assignedResourceID: RESOURCE.jordan, assignedResourceRoleID: ROLE.engineer, issueType: 1, ticketType: 5, source: 8,
    createDate: '2026-11-02T02:00:00.000Z', creatorResourceID: RESOURCE.apiUser, lastActivityDate: '2026-11-02T07:30:00.000Z',
  }),
  ticket({
    id: 31450111, ticketNumber: 'T20260915.0005', title: 'Archive mailbox for departed employee Janet Leverling',
    description: 'Convert the mailbox to shared, remove the licence and forward mail to the office manager.',
    status: 5, priority: 3, queueID: QUEUE.level1, companyID: COMPANY.northwind, contactID: CONTACT.nancy,
    assignedResourceID: RESOURCE.sam, assignedResourceRoleID: ROLE.technician, issueType: 2, subIssueType: 201,
    ticketType: 1, source: 4, resolution: 'Mailbox converted to shared; forwarding to the office manager.',
    createDate: '2026-09-15T11:00:00.000Z', completedDate: '2026-09-16T08:30:00.000Z',
    lastActivityDate: '2026-09-16T08:30:00.000Z',
  }),
  ticket({
    id: 31450112, ticketNumber: 'T20261029.0014', title: 'VPN client install for new remote accountant',
    description: 'Install and test the VPN client on the new accountant\'s home laptop.',
    status: 7, priority: 2, queueID: QUEUE.level1, companyID: COMPANY.northwind, contactID: CONTACT.andrew,
    assignedResourceID: RESOURCE.alex, assignedResourceRoleID: ROLE.technician, issueType: 3, subIssueType: 301,
    ticketType: 1, source: 11, dueDateTime: '2026-11-03T17:00:00.000Z', createDate: '2026-10-29T09:10:00.000Z',
    lastActivityDate: '2026-10-31T15:00:00.000Z',
  }),
  ticket({
    id: 31450113, ticketNumber: 'T20260612.0003', title: 'Decommission the old inventory NAS',
    description: 'Wipe and recycle TT-NAS01 after the final data export.',
    status: 5, priority: 3, queueID: QUEUE.retired, companyID: COMPANY.tailspin, contactID: CONTACT.kim,
    assignedResourceID: RESOURCE.jordan, assignedResourceRoleID: ROLE.engineer, issueType: 1, ticketType: 1, source: 2,
    configurationItemID: CI.nas, projectID: PROJECT.tailspin, createDate: '2026-06-12T13:00:00.000Z',
    completedDate: '2026-06-30T10:00:00.000Z', lastActivityDate: '2026-06-30T10:00:00.000Z',
  }),
  ticket({
    id: 31450114, ticketNumber: 'T20260820.0011', title: 'Firewall firmware upgrade on FAB-FW01',
    description: 'FortiOS upgrade postponed until the vendor confirms the SSL VPN fix.',
    status: 19, priority: 2, queueID: QUEUE.level2, companyID: COMPANY.fabrikam, contactID: CONTACT.olivia,
    assignedResourceID: RESOURCE.priya, assignedResourceRoleID: ROLE.engineer, issueType: 3, subIssueType: 301,
    ticketType: 3, source: 2, configurationItemID: CI.firewall, createDate: '2026-08-20T15:30:00.000Z',
    lastActivityDate: '2026-09-02T12:00:00.000Z',
  }),
]);

const ticketNotes = records('TicketNotes', [
  {
    id: 31880101, ticketID: 31450101, title: 'Initial diagnosis', noteType: 1, publish: 1,
    description: 'Reproduced the jam with a duplex test page. The duplex unit pickup roller is worn.',
    createDateTime: '2026-10-30T16:00:00.000Z', creatorResourceID: RESOURCE.alex, lastActivityDate: '2026-10-30T16:00:00.000Z',
  },
  {
    id: 31880102, ticketID: 31450101, title: 'Part ordered', noteType: 1, publish: 2,
    description: 'Ordered a replacement duplex roller kit (RM2-5425). ETA Monday.',
    createDateTime: '2026-10-30T16:20:00.000Z', creatorResourceID: RESOURCE.alex, lastActivityDate: '2026-10-30T16:20:00.000Z',
  },
  {
    id: 31880103, ticketID: 31450101, title: 'Customer update', noteType: 3, publish: 1,
    description: 'Told Andrew the part arrives today; printing single-sided until then.',
    createDateTime: '2026-11-02T10:05:00.000Z', creatorResourceID: RESOURCE.alex, lastActivityDate: '2026-11-02T10:05:00.000Z',
  },
  {
    id: 31880104, ticketID: 31450102, title: 'Triage', noteType: 1, publish: 3,
    description: 'Firewall logs show IKE rekey failures every 600 seconds. Escalated to Level II.',
    createDateTime: '2026-11-02T09:02:00.000Z', creatorResourceID: RESOURCE.priya, lastActivityDate: '2026-11-02T09:02:00.000Z',
  },
  {
    id: 31880105, ticketID: 31450104, title: 'Investigation', noteType: 1, publish: 2,
    description: 'A stuck backup agent was hammering LDAP. Restarted the agent; CPU back to 12%.',
    createDateTime: '2026-11-02T01:10:00.000Z', creatorResourceID: RESOURCE.jordan, lastActivityDate: '2026-11-02T01:10:00.000Z',
  },
  {
    id: 31880106, ticketID: 31450104, title: 'Resolution', noteType: 2, publish: 1,
    description: 'Backup agent updated to the fixed build. Alert auto-resolved.',
    createDateTime: '2026-11-02T01:30:00.000Z', creatorResourceID: RESOURCE.jordan, lastActivityDate: '2026-11-02T01:30:00.000Z',
  },
  {
    id: 31880107, ticketID: 31450103, title: 'Mail flow trace', noteType: 1, publish: 1,
    description: 'Message trace shows the form mail rejected by SPF. Asked the web developer for the sending host.',
    createDateTime: '2026-10-29T10:00:00.000Z', creatorResourceID: RESOURCE.jordan, lastActivityDate: '2026-10-29T10:00:00.000Z',
  },
  {
    id: 31880108, ticketID: 31450103, title: 'Waiting on customer', noteType: 3, publish: 1,
    description: 'Reminder sent to Marcus for the web developer contact.',
    createDateTime: '2026-10-31T12:20:00.000Z', creatorResourceID: RESOURCE.jordan, lastActivityDate: '2026-10-31T12:20:00.000Z',
  },
]);

const timeEntries = records('TimeEntries', [
  {
    id: 32110101, ticketID: 31450101, resourceID: RESOURCE.alex, roleID: ROLE.technician, dateWorked: '2026-10-30T00:00:00.000Z',
    startDateTime: '2026-10-30T15:30:00.000Z', endDateTime: '2026-10-30T16:30:00.000Z', hoursWorked: 1, hoursToBill: 1,
    summaryNotes: 'Diagnosed duplex jam, ordered roller kit.', isNonBillable: false,
    createDateTime: '2026-10-30T16:31:00.000Z', lastModifiedDateTime: '2026-10-30T16:31:00.000Z',
  },
  {
    id: 32110102, ticketID: 31450104, resourceID: RESOURCE.jordan, roleID: ROLE.engineer, dateWorked: '2026-11-01T00:00:00.000Z',
    startDateTime: '2026-11-01T23:45:00.000Z', endDateTime: '2026-11-02T01:30:00.000Z', hoursWorked: 1.75, hoursToBill: 1.75,
    summaryNotes: 'After-hours response to DC CPU alert; restarted and updated the backup agent.', isNonBillable: false,
    createDateTime: '2026-11-02T01:35:00.000Z', lastModifiedDateTime: '2026-11-02T01:35:00.000Z',
  },
  {
    id: 32110103, ticketID: 31450103, resourceID: RESOURCE.jordan, roleID: ROLE.engineer, dateWorked: '2026-10-29T00:00:00.000Z',
    hoursWorked: 0.5, hoursToBill: 0.5, summaryNotes: 'Message trace and SPF review.', isNonBillable: false,
    createDateTime: '2026-10-29T10:05:00.000Z', lastModifiedDateTime: '2026-10-29T10:05:00.000Z',
  },
  {
    id: 32110104, ticketID: 31450105, resourceID: RESOURCE.alex, roleID: ROLE.technician, dateWorked: '2026-11-02T00:00:00.000Z',
    startDateTime: '2026-11-02T08:00:00.000Z', endDateTime: '2026-11-02T09:15:00.000Z', hoursWorked: 1.25, hoursToBill: 1.25,
    summaryNotes: 'Imaged the laptop and installed the practice software.', isNonBillable: false,
    createDateTime: '2026-11-02T09:16:00.000Z', lastModifiedDateTime: '2026-11-02T09:16:00.000Z',
  },
  {
    id: 32110105, ticketID: 31450108, resourceID: RESOURCE.alex, roleID: ROLE.technician, dateWorked: '2026-10-31T00:00:00.000Z',
    hoursWorked: 0.25, hoursToBill: 0, summaryNotes: 'Restarted the print spooler remotely.', internalNotes: 'Covered by contract.',
    isNonBillable: true, createDateTime: '2026-10-31T09:06:00.000Z', lastModifiedDateTime: '2026-10-31T09:06:00.000Z',
  },
  {
    id: 32110106, ticketID: 31450111, resourceID: RESOURCE.sam, roleID: ROLE.technician, dateWorked: '2026-09-16T00:00:00.000Z',
    hoursWorked: 0.75, hoursToBill: 0.75, summaryNotes: 'Converted the mailbox to shared and set up forwarding.',
    isNonBillable: false, createDateTime: '2026-09-16T08:31:00.000Z', lastModifiedDateTime: '2026-09-16T08:31:00.000Z',
  },
  {
    id: 32110107, taskID: TASK.mailboxes, resourceID: RESOURCE.alex, roleID: ROLE.technician, dateWorked: '2026-10-28T00:00:00.000Z',
    startDateTime: '2026-10-28T13:00:00.000Z', endDateTime: '2026-10-28T16:30:00.000Z', hoursWorked: 3.5, hoursToBill: 3.5,
    summaryNotes: 'Migrated the first batch of 12 mailboxes.', isNonBillable: false,
    createDateTime: '2026-10-28T16:35:00.000Z', lastModifiedDateTime: '2026-10-28T16:35:00.000Z',
  },
  {
    id: 32110108, taskID: TASK.survey, resourceID: RESOURCE.jordan, roleID: ROLE.engineer, dateWorked: '2026-10-21T00:00:00.000Z',
    hoursWorked: 2, hoursToBill: 2, summaryNotes: 'On-site wireless survey of all treatment rooms.', isNonBillable: false,
    createDateTime: '2026-10-21T18:00:00.000Z', lastModifiedDateTime: '2026-10-21T18:00:00.000Z',
  },
]);

const projects = records('Projects', [
  {
    id: PROJECT.m365, projectName: 'Northwind Microsoft 365 migration', projectNumber: 'P20261001.0001', companyID: COMPANY.northwind,
    status: 4, description: 'Move mail and files from the on-premises servers to Microsoft 365.',
    projectLeadResourceID: RESOURCE.priya, startDateTime: '2026-10-01T13:00:00.000Z', endDateTime: '2026-12-15T23:00:00.000Z',
    createDateTime: '2026-09-24T14:00:00.000Z',
  },
  {
    id: PROJECT.wifi, projectName: 'Fabrikam Wi-Fi refresh', projectNumber: 'P20261015.0002', companyID: COMPANY.fabrikam,
    status: 1, description: 'Replace the consumer access points with managed ones.', projectLeadResourceID: RESOURCE.jordan,
    startDateTime: '2026-10-20T13:00:00.000Z', endDateTime: '2026-11-30T23:00:00.000Z', createDateTime: '2026-10-15T10:00:00.000Z',
  },
  {
    id: PROJECT.tailspin, projectName: 'Tailspin offboarding', projectNumber: 'P20260601.0001', companyID: COMPANY.tailspin,
    status: 5, description: 'Export data and retire the remaining on-premises hardware.', projectLeadResourceID: RESOURCE.jordan,
    startDateTime: '2026-06-01T13:00:00.000Z', endDateTime: '2026-06-30T23:00:00.000Z', createDateTime: '2026-05-25T09:00:00.000Z',
  },
]);

const tasks = records('Tasks', [
  {
    id: TASK.mailboxes, projectID: PROJECT.m365, title: 'Migrate mailboxes (batch 1 of 3)', status: 4,
    assignedResourceID: RESOURCE.alex, estimatedHours: 8, startDateTime: '2026-10-27T13:00:00.000Z',
    endDateTime: '2026-11-06T23:00:00.000Z', createDateTime: '2026-09-24T14:10:00.000Z',
  },
  {
    id: TASK.mfa, projectID: PROJECT.m365, title: 'Enforce MFA for all users', description: 'Conditional access policy plus user enrolment.',
    status: 1, assignedResourceID: RESOURCE.jordan, estimatedHours: 4, startDateTime: '2026-11-09T14:00:00.000Z',
    endDateTime: '2026-11-13T23:00:00.000Z', createDateTime: '2026-09-24T14:12:00.000Z',
  },
  {
    id: TASK.survey, projectID: PROJECT.wifi, title: 'Wireless site survey', status: 5, assignedResourceID: RESOURCE.jordan,
    estimatedHours: 2, startDateTime: '2026-10-21T14:00:00.000Z', endDateTime: '2026-10-21T18:00:00.000Z',
    createDateTime: '2026-10-15T10:05:00.000Z',
  },
  {
    id: TASK.export, projectID: PROJECT.tailspin, title: 'Export inventory data', status: 5, assignedResourceID: RESOURCE.jordan,
    estimatedHours: 3, startDateTime: '2026-06-02T13:00:00.000Z', endDateTime: '2026-06-05T22:00:00.000Z',
    createDateTime: '2026-05-25T09:10:00.000Z',
  },
]);

// Serial numbers match the IT Glue fixtures, RMM device uids the Datto RMM fixtures.
const configurationItems = records('ConfigurationItems', [
  {
    id: CI.dc, companyID: COMPANY.northwind, referenceTitle: 'NW-DC01', serialNumber: '8QXK2Y3', configurationItemType: 2,
    isActive: true, installDate: '2023-01-20T00:00:00.000Z', warrantyExpirationDate: '2028-01-19T00:00:00.000Z',
    rmmDeviceUID: '3c9e2b71-8d4a-4f06-b1e5-700101000001', createDate: '2023-01-20T15:00:00.000Z',
  },
  {
    id: CI.workstation, companyID: COMPANY.northwind, referenceTitle: 'NW-WS-0142', serialNumber: 'MJ0GK8P2',
    configurationItemType: 1, isActive: true, installDate: '2024-09-02T00:00:00.000Z', warrantyExpirationDate: '2027-09-01T00:00:00.000Z',
    rmmDeviceUID: '3c9e2b71-8d4a-4f06-b1e5-700103000003', createDate: '2024-09-02T16:00:00.000Z',
  },
  {
    id: CI.printer, companyID: COMPANY.northwind, referenceTitle: 'NW-PRN-2F', serialNumber: 'PHBBM12345', configurationItemType: 4,
    isActive: true, installDate: '2022-11-14T00:00:00.000Z', rmmDeviceUID: '3c9e2b71-8d4a-4f06-b1e5-700105000005',
    createDate: '2022-11-14T12:00:00.000Z',
  },
  {
    id: CI.reception, companyID: COMPANY.fabrikam, referenceTitle: 'FAB-RECEPTION', serialNumber: '4HJ7KQ3', configurationItemType: 1,
    isActive: true, installDate: '2024-02-19T00:00:00.000Z', warrantyExpirationDate: '2027-02-18T00:00:00.000Z',
    rmmDeviceUID: '3c9e2b71-8d4a-4f06-b1e5-700106000006', createDate: '2024-02-19T10:00:00.000Z',
  },
  {
    id: CI.firewall, companyID: COMPANY.fabrikam, referenceTitle: 'FAB-FW01', serialNumber: 'FGT60FTK21001234', configurationItemType: 3,
    isActive: true, installDate: '2021-06-01T00:00:00.000Z', rmmDeviceUID: '3c9e2b71-8d4a-4f06-b1e5-700108000008',
    createDate: '2021-06-01T09:00:00.000Z',
  },
  {
    id: CI.nas, companyID: COMPANY.tailspin, referenceTitle: 'TT-NAS01', serialNumber: '2140ABN7K9', configurationItemType: 2,
    isActive: false, installDate: '2019-04-08T00:00:00.000Z', createDate: '2020-08-21T09:00:00.000Z',
  },
]);

const contracts = records('Contracts', [
  {
    id: CONTRACT.northwind, contractName: 'Northwind Managed Services - Gold', contractNumber: 'NWT-MS-2026', companyID: COMPANY.northwind,
    status: 1, startDate: '2026-01-01T00:00:00.000Z', endDate: '2026-12-31T00:00:00.000Z',
    description: 'All-inclusive support for 45 users and 3 servers.', estimatedRevenue: 64800,
  },
  {
    id: CONTRACT.fabrikam, contractName: 'Fabrikam Managed Workstations', contractNumber: 'FDG-MW-2026', companyID: COMPANY.fabrikam,
    status: 1, startDate: '2026-03-01T00:00:00.000Z', endDate: '2027-02-28T00:00:00.000Z',
    description: 'Per-device support for 12 workstations.', estimatedRevenue: 10080,
  },
  {
    id: CONTRACT.tailspin, contractName: 'Tailspin Block Hours 2025', contractNumber: 'TST-BH-2025', companyID: COMPANY.tailspin,
    status: 0, startDate: '2025-01-01T00:00:00.000Z', endDate: '2025-12-31T00:00:00.000Z', estimatedRevenue: 6000,
  },
]);

const opportunities = records('Opportunities', [
  {
    id: OPPORTUNITY.adatum, title: 'Adatum managed services', companyID: COMPANY.adatum, ownerResourceID: RESOURCE.priya,
    amount: 48000, probability: 60, status: 1, projectedCloseDate: '2026-12-01T00:00:00.000Z', createDate: '2026-10-05T15:10:00.000Z',
  },
  {
    id: OPPORTUNITY.serverRefresh, title: 'Northwind server refresh', companyID: COMPANY.northwind, ownerResourceID: RESOURCE.priya,
    amount: 18500, probability: 100, status: 3, projectedCloseDate: '2026-09-30T00:00:00.000Z', createDate: '2026-08-11T13:00:00.000Z',
  },
  {
    id: OPPORTUNITY.voip, title: 'Fabrikam VoIP phones', companyID: COMPANY.fabrikam, ownerResourceID: RESOURCE.priya,
    amount: 7200, probability: 0, status: 2, projectedCloseDate: '2026-10-15T00:00:00.000Z', createDate: '2026-07-22T10:00:00.000Z',
  },
]);

const quotes = records('Quotes', [
  {
    id: 29686101, name: 'Adatum managed services proposal', quoteNumber: 'Q-1041', companyID: COMPANY.adatum,
    opportunityID: OPPORTUNITY.adatum, contactID: CONTACT.ravi, effectiveDate: '2026-10-29T00:00:00.000Z',
    expirationDate: '2026-11-28T00:00:00.000Z', isActive: true, createDate: '2026-10-29T17:30:00.000Z',
  },
  {
    id: 29686102, name: 'Northwind server refresh', quoteNumber: 'Q-1032', companyID: COMPANY.northwind,
    opportunityID: OPPORTUNITY.serverRefresh, contactID: CONTACT.andrew, effectiveDate: '2026-08-15T00:00:00.000Z',
    expirationDate: '2026-09-30T00:00:00.000Z', isActive: true, createDate: '2026-08-15T12:00:00.000Z',
  },
]);

const invoices = records('Invoices', [
  {
    id: 29687101, invoiceNumber: 'INV-2026-0912', companyID: COMPANY.northwind, invoiceDateTime: '2026-09-30T00:00:00.000Z',
    dueDate: '2026-10-30T00:00:00.000Z', invoiceTotal: 5400, isVoided: false, paidDate: '2026-10-21T00:00:00.000Z',
    createDateTime: '2026-10-01T08:00:00.000Z',
  },
  {
    id: 29687102, invoiceNumber: 'INV-2026-1015', companyID: COMPANY.northwind, invoiceDateTime: '2026-10-31T00:00:00.000Z',
    dueDate: '2026-11-30T00:00:00.000Z', invoiceTotal: 5587.5, isVoided: false, createDateTime: '2026-11-01T08:00:00.000Z',
  },
  {
    id: 29687103, invoiceNumber: 'INV-2026-1016', companyID: COMPANY.fabrikam, invoiceDateTime: '2026-10-31T00:00:00.000Z',
    dueDate: '2026-11-30T00:00:00.000Z', invoiceTotal: 840, isVoided: false, createDateTime: '2026-11-01T08:00:00.000Z',
  },
]);

const products = records('Products', [
  {
    id: PRODUCT.optiplex, name: 'Dell OptiPlex 7010 Micro', description: 'i5, 16 GB, 512 GB SSD, Windows 11 Pro',
    sku: 'DELL-7010M-I5', manufacturerName: 'Dell', unitCost: 780, unitPrice: 989, isActive: true,
  },
  {
    id: PRODUCT.toner, name: 'HP 58A black toner', description: 'For LaserJet Pro M404/M428', sku: 'HP-CF258A',
    manufacturerName: 'HP', unitCost: 92, unitPrice: 129, isActive: true,
  },
  {
    id: PRODUCT.accessPoint, name: 'Ubiquiti U6 Pro access point', sku: 'UBNT-U6-PRO', manufacturerName: 'Ubiquiti',
    unitCost: 149, unitPrice: 219, isActive: true,
  },
]);

const services = records('Services', [
  {
    id: 29689101, name: 'Managed Workstation', description: 'Monitoring, patching and help desk per workstation',
    unitCost: 18, unitPrice: 70, isActive: true, createDate: '2019-03-05T10:00:00.000Z',
  },
  {
    id: 29689102, name: 'Managed Server', description: 'Monitoring, patching, backup checks per server',
    unitCost: 60, unitPrice: 250, isActive: true, createDate: '2019-03-05T10:05:00.000Z',
  },
  {
    id: 29689103, name: 'Microsoft 365 Business Premium seat', unitCost: 22, unitPrice: 26.4, isActive: true,
    createDate: '2021-02-01T09:00:00.000Z',
  },
]);

const serviceCalls = records('ServiceCalls', [
  {
    id: 29690101, companyID: COMPANY.northwind, description: 'On-site: fit the duplex roller kit on NW-PRN-2F', status: 1,
    startDateTime: '2026-11-02T15:00:00.000Z', endDateTime: '2026-11-02T16:00:00.000Z', duration: 1, isComplete: 0,
    createDateTime: '2026-11-02T10:10:00.000Z', creatorResourceID: RESOURCE.alex,
  },
  {
    id: 29690102, companyID: COMPANY.fabrikam, description: 'On-site wireless survey', status: 2,
    startDateTime: '2026-10-21T14:00:00.000Z', endDateTime: '2026-10-21T18:00:00.000Z', duration: 4, isComplete: 1,
    createDateTime: '2026-10-15T10:10:00.000Z', creatorResourceID: RESOURCE.jordan,
  },
]);

/**
 * The data set. `entities` holds the records by REST entity name, `fields` each entity's field
 * list (wire shape), `picklists` the picklist values by entity and field, `udfs` the
 * user-defined field definitions and `entityInfo` the `info` object of `entityInformation`.
 */
export const autotaskFixtures = deepFreeze({
  entities: {
    Companies: companies,
    Contacts: contacts,
    Resources: resources,
    Tickets: tickets,
    TicketNotes: ticketNotes,
    TimeEntries: timeEntries,
    Projects: projects,
    Tasks: tasks,
    ConfigurationItems: configurationItems,
    Contracts: contracts,
    Opportunities: opportunities,
    Quotes: quotes,
    Invoices: invoices,
    Products: products,
    Services: services,
    ServiceCalls: serviceCalls,
  },
  fields: FIELDS,
  picklists: PICKLISTS,
  udfs: UDF_DEFINITIONS,
  entityInfo,
});

/** Named ids that tests can rely on. */
export const AUTOTASK_IDS = deepFreeze({
  companyOwner: COMPANY.owner, // Contoso MSP, the owner company (id 0)
  companyNorthwind: COMPANY.northwind, // customer, Contract Tier "Gold" (Datto's autotaskCompanyId)
  companyFabrikam: COMPANY.fabrikam, // customer, Contract Tier "Silver"
  companyTailspin: COMPANY.tailspin, // isActive false: refuses new tickets
  companyAdatum: COMPANY.adatum, // Prospect (companyType 3)
  contactNancy: CONTACT.nancy, // Northwind primary contact
  contactAndrew: CONTACT.andrew, // Northwind IT coordinator
  contactJanetInactive: CONTACT.janet, // Northwind, isActive 0
  contactOlivia: CONTACT.olivia, // Fabrikam primary contact
  contactMarcus: CONTACT.marcus, // Fabrikam front desk
  resourceAlex: RESOURCE.alex, // technician
  resourceJordan: RESOURCE.jordan, // systems engineer
  resourcePriya: RESOURCE.priya, // service delivery manager
  resourceSamInactive: RESOURCE.sam, // isActive false
  resourceApiUser: RESOURCE.apiUser, // the API user of AUTOTASK_CREDENTIALS: creator of records the mock creates
  roleTechnician: ROLE.technician,
  roleEngineer: ROLE.engineer,
  queueLevel1: QUEUE.level1,
  queueLevel2: QUEUE.level2,
  queueMonitoring: QUEUE.monitoring,
  queueRetired: QUEUE.retired, // inactive picklist value
  ticketPrinter: 31450101, // Northwind, In Progress, Hardware/Printer, 3 notes, 1 time entry
  ticketVpn: 31450102, // Northwind, New, High, unassigned, 1 note
  ticketEmail: 31450103, // Fabrikam, Waiting Customer, Software/Email, 2 notes
  ticketDcAlert: 31450104, // Northwind, Complete, Critical, Monitoring Alert queue, 2 notes
  ticketLaptop: 31450105, // Fabrikam, In Progress, Hardware/Laptop
  ticketLegacyHold: 31450114, // Fabrikam, status 19 (inactive "Legacy Hold")
  noteFirst: 31880101, // first note on ticketPrinter
  timeEntryPrinter: 32110101, // Alex, 1 h on ticketPrinter
  timeEntryTask: 32110107, // Alex, 3.5 h on taskMailboxes
  projectM365: PROJECT.m365, // Northwind, Active
  projectWifi: PROJECT.wifi, // Fabrikam, New
  projectTailspin: PROJECT.tailspin, // Tailspin, Complete
  taskMailboxes: TASK.mailboxes, // projectM365, In Progress, Alex
  taskMfa: TASK.mfa, // projectM365, New, Jordan
  ciDc: CI.dc, // NW-DC01, Server
  ciPrinter: CI.printer, // NW-PRN-2F, Printer
  ciNasInactive: CI.nas, // TT-NAS01, isActive false
  contractNorthwind: CONTRACT.northwind, // Active
  opportunityAdatum: OPPORTUNITY.adatum, // Active
});
