import { expect, test } from '@playwright/test';
import {
  anyMessage,
  apiJoin,
  apiPost,
  closeAll,
  composer,
  confirmedMessage,
  joinLive,
  messageIds,
  newGuest,
  sendWithEnter,
  uniqueName,
  uniqueText,
  waitLive,
} from './helpers';

test.describe('live chat between two people', () => {
  test('a message typed by one person appears live for the other, and is confirmed for its author', async ({
    browser,
  }) => {
    const people = [await newGuest(browser, 'ana'), await newGuest(browser, 'bea')];
    const [{ page: ana, name: anaName }, { page: bea, name: beaName }] = people;
    try {
      const beaUrlBefore = bea.url();
      // Marks Bea's document: if it survives, the message came without a reload.
      await bea.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

      const text = uniqueText('hello from Ana');
      await sendWithEnter(ana, text);

      // Bea sees it arrive live, with Ana as its author.
      const atBea = confirmedMessage(bea, text);
      await expect(atBea).toHaveCount(1);
      await expect(atBea.locator('.author')).toHaveText(anaName);
      await expect(atBea.locator('.body')).toHaveText(text);
      await expect(atBea.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
      expect(bea.url()).toBe(beaUrlBefore);
      expect(await bea.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

      // Ana sees it confirmed (an id from the server, not "sending…"), once.
      const atAna = confirmedMessage(ana, text);
      await expect(atAna).toHaveCount(1);
      await expect(atAna).toHaveAttribute('data-id', /^\d+$/);
      await expect(atAna.locator('.author')).toHaveText(anaName);
      await expect(ana.locator('li.message.pending')).toHaveCount(0);
      // Both see the same message (same id).
      expect(await atBea.getAttribute('data-id')).toBe(await atAna.getAttribute('data-id'));

      // Ana's composer is empty again and still has the focus: she can type on.
      await expect(composer(ana)).toHaveValue('');
      await expect(composer(ana)).toBeFocused();

      // And the conversation goes on the other way.
      const reply = uniqueText('hi Ana, Bea here');
      await sendWithEnter(bea, reply);
      await expect(confirmedMessage(ana, reply)).toHaveCount(1);
      await expect(confirmedMessage(ana, reply).locator('.author')).toHaveText(beaName);
      await expect(confirmedMessage(bea, reply)).toHaveCount(1);
      // The room is still live on both sides.
      await waitLive(ana);
      await waitLive(bea);
    } finally {
      await closeAll(people);
    }
  });

  test('a message shows as "sending…" until the server confirms it', async ({ page }) => {
    const name = uniqueName('slow');
    await joinLive(page, name);

    // Hold the send request until the pending state has been seen.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const requestHeld = new Promise<void>((resolve) => (held = resolve));
    await page.route(/\/rpc\/send_message/, async (route) => {
      held();
      await released;
      await route.continue();
    });

    const text = uniqueText('on its way');
    await sendWithEnter(page, text);
    await requestHeld;

    const pending = page.locator('ol.timeline > li.message.pending');
    await expect(pending).toHaveCount(1);
    await expect(pending).toHaveAttribute('aria-busy', 'true');
    await expect(pending).not.toHaveAttribute('data-id', /.*/);
    await expect(pending.locator('.author')).toHaveText(name);
    await expect(pending.locator('.body')).toHaveText(text);
    await expect(pending).toContainText('sending…');
    await expect(composer(page)).toHaveValue('');

    release();
    await expect(confirmedMessage(page, text)).toHaveCount(1);
    await expect(pending).toHaveCount(0);
    await expect(anyMessage(page, text)).toHaveCount(1);
    await page.unroute(/\/rpc\/send_message/);
  });

  test('Shift+Enter starts a new line instead of sending', async ({ page }) => {
    await joinLive(page, uniqueName('lines'));
    const first = uniqueText('first line');
    const box = composer(page);
    await box.fill(first);
    await box.press('Shift+Enter');
    await box.pressSequentially('second line');
    await expect(box).toHaveValue(`${first}\nsecond line`);
    await expect(page.locator('ol.timeline > li.message', { hasText: first })).toHaveCount(0);

    await box.press('Enter');
    const message = confirmedMessage(page, first);
    await expect(message).toHaveCount(1);
    // Rendered Markdown: the line break is kept (a <br>), around it only
    // the paragraph's own whitespace.
    expect((await message.locator('.body').textContent())?.trim()).toBe(`${first}\nsecond line`);
    await expect(message.locator('.body br')).toHaveCount(1);
    await expect(box).toHaveValue('');
  });

  test('a message posted through the JSON API by a third person shows up live', async ({
    page,
    request,
  }) => {
    await joinLive(page, uniqueName('reader'));

    const botName = uniqueName('bot');
    const token = await apiJoin(request, botName);
    const text = uniqueText('posted by the bot');
    const posted = await apiPost(request, token, text);

    const message = confirmedMessage(page, text);
    await expect(message).toHaveCount(1);
    await expect(message).toHaveAttribute('data-id', String(posted.id));
    await expect(message.locator('.author')).toHaveText(botName);
    await expect(message.locator('.body')).toHaveText(text);
  });

  test('messages are shown in the order they were sent, live and after a reload', async ({
    page,
    request,
  }) => {
    await joinLive(page, uniqueName('order'));
    const token = await apiJoin(request, uniqueName('burst'));
    const texts = [uniqueText('one'), uniqueText('two'), uniqueText('three')];
    const posted: number[] = [];
    for (const text of texts) {
      posted.push((await apiPost(request, token, text)).id);
    }
    expect([...posted].sort((a, b) => a - b)).toEqual(posted);

    for (const text of texts) {
      await expect(confirmedMessage(page, text)).toHaveCount(1);
    }
    const live = await messageIds(page);
    expect(live).toEqual([...live].sort((a, b) => a - b));
    expect(live.slice(-3)).toEqual(posted);

    await page.reload();
    await waitLive(page);
    for (const text of texts) {
      await expect(confirmedMessage(page, text)).toHaveCount(1);
    }
    const reloaded = await messageIds(page);
    expect(reloaded).toEqual([...reloaded].sort((a, b) => a - b));
    expect(reloaded.slice(-3)).toEqual(posted);
  });
});
