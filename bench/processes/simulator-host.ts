import { payabli } from '../../adapters/payabli';
import { paysera } from '../../adapters/paysera';
import { rebilly } from '../../adapters/rebilly';
import { wise } from '../../adapters/wise';
import type { RunningSimulator } from '../../src/connections/adapter';
import { BENCH_USER_COUNT, benchUserId } from './bench-users';
import { sendToParent } from './ipc';
import type { HostReply, HostRequest, SimulatorDescription } from './simulators';

const SEEDING_CONCURRENCY = 16;

/**
 * The simulators in a process of their own (forked by the bench): the load generator and the
 * gateway must not share a CPU's time with them unnoticed. Each adapter's own simulator, as its
 * tests start it; Rebilly's gets the bench's users through its API, as a user's CI would add them.
 */
async function main(): Promise<void> {
  const running: RunningSimulator[] = await Promise.all([rebilly, paysera, payabli, wise].map((adapter) => adapter.startSimulator()));
  const byProvider = new Map(running.map((simulator) => [simulator.provider, simulator]));
  const simulatorOf = (provider: string) => {
    const found = byProvider.get(provider);
    if (!found) throw new Error(`no simulator of ${provider}`);
    return found;
  };
  await addBenchUsers(simulatorOf('rebilly'));
  process.on('message', (request: HostRequest) => {
    const count = simulatorOf(request.provider).requests.filter((recorded) => recorded.path.endsWith(request.pathEnding)).length;
    sendToParent({ id: request.id, count } satisfies HostReply);
  });
  process.on('disconnect', () => {
    void Promise.all(running.map((simulator) => simulator.close())).then(() => process.exit(0));
  });
  const described: SimulatorDescription[] = running.map(({ provider, baseUrl, credentials, options }) => ({ provider, baseUrl, credentials, options }));
  sendToParent({ ready: described });
}

/** Rebilly's `PUT /users/{id}` creates a missing user under the id given: one per bench user, shaped like the demo people. */
async function addBenchUsers(simulator: RunningSimulator): Promise<void> {
  let next = 0;
  const put = async (index: number) => {
    const response = await fetch(`${simulator.baseUrl}/users/${benchUserId(index)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'REB-APIKEY': String(simulator.credentials.apiKey) },
      body: JSON.stringify({
        email: `bench.user.${index}@example.com`,
        firstName: 'Eglė',
        lastName: 'Jankauskienė',
        mobilePhone: '+37060012345',
        country: 'LT',
        preferences: { language: 'lt', timezone: 'Europe/Vilnius' },
        permissions: ['*'],
      }),
    });
    if (response.status !== 201) throw new Error(`the Rebilly simulator refused bench user ${index}: ${response.status}`);
  };
  await Promise.all(
    Array.from({ length: SEEDING_CONCURRENCY }, async () => {
      for (let index = next++; index < BENCH_USER_COUNT; index = next++) await put(index);
    }),
  );
}

void main();
