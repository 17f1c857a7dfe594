import { expect, test, type Page } from '@playwright/test';
import {
  apiCreateChannel,
  apiJoinChannel,
  closeAll,
  newGuest,
  newPerson,
  openChat,
  uniqueChannel,
} from './helpers';

function online(page: Page, name: string) {
  return page.locator(`[data-online] li[data-user="${name}"]`);
}

test('the channel shows who is online, until they close their last page', async ({ browser }) => {
  const people = [await newGuest(browser, 'ana'), await newGuest(browser, 'bea')];
  const [{ page: ana, name: anaName, context: anaContext }, { page: bea, name: beaName }] = people;
  try {

    // Bea sees Ana from the start; Ana sees Bea come online.
    await expect(online(bea, anaName)).toHaveCount(1);
    await expect(online(bea, beaName)).toHaveCount(1);
    await expect(online(ana, beaName)).toHaveCount(1);
    await expect(bea.locator('.presence .online-count')).toHaveText(/^\d+ online$/);

    await anaContext.close();
    // Offline once her feed is gone and the grace period is over.
    await expect(online(bea, anaName)).toHaveCount(0, { timeout: 45_000 });
    await expect(online(bea, beaName)).toHaveCount(1);
  } finally {
    await closeAll(people);
  }
});

test('joins and leaves of the open channel show as notices in its timeline', async ({ browser }) => {
  const ana = await newPerson(browser, 'ana');
  const bea = await newPerson(browser, 'bea');
  try {
    const channel = uniqueChannel('notices');
    await apiCreateChannel(ana.context.request, channel);
    await openChat(ana.page, `/c/${channel}`);

    await apiJoinChannel(bea.context.request, channel);
    const notices = ana.page.locator('ol.timeline > li.notice');
    await expect(notices.filter({ hasText: `${bea.name} joined #${channel}` })).toHaveCount(1);

    const response = await bea.context.request.post(`/api/v1/channels/${channel}/leave`);
    expect(response.status()).toBeLessThan(300);
    await expect(notices.filter({ hasText: `${bea.name} left` })).toHaveCount(1);
    await expect(notices).toHaveCount(2);
  } finally {
    await closeAll([ana, bea]);
  }
});
