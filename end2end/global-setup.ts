import type { FullConfig } from '@playwright/test';

/** How long the server may take to come up (cargo-leptos starts it as the tests start). */
const TIMEOUT_MS = 120_000;
const POLL_MS = 500;

/**
 * Waits until papo answers `GET /healthz` with 200, so that no test runs
 * against a server that is still starting.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL =
    config.projects[0]?.use?.baseURL ?? process.env.PAPO_URL ?? 'http://127.0.0.1:3000';
  const url = new URL('/healthz', baseURL).toString();
  const deadline = Date.now() + TIMEOUT_MS;
  let last = 'no answer yet';

  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) {
        return;
      }
      last = `HTTP ${response.status}`;
    } catch (e) {
      last = describe(e);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }

  throw new Error(
    `papo did not become healthy at ${url} within ${TIMEOUT_MS / 1000} s (last: ${last}). ` +
      'Start it with `cargo leptos end-to-end`, or run it yourself and set PAPO_URL.',
  );
}

/** An error and its cause (fetch hides ECONNREFUSED in `cause`). */
function describe(e: unknown): string {
  if (!(e instanceof Error)) {
    return String(e);
  }
  const cause = e.cause instanceof Error ? ` (${e.cause.message})` : '';
  return `${e.name}: ${e.message}${cause}`;
}
