// The registry of vendor mocks: one entry per vendor with tools. startGateway starts every
// mock and points UPSTREAM_OVERRIDES at it, the browser types each vendor's `keys` on its
// connect page, and the client suites run each vendor's call table. Adding a vendor is one
// entry here (and its folder: mock.mjs, fixtures.mjs, calls.mjs).
import { CALLS as ATERA_CALLS } from './atera/calls.mjs';
import { ATERA_KEY, startAteraMock } from './atera/mock.mjs';
import { CALLS as AUTOTASK_CALLS } from './autotask/calls.mjs';
import { AUTOTASK_CREDENTIALS, startAutotaskMock } from './autotask/mock.mjs';
import { CALLS as CWA_CALLS } from './connectwise-automate/calls.mjs';
import { CWA, startConnectwiseAutomateMock } from './connectwise-automate/mock.mjs';
import { CALLS as CWPSA_CALLS } from './connectwise-psa/calls.mjs';
import { CWPSA, startConnectwisePsaMock } from './connectwise-psa/mock.mjs';
import { CALLS as DATTO_CALLS } from './datto-rmm/calls.mjs';
import { startDattoMock } from './datto-rmm/mock.mjs';
import { CALLS as ITGLUE_CALLS } from './itglue/calls.mjs';
import { startITGlueMock } from './itglue/mock.mjs';
import { CALLS as SUPEROPS_CALLS } from './superops/calls.mjs';
import { SUPEROPS_ACCOUNTS, startSuperOpsMock } from './superops/mock.mjs';
import { CALLS as SYNCRO_CALLS } from './syncro/calls.mjs';
import { SYNCRO_SUBDOMAIN, SYNCRO_TOKEN, startSyncroMock } from './syncro/mock.mjs';
import { CALLS as XYTE_CALLS } from './xyte/calls.mjs';
import { XYTE_KEY, startXyteMock } from './xyte/mock.mjs';

/**
 * `{ vendor, key, start, keys, calls, vars? }`: the gateway's vendor id; the mock's name in
 * `gateway.mocks`; `start(options)` → the running mock; the connect-form fields its default
 * account accepts; the calls every client makes; operator settings the vendor needs.
 */
export const VENDOR_MOCKS = [
  {
    vendor: 'datto-rmm',
    key: 'datto',
    start: startDattoMock,
    keys: { api_key: 'datto-key', api_secret: 'datto-secret', platform: 'merlot' },
    calls: DATTO_CALLS,
  },
  {
    vendor: 'itglue',
    key: 'itglue',
    start: startITGlueMock,
    keys: { api_key: 'ITG.test-key', region: 'us' },
    calls: ITGLUE_CALLS,
  },
  {
    vendor: 'autotask',
    key: 'autotask',
    start: startAutotaskMock,
    keys: {
      username: AUTOTASK_CREDENTIALS.username,
      secret: AUTOTASK_CREDENTIALS.secret,
      integration_code: AUTOTASK_CREDENTIALS.integrationCode,
    },
    calls: AUTOTASK_CALLS,
    // Its table calls tools of every toolset, not only the default ones.
    query: '?toolsets=all',
  },
  {
    vendor: 'syncro',
    key: 'syncro',
    start: startSyncroMock,
    keys: { subdomain: SYNCRO_SUBDOMAIN, api_token: SYNCRO_TOKEN },
    calls: SYNCRO_CALLS,
    // Its table calls the estimates, contracts and time toolsets too.
    query: '?toolsets=all',
  },
  {
    vendor: 'atera',
    key: 'atera',
    start: startAteraMock,
    keys: { api_key: ATERA_KEY },
    calls: ATERA_CALLS,
    // Its table calls the contracts, time and knowledge toolsets too.
    query: '?toolsets=all',
  },
  {
    vendor: 'connectwise-psa',
    key: 'cwpsa',
    start: startConnectwisePsaMock,
    // The site is a cloud one; UPSTREAM_OVERRIDES sends the calls to the mock.
    keys: { site: 'North America', company_id: CWPSA.companyId, public_key: CWPSA.publicKey, private_key: CWPSA.privateKey },
    calls: CWPSA_CALLS,
    // Its table calls tools of every toolset, not only the default ones.
    query: '?toolsets=all',
    // The integration's client id is the gateway operator's, not the MSP's.
    vars: { CONNECTWISE_CLIENT_ID: CWPSA.clientId },
  },
  {
    vendor: 'connectwise-automate',
    key: 'cwa',
    start: startConnectwiseAutomateMock,
    keys: { server: 'https://contoso.hostedrmm.com', username: CWA.username, password: CWA.password },
    calls: CWA_CALLS,
    vars: { CONNECTWISE_CLIENT_ID: CWA.clientId },
  },
  {
    vendor: 'superops',
    key: 'superops',
    start: startSuperOpsMock,
    // The MSP edition in the US data centre (the mock's first account).
    keys: {
      api_token: SUPEROPS_ACCOUNTS[0].token,
      subdomain: SUPEROPS_ACCOUNTS[0].subdomain,
      region: SUPEROPS_ACCOUNTS[0].region,
      edition: SUPEROPS_ACCOUNTS[0].edition,
    },
    calls: SUPEROPS_CALLS,
  },
  {
    vendor: 'xyte',
    key: 'xyte',
    start: startXyteMock,
    keys: { api_key: XYTE_KEY },
    calls: XYTE_CALLS,
  },
];

/** The entry of a vendor id. */
export const mockOf = (vendor) => VENDOR_MOCKS.find((entry) => entry.vendor === vendor);

/** The connect-form fields each vendor's default mock account accepts, by vendor id. */
export const MOCK_VENDOR_KEYS = Object.fromEntries(VENDOR_MOCKS.map((entry) => [entry.vendor, entry.keys]));
