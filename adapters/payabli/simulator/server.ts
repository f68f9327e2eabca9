import { randomBytes } from 'node:crypto';
import express from 'express';
import type { RunningSimulator, SimulatorStartOptions } from '../../../src/connections/adapter';
import { serveSimulator } from '../../../src/simulator/serve';
import { validateSeed } from '../../../src/simulator/setup';
import { payabliUserSchema } from '../schema';
import type { PayabliConnectionCredentials, PayabliConnectionOptions } from '../types';
import { createPayabliSimulatorApp, type PayabliSimulatorOptions } from './app';
import { payabliErrorBody } from './error-bodies';
import { DEMO_ORGANIZATION, demoUsers } from './seed';

export interface PayabliSimulatorStartOptions
  extends SimulatorStartOptions, Partial<Pick<PayabliSimulatorOptions, 'omitCreatedId' | 'errorsWithStatus200' | 'camelCaseReads' | 'requestsPerMinute'>> {
  /** `requestToken`: the application token it accepts. */
  credentials?: Partial<PayabliConnectionCredentials>;
  organizationToken?: string;
}

export interface RunningPayabliSimulator extends RunningSimulator {
  /** A token of the other kind, which Payabli refuses for user management. */
  organizationToken: string;
  /** Every request's path and query as received (filters and paging show there). */
  urls: string[];
}

const newToken = () => randomBytes(24).toString('base64url');

/** Starts the simulator on loopback with fresh tokens (or the given ones) and the seed, else the demo users. */
export async function startPayabliSimulator(options: PayabliSimulatorStartOptions = {}): Promise<RunningPayabliSimulator> {
  const applicationToken = options.credentials?.requestToken ?? newToken();
  const organizationToken = options.organizationToken ?? newToken();
  const app = createPayabliSimulatorApp({
    applicationTokens: [applicationToken],
    organizationTokens: [organizationToken],
    users: options.seed ? validateSeed(options.seed, 'payabli', payabliUserSchema, (user) => user.userId) : demoUsers,
    organization: DEMO_ORGANIZATION,
    requestsPerMinute: options.requestsPerMinute ?? 200,
    omitCreatedId: options.omitCreatedId,
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
  const serving = await serveSimulator(recording, { port: options.port, host: options.host, errorBody: payabliErrorBody });
  return {
    provider: 'payabli',
    baseUrl: `${serving.origin}/api`,
    credentials: { requestToken: applicationToken },
    options: { defaultRegion: 'US', orgId: DEMO_ORGANIZATION.orgId } satisfies PayabliConnectionOptions,
    organizationToken,
    urls,
    requests: serving.requests,
    faults: serving.faults,
    close: () => serving.close(),
  };
}
