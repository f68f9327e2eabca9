import { startHarness } from '../../../../test/support/harness';
import { paysera } from '../..';
import { RECEIPT_PDF } from '../../simulator/routes/receipts';
import { startPayseraSimulator, type PayseraSimulatorStartOptions } from '../../simulator/server';
import { payseraGateway } from './gateway';

const OPS = '/v1/connections/paysera';

describe('Paysera identity provision and receipts through the gateway', () => {
  const gateway = payseraGateway();
  const provide = (userId: string, body: object) =>
    gateway.harness.http.put(`${OPS}/users/${userId}/identity`).set('Authorization', gateway.harness.bearer()).send(body);
  const receipt = (userId: string, kind: string, query = '') =>
    gateway.harness.http.get(`${OPS}/users/${userId}/receipts/${kind}${query}`).set('Authorization', gateway.harness.bearer());

  it('when an offline client provides the identity, then the canonical user comes back identified', async () => {
    const response = await provide('1002', {
      email: 'new.starter@example.com',
      name: { given: 'Rūta', family: 'Naujokė' },
      nationality: 'lt',
      nationalId: '49001011111',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: 'paysera:1002',
      name: { given: 'Rūta', family: 'Naujokė', full: 'Rūta Naujokė' },
      nationality: 'LT',
      nationalId: '49001011111',
    });
  });

  it("when the national id is another user's, then 409 conflict carries person_code_already_assigned", async () => {
    const response = await provide('1004', { name: { given: 'Zoë', family: 'Ångström' }, nationality: 'LT', nationalId: '48804120123' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'conflict', providerError: { code: 'person_code_already_assigned' } });
  });

  // The balance receipt's documented answer (get-balance-receipt): application/json {"text": ...}; the simulator's default.
  it('when Paysera answers the identification receipt as JSON {text}, then its text passes through as text/plain, fitted to the width', async () => {
    const response = await receipt('1001', 'identification', '?locale=lt&width=24');
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/plain');
    expect(response.text).toContain('IDENTIFIKAVIMO KVITAS');
    expect(response.text).toContain('Eglė Jankauskienė');
    expect(response.text.split('\n').every((line) => [...line].length <= 24)).toBe(true);
  });

  it('when the registration receipt is asked for, then it comes back too', async () => {
    const response = await receipt('1007', 'registration');
    expect(response.status).toBe(200);
    expect(response.text).toContain('REGISTRATION RECEIPT');
  });

  it('when the user is not identified, then the identification receipt is 409 conflict (invalid_state)', async () => {
    const response = await receipt('1006', 'identification');
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'conflict', providerError: { status: 409, code: 'invalid_state' } });
  });

  it('when the receipt kind is unknown, then 400 and Paysera is not called', async () => {
    const before = gateway.simulator.requests.length;
    expect((await receipt('1001', 'deposit')).status).toBe(400);
    expect(gateway.simulator.requests.length).toBe(before);
  });
});

describe('Paysera receipts in the other forms Paysera may answer with', () => {
  async function receiptFrom(options: PayseraSimulatorStartOptions) {
    const simulator = await startPayseraSimulator(options);
    const harness = await startHarness({ connections: [{ adapter: paysera, simulator }] });
    try {
      const response = await harness.http
        .get(`${OPS}/users/1001/receipts/identification`)
        .set('Authorization', harness.bearer())
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      return { response, bytes: response.body as Buffer };
    } finally {
      await harness.close();
      await simulator.close();
    }
  }

  it('when Paysera answers text/plain, then the text passes through as it came', async () => {
    const { response, bytes } = await receiptFrom({ receipts: 'text' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(bytes.toString('utf8')).toContain('IDENTIFICATION RECEIPT');
  });

  it('when Paysera answers a PDF, then it passes through byte for byte', async () => {
    const { response, bytes } = await receiptFrom({ receipts: 'pdf' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    // The PDF's binary comment line holds bytes above 0x7f, which any text decoding on the way would have replaced.
    expect(bytes.equals(RECEIPT_PDF)).toBe(true);
  });
});
