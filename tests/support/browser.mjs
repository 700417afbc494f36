// A minimal "person with a browser" for end-to-end tests: carries cookies, reads the hidden
// fields and CSRF token of the gateway's forms, and posts them the way a browser would. Only
// redirects within the gateway are followed; a redirect elsewhere (the OAuth client's
// redirect URI) ends the walk and is returned. The person also reads their mail (the gateway's
// logged mail, see mail.mjs) to finish a sign-up.
import { linkIn, mailsTo, nthMail } from './mail.mjs';

export class Browser {
  /**
   * `vendorKeys` maps vendor ids to the connect-form fields this person types when the
   * gateway asks for that vendor's credentials (see `startGateway({ mocks: true })`).
   */
  constructor(origin, vendorKeys = {}) {
    this.origin = origin;
    this.cookies = new Map();
    this.vendorKeys = vendorKeys;
    /** Headers sent with every request, e.g. `cf-connecting-ip` to act from another address. */
    this.headers = {};
  }

  cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  remember(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = pair.split('=');
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.trim());
    }
  }

  async request(url, { method = 'GET', form, headers = {} } = {}) {
    const init = { method, redirect: 'manual', headers: { cookie: this.cookieHeader(), ...this.headers, ...headers } };
    if (form) {
      init.body = new URLSearchParams(form);
      init.headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(new URL(url, this.origin), init);
    this.remember(response);
    return response;
  }

  /** GET, following redirects that stay on the gateway; returns the last response and its body. */
  async visit(url, options) {
    let response = await this.request(url, options);
    for (let hops = 0; hops < 10 && isRedirect(response); hops++) {
      const next = new URL(response.headers.get('location'), this.origin);
      if (next.origin !== this.origin) break;
      await response.arrayBuffer();
      response = await this.request(next);
    }
    const body = isRedirect(response) ? '' : await response.text();
    return { response, body, url: response.url };
  }

  /** Submits the form at `action` found in `html` with its hidden fields plus `fields`. */
  async submit(html, action, fields = {}) {
    const form = extractForm(html, action);
    if (!form) throw new Error(`no form posting to ${action} in:\n${html.slice(0, 2000)}`);
    const values = new URLSearchParams();
    for (const [name, value] of form.hidden) values.append(name, value);
    for (const [name, value] of Object.entries(fields)) {
      for (const v of [value].flat()) values.append(name, v);
    }
    let response = await this.request(action, { method: 'POST', form: values });
    while (isRedirect(response)) {
      const next = new URL(response.headers.get('location'), this.origin);
      if (next.origin !== this.origin) return { response, location: next, body: '' };
      await response.arrayBuffer();
      response = await this.request(next);
    }
    return { response, body: await response.text() };
  }

  /**
   * Signs up the way a person does: the form (organisation, email), then the link mailed to
   * the address, where the password is chosen. Ends signed in; returns the last page.
   */
  async signUp({ email, password, organisation = 'Test MSP', returnTo }) {
    const before = mailsTo(this.origin, email).length;
    const page = await this.visit(returnTo ? `/sign-up?return_to=${encodeURIComponent(returnTo)}` : '/sign-up');
    const asked = await this.submit(page.body, '/sign-up', { email, organisation });
    if (asked.response.status !== 200 || !asked.body.includes('Check your email')) {
      throw new Error(`sign-up was refused (${asked.response.status}): ${asked.body.slice(0, 500)}`);
    }
    const mail = await nthMail(this.origin, email, before);
    const finish = await this.visit(linkIn(mail, '/sign-up/finish'));
    const result = await this.submit(finish.body, '/sign-up/finish', { password });
    if (!this.cookies.has('__Host-mgw_session')) {
      throw new Error(`sign-up failed (${result.response.status}): ${result.body.slice(0, 500)}`);
    }
    return result;
  }

  async signIn({ email, password }) {
    const page = await this.visit('/sign-in');
    return this.submit(page.body, '/sign-in', { email, password });
  }

  /** Fills in and submits a vendor's connect form found in `html` with this person's keys. */
  async connect(html, fields) {
    const action = html.match(/action="(\/settings\/vendors\/([a-z-]+)\/connect)"/);
    if (!action) throw new Error(`no connect form in:\n${html.slice(0, 1500)}`);
    const keys = fields ?? this.vendorKeys[action[2]];
    if (!keys) throw new Error(`the gateway asked for ${action[2]} keys and none were given`);
    return this.submit(html, action[1], keys);
  }

  /**
   * Plays the person at an authorization URL: signs in if asked, enters the vendor's keys if
   * asked, then decides on the consent page. Returns the URL the gateway redirected to (the
   * client's redirect URI).
   */
  async authorize(authorizationUrl, { decision = 'allow', scopes, vendor, credentials } = {}) {
    let { response, body } = await this.visit(authorizationUrl);
    if (isRedirect(response)) return new URL(response.headers.get('location'));
    for (let step = 0; step < 8; step++) {
      let result;
      if (body.includes('action="/sign-in"')) {
        if (!credentials) throw new Error('the authorization asked for sign-in and no credentials were given');
        result = await this.submit(body, '/sign-in', credentials);
      } else if (/action="\/settings\/vendors\/[a-z-]+\/connect"/.test(body)) {
        result = await this.connect(body);
        if (/action="\/settings\/vendors\/[a-z-]+\/connect"/.test(result.body ?? '')) {
          throw new Error(`the connect step failed (${result.response.status}):\n${result.body.slice(0, 1500)}`);
        }
      } else if (body.includes('action="/oauth/authorize"')) {
        const fields = { decision };
        fields.scope = scopes ?? checkedScopes(body);
        if (vendor) fields.vendor = vendor;
        result = await this.submit(body, '/oauth/authorize', fields);
      } else {
        throw new Error(`expected a sign-in, connect or consent page, got ${response.status}:\n${body.slice(0, 1500)}`);
      }
      if (result.location) return result.location;
      ({ response, body } = result);
    }
    throw new Error('the authorization did not finish');
  }
}

export function isRedirect(response) {
  return response.status >= 300 && response.status < 400 && response.headers.has('location');
}

const decode = (text) =>
  text.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCharCode(parseInt(n, 16)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The hidden inputs of the form whose action is `action`. */
export function extractForm(html, action) {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) return null;
  const end = html.indexOf('</form>', start);
  const markup = html.slice(start, end);
  const hidden = [...markup.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
    ([, name, value]) => [decode(name), decode(value)],
  );
  return { hidden };
}

/** The scopes ticked by default on a consent page (disabled ones travel as hidden fields). */
export function checkedScopes(html) {
  return [...html.matchAll(/<input type="checkbox"[^>]*name="scope" value="([^"]+)"([^>]*)>/g)]
    .filter(([, , rest]) => rest.includes('checked') && !rest.includes('disabled'))
    .map(([, value]) => decode(value));
}
