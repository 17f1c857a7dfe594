import { expect, test } from '@playwright/test';
import {
  joinButton,
  joinForm,
  joinLive,
  nicknameInput,
  room,
  uniqueName,
  waitHydrated,
} from './helpers';

test.describe('joining', () => {
  test('a nickname already in use, in any case, is refused', async ({ browser }) => {
    const firstContext = await browser.newContext();
    const secondContext = await browser.newContext();
    try {
      const first = await firstContext.newPage();
      const second = await secondContext.newPage();
      const name = uniqueName('taken');
      await joinLive(first, name);

      await second.goto('/');
      await waitHydrated(second);
      await nicknameInput(second).fill(name.toUpperCase());
      await joinButton(second).click();
      const error = second.locator('p#join-error[role="alert"]');
      await expect(error).toHaveText('that nickname is already in use');
      // Still a visitor: the join form stays, no room, no session.
      await expect(joinForm(second)).toBeVisible();
      await expect(room(second)).toHaveCount(0);
      expect((await secondContext.cookies()).some((c) => c.name === 'papo_session')).toBe(false);

      // The same exact name is refused too.
      await nicknameInput(second).fill(name);
      await joinButton(second).click();
      await expect(error).toHaveText('that nickname is already in use');
      await expect(room(second)).toHaveCount(0);

      // A free name still works from the same form.
      const other = uniqueName('free');
      await nicknameInput(second).fill(other);
      await joinButton(second).click();
      await expect(room(second)).toBeVisible();
      await expect(second.locator('.me strong')).toHaveText(other);
    } finally {
      await firstContext.close();
      await secondContext.close();
    }
  });

  test('a nickname with characters outside letters, digits, _ - . is refused with the reason', async ({
    page,
  }) => {
    await page.goto('/');
    await waitHydrated(page);
    await nicknameInput(page).fill('ana maria!');
    await joinButton(page).click();
    await expect(page.locator('p#join-error[role="alert"]')).toHaveText(
      "nickname may only contain letters, digits, '_', '-' and '.'",
    );
    await expect(joinForm(page)).toBeVisible();
    await expect(room(page)).toHaveCount(0);
  });
});
