import { expect, test } from '@playwright/test';
import {
  composer,
  confirmedMessage,
  confirmedMessages,
  joinLive,
  sendButton,
  sendWithEnter,
  uniqueName,
  uniqueText,
} from './helpers';

test.describe('the composer when the server refuses a message', () => {
  test('a whitespace-only message shows "message is empty", keeps the text, and the next message sends', async ({
    page,
  }) => {
    await joinLive(page, uniqueName('blank'));
    const before = await confirmedMessages(page).count();

    const blank = '     ';
    await sendWithEnter(page, blank);
    const error = page.locator('p#composer-error[role="alert"]');
    await expect(error).toHaveText('message is empty');
    await expect(error).toBeVisible();
    // The text is put back and the box keeps the focus.
    await expect(composer(page)).toHaveValue(blank);
    await expect(composer(page)).toBeFocused();
    // Nothing was added to the timeline, and nothing is left "sending…".
    await expect(page.locator('li.message.pending')).toHaveCount(0);
    expect(await confirmedMessages(page).count()).toBe(before);

    // A real message goes through, and the error goes away.
    const text = uniqueText('after the blank one');
    await sendWithEnter(page, text);
    await expect(confirmedMessage(page, text)).toHaveCount(1);
    await expect(error).toHaveCount(0);
    await expect(composer(page)).toHaveValue('');
    await expect(composer(page)).toBeFocused();
  });

  test('a message over 4000 characters is refused with its reason and kept for editing', async ({
    page,
  }) => {
    await joinLive(page, uniqueName('long'));
    const tag = uniqueName('too-long');
    const long = `${tag} ${'x'.repeat(4001 - tag.length - 1)}`;
    expect(long.length).toBe(4001);

    await composer(page).fill(long);
    await sendButton(page).click();
    const error = page.locator('p#composer-error[role="alert"]');
    await expect(error).toHaveText('message is too long (at most 4000 characters)');
    await expect(composer(page)).toHaveValue(long);
    await expect(confirmedMessage(page, tag)).toHaveCount(0);
    await expect(page.locator('li.message.pending')).toHaveCount(0);

    // Trimmed to exactly 4000 characters it is accepted.
    await composer(page).fill(long.slice(0, 4000));
    await sendButton(page).click();
    const sent = confirmedMessage(page, tag);
    await expect(sent).toHaveCount(1);
    expect((await sent.locator('.body').textContent())?.trim().length).toBe(4000);
    await expect(error).toHaveCount(0);
    await expect(composer(page)).toHaveValue('');
  });
});
