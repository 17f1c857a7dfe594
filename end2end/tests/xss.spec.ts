import { expect, test, type Page } from '@playwright/test';
import {
  closeAll,
  confirmedMessage,
  newGuest,
  sendWithEnter,
  uniqueName,
  waitHydrated,
} from './helpers';

type Pwned = { __pwned?: unknown };

async function expectInert(page: Page, tag: string, body: string): Promise<void> {
  const message = confirmedMessage(page, tag);
  await expect(message).toHaveCount(1);
  const p = message.locator('.body');
  // Shown exactly as typed, as text.
  await expect(p).toHaveText(body);
  // None of it became markup.
  await expect(p.locator('*')).toHaveCount(0);
  await expect(p.locator('b')).toHaveCount(0);
  await expect(message.locator('script, img, b')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as Pwned).__pwned)).toBeUndefined();
}

test('HTML in a message is shown as text and never runs, for sender and receiver', async ({
  browser,
}) => {
  const people = [await newGuest(browser, 'mallory'), await newGuest(browser, 'victim')];
  const [{ page: sender }, { page: reader }] = people;
  try {

    const tag = uniqueName('xss');
    const body =
      `<script>window.__pwned=1</script><b>bold</b>` +
      `<img src="x" onerror="window.__pwned=2"> ${tag}`;
    await sendWithEnter(sender, body);

    // Live, on both sides.
    await expectInert(sender, tag, body);
    await expectInert(reader, tag, body);

    // Server-rendered, after a reload.
    await reader.reload();
    await waitHydrated(reader);
    await expectInert(reader, tag, body);
    const html = await (await reader.request.get('/')).text();
    expect(html).not.toContain('<script>window.__pwned=1</script>');
    expect(html).not.toContain('<b>bold</b>');
  } finally {
    await closeAll(people);
  }
});
