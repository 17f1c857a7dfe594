import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  apiJoin,
  apiPost,
  closeAll,
  composer,
  confirmedMessage,
  newGuest,
  uniqueName,
  uniqueText,
  watchErrors,
} from './helpers';

/** The chat page's notification toasts (a polite live region). */
function toasts(page: Page): Locator {
  return page.getByRole('region', { name: 'Notifications' });
}

function toastItems(page: Page): Locator {
  return toasts(page).locator('[data-notification]');
}

test('a notification shows as a toast to its one recipient, as plain text, until dismissed', async ({
  browser,
  request,
}) => {
  const people = [await newGuest(browser, 'bob'), await newGuest(browser, 'cy')];
  const [bob, cy] = people;
  const errors = watchErrors(bob.page);
  try {
    // Ana notifies Bob through the API, with her session's token.
    const ana = uniqueName('ana');
    const token = await apiJoin(request, ana);
    const notify = async (text: string) => {
      const response = await request.post(`/api/v1/users/${bob.name}/notify`, {
        data: { text },
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(response.status(), await response.text()).toBe(201);
    };

    for (const page of [bob.page, cy.page]) {
      await expect(toasts(page)).toHaveAttribute('aria-live', 'polite');
      await expect(toastItems(page)).toHaveCount(0);
    }

    const text = `<b>ping</b> deploy done ${uniqueName('n')}`;
    await notify(text);

    const toast = toastItems(bob.page);
    await expect(toast).toHaveCount(1);
    await expect(toast.locator('.from')).toHaveText(ana);
    // The text exactly as sent: none of it became markup.
    await expect(toast.locator('.text')).toHaveText(text);
    await expect(toast.locator('.text *')).toHaveCount(0);
    await expect(toast.locator('b')).toHaveCount(0);
    await expect(toast.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
    await expect(toast.locator('time')).toHaveText(/^\d\d:\d\d$/);

    // It does not cover the composer.
    const [toastBox, composerBox] = [
      await toast.boundingBox(),
      await composer(bob.page).boundingBox(),
    ];
    expect(toastBox && composerBox).toBeTruthy();
    if (toastBox && composerBox) {
      expect(toastBox.y + toastBox.height).toBeLessThanOrEqual(composerBox.y);
    }

    // A message Ana posts after it reaches both; by then Cy would have
    // had the notification too, had it been sent to him.
    const after = uniqueText('after the notification');
    await apiPost(request, token, after);
    await expect(confirmedMessage(cy.page, after)).toHaveCount(1);
    await expect(confirmedMessage(bob.page, after)).toHaveCount(1);
    await expect(toastItems(cy.page)).toHaveCount(0);

    // A second one stacks on top of the first.
    const second = uniqueText('second');
    await notify(second);
    await expect(toast).toHaveCount(2);
    await expect(toast.nth(0).locator('.text')).toHaveText(second);
    await expect(toast.nth(1).locator('.text')).toHaveText(text);

    // Dismissing one leaves the other.
    const first = toast.filter({ hasText: 'deploy done' });
    await first.getByRole('button', { name: `Dismiss notification from ${ana}` }).click();
    await expect(first).toHaveCount(0);
    await expect(toast).toHaveCount(1);
    await expect(toast.locator('.text')).toHaveText(second);
    await toast.getByRole('button', { name: /^Dismiss notification/ }).click();
    await expect(toast).toHaveCount(0);

    await expect(toastItems(cy.page)).toHaveCount(0);
    expect(errors).toEqual([]);
  } finally {
    await closeAll(people);
  }
});
