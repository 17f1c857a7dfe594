import { expect, test } from '@playwright/test';
import {
  closeAll,
  confirmedMessage,
  newPerson,
  openBrowse,
  openChat,
  room,
  send,
  sidebarItem,
  uniqueChannel,
  uniqueText,
  waitHydrated,
  waitLive,
} from './helpers';

test('a private channel is seen only by the people in it', async ({ browser }) => {
  const ana = await newPerson(browser, 'ana');
  const bob = await newPerson(browser, 'bob');
  const cy = await newPerson(browser, 'cy');
  try {
    const channel = uniqueChannel('secret');

    // Bob and Cy are in the chat, live, before the channel exists.
    await openChat(bob.page);
    await openChat(cy.page);

    // Ana creates it with the form on /channels and lands in it.
    await openBrowse(ana.page);
    await ana.page.getByLabel('Name', { exact: true }).fill(channel);
    await ana.page.getByLabel('Topic (optional)').fill('plans nobody else should read');
    await ana.page.getByLabel(/^Private/).check();
    await ana.page.getByRole('button', { name: 'Create channel' }).click();
    await expect(ana.page).toHaveURL((url) => url.pathname === `/c/${channel}`);
    await waitLive(ana.page);
    await expect(ana.page.locator('#room-title')).toHaveText(`#${channel}`);
    await expect(ana.page.locator('#room-topic')).toHaveText('plans nobody else should read');
    await expect(ana.page.locator('#member-count')).toHaveText('1 member');
    await expect(sidebarItem(ana.page, channel)).toHaveCount(1);
    await expect(sidebarItem(ana.page, channel).locator('a')).toHaveAttribute('aria-current', 'page');

    // She invites Bob from the members panel.
    await ana.page.locator('#member-count').click();
    await ana.page.getByLabel('Invite someone').fill(bob.name);
    await ana.page.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect(ana.page.locator(`.member-list li[data-member="${bob.name}"]`)).toHaveCount(1);
    await expect(ana.page.locator('#member-count')).toHaveText('2 members');
    // As its creator she may remove Bob again, but not herself.
    await expect(
      ana.page.getByRole('button', { name: `Remove ${bob.name} from the channel` }),
    ).toHaveCount(1);
    await expect(
      ana.page.getByRole('button', { name: `Remove ${ana.name} from the channel` }),
    ).toHaveCount(0);

    // The channel appears in Bob's sidebar while he is on #general.
    await expect(sidebarItem(bob.page, channel)).toHaveCount(1);
    await bob.page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await sidebarItem(bob.page, channel).locator('a').click();
    await expect(bob.page).toHaveURL((url) => url.pathname === `/c/${channel}`);
    await expect(bob.page.locator('#room-title')).toHaveText(`#${channel}`);
    // Switching channels keeps the page and its live feed.
    await waitLive(bob.page);
    expect(
      await bob.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);

    // Ana's message reaches Bob live.
    const text = uniqueText('for members only');
    await send(ana.page, text);
    await expect(confirmedMessage(bob.page, text)).toHaveCount(1);
    await expect(confirmedMessage(bob.page, text).locator('.author')).toHaveText(ana.name);

    // Cy sees nothing of it: not in the sidebar, not in the directory...
    await expect(room(cy.page)).toHaveAttribute('data-live', 'open');
    await expect(sidebarItem(cy.page, channel)).toHaveCount(0);
    await openBrowse(cy.page);
    await expect(cy.page.locator(`#channel-directory li[data-channel="${channel}"]`)).toHaveCount(0);

    // ...and opening its address is a 404, like a channel that never existed.
    const response = await cy.page.goto(`/c/${channel}`);
    expect(response?.status()).toBe(404);
    await waitHydrated(cy.page);
    await expect(cy.page.getByRole('heading', { name: 'Channel not found' })).toBeVisible();
    await expect(room(cy.page)).toHaveCount(0);
    expect(await cy.page.content()).not.toContain(text);
    const html = await (await cy.page.request.get(`/c/${channel}`)).text();
    expect(html).not.toContain(text);
    expect(html).not.toContain('plans nobody else should read');
  } finally {
    await closeAll([ana, bob, cy]);
  }
});
