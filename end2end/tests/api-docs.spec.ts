import { expect, test } from '@playwright/test';
import { closeAll, newPerson, waitHydrated } from './helpers';

/**
 * The API reference: reached from the settings page's tokens, it shows
 * every operation of the OpenAPI document, and links to the document.
 */
test('the API reference is one click from the tokens and shows the document', async ({ browser }) => {
  const ana = await newPerson(browser, 'docs');
  const page = ana.page;
  await page.goto('/settings');
  await waitHydrated(page);
  await page.getByRole('link', { name: 'What the API can do' }).click();

  await expect(page).toHaveURL(/\/api\/docs$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('papo API');
  const post = page.locator('#post-api-v1-channels--channel--messages');
  await expect(post.getByRole('heading', { level: 3 })).toHaveText(
    'POST /api/v1/channels/{channel}/messages',
  );
  await expect(post.locator('pre').last()).toContainText('"$PAPO_SERVER/api/v1/channels/{channel}/messages"');

  // The nav's sections and the schemas are links within the page.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'live' }).click();
  await expect(page).toHaveURL(/#live$/);
  await page.locator('#get-api-v1-events').getByRole('link', { name: 'FeedEvent' }).click();
  await expect(page.locator('#schema-FeedEvent')).toBeInViewport();

  // Every operation of the served document is on the page.
  const document = await (await ana.context.request.get('/api/v1/openapi.json')).json();
  let operations = 0;
  for (const item of Object.values(document.paths) as Record<string, unknown>[]) {
    operations += Object.keys(item).length;
  }
  await expect(page.locator('article.api-operation')).toHaveCount(operations);
  expect(operations).toBeGreaterThan(25);

  await page.getByRole('link', { name: 'The OpenAPI 3.2 document (JSON)' }).click();
  await expect(page).toHaveURL(/\/api\/v1\/openapi\.json$/);
  await closeAll([ana]);
});
