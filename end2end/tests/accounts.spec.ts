import { expect, test } from '@playwright/test';
import {
  bearerPostStatus,
  confirmedMessage,
  createToken,
  expectInRoom,
  joinForm,
  joinLive,
  openLogin,
  openSettings,
  registerLive,
  room,
  root,
  send,
  signInLive,
  signOut,
  submitRegister,
  submitSignIn,
  tokenItem,
  tokenItems,
  uniqueName,
  uniquePassword,
  uniqueText,
  waitHydrated,
} from './helpers';

test.describe('accounts', () => {
  test('register, send, sign out, sign in again: the earlier message is in the history', async ({
    page,
    context,
  }) => {
    const name = uniqueName('acct');
    const password = uniquePassword();

    // From the join form to /login.
    await page.goto('/');
    await waitHydrated(page);
    await page.locator('a#to-login').click();
    await expect(page).toHaveURL((url) => url.pathname === '/login');
    await expect(page.getByRole('heading', { name: 'Sign in', level: 2 })).toBeVisible();

    await submitRegister(page, name, password);
    await expectInRoom(page, name);
    await expect(page.locator('a#settings-link')).toHaveAttribute('href', '/settings');
    await expect(page.locator('a#register-link')).toHaveCount(0);
    const text = uniqueText('said before signing out');
    await send(page, text);

    await signOut(page);
    expect((await context.cookies()).some((c) => c.name === 'papo_session')).toBe(false);
    // Signed out for the server too, not only on this page.
    await page.reload();
    await waitHydrated(page);
    await expect(joinForm(page)).toBeVisible();

    await signInLive(page, name, password);
    const message = confirmedMessage(page, text);
    await expect(message).toHaveCount(1);
    await expect(message.locator('.author')).toHaveText(name);
  });

  test('a wrong password is refused and nobody is signed in', async ({ page, browser }) => {
    const name = uniqueName('wrongpw');
    const password = uniquePassword();
    const owner = await browser.newContext();
    try {
      await registerLive(await owner.newPage(), name, password);
    } finally {
      await owner.close();
    }

    await openLogin(page);
    await submitSignIn(page, name, `${password}x`);
    await expect(page.locator('p#signin-error[role="alert"]')).toHaveText('wrong name or password');
    await submitSignIn(page, uniqueName('nobody'), password);
    await expect(page.locator('p#signin-error[role="alert"]')).toHaveText('wrong name or password');
    await expect(page).toHaveURL((url) => url.pathname === '/login');
    await expect(room(page)).toHaveCount(0);
  });

  test('a too-short password and a common password are refused with their reasons', async ({
    page,
  }) => {
    const name = uniqueName('weakpw');
    await openLogin(page);
    const error = page.locator('p#register-error[role="alert"]');

    await submitRegister(page, name, 'short1');
    await expect(error).toHaveText('password is too short (at least 10 characters)');
    await expect(page).toHaveURL((url) => url.pathname === '/login');

    await submitRegister(page, name, 'password123');
    await expect(error).toHaveText(
      'that password is one of the most common ones; please choose another',
    );
    await expect(page).toHaveURL((url) => url.pathname === '/login');
    await expect(room(page)).toHaveCount(0);

    // The name was not taken by the refused attempts.
    await submitRegister(page, name, uniquePassword());
    await expectInRoom(page, name);
  });

  test('a name already in use cannot be registered', async ({ page, browser }) => {
    const name = uniqueName('dup');
    const other = await browser.newContext();
    try {
      await joinLive(await other.newPage(), name);
      await openLogin(page);
      await submitRegister(page, name, uniquePassword());
      await expect(page.locator('p#register-error[role="alert"]')).toHaveText(
        'that nickname is already in use',
      );
      await expect(room(page)).toHaveCount(0);
    } finally {
      await other.close();
    }
  });

  test('guests still join and send; a guest registering under its own name keeps it and its messages', async ({
    page,
  }) => {
    const name = uniqueName('guest');
    await joinLive(page, name);
    const text = uniqueText('said as a guest');
    await send(page, text);
    await expect(page.locator('a#settings-link')).toHaveCount(0);

    await page.locator('a#register-link').click();
    await expect(page).toHaveURL((url) => url.pathname === '/login');
    await waitHydrated(page);
    // The guest's own nickname is filled in.
    await expect(page.locator('#register-name')).toHaveValue(name);
    await submitRegister(page, name, uniquePassword());

    await expectInRoom(page, name);
    await expect(page.locator('a#settings-link')).toBeVisible();
    await expect(page.locator('a#register-link')).toHaveCount(0);
    const earlier = confirmedMessage(page, text);
    await expect(earlier).toHaveCount(1);
    await expect(earlier.locator('.author')).toHaveText(name);
  });

  test('settings show only your own tokens; visitors and guests are sent to /login', async ({
    page,
    browser,
  }) => {
    // The first person has a token.
    await registerLive(page, uniqueName('owner'), uniquePassword());
    await openSettings(page);
    const label = uniqueName('secret-label');
    await createToken(page, label);

    // Someone else, signed in to their own account, sees none of it.
    const otherContext = await browser.newContext();
    const visitorContext = await browser.newContext();
    const guestContext = await browser.newContext();
    try {
      const other = await otherContext.newPage();
      const otherName = uniqueName('other');
      await registerLive(other, otherName, uniquePassword());
      await openSettings(other);
      await expect(other.locator('.signed-in strong')).toHaveText(otherName);
      await expect(other.getByText('No tokens yet.')).toBeVisible();
      await expect(tokenItems(other)).toHaveCount(0);
      await expect(other.locator('code#new-token')).toHaveCount(0);
      expect(await other.content()).not.toContain(label);
      // Not in the server-rendered page either.
      expect(await (await other.request.get('/settings')).text()).not.toContain(label);

      // A visitor without a session gets the way to sign in, and no list.
      const visitor = await visitorContext.newPage();
      await openSettings(visitor);
      await expect(visitor.locator('a#to-login')).toHaveAttribute('href', '/login');
      await expect(visitor.locator('ul#tokens')).toHaveCount(0);
      await expect(visitor.locator('input#token-label')).toHaveCount(0);
      expect(await visitor.content()).not.toContain(label);

      // A guest is told that tokens need an account.
      const guest = await guestContext.newPage();
      await joinLive(guest, uniqueName('guest'));
      await openSettings(guest);
      await expect(guest.locator('a#to-login')).toBeVisible();
      await expect(guest.locator('input#token-label')).toHaveCount(0);
      await expect(guest.locator('ul#tokens')).toHaveCount(0);
    } finally {
      await otherContext.close();
      await visitorContext.close();
      await guestContext.close();
    }
  });

  test('a token is shown once, works as a Bearer token, and stops working once revoked', async ({
    page,
    request,
  }) => {
    const name = uniqueName('tokens');
    await registerLive(page, name, uniquePassword());
    await page.locator('a#settings-link').click();
    await expect(page).toHaveURL((url) => url.pathname === '/settings');
    await expect(page.getByText('No tokens yet.')).toBeVisible();

    const label = uniqueName('ci bot');
    const token = await createToken(page, label);
    const item = tokenItem(page, label);
    await expect(item).toHaveAttribute('data-id', /^\d+$/);
    await expect(item.locator('.token-last-used')).toContainText('never');

    // After a reload the secret is gone for good; the label stays.
    await page.reload();
    await waitHydrated(page);
    await expect(tokenItem(page, label)).toHaveCount(1);
    await expect(page.locator('code#new-token')).toHaveCount(0);
    expect(await page.content()).not.toContain(token);

    // The token speaks for its owner through the JSON API.
    const response = await request.post('/api/v1/channels/general/messages', {
      data: { body: uniqueText('posted with a token') },
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status(), await response.text()).toBe(201);
    expect((await response.json()).author).toBe(name);

    // Its use is recorded.
    await page.reload();
    await waitHydrated(page);
    await expect(tokenItem(page, label).locator('.token-last-used time')).toHaveCount(1);

    // Revoked in the UI, it is refused.
    await tokenItem(page, label).getByRole('button', { name: /^Revoke/ }).click();
    await expect(tokenItem(page, label)).toHaveCount(0);
    await expect(page.getByText('No tokens yet.')).toBeVisible();
    expect(await bearerPostStatus(request, token, uniqueText('after revoking'))).toBe(401);
  });

  test('"Sign out everywhere" ends the sessions in other browsers too', async ({
    page,
    context,
    browser,
  }) => {
    const name = uniqueName('everywhere');
    await registerLive(page, name, uniquePassword());

    // The same account in a second browser, with a copy of the cookies.
    const second = await browser.newContext({ storageState: await context.storageState() });
    try {
      const other = await second.newPage();
      await other.goto('/');
      await waitHydrated(other);
      await expectInRoom(other, name);

      await openSettings(page);
      await page.locator('button#sign-out-everywhere').click();
      await expect(page).toHaveURL((url) => url.pathname === '/');
      await expect(joinForm(page)).toBeVisible();

      await other.reload();
      await waitHydrated(other);
      await expect(joinForm(other)).toBeVisible();
      await expect(room(other)).toHaveCount(0);
    } finally {
      await second.close();
    }
  });
});

test.describe('accounts without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('register, sign out and sign in with plain HTML forms', async ({ page }) => {
    const name = uniqueName('nojs_acct');
    const password = uniquePassword();

    await page.goto('/login');
    await expect(root(page)).toHaveAttribute('data-hydrated', 'false');
    await page.locator('#register-name').fill(name);
    await page.locator('#register-password').fill(password);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/', { waitUntil: 'load' }),
      page.getByRole('button', { name: 'Create account' }).click(),
    ]);
    await expect(page.locator('.me strong')).toHaveText(name);
    await expect(page.locator('a#settings-link')).toBeVisible();

    await Promise.all([
      page.waitForURL((url) => url.pathname === '/', { waitUntil: 'load' }),
      page.locator('button#sign-out').click(),
    ]);
    await expect(joinForm(page)).toBeVisible();

    await page.goto('/login');
    await page.locator('#signin-name').fill(name);
    await page.locator('#signin-password').fill(`${password}-wrong`);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/login', { waitUntil: 'load' }),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    await expect(page.locator('p#signin-error[role="alert"]')).toHaveText('wrong name or password');

    await page.locator('#signin-name').fill(name);
    await page.locator('#signin-password').fill(password);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/', { waitUntil: 'load' }),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    await expect(room(page)).toBeVisible();
    await expect(page.locator('.me strong')).toHaveText(name);
  });

  test('settings: creating a token shows its secret once, revoking and signing out everywhere work', async ({
    page,
    browser,
  }) => {
    // An account with a token, made in a browser that runs JavaScript.
    const withJs = await browser.newContext({ javaScriptEnabled: true });
    let state;
    const label = uniqueName('nojs-label');
    try {
      const setup = await withJs.newPage();
      await registerLive(setup, uniqueName('nojs_set'), uniquePassword());
      await openSettings(setup);
      await createToken(setup, label);
      state = await withJs.storageState();
    } finally {
      await withJs.close();
    }
    await page.context().addCookies(state.cookies);

    await page.goto('/settings');
    await expect(root(page)).toHaveAttribute('data-hydrated', 'false');

    // A plain form post: the page comes back with the new secret, once.
    const scriptless = uniqueName('nojs-token');
    await page.locator('input#token-label').fill(scriptless);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/settings', { waitUntil: 'load' }),
      page.getByRole('button', { name: 'Create token' }).click(),
    ]);
    const secret = ((await page.locator('code#new-token').textContent()) ?? '').trim();
    expect(secret).toMatch(/^papo_pat_/);
    await expect(tokenItem(page, scriptless)).toHaveCount(1);
    expect(await bearerPostStatus(page.request, secret, uniqueText('scriptless token'))).toBe(201);
    await page.reload();
    await expect(page.locator('code#new-token')).toHaveCount(0);
    await expect(tokenItem(page, scriptless)).toHaveCount(1);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/settings', { waitUntil: 'load' }),
      tokenItem(page, scriptless).getByRole('button', { name: /^Revoke/ }).click(),
    ]);

    await Promise.all([
      page.waitForURL((url) => url.pathname === '/settings', { waitUntil: 'load' }),
      tokenItem(page, label).getByRole('button', { name: /^Revoke/ }).click(),
    ]);
    await expect(tokenItem(page, label)).toHaveCount(0);
    await expect(page.getByText('No tokens yet.')).toBeVisible();

    await Promise.all([
      page.waitForURL((url) => url.pathname === '/', { waitUntil: 'load' }),
      page.locator('button#sign-out-everywhere').click(),
    ]);
    await expect(joinForm(page)).toBeVisible();
  });
});
