import { expect, test } from './cluster';
import { confirmedMessage, joinLive, sendWithEnter, uniqueName, uniqueText, waitLive } from './helpers';

/**
 * papo scaled out: two instances on one PostgreSQL (started by the
 * `cluster` fixture, see `cluster.ts`), one person on each. Nothing but the
 * database connects the two: a message reaches the other instance's
 * readers only through PostgreSQL (the event log and its NOTIFY). With a
 * database each, these tests would fail.
 */
test.describe('two instances on one PostgreSQL', () => {
  test('a message posted on instance A appears live for a reader of instance B, and the reply on A', async ({
    browser,
    cluster,
  }) => {
    const onA = await browser.newContext({ baseURL: cluster.a });
    const onB = await browser.newContext({ baseURL: cluster.b });
    try {
      const ana = await onA.newPage();
      const bea = await onB.newPage();
      const anaName = uniqueName('ana');
      const beaName = uniqueName('bea');
      // Both pages hydrated and their live feeds open, each on its instance.
      await joinLive(ana, anaName);
      await joinLive(bea, beaName);
      expect(new URL(ana.url()).origin).toBe(cluster.a);
      expect(new URL(bea.url()).origin).toBe(cluster.b);
      // Marks Bea's document: if it survives, the message came without a reload.
      await bea.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

      const text = uniqueText('from instance A');
      await sendWithEnter(ana, text);
      const atAna = confirmedMessage(ana, text);
      await expect(atAna).toHaveCount(1);
      const atBea = confirmedMessage(bea, text);
      await expect(atBea).toHaveCount(1);
      await expect(atBea.locator('.author')).toHaveText(anaName);
      await expect(atBea.locator('.body')).toHaveText(text);
      expect(await atBea.getAttribute('data-id')).toBe(await atAna.getAttribute('data-id'));
      expect(await bea.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

      // And back: Bea answers on B, Ana reads it on A.
      const reply = uniqueText('from instance B');
      await sendWithEnter(bea, reply);
      await expect(confirmedMessage(bea, reply)).toHaveCount(1);
      const replyAtAna = confirmedMessage(ana, reply);
      await expect(replyAtAna).toHaveCount(1);
      await expect(replyAtAna.locator('.author')).toHaveText(beaName);
      expect(await replyAtAna.getAttribute('data-id')).toBe(
        await confirmedMessage(bea, reply).getAttribute('data-id'),
      );
      await waitLive(ana);
      await waitLive(bea);

      // Both are in the one database: B's history has them, in order.
      await bea.reload();
      await waitLive(bea);
      await expect(confirmedMessage(bea, text)).toHaveCount(1);
      await expect(confirmedMessage(bea, reply)).toHaveCount(1);
      const [first, second] = await Promise.all([
        confirmedMessage(bea, text).getAttribute('data-id'),
        confirmedMessage(bea, reply).getAttribute('data-id'),
      ]);
      expect(Number(first)).toBeLessThan(Number(second));
    } finally {
      await onA.close();
      await onB.close();
    }
  });
});
