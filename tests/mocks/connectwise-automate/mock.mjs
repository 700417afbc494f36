// Offline mock of ConnectWise Automate REST v1 (vendors.md §9, field-2026-12.md §3.7): the
// session is `POST /cwa/api/v1/apitoken` with the integration's `ClientId` header and
// `{UserName, Password[, TwoFactorPasscode]}`, answered `{AccessToken, TokenType,
// ExpirationDate, IsTwoFactorRequired}` (an account with two-factor answers
// `IsTwoFactorRequired: true` and no token until a passcode is given, and each passcode works
// once); every call then needs `Authorization: Bearer` with an unexpired token and `ClientId`
// (401 `{"Message"}` otherwise). Lists are bare arrays paged with `page`/`pageSize` until a
// page comes back empty; `condition=` is parsed (tests/mocks/connectwise-conditions.mjs), and a
// date comparison in it answers 500 as live servers do. `CommandExecute` queues a command;
// polling it moves an online computer's command from Pending (first poll) to Executing to
// Success with output (third poll), while an offline computer's stays Pending. UNVERIFIED details are marked.
import { randomBytes } from 'node:crypto';
import { Router, intParam, reply, startMock } from '../http.mjs';
import { ConditionError, parseConditions } from '../connectwise-conditions.mjs';
import { CWA, cwaFixtures } from './fixtures.mjs';

export { CWA, cwaFixtures };

const DEFAULTS = { port: 0, tokenSeconds: 3600, pollsToFinish: 3, defaultPageSize: 50, clientId: CWA.clientId };
const ROOT = '/cwa/api/v1';
/** The id of the first command queued after a start or reset. */
export const FIRST_COMMAND_ID = 70000;
const message = (status, text) => reply(status, { Message: text });

/**
 * Starts the mock. Options: `port`, `tokenSeconds` (how long a token lives), `pollsToFinish`
 * (the poll at which an online computer's command is done; the second shows it running), `clientId` (the one accepted). Returns
 * the common controls plus `logins()` (the token requests answered with a token) and
 * `expireTokens()` (every issued token stops working at once).
 */
export async function startConnectwiseAutomateMock(options = {}) {
  const config = { ...DEFAULTS, ...options };
  let data = structuredClone(cwaFixtures);
  let tokens = new Map();
  let usedPasscodes = new Set();
  let commands = [];
  let nextCommand = FIRST_COMMAND_ID;
  let logins = 0;
  const router = buildRouter();

  const { kit, controls } = await startMock({
    port: config.port,
    contentType: 'application/json; charset=utf-8',
    rateLimit: { limit: Infinity, windowMs: 60_000 },
    errorBody: (status) => ({ Message: status === 429 ? 'Too many requests.' : 'An error has occurred.' }), // UNVERIFIED
    handle,
    onReset: () => {
      data = structuredClone(cwaFixtures);
      tokens = new Map();
      usedPasscodes = new Set();
      commands = [];
      nextCommand = FIRST_COMMAND_ID;
      logins = 0;
    },
  });

  async function handle(request) {
    const early = await kit.intercept(request, 'beforeAuth');
    if (early) return early;
    if (!request.path.startsWith(`${ROOT}/`)) return message(404, 'Not found.');
    const path = request.path.slice(ROOT.length);
    if (!request.headers.clientid) {
      // Required since Automate 2020.11 (vendors.md §9.1). UNVERIFIED status and text.
      return message(401, 'A ClientId header is required.');
    }
    if (request.headers.clientid !== config.clientId) return message(401, 'The ClientId is not valid.');
    if (path.toLowerCase() === '/apitoken' && request.method === 'POST') return token(request);
    const bearer = request.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const expires = bearer && tokens.get(bearer);
    if (!expires || expires <= Date.now()) return message(401, 'Authorization has been denied for this request.');
    const late = await kit.intercept(request, 'afterAuth');
    if (late) return late;
    const { handler, params, status } = router.match(request.method, path);
    if (!handler) return message(status, status === 405 ? 'The requested resource does not support this method.' : 'Not found.');
    let body;
    if (request.body) {
      try {
        body = JSON.parse(request.body);
      } catch {
        return message(400, 'The request is invalid.');
      }
    }
    return handler({ request, params, query: request.url.searchParams, body });
  }

  function token(request) {
    let body;
    try {
      body = JSON.parse(request.body);
    } catch {
      return message(400, 'The request is invalid.');
    }
    const { UserName, Password, TwoFactorPasscode } = body ?? {};
    const plain = UserName === CWA.username && Password === CWA.password;
    const twoFactor = UserName === CWA.twoFactorUser && Password === CWA.twoFactorPassword;
    if (!plain && !twoFactor) return message(401, 'The user name or password is incorrect.'); // UNVERIFIED status
    if (twoFactor) {
      if (!TwoFactorPasscode) {
        return reply(200, { AccessToken: null, TokenType: null, ExpirationDate: null, IsTwoFactorRequired: true, UserId: 0 });
      }
      if (!CWA.passcodes.includes(TwoFactorPasscode) || usedPasscodes.has(TwoFactorPasscode)) {
        return message(401, 'The two-factor passcode is not valid.'); // UNVERIFIED status and text
      }
      usedPasscodes.add(TwoFactorPasscode);
    }
    const value = randomBytes(24).toString('base64url');
    const expires = Date.now() + config.tokenSeconds * 1000;
    tokens.set(value, expires);
    logins += 1;
    return reply(200, {
      AccessToken: value, TokenType: 'Bearer', ExpirationDate: new Date(expires).toISOString(),
      IsTwoFactorRequired: false, UserId: twoFactor ? 12 : 11,
    });
  }

  // ---- lists ---------------------------------------------------------------------------------

  function list({ query }, records) {
    const page = intParam(query, 'page', 1) ?? 1;
    const size = intParam(query, 'pageSize', 1) ?? config.defaultPageSize;
    if (Number.isNaN(page) || Number.isNaN(size) || size > 1000) return message(400, 'page and pageSize must be positive, pageSize at most 1000.');
    let matching = records;
    const condition = query.get('condition');
    if (condition) {
      // Live servers answer a date comparison with 500 (field-2026-12.md §3.7).
      if (/\b\w*(Date|Contact|Time)\w*\s*[<>]=?/i.test(condition)) return message(500, 'An error has occurred.');
      try {
        matching = records.filter(parseConditions(condition));
      } catch (error) {
        if (!(error instanceof ConditionError)) throw error;
        return message(400, `The condition is not valid: ${error.message}`); // UNVERIFIED text
      }
    }
    return reply(200, matching.slice((page - 1) * size, page * size));
  }

  const one = (records, id, what) => {
    const found = records.find((r) => String(r.Id) === String(id));
    return found ? reply(200, found) : message(404, `${what} ${id} was not found.`);
  };
  const computerOf = (params) => data.computers.find((c) => String(c.Id) === params.id);

  function buildRouter() {
    const r = new Router();
    r.on('GET', '/Computers', (ctx) => list(ctx, data.computers));
    r.on('GET', '/Computers/Drives', (ctx) => list(ctx, data.drives));
    r.on('GET', '/Computers/:id', (ctx) => one(data.computers, ctx.params.id, 'Computer'));
    for (const [name, key] of [['PatchJobs', 'patchJobs'], ['Monitors', 'monitors'], ['ScheduledScripts', 'scheduledScripts']]) {
      r.on('GET', `/Computers/:id/${name}`, (ctx) => (computerOf(ctx.params) ? list(ctx, data[key][ctx.params.id] ?? []) : message(404, 'Computer not found.')));
    }
    r.on('GET', '/Computers/:id/Software', (ctx) => (computerOf(ctx.params) ? list(ctx, data.software[ctx.params.id] ?? []) : message(404, 'Computer not found.')));
    r.on('GET', '/Computers/:id/MicrosoftUpdates', (ctx) => (computerOf(ctx.params) ? list(ctx, data.updates[ctx.params.id] ?? []) : message(404, 'Computer not found.')));
    r.on('GET', '/Computers/:id/Alerts', (ctx) => (computerOf(ctx.params) ? list(ctx, data.alerts.filter((a) => String(a.ComputerId) === ctx.params.id)) : message(404, 'Computer not found.')));
    r.on('POST', '/Computers/:id/CommandExecute', execute);
    r.on('GET', '/Computers/:id/CommandExecute', poll);
    r.on('GET', '/Clients', (ctx) => list(ctx, data.clients));
    r.on('GET', '/Clients/:id', (ctx) => one(data.clients, ctx.params.id, 'Client'));
    r.on('GET', '/Locations', (ctx) => list(ctx, data.locations));
    r.on('GET', '/Scripts', (ctx) => list(ctx, data.scripts));
    r.on('GET', '/Alerts', (ctx) => list(ctx, data.alerts));
    return r;
  }

  // ---- commands ------------------------------------------------------------------------------

  function execute({ params, body }) {
    const computer = computerOf(params);
    if (!computer) return message(404, 'Computer not found.');
    if (Number(body?.ComputerId) !== computer.Id) return message(400, 'ComputerId does not match the computer in the path.');
    if (!body?.Command?.Id || !Array.isArray(body.Parameters)) return message(400, 'Command and Parameters are required.');
    const command = {
      Id: nextCommand++,
      ComputerId: computer.Id,
      Command: { Id: Number(body.Command.Id), Name: Number(body.Command.Id) === 2 ? 'Execute Command' : 'Command' },
      Parameters: body.Parameters.join('|'),
      Status: 'Pending',
      Output: '',
      DateIssued: new Date().toISOString(),
      DateLastUpdated: null,
      polls: 0,
    };
    commands.push(command);
    return reply(200, visible(command));
  }

  function poll(ctx) {
    const computer = computerOf(ctx.params);
    if (!computer) return message(404, 'Computer not found.');
    const ids = (ctx.query.get('ids') ?? '').split(',').filter(Boolean).map(Number);
    const mine = commands.filter((c) => c.ComputerId === computer.Id && (ids.length === 0 || ids.includes(c.Id)));
    for (const command of mine) advance(command, computer);
    return list(ctx, mine.map(visible));
  }

  /** An online computer's agent picks the command up, runs it, and reports its output. */
  function advance(command, computer) {
    if (computer.Status !== 'Online' || command.Status === 'Success') return;
    command.polls += 1;
    if (command.polls >= config.pollsToFinish) {
      command.Status = 'Success';
      command.Output = `${computer.ComputerName}: ${command.Parameters.replace(/^.*!!! ?/, '')}\nCompleted successfully.`;
      command.DateLastUpdated = new Date().toISOString();
    } else if (command.polls >= 2) {
      command.Status = 'Executing';
    }
  }

  const visible = ({ polls, ...command }) => command;

  return {
    ...controls,
    logins: () => logins,
    expireTokens: () => {
      for (const key of tokens.keys()) tokens.set(key, 0);
    },
  };
}
