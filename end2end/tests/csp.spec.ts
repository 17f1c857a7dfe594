import { expect, test } from '@playwright/test';

import { joinLive, send, uniqueName, uniqueText } from './helpers';

/**
 * The Content-Security-Policy is strict (no inline scripts without the
 * response's nonce). A policy that blocked part of papo would show up as
 * violations here, even if the page still looked fine.
 */
test('the chat, channels, the sign-in page and settings run without a single CSP violation', async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const violations = () =>
    page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

  await joinLive(page, uniqueName('csp'));
  await send(page, uniqueText('under a strict policy'));
  expect(await violations()).toEqual([]);

  for (const path of ['/channels', '/c/general', '/login', '/settings']) {
    await page.goto(path);
    await expect(page.locator('main#papo')).toHaveAttribute('data-hydrated', 'true');
    expect(await violations(), path).toEqual([]);
  }
});
