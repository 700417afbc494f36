// The Autotask calls every real MCP client makes (tests/e2e/clients.test.mjs). Being written.
export const CALLS = [];
