import { randomBytes } from 'node:crypto';
import type { CreateUserRequest, UserPatch } from '../../src/canonical/input';
import { canonicalUserSchema, isNeverReturned } from '../../src/canonical/user';
import type { AdapterDefinition } from '../../src/connections/adapter';
import { startHarness, type Harness } from '../support/harness';

export interface ContractFixture {
  adapter: AdapterDefinition;
  /** A seeded user's provider id. */
  existingUserId: string;
  /** A well-formed id that no seeded user has. */
  missingUserId: string;
  /** An id the provider's pattern refuses (so no call is made). */
  invalidUserId: string;
  /** An email the lookup finds: users mode expects `expectedUserId`, exists mode expects `exists: true`. */
  lookup: { email: string; expectedUserId?: string } | 'unsupported';
  create: Omit<CreateUserRequest, 'connection'> | 'unsupported';
  update: { userId: string; patch: UserPatch; expect: Record<string, unknown> } | 'unsupported';
  /** A user to delete; afterwards it is gone (404, by default) or reads back with status `deleted` (a provider that keeps answering for it). */
  delete: { userId: string; afterwards?: 'gone' | 'status-deleted' } | 'unsupported';
  /** Credentials the simulator refuses. */
  badCredentials: Record<string, unknown>;
  /** The simulator path (a prefix) of the provider's create call: faults aimed at it leave the provider's other calls (tokens) alone. */
  createPath?: string;
  /** A canonical field the provider cannot store, and a value for it: writes with it are refused before any call. */
  unwritable: { field: string; value: unknown };
  /** What a 403 from the provider means: the client may not reach the resource (default), or the connection's credentials were refused. */
  status403?: 'forbidden' | 'credentials-refused';
  /**
   * The adapter quotes the provider's explanation of a rejected request in `detail`, once vetted
   * (no personal data, none of the values sent), because it says how to fix the request: the echo
   * check then spares `detail`. Never any other member.
   */
  quotesVettedExplanations?: true;
}

/** Strings of a provider's error body that are prose (they hold a space): what the gateway must never pass on. Codes may pass. */
function proseIn(value: unknown): string[] {
  if (typeof value === 'string') return value.includes(' ') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(proseIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(proseIn);
  return [];
}

/** Every field present, types right, nothing from the never-returned list, anywhere in the body. */
export function expectCanonical(body: unknown): void {
  expect(canonicalUserSchema.validate(body).error).toBeUndefined();
  expectNoNeverReturnedKeys(body);
}

export function expectNoNeverReturnedKeys(body: unknown): void {
  const found: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}[${index}]`));
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (isNeverReturned(key)) found.push(`${path}.${key}`);
        walk(inner, `${path}.${key}`);
      }
    }
  };
  walk(body, '$');
  expect(found).toEqual([]);
}

/**
 * The shared contract every adapter keeps, run against the adapter and its own simulator.
 * An adapter's test file states its fixture and calls this (Auth.js-style).
 */
export function runContractSuite(fixture: ContractFixture): void {
  const name = fixture.adapter.name;

  describe(`${name} keeps the adapter contract`, () => {
    let harness: Harness;
    beforeAll(async () => {
      harness = await startHarness({ connections: [{ adapter: fixture.adapter }] });
    });
    afterAll(() => harness.close());
    beforeEach(() => harness.simulators[name]!.faults.clear());
    const auth = () => harness.bearer();
    const simulator = () => harness.simulators[name]!;
    const calls = () => simulator().requests.length;
    const readExisting = () => harness.http.get(`/v1/users/${name}:${fixture.existingUserId}`).set('Authorization', auth());
    const upstreamCalls = (method: string, pathPrefix = '') =>
      simulator().requests.filter((request) => request.method === method && request.path.startsWith(pathPrefix)).length;

    it('when the fixture is read beside the declared capabilities, then they agree', () => {
      const { capabilities } = fixture.adapter;
      expect({ create: fixture.create !== 'unsupported', update: fixture.update !== 'unsupported', delete: fixture.delete !== 'unsupported' }).toEqual({
        create: capabilities.create,
        update: capabilities.update,
        delete: capabilities.delete,
      });
      expect(fixture.lookup !== 'unsupported').toBe(capabilities.lookup.includes('email'));
    });

    it('when getting a seeded user, then a complete canonical user comes back with its global id', async () => {
      const response = await harness.http.get(`/v1/users/${name}:${fixture.existingUserId}`).set('Authorization', auth());
      expect(response.status).toBe(200);
      expectCanonical(response.body);
      expect(response.body).toMatchObject({
        id: `${name}:${fixture.existingUserId}`,
        connection: name,
        provider: name,
        providerUserId: fixture.existingUserId,
      });
    });

    it('when the user does not exist, then 404 user_not_found from the provider', async () => {
      const response = await harness.http.get(`/v1/users/${name}:${fixture.missingUserId}`).set('Authorization', auth());
      expect(response.status).toBe(404);
      expect(response.type).toBe('application/problem+json');
      expect(response.body).toMatchObject({ code: 'user_not_found', origin: 'provider', connection: name });
    });

    it('when the id breaks the provider pattern, then 400 invalid_user_id and no upstream call', async () => {
      const before = calls();
      const response = await harness.http.get(`/v1/users/${name}:${encodeURIComponent(fixture.invalidUserId)}`).set('Authorization', auth());
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_user_id');
      expect(calls()).toBe(before);
    });

    if (fixture.lookup === 'unsupported') {
      it('when looking up by email, then the connection reports unsupported', async () => {
        const response = await harness.http.get('/v1/users?email=someone@example.com').set('Authorization', auth());
        expect(response.body.connections[name]).toEqual({ status: 'unsupported' });
      });
    } else {
      const lookup = fixture.lookup;
      it('when looking up by email, then the connection finds the account', async () => {
        const response = await harness.http.get(`/v1/users?email=${encodeURIComponent(lookup.email)}`).set('Authorization', auth());
        expect(response.status).toBe(200);
        expect(response.body.connections[name].status).toBe('ok');
        response.body.data.forEach(expectCanonical);
        if (lookup.expectedUserId) {
          expect(response.body.data.map((user: { id: string }) => user.id)).toContain(`${name}:${lookup.expectedUserId}`);
        } else {
          expect(response.body.connections[name]).toMatchObject({ exists: true, count: 0 });
        }
      });
    }

    if (fixture.create === 'unsupported') {
      it('when creating, then 501 not_supported, and the provider is not called', async () => {
        const before = calls();
        const response = await harness.http
          .post('/v1/users')
          .set('Authorization', auth())
          .send({ connection: name, user: { email: 'new@example.com' } });
        expect(response.status).toBe(501);
        expect(response.body.code).toBe('not_supported');
        expect(calls()).toBe(before);
      });
    } else {
      const create = fixture.create;
      it('when creating, then 201 with a canonical user that can be read back', async () => {
        const response = await harness.http
          .post('/v1/users')
          .set('Authorization', auth())
          .send({ connection: name, ...create });
        expect(response.status).toBe(201);
        expectCanonical(response.body);
        const read = await harness.http.get(`/v1/users/${encodeURIComponent(response.body.id)}`).set('Authorization', auth());
        expect(read.status).toBe(200);
        expect(read.body.email?.toLowerCase()).toBe(create.user.email?.toLowerCase());
      });
    }

    if (fixture.update === 'unsupported') {
      it('when updating, then 501 not_supported, and the provider is not called', async () => {
        const before = calls();
        const response = await harness.http.patch(`/v1/users/${name}:${fixture.existingUserId}`).set('Authorization', auth()).send({ locale: 'en' });
        expect(response.status).toBe(501);
        expect(response.body.code).toBe('not_supported');
        expect(calls()).toBe(before);
      });
    } else {
      const update = fixture.update;
      it('when updating, then the changed canonical user comes back', async () => {
        const response = await harness.http.patch(`/v1/users/${name}:${update.userId}`).set('Authorization', auth()).send(update.patch);
        expect(response.status).toBe(200);
        expectCanonical(response.body);
        expect(response.body).toMatchObject(update.expect);
      });
    }

    if (fixture.delete === 'unsupported') {
      it('when deleting, then 501 not_supported, and the provider is not called', async () => {
        const before = calls();
        const response = await harness.http.delete(`/v1/users/${name}:${fixture.existingUserId}`).set('Authorization', auth());
        expect(response.status).toBe(501);
        expect(response.body.code).toBe('not_supported');
        expect(calls()).toBe(before);
      });
    } else {
      const remove = fixture.delete;
      const afterwards = remove.afterwards ?? 'gone';
      it(`when deleting, then 204 and the user is ${afterwards === 'gone' ? 'gone' : 'read back with status deleted and nothing else'}`, async () => {
        const response = await harness.http.delete(`/v1/users/${name}:${remove.userId}`).set('Authorization', auth());
        expect(response.status).toBe(204);
        const read = await harness.http.get(`/v1/users/${name}:${remove.userId}`).set('Authorization', auth());
        if (afterwards === 'gone') expect(read.status).toBe(404);
        else expect(read.body).toMatchObject({ status: 'deleted', email: null, name: { full: null }, extensions: {} });
      });
    }

    const forbidden =
      fixture.status403 === 'credentials-refused'
        ? { status: 502, code: 'provider_error', what: "502 provider_error (the connection's credentials were refused)" }
        : { status: 403, code: 'forbidden', what: '403 forbidden' };
    it(`when the provider answers 403, then ${forbidden.what}, from the provider`, async () => {
      simulator().faults.set({ errorRate: 1, errorStatus: 403 });
      const response = await readExisting();
      expect(response.status).toBe(forbidden.status);
      expect(response.body).toMatchObject({ code: forbidden.code, origin: 'provider', connection: name, providerError: { status: 403 } });
    });

    it('when the provider answers 429 with Retry-After longer than the deadline, then 429 rate_limited with the same Retry-After', async () => {
      simulator().faults.set({ rateLimitRate: 1, retryAfterSeconds: 90 });
      const response = await readExisting();
      expect(response.status).toBe(429);
      expect(response.headers['retry-after']).toBe('90');
      expect(response.body).toMatchObject({ code: 'rate_limited', origin: 'provider', retryable: true, providerError: { status: 429 } });
    });

    it('when the provider answers 429 without Retry-After, then the read is retried and then 429 rate_limited, without a Retry-After of its own', async () => {
      const before = upstreamCalls('GET');
      simulator().faults.set({ rateLimitRate: 1 });
      const response = await readExisting();
      expect(response.status).toBe(429);
      expect(response.headers['retry-after']).toBeUndefined();
      expect(response.body).toMatchObject({ code: 'rate_limited', retryable: true });
      expect(upstreamCalls('GET') - before).toBeGreaterThan(1);
    });

    it('when the provider answers a read with 503 once, then the read is retried and succeeds', async () => {
      const first = upstreamCalls('GET');
      await readExisting();
      const callsPerRead = upstreamCalls('GET') - first;
      const before = upstreamCalls('GET');
      simulator().faults.set({ errorRate: 1, errorStatus: 503, match: { method: 'GET' }, count: 1 });
      const response = await readExisting();
      expect(response.status).toBe(200);
      expect(upstreamCalls('GET') - before).toBe(callsPerRead + 1);
    });

    it.each([400, 403, 404, 422, 429, 500, 503])(
      "when the provider answers %i with its error body, then the gateway's problem summarises it and never repeats its text",
      async (status) => {
        simulator().faults.set({ errorRate: 1, errorStatus: status });
        const response = await readExisting();
        expect(response.type).toBe('application/problem+json');
        expect(response.body).toMatchObject({ origin: 'provider', providerError: { status } });
        const { detail, ...others } = response.body as { detail: string };
        const answer = JSON.stringify(fixture.quotesVettedExplanations ? others : { detail, ...others });
        const echoed = proseIn(simulator().faults.bodyFor(status)).filter((text) => answer.includes(JSON.stringify(text).slice(1, -1)));
        expect(echoed).toEqual([]);
      },
    );

    const { unwritable } = fixture;
    if (fixture.create !== 'unsupported') {
      const create = fixture.create;
      const fresh = () => ({ ...create, user: { ...create.user, email: `contract.${randomBytes(4).toString('hex')}@example.com` } });
      const post = (body: object, key?: string) => {
        const request = harness.http.post('/v1/users').set('Authorization', auth());
        return (key ? request.set('Idempotency-Key', key) : request).send({ connection: name, ...body });
      };

      it('when the provider answers a create with 409 (a duplicate), then 409 conflict, and the create is sent once', async () => {
        const before = upstreamCalls('POST', fixture.createPath);
        simulator().faults.set({ errorRate: 1, errorStatus: 409, match: { method: 'POST', pathPrefix: fixture.createPath } });
        const response = await post(fresh());
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ code: 'conflict', origin: 'provider', providerError: { status: 409 } });
        expect(upstreamCalls('POST', fixture.createPath) - before).toBe(1);
      });

      it('when the provider answers a create with 503, then 503 provider_unavailable, and the create is never retried', async () => {
        const before = upstreamCalls('POST', fixture.createPath);
        simulator().faults.set({ errorRate: 1, errorStatus: 503, match: { method: 'POST', pathPrefix: fixture.createPath } });
        const response = await post(fresh());
        expect(response.status).toBe(503);
        expect(response.body).toMatchObject({ code: 'provider_unavailable', origin: 'provider' });
        expect(upstreamCalls('POST', fixture.createPath) - before).toBe(1);
      });

      it(`when a create sets ${unwritable.field}, which the provider cannot store, then 400 names it and the provider is not called`, async () => {
        const before = calls();
        const response = await post({ ...create, user: { ...create.user, [unwritable.field]: unwritable.value } });
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('invalid_request');
        expect(response.body.invalidFields.map((invalid: { field: string }) => invalid.field)).toContain(unwritable.field);
        expect(calls()).toBe(before);
      });

      it('when a create is repeated with the same Idempotency-Key, then the first answer is replayed and the provider creates once', async () => {
        const body = fresh();
        const key = `contract-${randomBytes(8).toString('hex')}`;
        const before = upstreamCalls('POST', fixture.createPath);
        const first = await post(body, key);
        const again = await post(body, key);
        expect(first.status).toBe(201);
        expect(again.status).toBe(201);
        expect(again.headers['idempotent-replayed']).toBe('true');
        expect(again.body).toEqual(first.body);
        expect(upstreamCalls('POST', fixture.createPath) - before).toBe(1);
      });
    }

    if (fixture.update !== 'unsupported') {
      const update = fixture.update;
      it(`when a patch sets ${unwritable.field}, which the provider cannot store, then 400 names it and the provider is not called`, async () => {
        const before = calls();
        const response = await harness.http
          .patch(`/v1/users/${name}:${update.userId}`)
          .set('Authorization', auth())
          .send({ [unwritable.field]: unwritable.value });
        expect(response.status).toBe(400);
        expect(response.body.invalidFields.map((invalid: { field: string }) => invalid.field)).toContain(unwritable.field);
        expect(calls()).toBe(before);
      });
    }

    it('when the provider answers with a malformed body, then 502 provider_error, never a crash', async () => {
      for (const malformedKind of ['truncated-json', 'not-json', 'wrong-type'] as const) {
        harness.simulators[name]!.faults.set({ malformedRate: 1, malformedKind });
        const response = await harness.http.get(`/v1/users/${name}:${fixture.existingUserId}`).set('Authorization', auth());
        expect(response.status).toBe(502);
        expect(response.body).toMatchObject({ code: 'provider_error', origin: 'provider', connection: name });
      }
    });
  });

  describe(`${name} with credentials the provider refuses`, () => {
    let harness: Harness;
    beforeAll(async () => {
      harness = await startHarness({ connections: [{ adapter: fixture.adapter, credentials: fixture.badCredentials }] });
    });
    afterAll(() => harness.close());

    it('when reading, then the gateway reports a provider auth failure (502 provider_error), not a client 401', async () => {
      const response = await harness.http.get(`/v1/users/${name}:${fixture.existingUserId}`).set('Authorization', harness.bearer());
      expect(response.status).toBe(502);
      expect(response.body).toMatchObject({ code: 'provider_error', origin: 'provider', providerError: { status: 401 } });
    });
  });
}
