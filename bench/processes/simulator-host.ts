import { payabli } from '../../adapters/payabli';
import { paysera } from '../../adapters/paysera';
import { demoUsers } from '../../adapters/rebilly/simulator/seed';
import { startRebillySimulator } from '../../adapters/rebilly/simulator/server';
import { wise } from '../../adapters/wise';
import type { RunningSimulator } from '../../src/connections/adapter';
import { BENCH_USER_COUNT, benchUserId } from './bench-users';
import type { HostReply, HostRequest, SimulatorDescription } from './simulators';

const [, templateUser] = demoUsers;

/**
 * The simulators in a process of their own (forked by the bench): the load generator and the
 * gateway must not share a CPU's time with them unnoticed. Each adapter's own simulator, the way
 * its tests start it; Rebilly's holds generated users besides its demo ones.
 */
async function main(): Promise<void> {
  const generated = Array.from({ length: BENCH_USER_COUNT }, (_, index) => ({
    ...templateUser!,
    id: benchUserId(index),
    email: `bench.user.${index}@example.com`,
  }));
  const running: RunningSimulator[] = await Promise.all([
    startRebillySimulator({ users: [...demoUsers, ...generated] }),
    paysera.startSimulator(),
    payabli.startSimulator(),
    wise.startSimulator(),
  ]);
  const byProvider = new Map(running.map((simulator) => [simulator.provider, simulator]));
  process.on('message', (request: HostRequest) => {
    const simulator = byProvider.get(request.provider)!;
    const count = simulator.requests.filter((recorded) => recorded.path.endsWith(request.pathEnding)).length;
    process.send!({ id: request.id, count } satisfies HostReply);
  });
  process.on('disconnect', () => {
    void Promise.all(running.map((simulator) => simulator.close())).then(() => process.exit(0));
  });
  const described: SimulatorDescription[] = running.map(({ provider, baseUrl, credentials, options }) => ({ provider, baseUrl, credentials, options }));
  process.send!({ ready: described });
}

void main();
