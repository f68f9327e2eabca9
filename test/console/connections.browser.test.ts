import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adapters } from '../../adapters';
import { mintToken } from '../../src/auth/jwt';
import type { Scope } from '../../src/auth/principal';
import { startDemo, type Demo } from '../../src/demo';
import { createLogger } from '../../src/logging/logger';
import { adapterWith } from '../support/registry';
import { axeViolations, sidewaysScroll } from './axe';
import { findChromium, launchChromium } from './chromium';

const CHROMIUM = findChromium();
/** The adapter whose demo simulator the added connections point at. */
const ADAPTER = adapterWith({ lookup: 'email' });

if (!CHROMIUM && !process.env.CI) console.warn('chromium not found: the Connections page browser test is skipped (apt-get install chromium).');
const describeInBrowser = CHROMIUM || process.env.CI ? describe : describe.skip;

/** The Connections page of the console, on the embedded demo (its SQLite store in a temp dir), as an ops person uses it. */
describeInBrowser('ops console: Connections page', () => {
  let demo: Demo;
  let browser: Browser;
  let origin: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('chromium is missing, so the console cannot be tested: apt-get install chromium (or set CHROMIUM_PATH).');
    const store = join(mkdtempSync(join(tmpdir(), 'usergate-console-')), 'usergate.db');
    demo = await startDemo(
      adapters,
      { PORT: '0', USERGATE_SQLITE_PATH: store },
      createLogger({ destination: new Writable({ write: (_chunk, _encoding, done) => done() }) }),
    );
    origin = `http://127.0.0.1:${demo.port}`;
    browser = await launchChromium(CHROMIUM);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  beforeEach(async () => {
    page = await context.newPage();
  });
  afterEach(() => page?.close());

  const simulator = () => demo.simulators.find((candidate) => candidate.provider === ADAPTER.name)!;
  const credentials = () => simulator().credentials as Record<string, string>;
  const wrongCredentials = () => Object.fromEntries(Object.entries(credentials()).map(([key, value]) => [key, `${value}-wrong`]));
  const token = (scopes: Scope[] = ['users:read', 'connections:admin'], tenants?: string[]) =>
    mintToken(demo.gateway.config.auth.jwt, { subject: 'ops-agent', scopes, tenants, ttlSeconds: 600 });
  /** What the gateway itself answers, for the page to be held to. */
  const api = async (path: string, { tenant, bearer = demo.adminToken }: { tenant?: string; bearer?: string } = {}) => {
    const response = await fetch(`${origin}${path}`, {
      headers: { authorization: `Bearer ${bearer}`, ...(tenant && { 'usergate-tenant': tenant }) },
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
  };
  let count = 0;
  const uniqueName = () => `ui-${++count}-${Date.now().toString(36)}`;
  const card = (name: string) => page.locator(`.connection-card[data-connection="${name}"]`);
  const field = (name: string, label: string) => card(name).locator(`[data-field="${label}"] dd`);
  const status = () => page.locator('#connections-status');
  const alert = () => page.locator('#connections-view [role="alert"]:not([hidden]), dialog [role="alert"]:not([hidden])');

  async function openConnections(tokenToUse = demo.adminToken): Promise<void> {
    await page.goto(`${origin}/console#token=${tokenToUse}`);
    await page.getByText(/^Signed in\./).waitFor();
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.locator('#connections-list .cards, #connections-list .state').first().waitFor();
  }

  async function typeCredentials(scope: string, values: Record<string, string>): Promise<void> {
    const entries = Object.entries(values);
    for (let index = 1; index < entries.length; index += 1) await page.locator(scope).getByRole('button', { name: 'Add a credential field' }).click();
    for (const [index, [key, value]] of entries.entries()) {
      const suffix = index === 0 ? '' : ` ${index + 1}`;
      await page.locator(scope).getByLabel(`Credential key${suffix}`, { exact: true }).fill(key);
      await page.locator(scope).getByLabel(`Secret value${suffix}`, { exact: true }).fill(value);
    }
  }

  async function addConnection(name: string, values = credentials(), { verify = true } = {}): Promise<void> {
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Adapter', { exact: true }).fill(ADAPTER.name);
    await page.getByLabel('Base URL', { exact: true }).fill(simulator().baseUrl);
    await typeCredentials('#add-connection', values);
    if (!verify) await page.getByLabel('Check the credentials at the provider first').uncheck();
    await page.getByRole('button', { name: 'Add connection' }).click();
  }

  async function added(name: string, values = credentials(), options?: { verify?: boolean }): Promise<void> {
    await addConnection(name, values, options);
    await card(name).waitFor();
  }

  /** Every secret typed is gone from the page: no field holds it, no markup or text shows it. */
  async function expectNoSecretInPage(values: Record<string, string>): Promise<void> {
    const page_ = await page.evaluate<{ html: string; values: string[] }>(
      `({ html: document.documentElement.outerHTML, values: [...document.querySelectorAll('input, textarea')].map((input) => input.value) })`,
    );
    for (const secret of Object.values(values)) {
      expect(page_.html).not.toContain(secret);
      expect(page_.values).not.toContain(secret);
    }
  }

  describe('listing', () => {
    it('when the Connections page is opened, then each declared connection shows its adapter, state, source and last verification', async () => {
      await openConnections();
      expect(page.url()).toBe(`${origin}/console#connections`);
      const declared = (await api('/v1/connections')).body.data.filter((connection: { source: string }) => connection.source === 'declared');
      for (const connection of declared) {
        expect(await card(connection.name).locator('.badge').textContent()).toBe(connection.adapter);
        expect(await card(connection.name).locator('.chip').textContent()).toBe('active');
        expect(await field(connection.name, 'Source').textContent()).toBe('declared in the config file');
        expect(await field(connection.name, 'Credentials').textContent()).toBe('in the config file');
      }
      expect(await status().textContent()).toBe(`${declared.length} connections in tenant default.`);
    });

    it('when the page is reloaded on #connections, then it opens on the Connections page again', async () => {
      await openConnections();
      await page.reload();
      await page.getByRole('heading', { name: 'Connections of tenant default' }).waitFor();
      expect(await page.getByRole('link', { name: 'Connections' }).getAttribute('aria-current')).toBe('page');
    });

    it('when the token lacks connections:admin, then the connections are listed with nothing to change them', async () => {
      await openConnections(token(['users:read']));
      await page.getByText('This token lacks the connections:admin scope').waitFor();
      expect(await page.locator('#add-connection').isVisible()).toBe(false);
      expect(await page.locator('.card-actions').count()).toBe(0);
    });
  });

  describe('adding', () => {
    it('when a connection is added, then its card shows it active and verified, and the typed secrets are gone from the page', async () => {
      await openConnections();
      const name = uniqueName();
      await added(name);
      expect(await card(name).locator('.chip').textContent()).toBe('active');
      expect(await field(name, 'Last verified').textContent()).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await field(name, 'Credentials').textContent()).toMatch(/^fingerprint \S+, set \S+$/);
      expect(await status().textContent()).toBe(`Added ${name}: the provider accepted its credentials.`);
      await expectNoSecretInPage(credentials());
    });

    it('when the secret value fields are inspected, then they are password fields the browser is asked not to fill', async () => {
      await openConnections();
      const value = page.locator('#add-connection').getByLabel('Secret value', { exact: true });
      expect(await value.getAttribute('type')).toBe('password');
      expect(await value.getAttribute('autocomplete')).toBe('off');
    });

    it('when the provider refuses the credentials, then the form says what it said, nothing is stored and the secrets are cleared', async () => {
      await openConnections();
      const name = uniqueName();
      await addConnection(name, wrongCredentials());
      await page.locator('#add-error:not([hidden])').waitFor();
      expect(await page.locator('#add-error').textContent()).toMatch(/422\)/);
      expect((await api(`/v1/connections/${name}`)).status).toBe(404);
      await expectNoSecretInPage(wrongCredentials());
    });

    it('when no credential is typed, then the form says so and nothing is sent', async () => {
      await openConnections();
      const name = uniqueName();
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Adapter', { exact: true }).fill(ADAPTER.name);
      await page.getByLabel('Base URL', { exact: true }).fill(simulator().baseUrl);
      await page.getByRole('button', { name: 'Add connection' }).click();
      await page.getByText('Type the credentials: at least one key and its value.').waitFor();
      expect((await api(`/v1/connections/${name}`)).status).toBe(404);
    });
  });

  describe('changing', () => {
    it('when the credentials are rotated, then the fingerprint changes and the dialog keeps no secret', async () => {
      await openConnections();
      const name = uniqueName();
      await added(name, wrongCredentials(), { verify: false });
      const before = await field(name, 'Credentials').textContent();
      await card(name).getByRole('button', { name: 'Rotate' }).click();
      await typeCredentials('#rotate-dialog', credentials());
      await page.locator('#rotate-dialog').getByRole('button', { name: 'Rotate' }).click();
      await page.getByText(`Rotated the credentials of ${name}.`).waitFor();
      expect(await page.locator('#rotate-dialog').isVisible()).toBe(false);
      expect(await field(name, 'Credentials').textContent()).not.toBe(before);
      await expectNoSecretInPage(credentials());
    });

    it('when a connection is disabled and enabled again, then its state says so each time', async () => {
      await openConnections();
      const name = uniqueName();
      await added(name);
      await card(name).getByRole('button', { name: 'Disable' }).click();
      await page.getByText(`Disabled ${name}.`).waitFor();
      expect(await card(name).locator('.chip').textContent()).toBe('disabled');
      await card(name).getByRole('button', { name: 'Enable' }).click();
      await page.getByText(`Enabled ${name}.`).waitFor();
      expect(await card(name).locator('.chip').textContent()).toBe('active');
    });

    it('when a connection is verified, then the status says the provider accepted its credentials', async () => {
      await openConnections();
      const name = uniqueName();
      await added(name, credentials(), { verify: false });
      await card(name).getByRole('button', { name: 'Verify' }).click();
      await page.getByText(new RegExp(`^${name}: the provider accepted the credentials`)).waitFor();
      expect(await field(name, 'Last verified').textContent()).toMatch(/^\d{4}-/);
    });

    it('when refused credentials are verified, then the status says they were not confirmed and the card shows the error', async () => {
      await openConnections();
      const name = uniqueName();
      await added(name, wrongCredentials(), { verify: false });
      await card(name).getByRole('button', { name: 'Verify' }).click();
      await page.getByText(new RegExp(`^${name}: the credentials were not confirmed`)).waitFor();
      expect(await field(name, 'Last error').textContent()).not.toBe('—');
    });

    it('when Delete is cancelled, then the connection stays; when confirmed, it is gone', async () => {
      await openConnections();
      const name = uniqueName();
      await added(name);
      await card(name).getByRole('button', { name: 'Delete' }).click();
      await page
        .getByRole('dialog', { name: `Delete ${name}?` })
        .getByRole('button', { name: 'Cancel' })
        .click();
      expect((await api(`/v1/connections/${name}`)).status).toBe(200);
      await card(name).getByRole('button', { name: 'Delete' }).click();
      await page
        .getByRole('dialog', { name: `Delete ${name}?` })
        .getByRole('button', { name: 'Delete' })
        .click();
      await page.getByText(`Deleted ${name}.`).waitFor();
      expect(await card(name).count()).toBe(0);
      expect((await api(`/v1/connections/${name}`)).status).toBe(404);
    });

    it('when a connection is declared in the config file, then it can be verified but not rotated, disabled or deleted', async () => {
      await openConnections();
      const buttons = await card(ADAPTER.name).getByRole('button').allTextContents();
      expect(buttons).toEqual(['Verify']);
    });
  });

  describe('tenants', () => {
    it('when the token may pick tenants, then the picker shows another tenant’s connections and not the default’s', async () => {
      const name = uniqueName();
      const ops = token(undefined, ['acme']);
      await openConnections(ops);
      await page.getByLabel('Tenant').fill('acme');
      await page.getByRole('button', { name: 'Show its connections' }).click();
      await page.getByRole('heading', { name: 'Connections of tenant acme' }).waitFor();
      await added(name);
      expect((await api(`/v1/connections/${name}`, { tenant: 'acme', bearer: ops })).status).toBe(200);
      expect((await api(`/v1/connections/${name}`)).status).toBe(404);
      expect(await card(ADAPTER.name).count()).toBe(0);
    });

    it('when the token may not pick tenants, then there is no tenant picker', async () => {
      await openConnections();
      expect(await page.getByLabel('Tenant').isVisible()).toBe(false);
    });

    it('when a tenant the token may not use is picked, then the gateway’s refusal is shown', async () => {
      await openConnections(token(undefined, ['acme']));
      await page.getByLabel('Tenant').fill('globex');
      await page.getByRole('button', { name: 'Show its connections' }).click();
      await alert().filter({ hasText: 'forbidden' }).waitFor();
    });
  });

  /** Every state of the page, for axe-core (WCAG 2.1 A and AA), at full width and on a 360 pixel screen (WCAG 1.4.10). */
  describe('accessibility', () => {
    const states: [string, () => Promise<unknown>][] = [
      ['the connections are listed', () => openConnections()],
      ['a connection was added', () => openConnections().then(() => added(uniqueName()))],
      [
        'an add was refused',
        () =>
          openConnections()
            .then(() => addConnection(uniqueName(), wrongCredentials()))
            .then(() => alert().first().waitFor()),
      ],
      [
        'the rotate dialog is open',
        () =>
          openConnections()
            .then(() => added(uniqueName()))
            .then(() => page.locator('.connection-card [data-action="rotate"]').first().click()),
      ],
      [
        'the delete dialog is open',
        () =>
          openConnections()
            .then(() => added(uniqueName()))
            .then(() => page.locator('.connection-card [data-action="delete"]').first().click()),
      ],
      ['a read-only token lists connections', () => openConnections(token(['users:read']))],
      ['the tenant picker is shown', () => openConnections(token(undefined, ['acme']))],
      [
        'a tenant has no connections',
        () =>
          openConnections(token(undefined, ['empty-tenant'])).then(async () => {
            await page.getByLabel('Tenant').fill('empty-tenant');
            await page.getByRole('button', { name: 'Show its connections' }).click();
            await page.getByText('This tenant has no connections yet.').waitFor();
          }),
      ],
    ];

    it.each(states)('when %s, then axe finds no violation', async (_state, arrive) => {
      await arrive();
      expect(await axeViolations(page)).toEqual([]);
    });

    it.each(states)('when %s on a 360 pixel screen, then axe finds no violation and nothing scrolls sideways', async (_state, arrive) => {
      await page.setViewportSize({ width: 360, height: 740 });
      await arrive();
      expect(await sidewaysScroll(page)).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});
