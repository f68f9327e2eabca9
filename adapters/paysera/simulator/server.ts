import { randomBytes, randomUUID } from 'node:crypto';
import type { RunningSimulator, SimulatorStartOptions } from '../../../src/connections/adapter';
import { randomSecret, simulatorCredentials, simulatorSeed, startSimulatorServer } from '../../../src/provider-kit/simulator';
import { payseraUserSchema } from '../schema';
import type { PayseraConnectionCredentials } from '../types';
import { createPayseraSimulatorApp, type PayseraSimulatorOptions } from './app';
import { PAYSERA_REQUEST_ID_HEADER } from '../errors';
import { payseraErrorBody } from './error-bodies';
import { PAYSERA_SCOPES, type PayseraSimulatorClient } from './clients';
import { demoUsers, demoWallets } from './seed';
import { PayseraSimulatorState } from './state';

export interface PayseraSimulatorStartOptions extends SimulatorStartOptions, Pick<PayseraSimulatorOptions, 'receipts' | 'recaptcha'> {
  credentials?: Partial<PayseraConnectionCredentials>;
  clockOffsetSeconds?: number;
  /** More clients besides the connection's own (which has every permission). */
  otherClients?: PayseraSimulatorClient[];
}

export interface RunningPayseraSimulator extends RunningSimulator {
  /** What the simulator holds besides users: codes sent, avatars, documents, contact books... */
  state: PayseraSimulatorState;
}

/** Starts the simulator on loopback with the given credentials (the rest generated) and seed, else the demo users. */
export async function startPayseraSimulator(options: PayseraSimulatorStartOptions = {}): Promise<RunningPayseraSimulator> {
  const credentials = simulatorCredentials<PayseraConnectionCredentials>(options.credentials, {
    clientId: () => `sim_${randomBytes(6).toString('hex')}`,
    macKey: () => randomSecret(24),
  });
  const state = new PayseraSimulatorState();
  const app = createPayseraSimulatorApp(
    {
      clients: [{ ...credentials, personCodeSearch: true, scopes: PAYSERA_SCOPES }, ...(options.otherClients ?? [])],
      users: simulatorSeed(options.seed, { provider: 'paysera', schema: payseraUserSchema, idField: 'id', demo: demoUsers }),
      wallets: options.seed ? [] : demoWallets,
      receipts: options.receipts,
      recaptcha: options.recaptcha,
      clockOffsetSeconds: options.clockOffsetSeconds,
    },
    state,
  );
  const simulator = await startSimulatorServer(app, options, {
    provider: 'paysera',
    basePath: '/rest/v1',
    credentials,
    errorBody: payseraErrorBody,
    requestId: { header: PAYSERA_REQUEST_ID_HEADER, make: () => randomUUID() },
  });
  return { ...simulator, state };
}
