// Real-browser support for end-to-end tests: Debian's Chromium (/usr/bin/chromium, installed by
// scripts/bootstrap.sh) driven by playwright-core, screenshots saved as test artifacts, and the
// basic page checks every browser test applies (console errors, labelled inputs, no sideways
// scrolling on a phone).
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './gateway.mjs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(ROOT, 'test-artifacts/screenshots');

/** Desktop and phone (iPhone 12–15 sized) viewports. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};

// The flags that work on this machine: no GPU, no setuid sandbox, no QUIC, and no calls home
// (background networking, component updates, sync). playwright adds a fresh temporary
// --user-data-dir itself.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium. Close it with `browser.close()`. */
export async function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true, timeout: 30_000 });
}

/**
 * A fresh context (its own cookies) at desktop width whose pages are watched for console
 * errors, uncaught exceptions and failed subresources (stylesheet, icon): read them with
 * `problems(context)`. Actions wait at most 15 s, so a missing element fails the test instead
 * of hanging it.
 */
export async function newContext(browser, { viewport = VIEWPORTS.desktop } = {}) {
  const context = await browser.newContext({ viewport, colorScheme: 'light', locale: 'en-GB' });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  const seen = { messages: [], errorDocuments: new Set() };
  watched.set(context, seen);
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      seen.messages.push({ page: page.url(), source: message.location().url, text: message.text() });
    });
    page.on('pageerror', (error) => {
      seen.messages.push({ page: page.url(), text: `uncaught exception: ${error.message}` });
    });
    page.on('response', (response) => {
      if (response.status() < 400) return;
      if (response.request().resourceType() === 'document') seen.errorDocuments.add(response.url());
      else seen.messages.push({ page: page.url(), text: `${response.status()} for ${response.url()}` });
    });
  });
  return context;
}

const watched = new WeakMap();

// Chromium logs "Failed to load resource: ... status of 422" for every page served with an
// error status, which the gateway does on purpose (a form with a mistake is answered 422, a
// refused sign-in 401). Those lines say nothing about the page; everything else counts.
const DOCUMENT_STATUS = /^Failed to load resource: the server responded with a status of \d+/;

/** Console errors, uncaught exceptions and failed subresources seen so far in the context. */
export function problems(context) {
  const seen = watched.get(context);
  if (!seen) return [];
  return seen.messages
    .filter((m) => !(DOCUMENT_STATUS.test(m.text) && seen.errorDocuments.has(m.source)))
    .map((m) => `on ${m.page}: ${m.text}`);
}

/**
 * Saves a full-page PNG as test-artifacts/screenshots/<name>.png and returns its path. Waits
 * for the page's load event and a rendered frame first: right after a form post Chromium can
 * otherwise report the viewport as the page size and crop the picture.
 */
export async function shot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await settled(page);
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** Resolves once the page has loaded and painted two frames since (layout is current). */
async function settled(page) {
  await page.waitForLoadState('load');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Deletes the screenshots whose names start with `prefix` (a test file's earlier run). */
export function clearScreenshots(prefix) {
  if (!existsSync(SCREENSHOT_DIR)) return;
  for (const name of readdirSync(SCREENSHOT_DIR)) {
    if (name.startsWith(prefix) && name.endsWith('.png')) rmSync(path.join(SCREENSHOT_DIR, name));
  }
}

/**
 * The basic checks for the page as it is now, at its current width: every form control
 * (select, textarea, input other than type=hidden) has a `<label for>` or an aria-label,
 * and the document does not scroll sideways. Returns a list of problems (empty when fine).
 */
export async function pageBasics(page) {
  return page.evaluate(() => {
    const found = [];
    for (const control of document.querySelectorAll('input, select, textarea')) {
      if (control.type === 'hidden') continue;
      const labelled = (control.id && document.querySelector(`label[for="${CSS.escape(control.id)}"]`))
        || control.getAttribute('aria-label')?.trim();
      if (!labelled) found.push(`unlabelled <${control.localName} name="${control.name}">`);
    }
    const { scrollWidth, clientWidth } = document.documentElement;
    if (scrollWidth > clientWidth) {
      found.push(`scrolls sideways: scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`);
    }
    return found;
  });
}

/**
 * Screenshots the page at desktop width and on a phone (390×844) without reloading it (a page
 * shown once, such as an invitation link, stays as it is), checking the basics at both widths.
 * Returns the problems found, each prefixed with the screenshot name.
 */
export async function capture(page, name) {
  const original = page.viewportSize() ?? VIEWPORTS.desktop;
  const found = [];
  try {
    for (const [label, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await shot(page, `${name}-${label}`);
      found.push(...(await pageBasics(page)).map((problem) => `${name} (${label}): ${problem}`));
    }
  } finally {
    await page.setViewportSize(original);
  }
  return found;
}
