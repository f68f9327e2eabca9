import { payseraGateway } from './gateway';

const OPS = '/v1/connections/paysera';
const HASH = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';

describe('Paysera contact books through the gateway', () => {
  const gateway = payseraGateway();
  const auth = () => gateway.harness.bearer();
  const create = (body: object) => gateway.harness.http.post(`${OPS}/users/1001/contact-book`).set('Authorization', auth()).send(body);
  const book = (id: string) => gateway.simulator.state.contactBooks.get(Number(id))?.contacts;

  it('when a contact book is created, then 201 with its id and Paysera holds the contacts in its own formats', async () => {
    const response = await create({ emails: ['a@example.com'], phones: ['+37060000001'], emailHashes: [HASH.toUpperCase()] });
    expect(response.status).toBe(201);
    expect(book(response.body.contactBookId)).toEqual({ emails: ['a@example.com'], phones: ['37060000001'], email_hashes: [HASH], phone_hashes: [] });
  });

  it('when contacts are appended, then the book has both old and new', async () => {
    const { contactBookId } = (await create({ emails: ['a@example.com'] })).body;
    const response = await gateway.harness.http
      .put(`${OPS}/contact-books/${contactBookId}/append`)
      .set('Authorization', auth())
      .send({ emails: ['b@example.com'], phoneHashes: [HASH] });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ contactBookId });
    expect(book(contactBookId)).toMatchObject({ emails: ['a@example.com', 'b@example.com'], phone_hashes: [HASH] });
  });

  it('when contacts are removed, then Paysera gets them as comma-separated query values and drops them', async () => {
    const { contactBookId } = (await create({ emails: ['a@example.com', 'b@example.com'], phones: ['+37060000001', '+37060000002'] })).body;
    const response = await gateway.harness.http
      .delete(`${OPS}/contact-books/${contactBookId}/contacts?emails=a@example.com,b@example.com&phones=%2B37060000002`)
      .set('Authorization', auth());
    expect(response.status).toBe(204);
    expect(book(contactBookId)).toMatchObject({ emails: [], phones: ['37060000001'] });
  });

  it('when the contact book is deleted, then 204, and deleting it again is 404 not_found', async () => {
    const { contactBookId } = (await create({ phones: ['+37060000003'] })).body;
    expect((await gateway.harness.http.delete(`${OPS}/contact-books/${contactBookId}`).set('Authorization', auth())).status).toBe(204);
    const again = await gateway.harness.http.delete(`${OPS}/contact-books/${contactBookId}`).set('Authorization', auth());
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'not_found', providerError: { status: 404 } });
  });

  it('when the contact book does not exist, then appending to it is 404 not_found', async () => {
    const response = await gateway.harness.http
      .put(`${OPS}/contact-books/999999/append`)
      .set('Authorization', auth())
      .send({ emails: ['b@example.com'] });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not_found');
  });

  it.each([
    ['no contacts', {}],
    ['a phone not in E.164', { phones: ['060000001'] }],
    ['a hash that is not SHA-1 hex', { emailHashes: ['hash1'] }],
  ])('when creating with %s, then 400 and Paysera is not called', async (_what, body) => {
    const before = gateway.simulator.requests.length;
    expect((await create(body)).status).toBe(400);
    expect(gateway.simulator.requests.length).toBe(before);
  });

  it('when removing without naming any contact, then 400 and Paysera is not called', async () => {
    const before = gateway.simulator.requests.length;
    expect((await gateway.harness.http.delete(`${OPS}/contact-books/5000/contacts`).set('Authorization', auth())).status).toBe(400);
    expect(gateway.simulator.requests.length).toBe(before);
  });
});
