import { randomBytes } from 'node:crypto';
import type { RunningSimulator, SimulatorStartOptions } from '../../../src/connections/adapter';
import { randomSecret, simulatorSeed, startSimulatorServer } from '../../../src/provider-kit/simulator';
import { SimulatorSetupError } from '../../../src/simulator/setup';
import { rebillyUserSchema } from '../schema';
import type { RebillyConnectionCredentials } from '../types';
import { createRebillySimulatorApp, type ReceivedList } from './app';
import { rebillyErrorBody } from './error-bodies';
import { mintSimulatorJwt } from './auth';
import type { RebillySimulatorQuota } from './quota';
import { demoMfa, demoUsers } from './seed';
import type { SimulatedMfa, StoredUser } from './store';

export interface RebillySimulatorStartOptions extends SimulatorStartOptions {
  /** Which credentials to hand out; the simulator accepts both kinds. `apiKey` by default. */
  auth?: 'apiKey' | 'jwt';
  /** Whether the base URL names the organization (`/organizations/{id}`); true by default. */
  organizationInBaseUrl?: boolean;
  /** The simulator signs the JWTs it accepts, so only an `apiKey` can be given. */
  credentials?: Partial<Pick<RebillyConnectionCredentials, 'apiKey'>>;
  legacyErrors?: boolean;
  /** Serve a read of one user with the 2022 API's `password` and `totp*` fields, when the record has them. */
  legacyUserFields?: boolean;
  /** Who has MFA on, by user id: the demo's (Eglė) without a seed, nobody with one, unless given. */
  mfa?: Record<string, SimulatedMfa>;
  quota?: RebillySimulatorQuota;
}

export interface RebillySimulator extends RunningSimulator {
  /** Every list request as the simulator parsed it (filter terms, limit, offset), in order. */
  receivedLists: ReceivedList[];
}

/** Starts the simulator on loopback with the given API key (else a fresh one) and seed, else the demo users. */
export async function startRebillySimulator(options: RebillySimulatorStartOptions = {}): Promise<RebillySimulator> {
  if (options.credentials && 'jwt' in options.credentials) {
    throw new SimulatorSetupError('The Rebilly simulator signs the JWTs it accepts: give an apiKey, or no credentials.');
  }
  const apiKey = options.credentials?.apiKey ?? `sk_sandbox_${randomSecret(18)}`;
  const jwtSecret = randomSecret(32);
  const organizationId = `org_${randomBytes(8).toString('hex')}`;
  const receivedLists: ReceivedList[] = [];
  const app = createRebillySimulatorApp({
    keys: { apiKeys: new Set([apiKey]), jwtSecret },
    organizationId,
    users: simulatorSeed<StoredUser>(options.seed, { provider: 'rebilly', schema: rebillyUserSchema, idField: 'id', demo: demoUsers }),
    mfa: options.mfa ?? (options.seed ? {} : demoMfa),
    legacyUserFields: options.legacyUserFields,
    legacyErrors: options.legacyErrors,
    quota: options.quota,
    onList: (list) => receivedLists.push(list),
  });
  const simulator = await startSimulatorServer(app, options, {
    provider: 'rebilly',
    basePath: options.organizationInBaseUrl === false ? '' : `/organizations/${organizationId}`,
    credentials: options.auth === 'jwt' ? { jwt: mintSimulatorJwt(jwtSecret) } : { apiKey },
    options: { defaultRegion: 'LT' },
    errorBody: rebillyErrorBody,
  });
  return { ...simulator, receivedLists };
}
