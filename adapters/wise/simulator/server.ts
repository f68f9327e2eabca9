import { randomBytes, randomUUID } from 'node:crypto';
import type { RunningSimulator, SimulatorStartOptions } from '../../../src/connections/adapter';
import { randomSecret, simulatorCredentials, simulatorSeed, startSimulatorServer } from '../../../src/provider-kit/simulator';
import { wiseUserSchema } from '../schema';
import type { WiseConnectionCredentials } from '../types';
import { createWiseSimulatorApp } from './app';
import { WISE_REQUEST_ID_HEADER } from '../errors';
import { wiseErrorBody } from './error-bodies';
import { DOCUMENTED_RATE_LIMIT, type WiseRateLimit } from './rate-limit';
import { demoUsers, PERSONAL_TOKEN_USER_ID } from './seed';
import type { WiseUserStore } from './store';
import type { TokenExpiryFields, WiseSimulatorTokens } from './tokens';

const TWELVE_HOURS_MS = 12 * 3600 * 1000;

export interface WiseSimulatorStartOptions extends SimulatorStartOptions {
  /** `userToken` becomes the personal token of user 5001 (of the first seeded user when the seed has no 5001). */
  credentials?: Partial<WiseConnectionCredentials>;
  /** Token lifetimes (12 hours at Wise); tests shorten them to exercise renewal. */
  clientTokenLifetimeMs?: number;
  userTokenLifetimeMs?: number;
  /** Which expiry fields token answers carry (`both` by default: `expires_in` and `expires_at`, ...). */
  tokenExpiryFields?: TokenExpiryFields;
  /** Wise's documented limits (100 requests a second, 1,000 a minute) unless given. */
  rateLimit?: Partial<WiseRateLimit>;
  /** Requests under this path fail inside "Wise" with its framework's 500 body. */
  internalErrorPathPrefix?: string;
}

export interface RunningWiseSimulator extends RunningSimulator {
  /** Token events and test hooks (invalidate, revoke, issued tokens). */
  tokens: WiseSimulatorTokens;
  users: WiseUserStore;
}

/**
 * Starts the simulator on loopback with the seed (else the demo users) and the given credentials,
 * the rest generated, in the connection's keys: a client id and secret, a personal token of user
 * 5001, and an encryption key for the gateway's token store (which Wise never sees).
 */
export async function startWiseSimulator(options: WiseSimulatorStartOptions = {}): Promise<RunningWiseSimulator> {
  const credentials = simulatorCredentials<Required<WiseConnectionCredentials>>(options.credentials, {
    clientId: () => `sim_${randomBytes(6).toString('hex')}`,
    clientSecret: () => randomSecret(24),
    userToken: () => randomUUID(),
    tokenEncryptionKey: () => randomBytes(32).toString('base64'),
  });
  const seed = simulatorSeed(options.seed, { provider: 'wise', schema: wiseUserSchema, idField: 'id', demo: demoUsers });
  const [firstUser] = seed;
  if (!firstUser) throw new Error('The Wise simulator needs a user for its personal token.');
  const personalTokenUserId = seed.some((user) => user.id === PERSONAL_TOKEN_USER_ID) ? PERSONAL_TOKEN_USER_ID : firstUser.id;
  const { app, tokens, users } = createWiseSimulatorApp({
    clients: [{ clientId: credentials.clientId, clientSecret: credentials.clientSecret }],
    personalTokens: [{ token: credentials.userToken, userId: personalTokenUserId }],
    users: seed,
    lifetimes: {
      clientTokenMs: options.clientTokenLifetimeMs ?? TWELVE_HOURS_MS,
      userTokenMs: options.userTokenLifetimeMs ?? TWELVE_HOURS_MS,
    },
    tokenExpiryFields: options.tokenExpiryFields,
    rateLimit: { ...DOCUMENTED_RATE_LIMIT, ...options.rateLimit },
    internalErrorPathPrefix: options.internalErrorPathPrefix,
  });
  const simulator = await startSimulatorServer(app, options, {
    provider: 'wise',
    credentials,
    errorBody: wiseErrorBody,
    requestId: { header: WISE_REQUEST_ID_HEADER, make: () => randomBytes(16).toString('hex') },
  });
  return { ...simulator, tokens, users };
}
