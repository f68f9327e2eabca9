import axios from 'axios';
import type { RunningSimulator } from '../../../src/connections/adapter';
import { macAuthorizationHeader, randomNonce } from '../auth';
import { startPayseraSimulator } from '../simulator/server';

describe('Paysera simulator, MAC checks', () => {
  let simulator: RunningSimulator;
  let url: URL;
  let credentials: { macId: string; macKey: string };
  beforeAll(async () => {
    simulator = await startPayseraSimulator();
    url = new URL(simulator.baseUrl);
    const { clientId, macKey } = simulator.credentials as { clientId: string; macKey: string };
    credentials = { macId: clientId, macKey };
  });
  afterAll(() => simulator.close());

  const now = () => Math.floor(Date.now() / 1000);
  const signed = (method: string, path: string, options: { body?: Buffer; ts?: number; key?: string; nonce?: string } = {}) =>
    macAuthorizationHeader(
      { ...credentials, macKey: options.key ?? credentials.macKey },
      { method, requestUri: `${url.pathname}${path}`, host: url.hostname, port: Number(url.port), body: options.body },
      { ts: options.ts ?? now(), nonce: options.nonce ?? randomNonce() },
    );
  const send = (method: string, path: string, authorization?: string, body?: Buffer, contentType = 'application/json') =>
    axios.request({
      method,
      url: `${simulator.baseUrl}${path}`,
      data: body,
      headers: { ...(authorization && { authorization }), ...(body && { 'content-type': contentType }) },
      validateStatus: () => true,
    });

  it('when /server is called without auth, then it answers with the unix time', async () => {
    const response = await send('GET', '/server');
    expect(response.status).toBe(200);
    expect(Math.abs(response.data.time - now())).toBeLessThan(5);
  });

  it('when the request is correctly signed, then it is served', async () => {
    const response = await send('GET', '/user/221', signed('GET', '/user/221'));
    expect(response.status).toBe(200);
    expect(response.data.id).toBe(221);
  });

  it('when there is no Authorization header, then 401 with a Paysera error body', async () => {
    const response = await send('GET', '/user/221');
    expect(response.status).toBe(401);
    expect(response.data).toEqual({ error: 'unauthorized', error_description: expect.any(String) });
  });

  it('when the signature was made with another key, then 401 unauthorized', async () => {
    const response = await send('GET', '/user/221', signed('GET', '/user/221', { key: 'not-the-key' }));
    expect(response.status).toBe(401);
    expect(response.data.error).toBe('unauthorized');
  });

  it('when ts is stale, then 401 invalid_timestamp', async () => {
    const response = await send('GET', '/user/221', signed('GET', '/user/221', { ts: now() - 3600 }));
    expect(response.status).toBe(401);
    expect(response.data.error).toBe('invalid_timestamp');
  });

  it('when the body differs from the one hashed, then 401', async () => {
    const authorization = signed('PUT', '/user/221', { body: Buffer.from('{"identity":{"name":"A","surname":"B"}}') });
    const response = await send('PUT', '/user/221', authorization, Buffer.from('{"identity":{"name":"X","surname":"B"}}'));
    expect(response.status).toBe(401);
    expect(response.data.error_description).toMatch(/body hash/i);
  });

  it('when a binary body is exactly the one hashed, then it is served', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const response = await send('PUT', '/user/1001/avatar', signed('PUT', '/user/1001/avatar', { body: png }), png, 'image/png');
    expect(response.status).toBe(204);
  });

  it('when one byte of a binary body differs from the one hashed, then 401', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const tampered = Buffer.from(png);
    tampered[9] = 0xfe;
    const response = await send('PUT', '/user/1001/avatar', signed('PUT', '/user/1001/avatar', { body: png }), tampered, 'image/png');
    expect(response.status).toBe(401);
    expect(response.data.error_description).toMatch(/body hash/i);
  });

  it('when a nonce is used twice, then the replay is refused', async () => {
    const nonce = randomNonce();
    expect((await send('GET', '/user/221', signed('GET', '/user/221', { nonce }))).status).toBe(200);
    expect((await send('GET', '/user/221', signed('GET', '/user/221', { nonce }))).status).toBe(401);
  });

  it('when the user is absent, then 404 not_found and optional fields are omitted rather than null', async () => {
    expect((await send('GET', '/user/999999', signed('GET', '/user/999999'))).data).toEqual({ error: 'not_found', error_description: expect.any(String) });
    const sparse = await send('GET', '/user/1002', signed('GET', '/user/1002'));
    expect(sparse.data).toEqual({ id: 1002, email: 'new.starter@example.com', identification_level: 'unidentified' });
  });
});
