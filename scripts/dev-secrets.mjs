// Prints a .dev.vars body with fresh random secrets for local runs and tests.
// Each key ring holds one 32-byte key; see src/config.rs for the format.
import { randomBytes } from 'node:crypto';

const key = () => randomBytes(32).toString('base64url');
process.stdout.write(
  [
    '# Local secrets, generated on first run. Never commit this file.',
    `TOKEN_SIGNING_KEYS=k1:${key()}`,
    `CREDENTIAL_KEYS=v1:${key()}`,
    '',
  ].join('\n'),
);
