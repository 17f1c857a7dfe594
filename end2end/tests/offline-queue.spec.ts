import { expect, test, type Page } from '@playwright/test';
import {
  anyMessage,
  closeAll,
  composer,
  confirmedMessage,
  newGuest,
  room,
  send,
  sendWithEnter,
  uniqueText,
  waitLive,
} from './helpers';

/** The "not sent" row of a message typed while offline. */
function queued(page: Page, text: string) {
  return page.locator('ol.timeline > li.message.queued').filter({ hasText: text });
}

test('a message sent offline waits as "not sent", goes once when back; a cancelled one never goes', async ({
  browser,
}) => {
  const people = [await newGuest(browser, 'ana'), await newGuest(browser, 'bea')];
  const [{ page: ana }, { page: bea, context: beaContext }] = people;
  try {

    await beaContext.setOffline(true);
    await expect(room(bea)).toHaveAttribute('data-live', 'offline');

    const kept = uniqueText('typed offline');
    await sendWithEnter(bea, kept);
    await expect(queued(bea, kept)).toHaveCount(1);
    await expect(queued(bea, kept)).toContainText('not sent');
    await expect(composer(bea)).toHaveValue('');

    const dropped = uniqueText('thought better of it');
    await sendWithEnter(bea, dropped);
    await expect(queued(bea, dropped)).toHaveCount(1);
    await queued(bea, dropped).getByRole('button', { name: 'Cancel this unsent message' }).click();
    await expect(anyMessage(bea, dropped)).toHaveCount(0);

    await beaContext.setOffline(false);
    await waitLive(bea);
    await expect(confirmedMessage(bea, kept)).toHaveCount(1);
    await expect(anyMessage(bea, kept)).toHaveCount(1);
    await expect(confirmedMessage(ana, kept)).toHaveCount(1);

    // Later messages arrive after the queued one, so by now a second copy
    // or the cancelled message would have arrived too.
    const after = uniqueText('back online');
    await send(bea, after);
    await expect(confirmedMessage(ana, after)).toHaveCount(1);
    await expect(anyMessage(ana, kept)).toHaveCount(1);
    await expect(anyMessage(ana, dropped)).toHaveCount(0);
    await expect(anyMessage(bea, kept)).toHaveCount(1);
  } finally {
    await closeAll(people);
  }
});
