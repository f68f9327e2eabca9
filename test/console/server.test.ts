import { demoBanner, type Demo } from '../../src/demo';
import { startHarness, type Harness } from '../support/harness';

describe('console served by the gateway', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('when /console is opened, then the page loads its script and stylesheet from the gateway and nothing from elsewhere', async () => {
    const page = await harness.http.get('/console');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('<script src="/console/assets/console.js" defer></script>');
    expect(page.text).toContain('<link rel="stylesheet" href="/console/assets/console.css" />');
    expect(page.text).not.toMatch(/https?:\/\//);
  });

  it('when /console is opened, then its CSP allows only the gateway itself, nothing inline, no forms and no framing', async () => {
    const csp = (await harness.http.get('/console')).headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
  });

  it('when the page has no inline script or style, then the CSP costs it nothing', async () => {
    const page = (await harness.http.get('/console')).text;
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/<style|\sstyle=|\son\w+=/);
  });

  it('when the built script and stylesheet are fetched, then the gateway serves them under the same CSP', async () => {
    const assets = await Promise.all(['/console/assets/console.js', '/console/assets/console.css'].map((path) => harness.http.get(path)));
    expect(assets.map((asset) => [asset.status, asset.type])).toEqual([
      [200, 'text/javascript'],
      [200, 'text/css'],
    ]);
    for (const asset of assets) expect(asset.headers['content-security-policy']).toBe((await harness.http.get('/console')).headers['content-security-policy']);
  });

  it('when a console asset does not exist, then the answer is a 404 problem', async () => {
    const missing = await harness.http.get('/console/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.type).toBe('application/problem+json');
  });

  it('when the demo banner is printed, then it links the console with the admin token in the fragment, which browsers never send', () => {
    const banner = demoBanner({
      host: '127.0.0.1',
      port: 8080,
      adminToken: 'header.payload.signature',
      adapters: [],
      simulators: [],
      store: { path: '/var/lib/usergate/usergate.db' },
    } as unknown as Demo);
    expect(banner).toContain('http://localhost:8080/console#token=header.payload.signature');
    expect(banner).not.toContain('/console?');
  });
});
