import { payseraGateway } from './gateway';

const OPS = '/v1/connections/paysera';
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6364f8cf00000301010018dd8db00000000049454e44ae426082',
  'hex',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7), Buffer.from([0xff, 0xd9])]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('Paysera avatars through the gateway', () => {
  const gateway = payseraGateway();
  const upload = (userId: string, type: string, bytes: Buffer) =>
    gateway.harness.http.put(`${OPS}/users/${userId}/avatar`).set('Authorization', gateway.harness.bearer()).set('Content-Type', type).send(bytes);

  it('when a PNG is uploaded, then 204 and Paysera received exactly those bytes, MAC-signed', async () => {
    const response = await upload('1001', 'image/png', PNG);
    expect(response.status).toBe(204);
    expect(gateway.simulator.state.avatars.get(1001)).toEqual({ contentType: 'image/png', bytes: PNG });
  });

  it('when a JPEG is uploaded with a charset parameter, then Paysera gets the bare declared type', async () => {
    expect((await upload('1002', 'image/jpeg; charset=binary', JPEG)).status).toBe(204);
    expect(gateway.simulator.state.avatars.get(1002)?.contentType).toBe('image/jpeg');
  });

  it('when the bytes are not the image they claim to be, then 400 carries invalid_parameters', async () => {
    const response = await upload('1001', 'image/png', PDF);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_request', origin: 'provider', providerError: { code: 'invalid_parameters' } });
  });

  it('when the avatar is deleted, then 204, and deleting it again is 404 not_found', async () => {
    await upload('1003', 'image/png', PNG);
    expect((await gateway.harness.http.delete(`${OPS}/users/1003/avatar`).set('Authorization', gateway.harness.bearer())).status).toBe(204);
    const again = await gateway.harness.http.delete(`${OPS}/users/1003/avatar`).set('Authorization', gateway.harness.bearer());
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'not_found', providerError: { status: 404 } });
  });
});

describe('Paysera identification documents through the gateway', () => {
  const gateway = payseraGateway();
  const upload = (bytes: Buffer, type = 'application/pdf') =>
    gateway.harness.http.post(`${OPS}/users/1001/documents`).set('Authorization', gateway.harness.bearer()).set('Content-Type', type).send(bytes);
  const describeDocument = (documentId: string, metadata: object) =>
    gateway.harness.http.put(`${OPS}/documents/${documentId}/metadata`).set('Authorization', gateway.harness.bearer()).send(metadata);

  it('when a PDF is uploaded, then 201 with the document id and Paysera holds those bytes', async () => {
    const response = await upload(PDF);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ documentId: expect.stringMatching(/^\d+$/) });
    expect(gateway.simulator.state.documents.get(Number(response.body.documentId))).toMatchObject({ userId: 1001, contentType: 'application/pdf', bytes: PDF });
  });

  it('when its metadata is provided, then 204 and Paysera knows what the document is', async () => {
    const { documentId } = (await upload(JPEG, 'image/jpeg')).body;
    const metadata = { type: 'passport', title: 'Passport scan', extension: 'jpg', number: 'AB1234567', date: '2020-01-15' };
    expect((await describeDocument(documentId, metadata)).status).toBe(204);
    expect(gateway.simulator.state.documents.get(Number(documentId))?.metadata).toEqual(metadata);
  });

  it('when the document does not exist, then 404 not_found', async () => {
    const response = await describeDocument('999999', { type: 'card' });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'not_found', providerError: { status: 404 } });
  });

  it('when the document type is not one Paysera knows, then 400 and Paysera is not called', async () => {
    const before = gateway.simulator.requests.length;
    expect((await describeDocument('5000', { type: 'library_card' })).status).toBe(400);
    expect(gateway.simulator.requests.length).toBe(before);
  });
});
