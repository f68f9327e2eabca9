import { adapters } from '../../adapters';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith, personId } from '../support/registry';

const PERSON = personId(adapters[0]!);
/** An adapter that creates and updates users: the writes below go to it. */
const writer = adapterWith({ create: true, update: true });
const WRITER_PERSON = `/v1/users/${encodeURIComponent(personId(writer))}`;

/** Ids crafted to leave their path segment or reach another host; each is sent raw in the URL. */
const HOSTILE_IDS = [
  '..%2F..%2Fadmin',
  '..%2f',
  '%2e%2e',
  '%2e%2e%2fadmin',
  '.',
  '..',
  '%252e%252e',
  '..%5c..%5cwindows',
  '%5c',
  'http:%2F%2F127.0.0.1%2Fadmin',
  'http%3A%2F%2Fevil.example',
  '%2F%2Fevil.example',
  '1%23fragment',
  '1%3Fquery=1',
  '1%00',
  '%00',
  '1%0d%0aX-Injected:%201',
  'a'.repeat(300),
  '１２３',
  '%EF%BC%91%EF%BC%92',
  '1%20',
  '%20',
  '%E2%80%AE1001',
  'admin@evil.example:8080',
  '1;rm',
  '$(id)',
  '1%2C2',
];

describe('hostile ids and input', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());
  const upstreamCalls = () => Object.values(harness.simulators).reduce((sum, simulator) => sum + simulator.requests.length, 0);

  for (const adapter of adapters) {
    it(`when ${adapter.name} gets traversal, SSRF, encoding and look-alike ids, then every one is 400 and no provider is called`, async () => {
      const before = upstreamCalls();
      const statuses: Record<string, number> = {};
      for (const id of HOSTILE_IDS) {
        const response = await harness.http.get(`/v1/users/${adapter.name}:${id}`).set('Authorization', harness.bearer());
        statuses[id] = response.status;
      }
      const wrong = Object.entries(statuses).filter(([, status]) => status !== 400 && status !== 404);
      expect(wrong).toEqual([]);
      expect(upstreamCalls()).toBe(before);
    });
  }

  it('when the id arrives with an encoded slash, then the router never treats it as a path', async () => {
    const response = await harness.http.get(`/v1/users/${PERSON}%2F..%2F221`).set('Authorization', harness.bearer());
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_user_id');
  });

  it('when a PATCH tries to set fields outside the canonical model, then 400 and nothing is sent', async () => {
    const before = upstreamCalls();
    const response = await harness.http.patch(`/v1/users/${PERSON}`).set('Authorization', harness.bearer()).send({ identification_level: 'fully_identified' });
    expect(response.status).toBe(400);
    expect(upstreamCalls()).toBe(before);
  });

  describe('when a path differs from a route only in case (a front proxy matching paths exactly would let it past its rules)', () => {
    const operation = () => {
      const connection = harness.gateway.connections.list().find((candidate) => candidate.provider.operations?.some((declared) => declared.method === 'GET'))!;
      const declared = connection.provider.operations!.find((candidate) => candidate.method === 'GET')!;
      return { name: connection.name, path: declared.path.replace(/:\w+/g, '1') };
    };
    it.each([
      ['the version', () => '/V1/users/x:1'],
      ['the collection', () => '/v1/Users?email=a@example.com'],
      ['the people view', () => '/v1/PEOPLE?email=a@example.com'],
      ['the connection list', () => '/v1/Connections'],
      ['a connection name', () => `/v1/connections/${operation().name.toUpperCase()}${operation().path}`],
      ['an operation path', () => `/v1/connections/${operation().name}${operation().path.toUpperCase()}`],
    ])('when %s is in another case, then 404 and no provider is called', async (_what, url) => {
      const before = upstreamCalls();
      const response = await harness.http.get(url()).set('Authorization', harness.bearer());
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('not_found');
      expect(upstreamCalls()).toBe(before);
    });
  });

  describe('when a write carries control characters in a canonical text field (they would reach terminals and logs that show it)', () => {
    const controls = [
      ['an OSC title sequence', '\u001b]0;title\u0007'],
      ['a screen clear', 'Eve\u001b[2J'],
      ['a line break that forges a row', 'Eve\r\nFAKE  acme  ok  9 found'],
      ['a C1 control sequence introducer', 'Eve\u009b31m'],
      ['a NUL', 'Eve\u0000'],
    ];

    it.each(controls)('when a create carries %s in a name, then 400 names the field and nothing is sent', async (_what, value) => {
      const before = upstreamCalls();
      const response = await harness.http
        .post('/v1/users')
        .set('Authorization', harness.bearer())
        .send({ connection: writer.name, user: { email: 'eve@example.com', name: { given: value, family: 'Example' } } });
      expect(response.status).toBe(400);
      expect(response.body.invalidFields).toEqual([{ field: 'user.name.given', message: expect.stringContaining('control characters') }]);
      expect(JSON.stringify(response.body)).not.toContain(value);
      expect(upstreamCalls()).toBe(before);
    });

    it.each([
      ['name.family', { name: { family: 'Doe\r\nFAKE' } }],
      ['address.city', { address: { city: 'Vilnius\u001b[2J' } }],
      ['timezone', { timezone: 'Europe/Vilnius\u0007' }],
      ['nationalId', { nationalId: '4880\u009b1' }],
    ])('when a patch carries one in %s, then 400 names it and nothing is sent', async (field, patch) => {
      const before = upstreamCalls();
      const response = await harness.http.patch(WRITER_PERSON).set('Authorization', harness.bearer()).send(patch);
      expect(response.status).toBe(400);
      expect(response.body.invalidFields.map((problem: { field: string }) => problem.field)).toEqual([field]);
      expect(upstreamCalls()).toBe(before);
    });

    it('when a name holds letters of any script, spaces and punctuation, then it is accepted', async () => {
      const response = await harness.http
        .patch(WRITER_PERSON)
        .set('Authorization', harness.bearer())
        .send({ name: { given: 'Eglė', family: "Jankauskienė-O'Brien" } });
      expect(response.status).toBe(200);
    });
  });

  it.each([
    ['an empty name', { name: {} }],
    ['an empty address', { address: {} }],
    ['an empty name beside an empty address', { name: {}, address: {} }],
  ])('when a PATCH holds only %s (it changes no field), then 400 and nothing is sent', async (_what, patch) => {
    const before = upstreamCalls();
    const response = await harness.http.patch(WRITER_PERSON).set('Authorization', harness.bearer()).send(patch);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_request');
    expect(upstreamCalls()).toBe(before);
  });

  describe('when a JSON body is not UTF-8 (RFC 8259 §8.1)', () => {
    /** The bytes as they are: superagent would write a Buffer out as JSON of its own. */
    const send = (body: Buffer, contentType = 'application/json') =>
      harness.http
        .post('/v1/users')
        .set('Authorization', harness.bearer())
        .set('Content-Type', contentType)
        .serialize((bytes: string) => bytes)
        .send(body as unknown as string);
    let created = 0;
    const user = (name: Buffer) =>
      Buffer.concat([
        Buffer.from(`{"connection":"${writer.name}","user":{"email":"utf-${(created += 1)}@example.com","name":{"given":"`),
        name,
        Buffer.from('"}}}'),
      ]);

    it.each([
      ['a lone continuation byte', Buffer.from([0x45, 0x80, 0x76])],
      ['an invalid lead byte', Buffer.from([0xff, 0x45])],
      ['a truncated sequence', Buffer.from([0x45, 0xc4])],
      ['an overlong encoding', Buffer.from([0xc0, 0xaf])],
      ['an encoded surrogate', Buffer.from([0xed, 0xa0, 0x80])],
    ])('when it holds %s, then 400 and nothing is sent (never forwarded as U+FFFD)', async (_what, bytes) => {
      const before = upstreamCalls();
      const response = await send(user(bytes));
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_request');
      expect(upstreamCalls()).toBe(before);
    });

    it('when it declares another charset, then 415 and nothing is sent', async () => {
      const before = upstreamCalls();
      const response = await send(Buffer.from(JSON.stringify({ connection: writer.name, user: {} }), 'utf16le'), 'application/json; charset=utf-16le');
      expect(response.status).toBe(415);
      expect(upstreamCalls()).toBe(before);
    });

    it('when it is valid UTF-8 of any script, then it is read', async () => {
      const response = await send(user(Buffer.from('Eglė Žvaigždė')));
      expect(response.status).toBe(201);
      expect(response.body.name.given).toBe('Eglė Žvaigždė');
    });
  });
});
