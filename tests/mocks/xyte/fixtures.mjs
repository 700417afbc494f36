// Deterministic data of the Xyte mock: one organization ("Green Energy Corp") with a tree of
// spaces, AV and IoT devices in them, incidents, commands, licenses, device histories and
// tickets raised by device users, in the organization API's wire shapes (vendors.md §10,
// field-2026-12.md §3.8, the official catalogue's examples): snake_case, UUID device ids,
// numeric space ids, ISO-8601 times with `Z`. Invented data.
import { deepFreeze } from '../http.mjs';

/** The organization API key the mock accepts unless `keys` says otherwise. */
export const XYTE_KEY = 'xyte-org-key-3f9a1c';

/** The fixed "now" of the data set, 2026-11-02T14:00:00Z, in epoch seconds. */
export const XYTE_T0 = Date.UTC(2026, 10, 2, 14, 0, 0) / 1000;

export const XYTE_IDS = deepFreeze({
  spaceRoot: 16100,
  spaceLondon: 16120,
  spaceBoardroom: 16138,
  spaceParis: 17500,
  spaceParisDemo: 17517,
  deviceDsp: '1ad4e4e4-99b4-4c61-8f2e-6b0c8d1e0a01',
  devicePlayer: 'c66308c8-1d12-4f0e-9d54-2f3a7b9c1e02',
  deviceCamera: '5b7e2d10-3c4f-4a8b-b1d2-0e9f8a7c6d03',
  deviceSensor: '9e1f0a2b-6c7d-4e8f-a9b0-1c2d3e4f5a04',
  deviceDisplay: '2f3e4d5c-6b7a-4899-8a7b-6c5d4e3f2a05',
  ticketHdmi: 'tk_4001',
  ticketNoise: 'tk_4002',
  ticketResolved: 'tk_4003',
  commandReboot: 'cmd_9001',
  commandFirmware: 'cmd_9002',
  incidentOffline: 'inc_7001',
});

const I = XYTE_IDS;
const iso = (secondsAgo) => new Date((XYTE_T0 - secondsAgo) * 1000).toISOString();
const DAY = 86_400;

const SPACES = [
  { id: I.spaceRoot, name: 'Green Energy Corp', space_type: 'organization', parent_id: null, full_path: 'Green Energy Corp', created_at: iso(400 * DAY) },
  { id: I.spaceLondon, name: 'London', space_type: 'building', parent_id: I.spaceRoot, full_path: 'Green Energy Corp/London', created_at: iso(300 * DAY) },
  { id: I.spaceBoardroom, name: 'Executive Suite', space_type: 'room', parent_id: I.spaceLondon, full_path: 'Green Energy Corp/London/Executive Suite', created_at: iso(200 * DAY) },
  { id: I.spaceParis, name: 'Paris', space_type: 'building', parent_id: I.spaceRoot, full_path: 'Green Energy Corp/Paris', created_at: iso(250 * DAY) },
  { id: I.spaceParisDemo, name: 'Paris Demo Conference Room', space_type: 'room', parent_id: I.spaceParis, full_path: 'Green Energy Corp/Paris/Paris Demo Conference Room', created_at: iso(100 * DAY) },
].map((space) => ({ ...space, config: { temperature_units: 'celsius', location: null } }));

const spaceRef = (id) => ({ id, full_path: SPACES.find((s) => s.id === id).full_path });

function device(id, name, model, space, overrides = {}) {
  return {
    id, name, sn: `SN-${id.slice(0, 6).toUpperCase()}`, mac: null, cloud_id: `cloud-${id.slice(0, 8)}`,
    status: 'online', effective_status: 'ok', merged_effective_status: 'ok', last_seen_at: iso(120), details: null, state: {},
    model: { id: `model-${model.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, name: model, sub_model: null },
    firmware: { version: '1.0.0' }, space: spaceRef(space),
    ...overrides,
  };
}

const DEVICES = [
  device(I.deviceDsp, 'DSP-X200', 'DSP-X200', I.spaceBoardroom),
  device(I.devicePlayer, 'Digital Media Player 2', 'Digital Media Player', I.spaceParisDemo, { status: 'offline', effective_status: 'offline', merged_effective_status: 'offline', last_seen_at: iso(3 * DAY) }),
  device(I.deviceCamera, 'Boardroom Camera', 'PTZ Cam 4K', I.spaceBoardroom, { status: 'error', effective_status: 'error', merged_effective_status: 'error' }),
  device(I.deviceSensor, 'Lobby Air Sensor', 'AirQ 2', I.spaceLondon, { effective_status: 'warning', merged_effective_status: 'warning' }),
  device(I.deviceDisplay, 'Reception Display', 'Signage 55', I.spaceParis, {
    firmware: { version: '2.4.1' },
    custom_parameters: { 'SNMP community': 'public', Port: '161', Password: '*****' },
  }),
];

const INCIDENTS = [
  { uuid: I.incidentOffline, name: 'Device offline', model: 'Digital Media Player', partner: 'Acme AV', space_id: I.spaceParisDemo, device_id: I.devicePlayer, priority: 'high', state: { status: 'active', opened_at: iso(3 * DAY) }, created_at: iso(3 * DAY) },
  { uuid: 'inc_7002', name: 'Camera error', model: 'PTZ Cam 4K', partner: 'Acme AV', space_id: I.spaceBoardroom, device_id: I.deviceCamera, priority: 'critical', state: { status: 'active', opened_at: iso(2 * 3600) }, created_at: iso(2 * 3600) },
  { uuid: 'inc_7003', name: 'Air quality warning', model: 'AirQ 2', partner: 'Breathe IoT', space_id: I.spaceLondon, device_id: I.deviceSensor, priority: 'moderate', state: { status: 'active', opened_at: iso(DAY) }, created_at: iso(DAY) },
  { uuid: 'inc_7004', name: 'Firmware update failed', model: 'Signage 55', partner: 'Acme AV', space_id: I.spaceParis, device_id: I.deviceDisplay, priority: 'low', state: { status: 'closed', closed_at: iso(4 * DAY) }, created_at: iso(5 * DAY) },
  { uuid: 'inc_7005', name: 'DSP overheating', model: 'DSP-X200', partner: 'Acme AV', space_id: I.spaceBoardroom, device_id: I.deviceDsp, priority: 'high', state: { status: 'closed', closed_at: iso(20 * DAY) }, created_at: iso(21 * DAY) },
];

const comment = (id, text, secondsAgo, owner) => ({ id, text, created_at: iso(secondsAgo), system: false, user: owner, owner: owner, owner_type: 'User' });
const TICKETS = [
  { id: I.ticketHdmi, title: 'HDMI input 2 shows no picture', description: 'Laptop on input 2 stays black.', status: 'open', created_at: iso(6 * 3600), device_id: I.deviceDsp, user_name: 'Amelia Hart', user_email: 'amelia.hart@greenenergy.example', comments: [comment(51, 'Happens with every laptop.', 5 * 3600, 'Amelia Hart')] },
  { id: I.ticketNoise, title: 'Display flickers', description: 'Reception display flickers every few minutes.', status: 'open', created_at: iso(DAY), device_id: I.deviceDisplay, user_name: 'Louis Martin', user_email: 'louis.martin@greenenergy.example', comments: [] },
  { id: I.ticketResolved, title: 'Camera will not pan', description: 'Stuck facing the door.', status: 'resolved', created_at: iso(10 * DAY), device_id: I.deviceCamera, user_name: 'Amelia Hart', user_email: 'amelia.hart@greenenergy.example', comments: [] },
];

const COMMANDS = {
  [I.deviceDsp]: [
    { id: I.commandReboot, name: 'reboot', friendly_name: 'Reboot', status: 'pending', file_id: null, extra_params: {}, created_at: iso(600), updated_at: iso(600) },
    { id: I.commandFirmware, name: 'update_firmware', friendly_name: 'Update firmware', status: 'done', file_id: 'file_22', extra_params: { version: '1.0.0' }, created_at: iso(5 * DAY), updated_at: iso(5 * DAY - 300) },
  ],
};

const LICENSES = [
  { id: 'lic_1', state: 'inuse', expires_at: '2027-06-30T00:00:00Z', warranty: false, transferable: true, bound_device_sn: null, created_at: iso(90 * DAY), product: { id: 'prod_1', name: 'Device Monitoring' }, device: { id: I.deviceDsp, sn: 'SN-1AD4E4' } },
  { id: 'lic_2', state: 'inuse', expires_at: '2027-06-30T00:00:00Z', warranty: false, transferable: true, bound_device_sn: null, created_at: iso(80 * DAY), product: { id: 'prod_1', name: 'Device Monitoring' }, device: { id: I.devicePlayer, sn: 'SN-C66308' } },
  { id: 'lic_3', state: 'available', expires_at: null, warranty: true, transferable: false, bound_device_sn: null, created_at: iso(10 * DAY), product: { id: 'prod_2', name: 'Extended Warranty' }, device: null },
];

const HISTORIES = [
  { id: 1, device_id: I.devicePlayer, name: 'Digital Media Player 2', status: 'offline', created_at: iso(3 * DAY) },
  { id: 2, device_id: I.deviceCamera, name: 'Boardroom Camera', status: 'error', created_at: iso(2 * 3600) },
  { id: 3, device_id: I.deviceDsp, name: 'DSP-X200', status: 'online', created_at: iso(12 * DAY) },
];

const ORGANIZATION = {
  id: 'org_5d2c', name: 'Green Energy Corp', created_at: iso(400 * DAY), lab: false, partner: 'Acme AV', domain: 'greenenergy.example',
  mobile_domain: null, pricing_plan: 'enterprise',
  contacts: { admin_email: 'it@greenenergy.example', admin_name: 'Ruth Ades', finance_email: 'ap@greenenergy.example', finance_name: 'Omar Haddad' },
  statistics: { devices: DEVICES.length, users: 14, groups: 3, spaces: SPACES.length, open_tickets: 2, open_incidents: 3, pending_invoices: 0 },
};

export const xyteFixtures = deepFreeze({
  organization: ORGANIZATION, spaces: SPACES, devices: DEVICES, incidents: INCIDENTS, tickets: TICKETS, commands: COMMANDS,
  licenses: LICENSES, histories: HISTORIES,
});

/** `count` more devices in the Paris demo room, for paging. */
export const generatedDevices = (count) => Array.from({ length: count }, (_, i) =>
  device(`00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, `Generated Panel ${i + 1}`, 'Touch Panel', I.spaceParisDemo));

/** `count` more rooms under Paris, for paging. */
export const generatedSpaces = (count) => Array.from({ length: count }, (_, i) => ({
  id: 30_000 + i, name: `Paris Room ${i + 1}`, space_type: 'room', parent_id: I.spaceParis,
  full_path: `Green Energy Corp/Paris/Paris Room ${i + 1}`, created_at: iso(DAY), config: { temperature_units: 'celsius', location: null },
}));
