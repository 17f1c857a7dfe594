import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import {
  apiJoin,
  joinForm,
  joinLive,
  openChat,
  registerLive,
  room,
  signInLive,
  signOut,
  uniqueName,
  uniquePassword,
  uniqueText,
  waitLive,
} from './helpers';

/*
 * The tabs of a browser share one cookie, and the tabs of one person share
 * one feed. When the person signed in changes in one tab, no other tab may
 * go on showing, or relaying, the events of the one before.
 */

function toastItems(page: Page): Locator {
  return page.getByRole('region', { name: 'Notifications' }).locator('[data-notification]');
}

async function notify(request: APIRequestContext, token: string, to: string, text: string) {
  const response = await request.post(`/api/v1/users/${to}/notify`, {
    data: { text },
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.status(), await response.text()).toBe(201);
}

test('when someone else signs in in a second tab, each tab shows only that person and their events', async ({
  browser,
}) => {
  const shared = await browser.newContext();
  const elsewhere = await browser.newContext();
  try {
    const ana = uniqueName('ana');
    const anaTab = await shared.newPage();
    await registerLive(anaTab, ana, uniquePassword());

    const bea = uniqueName('bea');
    const beaPassword = uniquePassword();
    const registered = await elsewhere.request.post('/api/v1/users', {
      data: { name: bea, password: beaPassword },
    });
    expect(registered.status(), await registered.text()).toBe(201);
    const beaTab = await shared.newPage();
    await signInLive(beaTab, bea, beaPassword);

    // Bea's tab has Bea's feed, not the one Ana's tab holds.
    const cy = await apiJoin(elsewhere.request, uniqueName('cy'));
    const forAna = uniqueText('for ana only');
    const forBea = uniqueText('for bea only');
    await notify(elsewhere.request, cy, ana, forAna);
    await notify(elsewhere.request, cy, bea, forBea);
    await expect(toastItems(beaTab).filter({ hasText: forBea })).toHaveCount(1);
    // Ana's came first on any feed that carried it.
    await expect(toastItems(beaTab).filter({ hasText: forAna })).toHaveCount(0);

    // Ana's tab ends its feed and shows the person signed in now.
    await expect(anaTab.locator('.me strong')).toHaveText(bea);
    await waitLive(anaTab);
    const again = uniqueText('for bea in both tabs');
    await notify(elsewhere.request, cy, ana, uniqueText('for ana, later'));
    await notify(elsewhere.request, cy, bea, again);
    for (const page of [beaTab, anaTab]) {
      await expect(toastItems(page).filter({ hasText: again })).toHaveCount(1);
      await expect(toastItems(page).filter({ hasText: 'for ana' })).toHaveCount(0);
    }
  } finally {
    await shared.close();
    await elsewhere.close();
  }
});

test('signing out in one tab signs every tab of the browser out', async ({ browser }) => {
  const context = await browser.newContext();
  try {
    const first = await context.newPage();
    await joinLive(first, uniqueName('tabs'));
    const second = await context.newPage();
    await openChat(second, '/');

    await signOut(second);
    await expect(joinForm(first)).toBeVisible();
    await expect(room(first)).toHaveCount(0);
  } finally {
    await context.close();
  }
});
