import { expect, test } from '@playwright/test';
import {
  closeAll,
  confirmedMessage,
  newPerson,
  openBrowse,
  openChat,
  send,
  sidebarItem,
  uniqueText,
  waitLive,
} from './helpers';

test('a direct message shows up live with an unread badge that clears once read, for good', async ({
  browser,
}) => {
  const ana = await newPerson(browser, 'ana');
  const cy = await newPerson(browser, 'cy');
  try {
    await openChat(cy.page);

    // Ana opens a conversation with Cy from /channels.
    await openBrowse(ana.page);
    await ana.page.getByLabel('People', { exact: true }).fill(cy.name);
    await ana.page.getByRole('button', { name: 'Open conversation' }).click();
    await expect(ana.page).toHaveURL((url) => /^\/c\/dm-\d+$/.test(url.pathname));
    await waitLive(ana.page);
    const dm = new URL(ana.page.url()).pathname.slice('/c/'.length);
    await expect(ana.page.locator('#room-title')).toHaveText(cy.name);
    // A DM is fixed: nobody leaves or invites.
    await expect(ana.page.locator('#leave-channel')).toHaveCount(0);
    const text = uniqueText('just between us');
    await send(ana.page, text);

    // Cy, on #general, sees the conversation appear with one unread message.
    const item = sidebarItem(cy.page, dm);
    await expect(item).toHaveAttribute('data-unread', '1');
    await expect(item).toHaveAttribute('data-mentions', '0');
    await expect(item.locator('a')).toContainText(ana.name);
    await expect(item.locator('.badge.unread')).toHaveText('1');

    // Opening it shows the message and clears the badge.
    const marked = cy.page.waitForResponse(
      (response) => response.url().includes('/rpc/mark_read') && response.ok(),
    );
    await item.locator('a').click();
    await expect(cy.page).toHaveURL((url) => url.pathname === `/c/${dm}`);
    await expect(confirmedMessage(cy.page, text)).toHaveCount(1);
    await expect(item).toHaveAttribute('data-unread', '0');
    await expect(item.locator('a')).toHaveAttribute('aria-current', 'page');
    await marked;

    // The read position is stored: back on #general after a reload, still 0.
    await openChat(cy.page, '/');
    await expect(sidebarItem(cy.page, dm)).toHaveAttribute('data-unread', '0');
    await expect(sidebarItem(cy.page, dm).locator('.badge')).toHaveCount(0);
    await cy.page.reload();
    await waitLive(cy.page);
    await expect(sidebarItem(cy.page, dm)).toHaveAttribute('data-unread', '0');

    // A second message counts again, live.
    const again = uniqueText('one more');
    await send(ana.page, again);
    await expect(sidebarItem(cy.page, dm)).toHaveAttribute('data-unread', '1');
  } finally {
    await closeAll([ana, cy]);
  }
});
