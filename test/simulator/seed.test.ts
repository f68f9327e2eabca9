import { adapters } from '../../adapters';
import { SimulatorSetupError } from '../../src/simulator/setup';

const each = adapters.map((adapter) => [adapter.name, adapter] as const);

describe('simulator seeds', () => {
  it.each(each)("when %s is given a seed user whose id is not the provider's type, then it refuses to start, naming the field", async (_name, adapter) => {
    const refusal = await adapter.startSimulator({ seed: [{ [adapter.seedIdField]: [] }] }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SimulatorSetupError);
    expect((refusal as Error).message).toContain(`seed[0].${adapter.seedIdField}`);
  });

  it.each(each)('when two %s seed users share an id, then the simulator refuses to start', async (_name, adapter) => {
    const { example } = adapter.providerUser;
    await expect(adapter.startSimulator({ seed: [example, example] })).rejects.toThrow("seed[1] repeats another user's id");
  });

  it.each(each)('when a %s seed user breaks the schema, then the message never repeats the value', async (_name, adapter) => {
    const seed = [{ ...adapter.providerUser.example, [adapter.seedIdField]: ['secret@example.com'] }];
    await expect(adapter.startSimulator({ seed })).rejects.toThrow(new RegExp(`^(?!.*secret).*seed\\[0\\]\\.${adapter.seedIdField}`));
  });

  it.each(each)("when %s is given its documented example as the seed, then it starts (a seed in the provider's own shape)", async (_name, adapter) => {
    const simulator = await adapter.startSimulator({ seed: [adapter.providerUser.example] });
    await simulator.close();
  });
});
