import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { newGuest, newPerson, waitHydrated } from './helpers';

/**
 * The admin page: live server stats for papo's admins, a 404 page for
 * everyone else. `make test-e2e` names this account in PAPO_ADMINS (the
 * first account registered is another test's, as all share one database).
 */
const ADMIN = 'admin-e2e';
const PASSWORD = 'admin e2e correct horse staple';

/** Registers the admin account in this context, or signs in if it exists. */
async function signInAsAdmin(request: APIRequestContext): Promise<void> {
  const registered = await request.post('/api/v1/users', {
    data: { name: ADMIN, password: PASSWORD },
  });
  if (registered.status() === 409) {
    // A database that outlived a run (PAPO_URL).
    const signedIn = await request.post('/api/v1/session', {
      data: { name: ADMIN, password: PASSWORD },
    });
    expect(signedIn.status(), await signedIn.text()).toBe(201);
  } else {
    expect(registered.status(), await registered.text()).toBe(201);
  }
}

function dashboard(page: Page): Locator {
  return page.locator('section.admin');
}

function connections(page: Page): Locator {
  return page.locator('#stat-connections .stat-value');
}

/** The newest sample's time and connection count, read together. */
async function latest(page: Page): Promise<{ at: number; count: number }> {
  return dashboard(page).evaluate((section) => ({
    at: Number(section.getAttribute('data-at')),
    count: Number(section.querySelector('#stat-connections .stat-value')?.textContent),
  }));
}

/**
 * The connection count once two samples in a row agree, so that no feed
 * of an earlier test is still closing: each wait is for the next sample.
 */
async function steadyConnections(page: Page): Promise<number> {
  let previous = await latest(page);
  for (;;) {
    await expect.poll(async () => (await latest(page)).at).toBeGreaterThan(previous.at);
    const next = await latest(page);
    if (next.count === previous.count) {
      return next.count;
    }
    previous = next;
  }
}

/** Opens `/admin` and expects the 404 page, without a trace of the stats. */
async function expectNotFound(page: Page): Promise<void> {
  const response = await page.goto('/admin');
  expect(response?.status()).toBe(404);
  await waitHydrated(page);
  await expect(page.getByRole('heading', { name: 'Page not found.' })).toBeVisible();
  await expect(dashboard(page)).toHaveCount(0);
  const stream = await page.request.get('/api/v1/admin/stats');
  expect(stream.status()).toBe(404);
}

test.describe('admin page', () => {
  test('counts the connection of a second browser as it opens and closes', async ({
    page,
    context,
    browser,
  }) => {
    await signInAsAdmin(context.request);
    // From the settings page, which links to it for admins only.
    await page.goto('/settings');
    await waitHydrated(page);
    await page.locator('a#admin-link').click();
    await expect(page).toHaveURL((url) => url.pathname === '/admin');
    await expect(page.getByRole('heading', { name: 'Server stats', level: 1 })).toBeVisible();
    await expect(dashboard(page)).toHaveAttribute('data-live', 'open');
    await expect(page.getByRole('status')).toHaveText('Live');
    for (const label of [
      'Connections',
      'Messages per second',
      'Delivery latency (p99)',
      'Database size',
    ]) {
      await expect(page.locator('figure.stat figcaption', { hasText: label })).toBeVisible();
    }
    await expect(page.locator('#stat-database .stat-value')).toHaveText(/^\d+(\.\d)? (B|KiB|MiB|GiB)$/);
    await expect(page.locator('#stat-connections polyline')).toHaveAttribute('points', /\d+,\d+/);

    const before = await steadyConnections(page);
    const guest = await newGuest(browser, 'second');
    await expect(connections(page)).toHaveText(String(before + 1));

    // The guest may not see the page; leaving the chat closes its feed.
    await expectNotFound(guest.page);
    await expect(connections(page)).toHaveText(String(before));
    await guest.context.close();
  });

  test('a visitor and an account that is not an admin get 404', async ({ browser }) => {
    const visitor = await browser.newContext();
    await expectNotFound(await visitor.newPage());
    await visitor.close();

    const person = await newPerson(browser, 'notadmin');
    await person.page.goto('/settings');
    await waitHydrated(person.page);
    await expect(person.page.locator('a#admin-link')).toHaveCount(0);
    await expectNotFound(person.page);
    await person.context.close();
  });
});
