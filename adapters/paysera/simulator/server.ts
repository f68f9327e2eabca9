import { randomBytes } from 'node:crypto';
import type { RunningSimulator, SimulatorStartOptions } from '../../../src/connections/adapter';
import { serveSimulator } from '../../../src/simulator/serve';
import { validateSeed } from '../../../src/simulator/setup';
import { payseraUserSchema } from '../schema';
import type { PayseraConnectionCredentials } from '../types';
import { createPayseraSimulatorApp, type PayseraSimulatorOptions } from './app';
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
  const credentials = {
    clientId: options.credentials?.clientId ?? `sim_${randomBytes(6).toString('hex')}`,
    macKey: options.credentials?.macKey ?? randomBytes(24).toString('base64url'),
  };
  const state = new PayseraSimulatorState();
  const app = createPayseraSimulatorApp(
    {
      clients: [{ ...credentials, personCodeSearch: true, scopes: PAYSERA_SCOPES }, ...(options.otherClients ?? [])],
      users: options.seed ? validateSeed(options.seed, 'paysera', payseraUserSchema, (user) => user.id) : demoUsers,
      wallets: options.seed ? [] : demoWallets,
      receipts: options.receipts,
      recaptcha: options.recaptcha,
      clockOffsetSeconds: options.clockOffsetSeconds,
    },
    state,
  );
  const serving = await serveSimulator(app, { port: options.port, host: options.host, errorBody: payseraErrorBody });
  return {
    provider: 'paysera',
    baseUrl: `${serving.origin}/rest/v1`,
    credentials,
    options: {},
    requests: serving.requests,
    faults: serving.faults,
    close: () => serving.close(),
    state,
  };
}
