import { adapters } from '../../adapters';
import { startHarness, type Harness } from '../support/harness';
import { newUserRequest, otherUserId, personId } from '../support/registry';

/** What each adapter declares about its simulator's demo data holds: the tests and the demo banner rely on it. */
describe.each(adapters.map((adapter) => [adapter.name, adapter] as const))('%s demo declarations', (_name, adapter) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter }] });
  });
  afterAll(() => harness.close());
  const get = (id: string) => harness.http.get(`/v1/users/${encodeURIComponent(id)}`).set('Authorization', harness.bearer());

  it('when the demo person is read, then it is Eglė Jankauskienė (docs/demo-data.md)', async () => {
    const response = await get(personId(adapter));
    expect(response.status).toBe(200);
    expect(response.body.email).toBe('egle.jankauskiene@example.com');
  });

  it('when the other demo users are read, then each is there and each is someone else', async () => {
    const read = await Promise.all(adapter.demo.userIds.map((_id, index) => get(otherUserId(adapter, index))));
    expect(read.map((response) => response.status)).toEqual(adapter.demo.userIds.map(() => 200));
    const emails = read.map((response) => response.body.email as string | null);
    expect(emails).not.toContain('egle.jankauskiene@example.com');
  });

  it('when each hint is read, then it answers', async () => {
    for (const hint of adapter.demo.hints ?? []) expect((await get(`${adapter.name}:${hint.userId}`)).status).toBe(200);
  });

  const { patch } = adapter.demo;
  if (adapter.capabilities.update && patch) {
    it('when the declared patch is applied to each demo user, then 200', async () => {
      const ids = [adapter.demo.personId, ...adapter.demo.userIds];
      const statuses = [];
      for (const id of ids) {
        const response = await harness.http
          .patch(`/v1/users/${adapter.name}:${encodeURIComponent(id)}`)
          .set('Authorization', harness.bearer())
          .send(patch);
        statuses.push([id, response.status, response.body.detail]);
      }
      expect(statuses).toEqual(ids.map((id) => [id, 200, undefined]));
    });
  }

  if (adapter.capabilities.create) {
    it('when the declared new user is created, then 201', async () => {
      const response = await harness.http.post('/v1/users').set('Authorization', harness.bearer()).send(newUserRequest(adapter));
      expect(response.status).toBe(201);
    });
  }
});
