import type { RunningSimulator } from '../../src/connections/adapter';
import { storedMetricsLabel } from '../../src/connections/registry';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith } from '../support/registry';
import { addStoredConnection } from './stored';

const adapter = adapterWith();
const person = adapter.demo.personId;

describe('Prometheus labels and stored connections', () => {
  let harness: Harness;
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await adapter.startSimulator();
    harness = await startHarness({ store: true, connections: [{ adapter, simulator }] });
  });
  afterAll(async () => {
    await harness.close();
    await simulator.close();
  });

  const exposition = () => harness.gateway.metrics.registry.metrics();
  /** The label sets of one metric, as exposed. */
  const labelSets = async (metric: string) =>
    new Set(
      (await exposition())
        .split('\n')
        .filter((line) => line.startsWith(`${metric}{`))
        .map((line) => line.replace(/ \S+$/, '')),
    );
  const readThrough = async (tenant: string) => {
    await addStoredConnection(harness.stored!, { tenant, name: `shop-${tenant}`, adapter, simulator });
    const response = await harness.http.get(`/v1/users/shop-${tenant}:${person}`).set('Authorization', harness.bearer(['users:read'], { tenant }));
    expect(response.status).toBe(200);
  };

  it('when stored connections are used, then their calls are labelled by adapter, and more of them add no label sets', async () => {
    await readThrough('tenant-1');
    const before = await labelSets('usergate_upstream_calls_total');
    for (const tenant of ['tenant-2', 'tenant-3', 'tenant-4']) await readThrough(tenant);
    expect(await labelSets('usergate_upstream_calls_total')).toEqual(before);
    const text = await exposition();
    expect(text).toContain(`connection="${storedMetricsLabel(adapter)}"`);
    expect(text).not.toMatch(/connection="shop-/);
  });

  it('when stored connections are used, then only declared connections have a breaker-state series', async () => {
    await harness.http.get(`/v1/users/${adapter.name}:${person}`).set('Authorization', harness.bearer(['users:read']));
    expect([...(await labelSets('usergate_breaker_state'))]).toEqual([`usergate_breaker_state{connection="${adapter.name}"}`]);
  });
});
