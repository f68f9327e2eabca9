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
  delete: { userId: string } | 'unsupported';
  /** Credentials the simulator refuses. */
  badCredentials: Record<string, unknown>;
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
    const calls = () => harness.simulators[name]!.requests.length;

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
      it('when creating, then 501 not_supported', async () => {
        const response = await harness.http
          .post('/v1/users')
          .set('Authorization', auth())
          .send({ connection: name, user: { email: 'new@example.com' } });
        expect(response.status).toBe(501);
        expect(response.body.code).toBe('not_supported');
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
      it('when updating, then 501 not_supported', async () => {
        const response = await harness.http.patch(`/v1/users/${name}:${fixture.existingUserId}`).set('Authorization', auth()).send({ locale: 'en' });
        expect(response.status).toBe(501);
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
      it('when deleting, then 501 not_supported', async () => {
        const response = await harness.http.delete(`/v1/users/${name}:${fixture.existingUserId}`).set('Authorization', auth());
        expect(response.status).toBe(501);
        expect(response.body.code).toBe('not_supported');
      });
    } else {
      const remove = fixture.delete;
      it('when deleting, then 204 and the user is gone', async () => {
        const response = await harness.http.delete(`/v1/users/${name}:${remove.userId}`).set('Authorization', auth());
        expect(response.status).toBe(204);
        const read = await harness.http.get(`/v1/users/${name}:${remove.userId}`).set('Authorization', auth());
        expect(read.status).toBe(404);
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
