import { expect, test } from '@playwright/test';
import {
  apiJoin,
  apiPost,
  confirmedMessage,
  joinLive,
  messageIds,
  room,
  uniqueName,
  uniqueText,
  waitLive,
} from './helpers';

test.describe('the live feed after a disconnection', () => {
  test('a reader who was offline gets every missed message once and in order, and is live again', async ({
    browser,
  }) => {
    const writer = await browser.newContext();
    const reader = await browser.newContext();
    try {
      const page = await reader.newPage();
      await joinLive(page, uniqueName('reader'));
      const token = await apiJoin(writer.request, uniqueName('writer'));
      const status = page.locator('.live-status[role="status"]');
      await expect(status).toHaveAttribute('aria-live', 'polite');
      await expect(status).toHaveText('Live');

      await reader.setOffline(true);
      await expect(room(page)).toHaveAttribute('data-live', /^(offline|reconnecting)$/);
      await expect(status).toHaveText(/^(Offline|Reconnecting)/);

      const texts = Array.from({ length: 20 }, (_, i) => uniqueText(`missed ${i + 1}`));
      const posted: number[] = [];
      for (const text of texts) {
        posted.push((await apiPost(writer.request, token, text)).id);
      }
      await expect(confirmedMessage(page, texts[0])).toHaveCount(0);

      await reader.setOffline(false);
      await waitLive(page);
      await expect(status).toHaveText('Live');
      for (const text of texts) {
        await expect(confirmedMessage(page, text)).toHaveCount(1);
      }
      const shown = await messageIds(page);
      expect(shown.slice(-20)).toEqual(posted);
      expect(new Set(shown).size).toBe(shown.length);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  test('while the server cannot be reached the indicator counts down to the next attempt', async ({
    page,
    request,
    context,
  }) => {
    await joinLive(page, uniqueName('waiting'));
    const status = page.locator('.live-status[role="status"]');

    // Going offline drops the feed; back online, every attempt fails.
    await context.setOffline(true);
    await expect(room(page)).toHaveAttribute('data-live', 'offline');
    await expect(status).toHaveText('Offline');
    await page.route(/\/api\/v1\/events/, (route) => route.abort());
    await context.setOffline(false);
    await expect(room(page)).toHaveAttribute('data-live', 'reconnecting');
    await expect(status).toHaveText(/^Reconnecting… — retrying in \d+ s$/);

    // The server is back: the next attempt resumes after the last event seen.
    const token = await apiJoin(request, uniqueName('meanwhile'));
    const text = uniqueText('said while the reader retried');
    await apiPost(request, token, text);
    await page.unroute(/\/api\/v1\/events/);
    await waitLive(page);
    await expect(status).toHaveText('Live');
    await expect(confirmedMessage(page, text)).toHaveCount(1);
  });
});
