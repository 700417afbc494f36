// The authorizer module of the peer's driver (../shared/peer/run-bench.mjs --authorizer) for
// this gateway since sign-up is by mailed link: it signs in with the account that
// bench/peer-account.mjs created (PEER_BENCH_EMAIL, PEER_BENCH_PASSWORD), then fills the Datto
// connect page and consents, reading the pages as a person would (the peer's own form reader).
import { createHttpAuthorizer } from '../build/peer/authz/http-authorizer.mjs';

export default async function authorize({ authorizationUrl, redirectUrl, creds }) {
  const authorizer = createHttpAuthorizer({ artifactsDir: null, logScope: 'bench-authz' });
  const persona = {
    mode: 'signin',
    email: process.env.PEER_BENCH_EMAIL,
    password: process.env.PEER_BENCH_PASSWORD,
    vendorCredentials: {
      'API key|API public key|Public key|Access key|Key': creds.apiKey,
      'API secret|API secret key|Secret key|Private key|Secret': creds.apiSecret,
    },
    fields: { Platform: 'Merlot', ...(creds.fields ?? {}) },
    tick: ['write'],
  };
  const { callbackUrl } = await authorizer.authorize({ authorizationUrl, redirectUrl, persona, label: 'bench' });
  return callbackUrl;
}
