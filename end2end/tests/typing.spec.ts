import { expect, test } from '@playwright/test';
import { closeAll, composer, confirmedMessage, newGuest, uniqueText } from './helpers';

test('the others see who is typing until the message arrives; nobody sees their own', async ({
  browser,
}) => {
  const people = [await newGuest(browser, 'ana'), await newGuest(browser, 'bea')];
  const [{ page: ana, name: anaName }, { page: bea }] = people;
  try {

    const atBea = bea.locator('[data-typing]');
    await expect(atBea).toHaveAttribute('aria-live', 'polite');
    await expect(atBea).toHaveText('');

    const text = uniqueText('typed slowly');
    await composer(ana).pressSequentially(text.slice(0, 12));
    await expect(atBea).toHaveText(`${anaName} is typing…`);
    await expect(ana.locator('[data-typing]')).toHaveText('');

    await composer(ana).fill(text);
    await composer(ana).press('Enter');
    await expect(confirmedMessage(bea, text)).toHaveCount(1);
    await expect(atBea).toHaveText('');

    // Typing again after sending is seen again, and fades on its own.
    await composer(ana).pressSequentially('and');
    await expect(atBea).toHaveText(`${anaName} is typing…`);
    await expect(atBea).toHaveText('', { timeout: 15_000 });
  } finally {
    await closeAll(people);
  }
});
