import {
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from '@playwright/test';

/**
 * Shared steps of papo's browser tests. Every wait here waits for something
 * the page shows (hydration, the live feed being open, a message appearing),
 * never for a fixed time.
 */

let counter = 0;

/**
 * A nickname nobody has used yet: `prefix_` + time + counter + random,
 * at most 32 characters of [A-Za-z0-9_.-]. The database outlives test runs,
 * so names must differ from run to run too.
 */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  const stamp = Date.now().toString(36);
  const random = Math.random().toString(36).slice(2, 7);
  const tail = `${stamp}${counter.toString(36)}${random}`;
  return `${prefix.slice(0, 32 - tail.length - 1)}_${tail}`;
}

/** A message text that no other test or run has sent. */
export function uniqueText(label: string): string {
  return `${label} ${uniqueName('m')}`;
}

/** The page's root; `data-hydrated` turns "true" once the wasm has hydrated it. */
export function root(page: Page): Locator {
  return page.locator('main#papo');
}

/** Waits until the browser has hydrated the server-rendered page. */
export async function waitHydrated(page: Page): Promise<void> {
  await expect(root(page)).toHaveAttribute('data-hydrated', 'true');
}

/** The chat room (only there for someone who joined). */
export function room(page: Page): Locator {
  return page.locator('section.room');
}

/** Waits until the room's live feed has said `ready`. */
export async function waitLive(page: Page): Promise<void> {
  await expect(room(page)).toHaveAttribute('data-live', 'open');
}

export function joinForm(page: Page): Locator {
  return page.locator('section.join');
}

export function nicknameInput(page: Page): Locator {
  return page.getByLabel('Nickname');
}

export function joinButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Join #general' });
}

export function composer(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Message' });
}

export function sendButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Send', exact: true });
}

export function timeline(page: Page): Locator {
  return page.locator('ol.timeline');
}

/** Confirmed messages: they carry the id the server gave them. */
export function confirmedMessages(page: Page): Locator {
  return page.locator('ol.timeline > li.message[data-id]:not(.pending)');
}

/** The confirmed message whose body contains `text`. */
export function confirmedMessage(page: Page, text: string): Locator {
  return confirmedMessages(page).filter({
    has: page.locator('.body', { hasText: text }),
  });
}

/** Any message (pending or confirmed) whose body contains `text`. */
export function anyMessage(page: Page, text: string): Locator {
  return page.locator('ol.timeline > li.message').filter({
    has: page.locator('.body', { hasText: text }),
  });
}

/**
 * Opens `/` as a visitor and joins under `name` through the join form, with
 * JavaScript on; returns once the room shows `name` as the signed-in person.
 */
export async function join(page: Page, name: string): Promise<void> {
  await page.goto('/');
  await waitHydrated(page);
  await expect(joinForm(page)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Join the conversation' })).toBeVisible();
  await nicknameInput(page).fill(name);
  await joinButton(page).click();
  await expect(room(page)).toBeVisible();
  await expect(page.locator('#room-title')).toHaveText('#general');
  await expect(page.locator('.me strong')).toHaveText(name);
}

/** Joins and waits for the live feed: the page is ready to send and receive. */
export async function joinLive(page: Page, name: string): Promise<void> {
  await join(page, name);
  await waitLive(page);
}

/** Types `text` into the composer and presses Enter. */
export async function sendWithEnter(page: Page, text: string): Promise<void> {
  const box = composer(page);
  await box.fill(text);
  await box.press('Enter');
}

/** Sends `text` with Enter and waits until the server has confirmed it. */
export async function send(page: Page, text: string): Promise<Locator> {
  await sendWithEnter(page, text);
  const message = confirmedMessage(page, text);
  await expect(message).toHaveCount(1);
  return message;
}

/** Joins through the JSON API; returns the session token. */
export async function apiJoin(request: APIRequestContext, name: string): Promise<string> {
  const response = await request.post('/api/v1/session', { data: { name } });
  expect(response.status(), await response.text()).toBe(201);
  const json = await response.json();
  expect(json.user.name).toBe(name);
  expect(typeof json.token).toBe('string');
  return json.token as string;
}

/** Posts `body` to #general through the JSON API; returns the message JSON. */
export async function apiPost(
  request: APIRequestContext,
  token: string,
  body: string,
): Promise<{ id: number; body: string; author: string }> {
  const response = await request.post('/api/v1/channels/general/messages', {
    data: { body },
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

/** The `data-id`s of the confirmed messages, as numbers, in page order. */
export async function messageIds(page: Page): Promise<number[]> {
  const ids = await confirmedMessages(page).evaluateAll((items) =>
    items.map((item) => item.getAttribute('data-id') ?? ''),
  );
  return ids.map((id) => Number(id));
}

/* Accounts */

/** A password nobody else uses: long enough and not a common one. */
export function uniquePassword(): string {
  return `correct horse ${Math.random().toString(36).slice(2, 10)}`;
}

/** Opens `/login` and waits until it has hydrated. */
export async function openLogin(page: Page): Promise<void> {
  await page.goto('/login');
  await waitHydrated(page);
  await expect(page.getByRole('heading', { name: 'Create an account' })).toBeVisible();
}

/** Fills in and submits the "Create an account" form of `/login` (no waiting). */
export async function submitRegister(page: Page, name: string, password: string): Promise<void> {
  await page.locator('#register-name').fill(name);
  await page.locator('#register-password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Fills in and submits the "Sign in" form of `/login` (no waiting). */
export async function submitSignIn(page: Page, name: string, password: string): Promise<void> {
  await page.locator('#signin-name').fill(name);
  await page.locator('#signin-password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Waits until the room is open for `name` with its live feed ready. */
export async function expectInRoom(page: Page, name: string): Promise<void> {
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await expect(room(page)).toBeVisible();
  await expect(page.locator('.me strong')).toHaveText(name);
  await waitLive(page);
}

/** Creates an account through `/login`; returns once its room is live. */
export async function registerLive(page: Page, name: string, password: string): Promise<void> {
  await openLogin(page);
  await submitRegister(page, name, password);
  await expectInRoom(page, name);
  await expect(page.locator('a#settings-link')).toBeVisible();
}

/** Signs in through `/login`; returns once the room is live. */
export async function signInLive(page: Page, name: string, password: string): Promise<void> {
  await openLogin(page);
  await submitSignIn(page, name, password);
  await expectInRoom(page, name);
}

/** Signs out with the room header's button; returns once the join form shows. */
export async function signOut(page: Page): Promise<void> {
  await page.locator('button#sign-out').click();
  await expect(joinForm(page)).toBeVisible();
  await expect(room(page)).toHaveCount(0);
}

/** Opens `/settings` and waits until it has hydrated. */
export async function openSettings(page: Page): Promise<void> {
  await page.goto('/settings');
  await waitHydrated(page);
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

/** The token list's items on `/settings`. */
export function tokenItems(page: Page): Locator {
  return page.locator('ul#tokens > li.token[data-id]');
}

/** The listed token labelled `label`. */
export function tokenItem(page: Page, label: string): Locator {
  return tokenItems(page).filter({
    has: page.locator('.token-label', { hasText: label }),
  });
}

/** Creates a token on `/settings` (already open); returns its secret. */
export async function createToken(page: Page, label: string): Promise<string> {
  await page.locator('input#token-label').fill(label);
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = page.locator('code#new-token');
  await expect(secret).toBeVisible();
  await expect(page.getByText('Copy this token now; it will not be shown again.')).toBeVisible();
  await expect(tokenItem(page, label)).toHaveCount(1);
  const token = (await secret.textContent())?.trim() ?? '';
  expect(token.length).toBeGreaterThan(20);
  return token;
}

/** POSTs a message with `Authorization: Bearer <token>`; returns the status. */
export async function bearerPostStatus(
  request: APIRequestContext,
  token: string,
  body: string,
): Promise<number> {
  const response = await request.post('/api/v1/channels/general/messages', {
    data: { body },
    headers: { Authorization: `Bearer ${token}` },
  });
  return response.status();
}

/* Channels */

/** A channel name nobody has used yet: lowercase, at most 40 characters. */
export function uniqueChannel(prefix = 'c'): string {
  counter += 1;
  const stamp = (Date.now() % 1e6).toString(36);
  const random = Math.random().toString(36).slice(2, 7);
  const tail = `${stamp}${counter.toString(36)}${random}`;
  return `${prefix.slice(0, 40 - tail.length - 1)}-${tail}`.toLowerCase();
}

/** Registers an account through the JSON API; the context keeps its session cookie. */
export async function apiRegister(request: APIRequestContext, name: string): Promise<void> {
  const response = await request.post('/api/v1/users', {
    data: { name, password: uniquePassword() },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** Someone with an account, in a browser of their own. */
export type Person = { name: string; context: BrowserContext; page: Page };

/** Opens a new browser for a new account called `prefix_…`. */
export async function newPerson(browser: Browser, prefix: string): Promise<Person> {
  const context = await browser.newContext();
  const name = uniqueName(prefix);
  await apiRegister(context.request, name);
  return { name, context, page: await context.newPage() };
}

/** Opens a new browser for a new guest called `prefix_…`, joined and live. */
export async function newGuest(browser: Browser, prefix: string): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const name = uniqueName(prefix);
  await joinLive(page, name);
  return { name, context, page };
}

/** Closes every person's browser. */
export async function closeAll(people: Person[]): Promise<void> {
  for (const person of people) {
    await person.context.close();
  }
}

/** Opens a chat page (`/` or `/c/name`) and waits until it is hydrated and live. */
export async function openChat(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await waitHydrated(page);
  await waitLive(page);
}

/** Creates a channel (public unless said) through the JSON API as the context's person. */
export async function apiCreateChannel(
  request: APIRequestContext,
  name: string,
  options: { topic?: string; private?: boolean } = {},
): Promise<void> {
  const response = await request.post('/api/v1/channels', { data: { name, ...options } });
  expect(response.status(), await response.text()).toBe(201);
}

/** Adds `member` to `channel` through the JSON API as the context's person. */
export async function apiInvite(
  request: APIRequestContext,
  channel: string,
  member: string,
): Promise<void> {
  const response = await request.post(`/api/v1/channels/${channel}/members`, {
    data: { name: member },
  });
  expect(response.status(), await response.text()).toBeLessThan(300);
}

/** Joins a public channel through the JSON API as the context's person. */
export async function apiJoinChannel(request: APIRequestContext, name: string): Promise<void> {
  const response = await request.post(`/api/v1/channels/${name}/join`);
  expect(response.status(), await response.text()).toBeLessThan(300);
}

/** Posts `body` to `channel` through the JSON API as the context's person; returns its id. */
export async function apiPostTo(
  request: APIRequestContext,
  channel: string,
  body: string,
): Promise<number> {
  const response = await request.post(`/api/v1/channels/${channel}/messages`, { data: { body } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).id as number;
}

/** The sidebar entry of `channel`. */
export function sidebarItem(page: Page, channel: string): Locator {
  return page.locator(`nav.sidebar li[data-channel="${channel}"]`);
}

/** The confirmed message with id `id`. */
export function messageById(page: Page, id: number | string): Locator {
  return page.locator(`ol.timeline > li.message[data-id="${id}"]`);
}

/** Opens `/channels` and waits until it has hydrated. */
export async function openBrowse(page: Page): Promise<void> {
  await page.goto('/channels');
  await waitHydrated(page);
  await expect(page.getByRole('heading', { name: 'Channels', level: 1 })).toBeVisible();
}

/**
 * Collects the page's uncaught errors and console errors (a Rust panic in
 * the wasm shows up as both); check it is empty at the end of a test.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  return errors;
}
