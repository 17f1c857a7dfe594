import { expect, test } from '@playwright/test';
import {
  confirmedMessage,
  join,
  joinLive,
  room,
  root,
  send,
  uniqueName,
  uniqueText,
  waitHydrated,
  waitLive,
} from './helpers';

test.describe('history', () => {
  test('a sent message is still there after a reload, rendered by the server', async ({
    page,
    context,
    browser,
  }) => {
    const name = uniqueName('keeper');
    await joinLive(page, name);
    const text = uniqueText('remember me');
    const sent = await send(page, text);
    const id = await sent.getAttribute('data-id');
    expect(id).toMatch(/^\d+$/);

    // The page's own HTML, as the server sends it with this person's cookie,
    // already holds the message: history does not depend on JavaScript.
    const response = await page.request.get('/');
    expect(response.status()).toBe(200);
    const html = await response.text();
    expect(html).toContain('data-hydrated="false"');
    const item = new RegExp(
      `<li\\b(?=[^>]*\\bclass="message")(?=[^>]*\\bdata-id="${id}")[^>]*>[\\s\\S]*?</li>`,
    );
    const match = html.match(item);
    expect(match, `server HTML has no <li class="message" data-id="${id}">`).not.toBeNull();
    expect(match![0]).toContain(text);
    expect(match![0]).toContain(name);

    // Reloading the page shows it again, confirmed, with the same id.
    await page.reload();
    await waitHydrated(page);
    await expect(page.locator('.me strong')).toHaveText(name);
    const again = confirmedMessage(page, text);
    await expect(again).toHaveCount(1);
    await expect(again).toHaveAttribute('data-id', id!);
    await expect(again.locator('.author')).toHaveText(name);
    await waitLive(page);

    // The same session in a browser that runs no JavaScript sees it too.
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    try {
      await noJs.addCookies(await context.cookies());
      const plain = await noJs.newPage();
      await plain.goto('/');
      await expect(root(plain)).toHaveAttribute('data-hydrated', 'false');
      await expect(room(plain)).toBeVisible();
      await expect(confirmedMessage(plain, text)).toHaveCount(1);
      await expect(confirmedMessage(plain, text)).toHaveAttribute('data-id', id!);
    } finally {
      await noJs.close();
    }
  });

  test('a new visitor sees the join form, not the room, and the session survives a reload', async ({
    page,
  }) => {
    await page.goto('/');
    await waitHydrated(page);
    await expect(page.locator('section.join')).toBeVisible();
    await expect(room(page)).toHaveCount(0);
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveCount(0);

    const name = uniqueName('stay');
    await join(page, name);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'papo_session');
    expect(session, 'papo_session cookie is set').toBeDefined();
    expect(session!.httpOnly).toBe(true);
    expect(await page.evaluate(() => document.cookie)).not.toContain('papo_session');

    await page.reload();
    await waitHydrated(page);
    await expect(room(page)).toBeVisible();
    await expect(page.locator('.me strong')).toHaveText(name);
    await expect(page.locator('section.join')).toHaveCount(0);
  });
});
