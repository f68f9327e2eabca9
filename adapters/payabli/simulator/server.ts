import { randomBytes } from 'node:crypto';
import express from 'express';
import type { RunningSimulator, SimulatorStartOptions } from '../../../src/connections/adapter';
import { randomSecret, simulatorSeed, startSimulatorServer } from '../../../src/provider-kit/simulator';
import { payabliUserSchema } from '../schema';
import type { PayabliConnectionOptions } from '../types';
import { createPayabliSimulatorApp, type PayabliSimulatorOptions } from './app';
import { payabliErrorBody } from './error-bodies';
import { SimulatedOAuth } from './oauth';
import { DEMO_ORGANIZATION, demoUsers } from './seed';

export interface PayabliSimulatorStartOptions
  extends SimulatorStartOptions, Partial<Pick<PayabliSimulatorOptions, 'createdIdAs' | 'errorsWithStatus200' | 'camelCaseReads' | 'requestsPerMinute'>> {
  /** Which credentials to hand out; the simulator accepts both kinds. `requestToken` by default. */
  auth?: 'requestToken' | 'clientCredentials';
  /** The application token and the OAuth client it accepts; the ones left out are generated. */
  credentials?: { requestToken?: string; clientId?: string; clientSecret?: string };
  organizationToken?: string;
  /** How long the bearer tokens it issues live (an hour by default); tests shorten it to exercise renewal. */
  bearerTokenLifetimeMs?: number;
}

export interface RunningPayabliSimulator extends RunningSimulator {
  /** A token of the other kind, which Payabli refuses for user management. */
  organizationToken: string;
  /** The OAuth client's token events and test hooks. */
  oauth: SimulatedOAuth;
  /** Every request's path and query as received (filters and paging show there). */
  urls: string[];
}

const newToken = () => randomSecret(24);
const ONE_HOUR_MS = 3600 * 1000;

/** The form asked for, else the form of the credentials given (an OAuth client, or a requestToken by default). */
function handsOut({ auth, credentials }: PayabliSimulatorStartOptions): 'requestToken' | 'clientCredentials' {
  return auth ?? (credentials?.clientId !== undefined && credentials.requestToken === undefined ? 'clientCredentials' : 'requestToken');
}

/** Starts the simulator on loopback with fresh credentials (or the given ones) and the seed, else the demo users. */
export async function startPayabliSimulator(options: PayabliSimulatorStartOptions = {}): Promise<RunningPayabliSimulator> {
  const given = options.credentials ?? {};
  const applicationToken = given.requestToken ?? newToken();
  const client = { clientId: given.clientId ?? `sim_${randomBytes(6).toString('hex')}`, clientSecret: given.clientSecret ?? newToken() };
  const organizationToken = options.organizationToken ?? newToken();
  const oauth = new SimulatedOAuth([client], options.bearerTokenLifetimeMs ?? ONE_HOUR_MS);
  const app = createPayabliSimulatorApp({
    applicationTokens: [applicationToken],
    organizationTokens: [organizationToken],
    oauth,
    users: simulatorSeed(options.seed, { provider: 'payabli', schema: payabliUserSchema, idField: 'userId', demo: demoUsers }),
    organization: DEMO_ORGANIZATION,
    requestsPerMinute: options.requestsPerMinute ?? 200,
    createdIdAs: options.createdIdAs,
    errorsWithStatus200: options.errorsWithStatus200,
    camelCaseReads: options.camelCaseReads,
  });
  const urls: string[] = [];
  const recording = express();
  recording.use((req, _res, next) => {
    urls.push(req.originalUrl);
    next();
  });
  recording.use(app);
  const simulator = await startSimulatorServer(recording, options, {
    provider: 'payabli',
    basePath: '/api',
    credentials: handsOut(options) === 'clientCredentials' ? client : { requestToken: applicationToken },
    options: { defaultRegion: 'US', orgId: DEMO_ORGANIZATION.orgId } satisfies PayabliConnectionOptions,
    errorBody: payabliErrorBody,
  });
  return { ...simulator, organizationToken, oauth, urls };
}
