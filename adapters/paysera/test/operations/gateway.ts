import { startHarness, type Harness } from '../../../../test/support/harness';
import { paysera } from '../..';
import { startPayseraSimulator, type RunningPayseraSimulator } from '../../simulator/server';

/** A Paysera simulator with a gateway in front of it, for the enclosing describe block. */
export function payseraGateway(): { readonly harness: Harness; readonly simulator: RunningPayseraSimulator } {
  let harness: Harness;
  let simulator: RunningPayseraSimulator;
  beforeAll(async () => {
    simulator = await startPayseraSimulator();
    harness = await startHarness({ connections: [{ adapter: paysera, simulator }] });
  });
  afterAll(async () => {
    await harness.close();
    await simulator.close();
  });
  return {
    get harness() {
      return harness;
    },
    get simulator() {
      return simulator;
    },
  };
}
