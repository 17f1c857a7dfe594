import { expect, test } from '@playwright/test';
import {
  apiCreateChannel,
  apiPostTo,
  apiRegister,
  messageById,
  messageIds,
  openChat,
  timeline,
  uniqueChannel,
  uniqueName,
} from './helpers';

test('scrolling up loads older messages and keeps the reader in place', async ({ page }) => {
  test.setTimeout(120_000);
  await apiRegister(page.request, uniqueName('reader'));
  const channel = uniqueChannel('long');
  await apiCreateChannel(page.request, channel);
  const ids: number[] = [];
  for (let n = 1; n <= 120; n += 1) {
    const response = await page.request.post(`/api/v1/channels/${channel}/messages`, {
      data: { body: `${n}` },
    });
    expect(response.status(), await response.text()).toBe(201);
    ids.push((await response.json()).id);
  }

  await openChat(page, `/c/${channel}`);
  // The newest 50, the newest in view.
  expect(await messageIds(page)).toEqual(ids.slice(70));
  await expect(messageById(page, ids[119])).toBeInViewport();
  await expect(page.locator('.history-edge')).not.toContainText('beginning');

  // To the top: the 50 before load, and the message that was first stays in view.
  await timeline(page).evaluate((list) => list.scrollTo(0, 0));
  await expect(messageById(page, ids[20])).toHaveCount(1);
  await expect(messageById(page, ids[70])).toBeInViewport();
  await expect(messageById(page, ids[19])).toHaveCount(0);

  // Again until the very first message; then the beginning of the channel shows.
  await expect(async () => {
    await timeline(page).evaluate((list) => list.scrollTo(0, 0));
    await expect(messageById(page, ids[0])).toHaveCount(1, { timeout: 2_000 });
  }).toPass();
  await timeline(page).evaluate((list) => list.scrollTo(0, 0));
  await expect(messageById(page, ids[0])).toBeInViewport();
  await expect(messageById(page, ids[0]).locator('.body')).toHaveText('1');
  await expect(page.locator('.history-edge')).toHaveText(`This is the beginning of #${channel}.`);

  // Every message once, in order.
  expect(await messageIds(page)).toEqual(ids);

  // Scrolled up, a new message does not pull the reader down; a button does.
  const jump = page.getByRole('button', { name: 'Jump to latest' });
  await expect(jump).toHaveCount(0);
  const latest = await apiPostTo(page.request, channel, 'the newest of all');
  await expect(messageById(page, latest)).toHaveCount(1);
  await expect(jump).toBeVisible();
  await expect(messageById(page, latest)).not.toBeInViewport();
  await jump.click();
  await expect(messageById(page, latest)).toBeInViewport();
  await expect(jump).toHaveCount(0);
});
