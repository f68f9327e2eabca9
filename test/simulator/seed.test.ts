import { adapters } from '../../adapters';
import { SimulatorSetupError } from '../../src/simulator/setup';

describe('simulator seeds', () => {
  it.each(adapters.map((adapter) => [adapter.name, adapter] as const))(
    "when %s is given a seed user whose id is not the provider's type, then it refuses to start, naming the field",
    async (_name, adapter) => {
      const refusal = await adapter.startSimulator({ seed: [{ id: [], userId: [] }] }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(SimulatorSetupError);
      expect((refusal as Error).message).toMatch(/seed\[0\]\.(id|userId)/);
    },
  );

  it('when two seed users share an id, then the simulator refuses to start', async () => {
    const paysera = adapters.find((adapter) => adapter.name === 'paysera')!;
    await expect(paysera.startSimulator({ seed: [{ id: 7 }, { id: 7 }] })).rejects.toThrow("seed[1] repeats another user's id");
  });

  it('when a seed user breaks the schema, then the message never repeats the value', async () => {
    const paysera = adapters.find((adapter) => adapter.name === 'paysera')!;
    await expect(paysera.startSimulator({ seed: [{ id: 7, email: ['secret@example.com'] }] })).rejects.toThrow(/^(?!.*secret).*seed\[0\]\.email/);
  });
});
