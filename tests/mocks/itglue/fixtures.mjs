// Deterministic data of the IT Glue mock, stored as JSON:API resource objects exactly as the
// API sends them: string ids, kebab-case attributes, RFC 3339 UTC dates (vendors.md §2; the
// attribute sets follow the examples on api.itglue.com/developer). Passwords carry their
// `password` value here; the mock strips it unless a show request may reveal it.
import { deepFreeze } from '../http.mjs';

const ACCOUNT_URL = 'https://contoso-msp.itglue.com';

const ORG_TYPES = { owner: [15, 'Owner'], customer: [86, 'Customer'], prospect: [88, 'Prospect'] };
const ORG_STATUSES = { active: [68, 'Active'], inactive: [69, 'Inactive'] };

/**
 * `count` more customer organizations (ids 3001…, names "Generated Customer 001"…), for tests
 * of long lists; not part of the frozen fixtures.
 */
export function generatedOrganizations(count) {
  return Array.from({ length: count }, (_, i) => organization(String(3001 + i), {
    type: 'customer',
    name: `Generated Customer ${String(i + 1).padStart(3, '0')}`,
    shortName: `gen${i + 1}`,
    createdAt: '2025-01-06T09:00:00.000Z',
    updatedAt: '2025-01-06T09:00:00.000Z',
  }));
}

function organization(id, spec) {
  const [typeId, typeName] = ORG_TYPES[spec.type];
  const [statusId, statusName] = ORG_STATUSES[spec.status ?? 'active'];
  return {
    id,
    type: 'organizations',
    attributes: {
      name: spec.name,
      alert: spec.alert ?? null,
      description: spec.description ?? null,
      'organization-type-id': typeId,
      'organization-type-name': typeName,
      'organization-status-id': statusId,
      'organization-status-name': statusName,
      'my-glue-account-id': null,
      primary: spec.type === 'owner',
      logo: '',
      'quick-notes': spec.quickNotes ?? null,
      'short-name': spec.shortName,
      'created-at': spec.createdAt,
      'updated-at': spec.updatedAt,
      'parent-id': null,
      'ancestor-ids': '[]',
    },
  };
}

const LONG_QUICK_NOTES = [
  '<p>Practice hours Mon-Fri 7:30-17:00; never reboot FAB-RECEPTION during patient check-in.</p>',
  '<p>Dentrix database lives on the imaging PC; backups go to the NAS every night at 23:00 and to',
  ' the cloud at 02:00. Call Dr. Lee on her mobile for anything that stops the front desk.</p>',
  '<p>HIPAA: no patient data on personal devices, BAA on file since 2024-02-19.</p>',
].join('');

const organizations = [
  organization('1001', {
    type: 'owner', name: 'Contoso MSP', shortName: 'contoso',
    createdAt: '2019-04-02T15:20:11.000Z', updatedAt: '2025-01-08T09:41:00.000Z',
  }),
  organization('2001', {
    type: 'customer', name: 'Northwind Traders', shortName: 'northwind',
    description: 'Wholesale food distributor, 48 users', alert: 'Change freeze during month-end close (last 3 business days)',
    createdAt: '2020-06-15T13:02:44.000Z', updatedAt: '2025-05-28T17:12:09.000Z',
  }),
  organization('2002', {
    type: 'customer', name: 'Fabrikam Dental Group', shortName: 'fabrikam', quickNotes: LONG_QUICK_NOTES,
    createdAt: '2024-02-19T11:30:00.000Z', updatedAt: '2025-04-30T08:05:51.000Z',
  }),
  organization('2003', {
    type: 'customer', status: 'inactive', name: 'Tailspin Toys', shortName: 'tailspin',
    description: 'Contract ended 2024-12-31', createdAt: '2018-11-05T10:00:00.000Z', updatedAt: '2025-01-02T12:00:00.000Z',
  }),
  organization('2004', {
    type: 'prospect', name: 'Adatum Corporation', shortName: 'adatum',
    createdAt: '2025-05-20T16:45:10.000Z', updatedAt: '2025-05-20T16:45:10.000Z',
  }),
];

const orgName = Object.fromEntries(organizations.map((o) => [o.id, o.attributes.name]));
const orgShort = Object.fromEntries(organizations.map((o) => [o.id, o.attributes['short-name']]));

const CONFIG_TYPES = {
  server: [65, 'Managed Server', 'server'],
  workstation: [66, 'Managed Workstation', 'workstation'],
  printer: [70, 'Printer', 'printer'],
  firewall: [42, 'Firewall', 'firewall'],
  nas: [71, 'NAS', 'storage'],
};

function configuration(id, orgId, spec) {
  const [typeId, typeName, typeKind] = CONFIG_TYPES[spec.kind];
  const [makerId, makerName, modelId, modelName] = spec.model ?? [null, null, null, null];
  const [osId, osName] = spec.os ?? [null, null];
  return {
    id,
    type: 'configurations',
    attributes: {
      'organization-id': Number(orgId),
      'organization-name': orgName[orgId],
      'resource-url': `${ACCOUNT_URL}/${orgId}/configurations/${id}`,
      name: spec.name,
      hostname: spec.hostname ?? null,
      'primary-ip': spec.ip ?? null,
      'mac-address': spec.mac ?? null,
      'serial-number': spec.serial ?? null,
      'asset-tag': spec.assetTag ?? null,
      position: null,
      'installed-by': null,
      'purchased-by': null,
      notes: spec.notes ?? null,
      'operating-system-notes': null,
      'warranty-expires-at': spec.warranty ?? null,
      'installed-at': spec.installed ?? null,
      'purchased-at': null,
      'created-at': spec.createdAt,
      'updated-at': spec.updatedAt,
      'organization-short-name': orgShort[orgId],
      'configuration-type-id': typeId,
      'configuration-type-name': typeName,
      'configuration-type-kind': typeKind,
      'configuration-status-id': spec.archived ? 30 : 29,
      'configuration-status-name': spec.archived ? 'Retired' : 'Active',
      'manufacturer-id': makerId,
      'manufacturer-name': makerName,
      'model-id': modelId,
      'model-name': modelName,
      'operating-system-id': osId,
      'operating-system-name': osName,
      'location-id': null,
      'location-name': null,
      archived: Boolean(spec.archived),
    },
  };
}

const DELL = [60, 'Dell'];
const configurations = [
  configuration('455101', '2001', {
    kind: 'server', name: 'NW-DC01', hostname: 'NW-DC01', ip: '10.20.0.10', mac: '00-1A-2B-3C-4D-01',
    serial: '8QXK2Y3', assetTag: 'NW-0001', model: [...DELL, 311, 'PowerEdge R450'], os: [12, 'Windows Server 2022'],
    warranty: '2027-03-31', installed: '2022-03-14', notes: 'Domain controller, DNS, DHCP',
    createdAt: '2022-03-14T09:30:00.000Z', updatedAt: '2025-05-30T06:00:12.000Z',
  }),
  configuration('455102', '2001', {
    kind: 'server', name: 'NW-FS01', hostname: 'NW-FS01', ip: '10.20.0.12', mac: '00-15-5D-0A-14-02',
    serial: '0563-7711-9913-6021', os: [11, 'Windows Server 2019'], installed: '2022-03-14',
    createdAt: '2022-03-14T10:05:00.000Z', updatedAt: '2025-05-30T06:00:14.000Z',
  }),
  configuration('455103', '2001', {
    kind: 'workstation', name: 'NW-WS-0142', hostname: 'NW-WS-0142', ip: '10.20.10.142', mac: '8C-16-45-AA-01-42',
    serial: 'MJ0GK8P2', assetTag: 'NW-0142', model: [61, 'Lenovo', 402, 'ThinkCentre M70q Gen 4'], os: [21, 'Windows 11'],
    warranty: '2026-09-03', createdAt: '2023-09-04T15:12:00.000Z', updatedAt: '2025-06-01T22:10:40.000Z',
  }),
  configuration('455104', '2001', {
    kind: 'printer', name: 'NW-PRN-2F', ip: '10.20.30.21', serial: 'PHBBM12345', model: [62, 'HP', 515, 'LaserJet Pro M404dn'],
    createdAt: '2023-01-10T08:45:00.000Z', updatedAt: '2024-11-02T10:00:00.000Z',
  }),
  configuration('455201', '2002', {
    kind: 'workstation', name: 'FAB-RECEPTION', hostname: 'FAB-RECEPTION', ip: '192.168.50.20', mac: 'B0-7B-25-50-00-20',
    serial: '4HJ7KQ3', model: [...DELL, 377, 'OptiPlex 7010'], os: [21, 'Windows 11'], warranty: '2027-02-18',
    createdAt: '2024-02-19T13:20:00.000Z', updatedAt: '2025-05-31T19:44:03.000Z',
  }),
  configuration('455202', '2002', {
    kind: 'workstation', name: 'FAB-MBP-DRLEE', hostname: 'FAB-MBP-DRLEE', ip: '192.168.50.31', serial: 'C02GW1ABQ6L4',
    model: [63, 'Apple', 620, 'MacBook Pro 16" (2021)'], os: [31, 'macOS'],
    createdAt: '2024-05-02T16:00:00.000Z', updatedAt: '2025-05-27T08:00:00.000Z',
  }),
  configuration('455203', '2002', {
    kind: 'firewall', name: 'FAB-FW01', ip: '192.168.50.1', serial: 'FGT60FTK21001234', model: [64, 'Fortinet', 701, 'FortiGate 60F'],
    notes: 'WAN: 198.51.100.140/29', createdAt: '2024-02-19T12:00:00.000Z', updatedAt: '2025-03-11T14:30:00.000Z',
  }),
  configuration('455301', '2003', {
    kind: 'nas', name: 'TT-NAS01', hostname: 'tt-nas01', ip: '10.0.0.40', serial: '2140ABN7K9', archived: true,
    model: [65, 'Synology', 801, 'DS920+'], createdAt: '2019-01-20T10:00:00.000Z', updatedAt: '2025-01-02T12:00:00.000Z',
  }),
];

const PASSWORD_CATEGORIES = { ad: [21, 'Active Directory'], cloud: [15, 'Cloud'], network: [23, 'Network Device'], app: [24, 'Application'] };

function password(id, orgId, spec) {
  const [categoryId, categoryName] = spec.category ? PASSWORD_CATEGORIES[spec.category] : [null, null];
  const [resourceType, resourceId, resourceName] = spec.resource ?? [null, null, null];
  return {
    id,
    type: 'passwords',
    attributes: {
      'organization-id': Number(orgId),
      'organization-name': orgName[orgId],
      'resource-url': `${ACCOUNT_URL}/${orgId}/passwords/${id}`,
      restricted: Boolean(spec.restricted),
      'my-glue': false,
      name: spec.name,
      'autofill-selectors': null,
      username: spec.username ?? null,
      password: spec.password,
      url: spec.url ?? null,
      notes: spec.notes ?? null,
      'password-updated-at': spec.passwordUpdatedAt,
      'updated-by': 4444,
      'updated-by-type': 'User',
      'resource-id': resourceId,
      'resource-type': resourceType,
      'cached-resource-type-name': resourceType,
      'cached-resource-name': resourceName,
      'password-category-id': categoryId,
      'password-category-name': categoryName,
      'created-at': spec.createdAt,
      'updated-at': spec.updatedAt,
      archived: false,
    },
  };
}

const passwords = [
  password('880101', '2001', {
    name: 'Domain Administrator', category: 'ad', username: 'NORTHWIND\\Administrator', password: 'Nw!Dc-2025#Vault',
    resource: ['Configuration', 455101, 'NW-DC01'], notes: 'Break-glass account; rotate after use',
    passwordUpdatedAt: '2025-01-15T10:00:00.000Z', createdAt: '2022-03-14T09:45:00.000Z', updatedAt: '2025-01-15T10:00:00.000Z',
  }),
  password('880102', '2001', {
    name: 'Microsoft 365 Global Admin', category: 'cloud', username: 'admin@northwindtraders.onmicrosoft.com',
    password: 'M365-gl0bal!Nw', url: 'https://admin.microsoft.com',
    passwordUpdatedAt: '2025-03-02T08:30:00.000Z', createdAt: '2020-06-15T13:30:00.000Z', updatedAt: '2025-03-02T08:30:00.000Z',
  }),
  password('880103', '2001', {
    name: 'Printer EWS', category: 'network', username: 'admin', password: 'prn-2F-ews', url: 'http://10.20.30.21',
    resource: ['Configuration', 455104, 'NW-PRN-2F'],
    passwordUpdatedAt: '2023-01-10T09:00:00.000Z', createdAt: '2023-01-10T09:00:00.000Z', updatedAt: '2023-01-10T09:00:00.000Z',
  }),
  password('880201', '2002', {
    name: 'FortiGate admin', category: 'network', username: 'fabadmin', password: 'F0rti!Fab#60F', url: 'https://192.168.50.1:8443',
    resource: ['Configuration', 455203, 'FAB-FW01'], restricted: true,
    passwordUpdatedAt: '2024-08-20T17:00:00.000Z', createdAt: '2024-02-19T12:10:00.000Z', updatedAt: '2024-08-20T17:00:00.000Z',
  }),
  password('880202', '2002', {
    name: 'Dentrix database (sa)', category: 'app', username: 'sa', password: 'Dtx-SA-2024!',
    notes: 'Vendor support needs this for upgrades', passwordUpdatedAt: '2024-02-20T10:00:00.000Z',
    createdAt: '2024-02-20T10:00:00.000Z', updatedAt: '2024-02-20T10:00:00.000Z',
  }),
  password('880301', '2003', {
    name: 'Synology DSM admin', category: 'network', username: 'ttadmin', password: 'Nas!Tailspin920', url: 'https://10.0.0.40:5001',
    resource: ['Configuration', 455301, 'TT-NAS01'],
    passwordUpdatedAt: '2021-06-01T12:00:00.000Z', createdAt: '2019-01-20T10:30:00.000Z', updatedAt: '2021-06-01T12:00:00.000Z',
  }),
];

// UNVERIFIED attribute set: the developer docs show no GET example for documents; these are
// the PATCH attributes plus the common ones. `content` is served on show requests only.
function document(id, orgId, spec) {
  return {
    id,
    type: 'documents',
    attributes: {
      'organization-id': Number(orgId),
      'organization-name': orgName[orgId],
      'resource-url': `${ACCOUNT_URL}/${orgId}/docs/${id}`,
      name: spec.name,
      content: spec.content,
      restricted: false,
      'my-glue': false,
      public: false,
      archived: Boolean(spec.archived),
      'is-uploaded': false,
      'document-folder-id': spec.folderId ?? null,
      'created-at': spec.createdAt,
      'updated-at': spec.updatedAt,
    },
  };
}

const documents = [
  document('660101', '2001', {
    name: 'New User Onboarding', folderId: 9101,
    content: '<h1>New User Onboarding</h1><ol><li>Create the AD account in OU=Staff</li><li>Assign a Microsoft 365 Business Premium licence</li><li>Add to the Sales or Finance group</li></ol>',
    createdAt: '2021-02-10T10:00:00.000Z', updatedAt: '2025-02-03T11:20:00.000Z',
  }),
  document('660102', '2001', {
    name: 'Backup and Restore Runbook', folderId: 9102,
    content: '<h1>Backup and Restore</h1><p>Veeam agents on NW-DC01 and NW-FS01 back up nightly at 22:00 to the NAS, then to Wasabi.</p>',
    createdAt: '2022-04-01T09:00:00.000Z', updatedAt: '2025-05-28T17:12:09.000Z',
  }),
  document('660201', '2002', {
    name: 'Network Overview',
    content: '<h1>Network Overview</h1><p>Single VLAN 192.168.50.0/24 behind FAB-FW01; guest Wi-Fi isolated on the FortiGate.</p>',
    createdAt: '2024-02-21T15:00:00.000Z', updatedAt: '2024-09-10T09:30:00.000Z',
  }),
  document('660301', '2003', {
    name: 'Offboarding Checklist', archived: true,
    content: '<h1>Offboarding</h1><p>Export mailboxes, hand over the NAS, revoke VPN accounts.</p>',
    createdAt: '2019-02-01T10:00:00.000Z', updatedAt: '2025-01-02T12:00:00.000Z',
  }),
];

function flexibleAssetType(id, spec) {
  return {
    id,
    type: 'flexible-asset-types',
    attributes: {
      name: spec.name,
      description: spec.description,
      'created-at': '2019-05-10T14:00:00.000Z',
      'updated-at': '2024-07-01T09:00:00.000Z',
      icon: spec.icon,
      enabled: true,
      'show-in-menu': true,
    },
    relationships: {
      'flexible-asset-fields': { data: spec.fieldIds.map((fieldId) => ({ id: String(fieldId), type: 'flexible-asset-fields' })) },
    },
  };
}

const flexibleAssetTypes = [
  flexibleAssetType('501', { name: 'Email', description: 'Email platform information', icon: 'envelope', fieldIds: [5011, 5012, 5013] }),
  flexibleAssetType('502', { name: 'LAN', description: 'LAN configuration', icon: 'sitemap', fieldIds: [5021, 5022, 5023, 5024] }),
];

const assetTypeName = Object.fromEntries(flexibleAssetTypes.map((t) => [t.id, t.attributes.name]));

function flexibleAsset(id, orgId, typeId, spec) {
  return {
    id,
    type: 'flexible-assets',
    attributes: {
      'organization-id': Number(orgId),
      'organization-name': orgName[orgId],
      'resource-url': `${ACCOUNT_URL}/${orgId}/assets/${typeId}-${assetTypeName[typeId].toLowerCase()}/records/${id}`,
      restricted: false,
      'my-glue': false,
      'flexible-asset-type-id': Number(typeId),
      'flexible-asset-type-name': assetTypeName[typeId],
      name: spec.name,
      traits: spec.traits,
      archived: false,
      'created-at': spec.createdAt,
      'updated-at': spec.updatedAt,
    },
  };
}

const configRef = (id) => {
  const c = configurations.find((x) => x.id === String(id)).attributes;
  return { id, name: c.name, hostname: c.hostname, 'organization-name': c['organization-name'], 'configuration-type-name': c['configuration-type-name'] };
};

const flexibleAssets = [
  flexibleAsset('770101', '2001', '501', {
    name: 'Microsoft 365', createdAt: '2020-06-20T10:00:00.000Z', updatedAt: '2025-03-02T08:31:00.000Z',
    traits: { type: 'Microsoft 365', 'inbound-delivery': 'Microsoft 365', 'webmail-url': 'https://outlook.office.com', location: 'Cloud' },
  }),
  flexibleAsset('770201', '2002', '501', {
    name: 'Google Workspace', createdAt: '2024-02-19T14:00:00.000Z', updatedAt: '2024-02-19T14:00:00.000Z',
    traits: { type: 'Google Workspace', 'inbound-delivery': 'Google', 'webmail-url': 'https://mail.google.com', location: 'Cloud' },
  }),
  flexibleAsset('770102', '2001', '502', {
    name: 'HQ LAN', createdAt: '2021-01-12T09:00:00.000Z', updatedAt: '2025-05-30T06:10:00.000Z',
    traits: {
      name: 'HQ LAN', subnet: '10.20.0.0/16', 'default-gateway': '10.20.0.1', vlan: '1',
      'dhcp-server': { type: 'Configurations', values: [configRef(455101)] },
    },
  }),
  flexibleAsset('770202', '2002', '502', {
    name: 'Office LAN', createdAt: '2024-02-19T12:30:00.000Z', updatedAt: '2025-03-11T14:31:00.000Z',
    traits: {
      name: 'Office LAN', subnet: '192.168.50.0/24', 'default-gateway': '192.168.50.1', vlan: '1',
      'dhcp-server': { type: 'Configurations', values: [configRef(455203)] },
    },
  }),
  flexibleAsset('770301', '2003', '502', {
    name: 'Warehouse LAN', createdAt: '2019-01-20T11:00:00.000Z', updatedAt: '2021-06-01T12:00:00.000Z',
    traits: { name: 'Warehouse LAN', subnet: '10.0.0.0/24', 'default-gateway': '10.0.0.1', vlan: '10' },
  }),
];

/** Everything the IT Glue mock serves, as JSON:API resource objects. */
export const itglueFixtures = deepFreeze({
  organizations,
  configurations,
  passwords,
  documents,
  flexibleAssetTypes,
  flexibleAssets,
});

/** Named ids that tests can rely on (all strings, as on the wire). */
export const ITGLUE_IDS = deepFreeze({
  orgOwner: '1001',
  orgNorthwind: '2001',
  orgFabrikam: '2002', // quick-notes longer than 250 characters
  orgTailspin: '2003', // inactive
  configNwDc: '455101',
  configArchivedNas: '455301',
  passwordDomainAdmin: '880101',
  documentOnboarding: '660101',
  assetTypeEmail: '501',
  assetTypeLan: '502',
  assetNwEmail: '770101',
});
