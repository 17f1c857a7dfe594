#!/usr/bin/env node
'use strict';

/**
 * How fast papo's chat page becomes usable in a real browser (Chromium,
 * driven by Playwright), for `make bench`.
 *
 * The server sends the chat already rendered, but nothing on it reacts
 * until the wasm bundle has downloaded, compiled and hydrated the page. So
 * "interactive" here means hydrated: the moment `main#papo` gets
 * `data-hydrated="true"`, after which event handlers work. "Live" is the
 * moment the room's live feed (SSE) is open (`section.room[data-live="open"]`,
 * the same marker the browser tests wait for; the header's "Live"
 * indicator shows it), after which new messages arrive by themselves.
 *
 * Each run opens /c/general as a signed-in guest in a new browser context,
 * so nothing is cached; one warm-up run is not counted. Times are
 * milliseconds since navigation start, as the page's own clock measures
 * them (a MutationObserver installed before any page script records them).
 *
 *   node bench/browser/interactive.cjs --url http://127.0.0.1:3000 --runs 7
 *
 * Prints one JSON object on stdout; progress and errors go to stderr. Exits
 * non-zero if the page never hydrates or its live feed never opens.
 * Override the browser with PAPO_CHROMIUM (as the browser tests do).
 */

const path = require('path');
const crypto = require('crypto');
const { createRequire } = require('module');

const requireFromEnd2end = createRequire(path.join(__dirname, '../../end2end/package.json'));
const { chromium } = requireFromEnd2end('@playwright/test');

const { launchOptions } = requireFromEnd2end('./chromium.cjs');
const SESSION_COOKIE = 'papo_session';
const CHAT_PATH = '/c/general';
const RUN_TIMEOUT_MS = 20_000;
const DEFAULT_RUNS = 7;

const HYDRATED_SELECTOR = 'main#papo[data-hydrated="true"]';
const ROOM_SELECTOR = 'section.room';
const LIVE_SELECTOR = 'section.room[data-live="open"]';

function log(message) {
  process.stderr.write(`interactive: ${message}\n`);
}

function parseArgs(argv) {
  const options = { url: null, runs: DEFAULT_RUNS };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--url' && value) {
      options.url = value.replace(/\/+$/, '');
      i += 1;
    } else if (flag === '--runs' && value) {
      options.runs = Number(value);
      i += 1;
    } else {
      throw new Error(`unknown or incomplete argument "${flag}"`);
    }
  }
  if (!options.url) {
    throw new Error('missing --url (e.g. --url http://127.0.0.1:3000)');
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) {
    throw new Error('--runs must be a positive integer');
  }
  return options;
}

/** A guest nickname nobody has used: at most 32 of [A-Za-z0-9_.-]. */
function uniqueGuestName() {
  return `bench-browser-${crypto.randomBytes(6).toString('hex')}`;
}

/** Joins as a guest through the JSON API; returns the session cookie for Playwright. */
async function joinAsGuest(baseUrl) {
  const name = uniqueGuestName();
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
    signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
  });
  if (response.status !== 201) {
    throw new Error(`joining as ${name} failed: ${response.status} ${await response.text()}`);
  }
  const value = sessionCookieValue(response.headers.getSetCookie());
  if (!value) {
    throw new Error(`joining as ${name} set no ${SESSION_COOKIE} cookie`);
  }
  log(`joined as guest ${name}`);
  return { name: SESSION_COOKIE, value, url: baseUrl, httpOnly: true, sameSite: 'Lax' };
}

function sessionCookieValue(setCookieHeaders) {
  const prefix = `${SESSION_COOKIE}=`;
  const header = setCookieHeaders.find((line) => line.startsWith(prefix));
  return header ? header.slice(prefix.length).split(';')[0] : null;
}

/**
 * Runs in the page before any of its scripts: records `performance.now()`
 * when the page first shows itself hydrated, and when its live feed opens.
 * Serialized by Playwright, so it must not use anything from this file.
 */
function recordMilestones() {
  const milestones = { hydratedAt: null, liveAt: null };
  window.__papoMilestones = milestones;
  const observer = new MutationObserver(() => {
    const now = performance.now();
    if (milestones.hydratedAt === null && document.querySelector('main#papo[data-hydrated="true"]')) {
      milestones.hydratedAt = now;
    }
    if (milestones.liveAt === null && document.querySelector('section.room[data-live="open"]')) {
      milestones.liveAt = now;
    }
    if (milestones.hydratedAt !== null && milestones.liveAt !== null) {
      observer.disconnect();
    }
  });
  observer.observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-hydrated', 'data-live'],
  });
}

/** Runs in the page once it is live: the milestones and the browser's own timings. */
function readTimings() {
  const [navigation] = performance.getEntriesByType('navigation');
  const wasm = performance
    .getEntriesByType('resource')
    .find((entry) => new URL(entry.name).pathname.endsWith('.wasm'));
  return {
    hydratedMs: window.__papoMilestones.hydratedAt,
    liveMs: window.__papoMilestones.liveAt,
    responseEndMs: navigation.responseEnd,
    domContentLoadedMs: navigation.domContentLoadedEventEnd,
    loadMs: navigation.loadEventEnd,
    wasmTransferBytes: wasm ? wasm.transferSize : null,
    wasmDecodedBytes: wasm ? wasm.decodedBodySize : null,
  };
}

/** Milliseconds left before `deadline`, never zero (0 means "no timeout" to Playwright). */
function timeLeft(deadline) {
  return Math.max(1, deadline - Date.now());
}

async function waitForSelector(page, selector, deadline, failure) {
  try {
    await page.waitForSelector(selector, { state: 'attached', timeout: timeLeft(deadline) });
  } catch (error) {
    throw new Error(`${failure} within the run's ${RUN_TIMEOUT_MS / 1000} s (${error.message.split('\n')[0]})`);
  }
}

/** One cold page load of the chat as the signed-in guest. */
async function measureRun(browser, baseUrl, cookie) {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  const context = await browser.newContext();
  try {
    await context.addCookies([cookie]);
    const page = await context.newPage();
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.addInitScript(recordMilestones);
    await page.goto(`${baseUrl}${CHAT_PATH}`, { waitUntil: 'commit', timeout: timeLeft(deadline) });
    await waitForSelector(page, HYDRATED_SELECTOR, deadline, 'the page never hydrated: main#papo never got data-hydrated="true"');
    if ((await page.locator(ROOM_SELECTOR).count()) === 0) {
      throw new Error(`${CHAT_PATH} hydrated without a chat room: was the guest's session cookie refused?`);
    }
    await waitForSelector(page, LIVE_SELECTOR, deadline, 'the live feed never opened: section.room never got data-live="open"');
    await page.waitForLoadState('load', { timeout: timeLeft(deadline) });
    return await page.evaluate(readTimings);
  } finally {
    await context.close();
  }
}

function round(value) {
  return Math.round(value * 10) / 10;
}

function median(sorted) {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: round(median(sorted)),
    max: round(sorted[sorted.length - 1]),
    all: values.map(round),
  };
}

function report(runs) {
  const last = runs[runs.length - 1];
  return {
    runs: runs.length,
    hydrated_ms: summarize(runs.map((run) => run.hydratedMs)),
    live_ms: summarize(runs.map((run) => run.liveMs)),
    dom_content_loaded_ms: summarize(runs.map((run) => run.domContentLoadedMs)),
    response_end_ms: summarize(runs.map((run) => run.responseEndMs)),
    load_ms: summarize(runs.map((run) => run.loadMs)),
    wasm_transfer_bytes: last.wasmTransferBytes,
    wasm_decoded_bytes: last.wasmDecodedBytes,
  };
}

function describe(run) {
  return `hydrated ${round(run.hydratedMs)} ms, live ${round(run.liveMs)} ms`;
}

async function measure(browser, options) {
  const cookie = await joinAsGuest(options.url);
  const warmUp = await measureRun(browser, options.url, cookie);
  log(`warm-up: ${describe(warmUp)} (not counted)`);
  const runs = [];
  for (let i = 1; i <= options.runs; i += 1) {
    const run = await measureRun(browser, options.url, cookie);
    log(`run ${i}/${options.runs}: ${describe(run)}`);
    runs.push(run);
  }
  return report(runs);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const browser = await chromium.launch({ ...launchOptions, timeout: RUN_TIMEOUT_MS });
  try {
    const result = await measure(browser, options);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  log(`failed: ${error.message}`);
  process.exitCode = 1;
});
