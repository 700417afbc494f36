// An OAuthClientProvider for the official MCP TypeScript SDK that plays the browser step with
// tests/support/browser.mjs instead of opening a window.
import { randomUUID } from 'node:crypto';

export const LOOPBACK_REDIRECT = 'http://127.0.0.1:8976/callback';

export class HeadlessProvider {
  constructor(browser, { credentials, redirectUrl = LOOPBACK_REDIRECT, consent = {}, clientName = 'gateway-e2e' } = {}) {
    this.browser = browser;
    this.credentials = credentials;
    this.consent = consent;
    this.clientName = clientName;
    this._redirectUrl = redirectUrl;
    this.client = undefined;
    this.savedTokens = undefined;
    this.verifier = undefined;
    this.discovery = undefined;
    this.lastState = undefined;
    this.callback = undefined;
  }

  get redirectUrl() {
    return this._redirectUrl;
  }

  get clientMetadata() {
    return {
      client_name: this.clientName,
      redirect_uris: [this._redirectUrl],
      application_type: 'native',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state() {
    this.lastState = randomUUID();
    return this.lastState;
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(info) {
    this.client = info;
  }
  tokens() {
    return this.savedTokens;
  }
  saveTokens(tokens) {
    this.savedTokens = tokens;
  }
  saveCodeVerifier(verifier) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  saveDiscoveryState(state) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery;
  }
  invalidateCredentials(scope) {
    if (scope === 'all' || scope === 'client') this.client = undefined;
    if (scope === 'all' || scope === 'tokens') this.savedTokens = undefined;
  }

  async redirectToAuthorization(url) {
    this.authorizationUrl = new URL(url);
    this.callback = await this.browser.authorize(url, { credentials: this.credentials, ...this.consent });
  }
}
