// Creates the account the side-by-side run signs in with (bench/peer.sh). Sign-up is by a
// mailed link: the gateway runs with MAIL_SENDER at this script's mail catcher (the JSON mail
// API of the README), so the benchmark can run wrangler at `--log-level warn`, as the peer runs.
//   node bench/peer-account.mjs <origin> <mail catcher port> <email> <password>
import { createServer } from 'node:http';
import { Browser } from '../tests/support/browser.mjs';
import { registerMailbox } from '../tests/support/mail.mjs';

const [origin, port, email, password] = process.argv.slice(2);
const mails = [];
const catcher = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const { to, subject, text } = JSON.parse(body);
    mails.push({ event: 'mail', to, subject, text });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"bench"}');
  });
});
await new Promise((resolve) => catcher.listen(Number(port), '127.0.0.1', resolve));
try {
  registerMailbox(origin, () => mails);
  await new Browser(origin, {}).signUp({ email, password, organisation: 'Bench MSP' });
} finally {
  catcher.close();
}
