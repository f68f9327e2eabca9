import type { Response } from 'supertest';
import { adapters } from '../../adapters';
import { startHarness, type Harness } from '../support/harness';

/**
 * A connection the token may not reach is answered exactly like one that does not exist, so that
 * a token limited to some connections cannot learn which others are configured. Each request goes
 * to a gateway that has the connection, with a token limited to the others, and to a gateway
 * without it, with a token that reaches everything: the two answers must be the same.
 */
describe('a connection the token may not reach', () => {
  const hidden = adapters.find((adapter) => adapters.some((other) => other !== adapter))!;
  const others = adapters.filter((adapter) => adapter !== hidden);
  let withIt: Harness;
  let without: Harness;
  let operationPath: string;
  beforeAll(async () => {
    [withIt, without] = await Promise.all([startHarness(), startHarness({ connections: others.map((adapter) => ({ adapter })) })]);
    const operation = withIt.gateway.connections.get(hidden.name)?.provider.operations?.[0];
    operationPath = operation ? operation.path.replace(/:\w+/g, '1') : '/anything';
  });
  afterAll(() => Promise.all([withIt.close(), without.close()]));

  const limited = () => withIt.bearer('all', { connections: others.map((adapter) => adapter.name) });
  const userId = () => `${hidden.name}:1`;

  /** The answer with what differs between two gateways by nature (the request id) left out. */
  const comparable = ({ status, body, headers }: Response) => {
    const { requestId: _requestId, ...problem } = body as Record<string, unknown>;
    return { status, type: headers['content-type'], problem };
  };

  const requests: [string, (harness: Harness, authorization: string) => Promise<Response>][] = [
    ['a user is read', (harness, authorization) => harness.http.get(`/v1/users/${userId()}`).set('Authorization', authorization)],
    ['a user is patched', (harness, authorization) => harness.http.patch(`/v1/users/${userId()}`).set('Authorization', authorization).send({ locale: 'en' })],
    ['a user is deleted', (harness, authorization) => harness.http.delete(`/v1/users/${userId()}`).set('Authorization', authorization)],
    [
      'a user is created there',
      (harness, authorization) =>
        harness.http
          .post('/v1/users')
          .set('Authorization', authorization)
          .send({ connection: hidden.name, user: { email: 'x@example.com' } }),
    ],
    [
      'the fan-out names it',
      (harness, authorization) => harness.http.get(`/v1/users?email=x@example.com&connections=${hidden.name}`).set('Authorization', authorization),
    ],
    [
      'the people view names it',
      (harness, authorization) => harness.http.get(`/v1/people?email=x@example.com&connections=${hidden.name}`).set('Authorization', authorization),
    ],
    [
      'one of its provider-only operations is called',
      (harness, authorization) => harness.http.get(`/v1/connections/${hidden.name}${operationPath}`).set('Authorization', authorization),
    ],
  ];

  it.each(requests)('when %s, then the answer is the one for a connection that does not exist', async (_what, send) => {
    const before = withIt.simulators[hidden.name]!.requests.length;
    const refused = await send(withIt, limited());
    const missing = await send(without, without.bearer());
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(comparable(refused)).toEqual(comparable(missing));
    expect(withIt.simulators[hidden.name]!.requests.length).toBe(before);
  });

  it('when connections are listed, then it is not among them', async () => {
    const response = await withIt.http.get('/v1/connections').set('Authorization', limited());
    expect(response.body.data.map((connection: { name: string }) => connection.name)).not.toContain(hidden.name);
  });
});
