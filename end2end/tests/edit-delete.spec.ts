import { expect, test } from '@playwright/test';
import {
  apiCreateChannel,
  apiJoinChannel,
  closeAll,
  confirmedMessage,
  messageById,
  newPerson,
  openChat,
  send,
  uniqueChannel,
  uniqueText,
} from './helpers';

test('edits and deletions reach the other reader live; only the author may make them', async ({
  browser,
}) => {
  const ana = await newPerson(browser, 'ana');
  const bob = await newPerson(browser, 'bob');
  try {
    const channel = uniqueChannel('edits');
    await apiCreateChannel(ana.context.request, channel);
    await apiJoinChannel(bob.context.request, channel);
    await openChat(ana.page, `/c/${channel}`);
    await openChat(bob.page, `/c/${channel}`);

    const original = uniqueText('first draft');
    const sent = await send(ana.page, original);
    const id = (await sent.getAttribute('data-id'))!;
    const atAna = messageById(ana.page, id);
    const atBob = messageById(bob.page, id);
    await expect(atBob.locator('.body')).toHaveText(original);

    // Bob cannot change Ana's message; his own has the buttons.
    await expect(atBob.getByRole('button', { name: 'Edit' })).toHaveCount(0);
    await expect(atBob.getByRole('button', { name: 'Delete' })).toHaveCount(0);
    const his = await send(bob.page, uniqueText('mine'));
    await expect(his.getByRole('button', { name: 'Edit' })).toHaveCount(1);

    // Escape leaves the message as it was.
    await atAna.hover();
    await atAna.getByRole('button', { name: 'Edit' }).click();
    const editor = atAna.getByRole('textbox', { name: 'Edit message' });
    await expect(editor).toBeFocused();
    await expect(editor).toHaveValue(original);
    await editor.press('Escape');
    await expect(editor).toHaveCount(0);
    await expect(atAna.locator('.body')).toHaveText(original);
    await expect(atAna.locator('.edited')).toHaveCount(0);

    // Enter saves: Bob sees the new text and "(edited)" live.
    const edited = uniqueText('second thoughts');
    await atAna.hover();
    await atAna.getByRole('button', { name: 'Edit' }).click();
    await editor.fill(edited);
    await editor.press('Enter');
    await expect(atAna.locator('.body')).toHaveText(edited);
    await expect(atAna.locator('.edited')).toHaveText('(edited)');
    await expect(atBob.locator('.body')).toHaveText(edited);
    await expect(atBob.locator('.edited')).toHaveText('(edited)');
    await expect(confirmedMessage(bob.page, original)).toHaveCount(0);

    // Deleting asks first; Bob then sees the marker in its place.
    await atAna.hover();
    await atAna.getByRole('button', { name: 'Delete' }).click();
    const confirm = atAna.getByRole('group', { name: 'Delete this message?' });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect(atAna.locator('.deleted')).toHaveText('message deleted');
    await expect(atBob.locator('.deleted')).toHaveText('message deleted');
    await expect(atBob.locator('.body')).toHaveCount(0);
    await expect(atBob.locator('.edited')).toHaveCount(0);
    await expect(atAna.getByRole('button', { name: 'Edit' })).toHaveCount(0);

    // The same after a reload.
    await openChat(bob.page, `/c/${channel}`);
    await expect(messageById(bob.page, id).locator('.deleted')).toHaveText('message deleted');
    expect(await bob.page.content()).not.toContain(edited);
  } finally {
    await closeAll([ana, bob]);
  }
});
