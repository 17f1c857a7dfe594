import { expect, test } from '@playwright/test';
import {
  apiCreateChannel,
  apiJoinChannel,
  closeAll,
  confirmedMessage,
  newPerson,
  openChat,
  send,
  sidebarItem,
  uniqueChannel,
  uniqueText,
} from './helpers';

test('a message that mentions someone is highlighted for them and counted in their mention badge', async ({
  browser,
}) => {
  const ana = await newPerson(browser, 'ana');
  const bob = await newPerson(browser, 'bob');
  try {
    const channel = uniqueChannel('mentions');
    await apiCreateChannel(ana.context.request, channel);
    await apiJoinChannel(bob.context.request, channel);
    // Bob reads #general; Ana writes in the other channel.
    await openChat(bob.page, '/');
    await openChat(ana.page, `/c/${channel}`);
    const item = sidebarItem(bob.page, channel);
    await expect(item).toHaveAttribute('data-unread', '0');

    const plain = uniqueText('nothing for Bob');
    await send(ana.page, plain);
    await expect(item).toHaveAttribute('data-unread', '1');
    await expect(item).toHaveAttribute('data-mentions', '0');

    const calling = uniqueText(`hey @${bob.name}, look`);
    await send(ana.page, calling);
    await expect(item).toHaveAttribute('data-unread', '2');
    await expect(item).toHaveAttribute('data-mentions', '1');
    await expect(item.locator('.badge.mention')).toHaveText('@1');
    await expect(item.locator('.badge.unread')).toHaveText('2');

    // Ana's own view does not highlight it.
    await expect(confirmedMessage(ana.page, calling)).not.toHaveClass(/mentions-me/);

    // In the channel, the message is highlighted for Bob, the other is not.
    await item.locator('a').click();
    await expect(bob.page).toHaveURL((url) => url.pathname === `/c/${channel}`);
    const highlighted = confirmedMessage(bob.page, calling);
    await expect(highlighted).toHaveClass(/\bmentions-me\b/);
    await expect(highlighted.locator('.body .mention')).toHaveText(`@${bob.name}`);
    await expect(confirmedMessage(bob.page, plain)).not.toHaveClass(/mentions-me/);
    await expect(item).toHaveAttribute('data-mentions', '0');
    await expect(item).toHaveAttribute('data-unread', '0');
  } finally {
    await closeAll([ana, bob]);
  }
});
