import { expect, test } from '@playwright/test';
import {
  apiCreateChannel,
  apiInvite,
  apiPostTo,
  closeAll,
  composer,
  confirmedMessage,
  messageById,
  newPerson,
  openBrowse,
  openChat,
  send,
  sidebarItem,
  uniqueChannel,
  uniqueText,
  waitHydrated,
  watchErrors,
} from './helpers';

test('browse, preview, join and leave a public channel', async ({ browser }) => {
  const ana = await newPerson(browser, 'ana');
  const bob = await newPerson(browser, 'bob');
  const errors = watchErrors(ana.page);
  const bobErrors = watchErrors(bob.page);
  try {
    const channel = uniqueChannel('open');
    await apiCreateChannel(ana.context.request, channel, { topic: 'all things open' });
    const hello = await apiPostTo(ana.context.request, channel, uniqueText('hello, passers-by'));
    await openChat(ana.page, `/c/${channel}`);
    await expect(ana.page.locator('#member-count')).toHaveText('1 member');

    // Bob finds it on /channels, with its topic and member count.
    await openBrowse(bob.page);
    const entry = bob.page.locator(`#channel-directory li[data-channel="${channel}"]`);
    await expect(entry).toContainText('all things open');
    await expect(entry).toContainText('1 member');
    await expect(entry).toHaveAttribute('data-joined', 'false');

    // Its name opens a preview: the history, and Join instead of the composer.
    await entry.getByRole('link', { name: `#${channel}` }).click();
    await expect(bob.page).toHaveURL((url) => url.pathname === `/c/${channel}`);
    await expect(messageById(bob.page, hello)).toHaveCount(1);
    await expect(composer(bob.page)).toHaveCount(0);
    await expect(sidebarItem(bob.page, channel)).toHaveCount(0);
    await expect(bob.page.locator('#leave-channel')).toHaveCount(0);

    // Joining: the composer, the sidebar entry, and one more member for Ana, live.
    await bob.page.getByRole('button', { name: `Join #${channel}` }).click();
    await expect(composer(bob.page)).toBeVisible();
    await expect(sidebarItem(bob.page, channel)).toHaveCount(1);
    await expect(bob.page.locator('#member-count')).toHaveText('2 members');
    await expect(ana.page.locator('#member-count')).toHaveText('2 members');
    const text = uniqueText('glad to be here');
    await send(bob.page, text);
    await expect(confirmedMessage(ana.page, text)).toHaveCount(1);

    // Leaving goes back to #general, without the channel in the sidebar.
    await bob.page.getByRole('button', { name: `Leave #${channel}` }).click();
    await expect(bob.page).toHaveURL((url) => url.pathname === '/');
    await expect(bob.page.locator('#room-title')).toHaveText('#general');
    await expect(sidebarItem(bob.page, channel)).toHaveCount(0);
    await expect(ana.page.locator('#member-count')).toHaveText('1 member');
    // #general cannot be left.
    await expect(bob.page.locator('#leave-channel')).toHaveCount(0);

    expect(errors).toEqual([]);
    expect(bobErrors).toEqual([]);
  } finally {
    await closeAll([ana, bob]);
  }
});

test("a private channel's creator removes someone, who is sent back to #general", async ({
  browser,
}) => {
  const ana = await newPerson(browser, 'ana');
  const bob = await newPerson(browser, 'bob');
  const bobErrors = watchErrors(bob.page);
  try {
    const channel = uniqueChannel('inner');
    await apiCreateChannel(ana.context.request, channel, { private: true });
    await apiInvite(ana.context.request, channel, bob.name);
    await openChat(bob.page, `/c/${channel}`);
    // Bob may invite others but not remove anyone: he did not create it.
    await bob.page.locator('#member-count').click();
    await expect(bob.page.getByLabel('Invite someone')).toBeVisible();
    await expect(bob.page.locator('.remove-member')).toHaveCount(0);

    await openChat(ana.page, `/c/${channel}`);
    await ana.page.locator('#member-count').click();
    await ana.page.getByRole('button', { name: `Remove ${bob.name} from the channel` }).click();
    await expect(ana.page.locator('#member-count')).toHaveText('1 member');

    await expect(bob.page).toHaveURL((url) => url.pathname === '/');
    await expect(bob.page.locator('#room-title')).toHaveText('#general');
    await expect(sidebarItem(bob.page, channel)).toHaveCount(0);
    expect(bobErrors).toEqual([]);
  } finally {
    await closeAll([ana, bob]);
  }
});

test.describe('channels without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('create a channel, write in it and open a direct message with plain HTML forms', async ({
    browser,
  }) => {
    const ana = await newPerson(browser, 'ana');
    const bob = await newPerson(browser, 'bob');
    try {
      const { page } = ana;
      const channel = uniqueChannel('plain');
      await page.goto('/channels');
      await page.getByLabel('Name', { exact: true }).fill(channel);
      await Promise.all([
        page.waitForURL((url) => url.pathname === `/c/${channel}`, { waitUntil: 'load' }),
        page.getByRole('button', { name: 'Create channel' }).click(),
      ]);
      await expect(page.locator('#room-title')).toHaveText(`#${channel}`);
      await expect(sidebarItem(page, channel).locator('a')).toHaveAttribute('aria-current', 'page');

      const text = uniqueText('typed without scripts');
      await composer(page).fill(text);
      await Promise.all([
        page.waitForURL((url) => url.pathname === `/c/${channel}`, { waitUntil: 'load' }),
        page.getByRole('button', { name: 'Send', exact: true }).click(),
      ]);
      await expect(confirmedMessage(page, text)).toHaveCount(1);

      await page.goto('/channels');
      await page.getByLabel('People', { exact: true }).fill(bob.name);
      await Promise.all([
        page.waitForURL((url) => /^\/c\/dm-\d+$/.test(url.pathname), { waitUntil: 'load' }),
        page.getByRole('button', { name: 'Open conversation' }).click(),
      ]);
      await expect(page.locator('#room-title')).toHaveText(bob.name);
    } finally {
      await closeAll([ana, bob]);
    }
  });

  test('a guest is told that creating channels needs an account', async ({ page }) => {
    await page.goto('/');
    const name = `guest_${Date.now() % 1e6}${Math.random().toString(36).slice(2, 6)}`;
    await page.getByLabel('Nickname').fill(name);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/', { waitUntil: 'load' }),
      page.getByRole('button', { name: 'Join #general' }).click(),
    ]);
    await page.goto('/channels');
    await expect(page.locator('#create-needs-account')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create channel' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Open conversation' })).toBeVisible();
  });
});

test('a visitor on /channels is pointed to the join form', async ({ page }) => {
  await page.goto('/channels');
  await waitHydrated(page);
  await expect(page.getByText('Join the chat to see its channels.')).toBeVisible();
});
