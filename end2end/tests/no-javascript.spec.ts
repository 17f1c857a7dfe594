import { expect, test } from '@playwright/test';
import { confirmedMessage, room, root, uniqueName, uniqueText } from './helpers';

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a person can join and send a message with plain HTML forms', async ({ page }) => {
    await page.goto('/');
    await expect(root(page)).toHaveAttribute('data-hydrated', 'false');
    await expect(page.getByRole('heading', { name: 'Join the conversation' })).toBeVisible();

    // Join: the browser posts the form, the server sends it back to the page.
    const name = uniqueName('nojs');
    await page.getByLabel('Nickname').fill(name);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/', { waitUntil: 'load' }),
      page.getByRole('button', { name: 'Join #general' }).click(),
    ]);
    await expect(room(page)).toBeVisible();
    await expect(page.locator('#room-title')).toHaveText('#general');
    await expect(page.locator('.me strong')).toHaveText(name);
    await expect(root(page)).toHaveAttribute('data-hydrated', 'false');

    // Send: same again, and the page comes back with the message in it.
    const text = uniqueText('sent without JavaScript');
    await page.getByRole('textbox', { name: 'Message' }).fill(text);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/', { waitUntil: 'load' }),
      page.getByRole('button', { name: 'Send', exact: true }).click(),
    ]);
    const message = confirmedMessage(page, text);
    await expect(message).toHaveCount(1);
    await expect(message).toHaveAttribute('data-id', /^\d+$/);
    await expect(message.locator('.author')).toHaveText(name);
    await expect(message.locator('.body')).toHaveText(text);
    await expect(page.locator('li.message.pending')).toHaveCount(0);
    // A fresh page: the composer is empty.
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('');
  });
});

test.describe('without JavaScript, refusals', () => {
  test.use({ javaScriptEnabled: false });

  test('a refused nickname brings the join form back with the reason', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Nickname').fill('ana maria!');
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/', { waitUntil: 'load' }),
      page.getByRole('button', { name: 'Join #general' }).click(),
    ]);
    await expect(page.locator('section.join')).toBeVisible();
    await expect(page.locator('p#join-error[role="alert"]')).toHaveText(
      "nickname may only contain letters, digits, '_', '-' and '.'",
    );
    await expect(room(page)).toHaveCount(0);
  });

  test('an empty message brings the room back with the reason', async ({ page }) => {
    await page.goto('/');
    const name = uniqueName('nojs_empty');
    await page.getByLabel('Nickname').fill(name);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/', { waitUntil: 'load' }),
      page.getByRole('button', { name: 'Join #general' }).click(),
    ]);
    await expect(page.locator('.me strong')).toHaveText(name);

    await page.getByRole('textbox', { name: 'Message' }).fill('   ');
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/', { waitUntil: 'load' }),
      page.getByRole('button', { name: 'Send', exact: true }).click(),
    ]);
    await expect(room(page)).toBeVisible();
    await expect(page.locator('p#composer-error[role="alert"]')).toHaveText('message is empty');
  });
});
