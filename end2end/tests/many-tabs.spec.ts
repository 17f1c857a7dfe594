import { expect, test, type Page } from '@playwright/test';
import {
  apiJoin,
  apiPost,
  confirmedMessage,
  joinLive,
  openChat,
  uniqueName,
  uniqueText,
  waitLive,
} from './helpers';

test('eight tabs of one browser share one feed, and another tab takes over when it closes', async ({
  browser,
  request,
}) => {
  const context = await browser.newContext();
  try {
    let feeds = 0;
    context.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/events') {
        feeds += 1;
      }
    });
    const first = await context.newPage();
    await joinLive(first, uniqueName('tabs'));
    const pages: Page[] = [first];
    for (let i = 1; i < 8; i += 1) {
      const page = await context.newPage();
      await openChat(page, '/');
      pages.push(page);
    }

    const token = await apiJoin(request, uniqueName('poster'));
    const text = uniqueText('to every tab');
    await apiPost(request, token, text);
    for (const page of pages) {
      await expect(confirmedMessage(page, text)).toHaveCount(1);
    }
    expect(feeds).toBe(1);

    // The tab holding the feed closes: another one opens it and resumes.
    await first.close();
    const rest = pages.slice(1);
    const next = uniqueText('after the first tab closed');
    await apiPost(request, token, next);
    for (const page of rest) {
      await waitLive(page);
      await expect(confirmedMessage(page, next)).toHaveCount(1);
      await expect(confirmedMessage(page, text)).toHaveCount(1);
    }
    expect(feeds).toBe(2);
  } finally {
    await context.close();
  }
});
