// The IT Glue calls every real MCP client makes (tests/e2e/clients.test.mjs): every tool in
// docs/TOOLS.md, with arguments and a check of the answer against the mock's fixtures. The
// table's format is described in tests/support/tool-calls.mjs.
import assert from 'node:assert/strict';
import { flat, listing, mentions, sameSet } from '../../support/tool-calls.mjs';
import { ITGLUE_IDS, itglueFixtures } from './fixtures.mjs';

const I = itglueFixtures;
const ofOrg = (records, orgId) => records.filter((r) => String(r.attributes['organization-id']) === orgId);
const ALL_PASSWORD_VALUES = I.passwords.map((p) => p.attributes.password);

/** No fixture password value anywhere in the answer, structured or text. */
function noPasswordValues(structured, text) {
  const whole = `${JSON.stringify(structured)}\n${text}`;
  for (const value of ALL_PASSWORD_VALUES) {
    assert.ok(!whole.includes(value), `a password value (${value.slice(0, 3)}…) leaked into a password listing`);
  }
  for (const item of structured.items) {
    assert.ok(!('password' in item), `listed password record ${item.id} carries a password field`);
  }
}

/** The calls, in the order they run. */
export const CALLS = [
  {
    tool: 'itglue_search_organizations',
    label: 'every organization',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: I.organizations.length });
      sameSet(items.map((o) => o.id), I.organizations.map((o) => o.id), 'the organization ids');
      const northwind = items.find((o) => String(o.id) === ITGLUE_IDS.orgNorthwind);
      assert.equal(northwind.name, 'Northwind Traders');
      assert.equal(northwind['organization-type-name'], 'Customer');
      mentions(text, 'Adatum Corporation');
    },
  },
  {
    tool: 'itglue_search_organizations',
    label: 'organizations by name',
    args: { name: 'Tailspin Toys' },
    check(structured) {
      const [org] = listing(structured, { count: 1 });
      assert.equal(String(org.id), ITGLUE_IDS.orgTailspin);
      assert.equal(org['organization-status-name'], 'Inactive');
    },
  },
  {
    tool: 'itglue_search_organizations',
    label: 'a limit below the total is truncated',
    args: { limit: 3 },
    check(structured) {
      const items = listing(structured, { count: 3, truncated: true });
      sameSet(items.map((o) => o.id), ['1001', '2001', '2002'], 'the first three by id');
    },
  },
  {
    tool: 'itglue_get_organization',
    label: 'one organization (id as a string)',
    args: { organization_id: ITGLUE_IDS.orgNorthwind },
    check(structured, text) {
      const fixture = flat(I.organizations.find((o) => o.id === ITGLUE_IDS.orgNorthwind));
      assert.equal(String(structured.id), fixture.id);
      assert.equal(structured.type, 'organizations');
      assert.equal(structured.name, 'Northwind Traders');
      assert.equal(structured['short-name'], fixture['short-name']);
      mentions(text, 'Northwind Traders');
    },
  },
  {
    tool: 'itglue_get_organization',
    label: 'one organization (id as an integer), with its full quick notes',
    args: { organization_id: Number(ITGLUE_IDS.orgFabrikam) },
    check(structured) {
      const fixture = flat(I.organizations.find((o) => o.id === ITGLUE_IDS.orgFabrikam));
      assert.equal(String(structured.id), ITGLUE_IDS.orgFabrikam);
      assert.equal(structured.name, 'Fabrikam Dental Group');
      assert.equal(structured['quick-notes'], fixture['quick-notes']);
      assert.ok(fixture['quick-notes'].length > 250);
    },
  },
  {
    tool: 'itglue_search_configurations',
    label: 'the configurations of one organization',
    args: { organization_id: ITGLUE_IDS.orgNorthwind },
    check(structured, text) {
      const items = listing(structured, { count: 4 });
      sameSet(items.map((c) => c.name), ['NW-DC01', 'NW-FS01', 'NW-WS-0142', 'NW-PRN-2F'], 'Northwind configurations');
      for (const item of items) assert.equal(item['organization-id'], 2001);
      mentions(text, 'NW-PRN-2F');
    },
  },
  {
    tool: 'itglue_search_configurations',
    label: 'configurations by serial number',
    args: { serial_number: '8QXK2Y3' },
    check(structured) {
      const [config] = listing(structured, { count: 1 });
      assert.equal(String(config.id), ITGLUE_IDS.configNwDc);
      assert.equal(config['model-name'], 'PowerEdge R450');
    },
  },
  {
    tool: 'itglue_get_configuration',
    label: 'one configuration',
    args: { configuration_id: ITGLUE_IDS.configNwDc },
    check(structured, text) {
      const fixture = flat(I.configurations.find((c) => c.id === ITGLUE_IDS.configNwDc));
      assert.equal(String(structured.id), fixture.id);
      assert.equal(structured.type, 'configurations');
      assert.equal(structured.name, 'NW-DC01');
      assert.equal(structured['serial-number'], '8QXK2Y3');
      assert.equal(structured['primary-ip'], '10.20.0.10');
      assert.equal(structured['operating-system-name'], 'Windows Server 2022');
      mentions(text, 'NW-DC01');
    },
  },
  {
    tool: 'itglue_search_passwords',
    label: 'every password record, without a single password value',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: I.passwords.length });
      sameSet(items.map((p) => p.id), I.passwords.map((p) => p.id), 'the password record ids');
      noPasswordValues(structured, text);
      const admin = items.find((p) => String(p.id) === ITGLUE_IDS.passwordDomainAdmin);
      assert.equal(admin.name, 'Domain Administrator');
      assert.equal(admin.username, 'NORTHWIND\\Administrator');
      mentions(text, 'Domain Administrator');
    },
  },
  {
    tool: 'itglue_search_passwords',
    label: 'the password records of one organization, without password values',
    args: { organization_id: ITGLUE_IDS.orgFabrikam },
    check(structured, text) {
      const items = listing(structured, { count: ofOrg(I.passwords, ITGLUE_IDS.orgFabrikam).length });
      sameSet(items.map((p) => p.name), ['FortiGate admin', 'Dentrix database (sa)'], 'Fabrikam password names');
      noPasswordValues(structured, text);
    },
  },
  {
    tool: 'itglue_get_password',
    label: 'revealing one password',
    scope: 'secrets:read',
    args: { password_id: ITGLUE_IDS.passwordDomainAdmin },
    check(structured, text, ctx) {
      const fixture = flat(I.passwords.find((p) => p.id === ITGLUE_IDS.passwordDomainAdmin));
      assert.equal(String(structured.id), fixture.id);
      assert.equal(structured.name, 'Domain Administrator');
      assert.equal(structured.username, fixture.username);
      assert.equal(structured.password, 'Nw!Dc-2025#Vault');
      const show = ctx.mocks.itglue.requests.filter((r) => r.path === `/passwords/${ITGLUE_IDS.passwordDomainAdmin}`);
      assert.ok(show.length >= 1, 'IT Glue was asked for the record');
      assert.equal(show.at(-1).query.show_password, 'true');
    },
  },
  {
    tool: 'itglue_search_documents',
    label: 'the documents of one organization',
    args: { organization_id: ITGLUE_IDS.orgNorthwind },
    check(structured, text) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((d) => d.name), ['New User Onboarding', 'Backup and Restore Runbook'], 'Northwind documents');
      assert.ok(items.some((d) => String(d.id) === ITGLUE_IDS.documentOnboarding));
      mentions(text, 'Backup and Restore Runbook');
    },
  },
  {
    tool: 'itglue_search_documents',
    label: 'documents by name',
    args: { organization_id: Number(ITGLUE_IDS.orgNorthwind), name: 'New User Onboarding' },
    check(structured) {
      const [document] = listing(structured, { count: 1 });
      assert.equal(String(document.id), ITGLUE_IDS.documentOnboarding);
    },
  },
  {
    tool: 'itglue_list_flexible_asset_types',
    label: 'flexible asset types',
    args: {},
    check(structured, text) {
      const items = listing(structured, { count: 2 });
      sameSet(items.map((t) => t.id), [ITGLUE_IDS.assetTypeEmail, ITGLUE_IDS.assetTypeLan], 'the type ids');
      sameSet(items.map((t) => t.name), ['Email', 'LAN'], 'the type names');
      mentions(text, 'LAN');
    },
  },
  {
    tool: 'itglue_search_flexible_assets',
    label: 'the assets of one type',
    args: { flexible_asset_type_id: ITGLUE_IDS.assetTypeLan },
    check(structured, text) {
      const items = listing(structured, { count: 3 });
      sameSet(items.map((a) => a.name), ['HQ LAN', 'Office LAN', 'Warehouse LAN'], 'the LAN assets');
      const hq = items.find((a) => a.name === 'HQ LAN');
      assert.equal(hq.traits.subnet, '10.20.0.0/16');
      mentions(text, 'Warehouse LAN');
    },
  },
  {
    tool: 'itglue_search_flexible_assets',
    label: 'the assets of one type and organization (integer ids)',
    args: { flexible_asset_type_id: Number(ITGLUE_IDS.assetTypeEmail), organization_id: Number(ITGLUE_IDS.orgNorthwind) },
    check(structured) {
      const [asset] = listing(structured, { count: 1 });
      assert.equal(String(asset.id), ITGLUE_IDS.assetNwEmail);
      assert.equal(asset.name, 'Microsoft 365');
      assert.equal(asset['flexible-asset-type-name'], 'Email');
    },
  },
];

