import { randomSecret, simulatorCredentials, simulatorSeed, startSimulatorServer } from '../../../src/provider-kit/simulator';
import type { RunningSimulator, SimulatorStartOptions } from '../../../src/connections/adapter';
import { stripeCustomerSchema } from '../schema';
import type { StripeConnectionCredentials, StripeCustomer } from '../types';
import { stripeId } from './access';
import { createStripeSimulatorApp, type ReceivedStripeRequest } from './app';
import { STRIPE_REQUEST_ID_HEADER } from '../errors';
import { stripeErrorBody } from './errors';
import { demoCustomers, demoDeletedIds } from './seed';

export interface StripeSimulatorStartOptions extends SimulatorStartOptions {
  /** `secretKey`: the key it accepts (a fresh `sk_test_…` when not given). */
  credentials?: Partial<StripeConnectionCredentials>;
}

export interface RunningStripeSimulator extends RunningSimulator {
  /** Every request as the simulator read it: Stripe's headers and the nested parameters. */
  received: ReceivedStripeRequest[];
}

/** Starts the simulator on loopback at the root (`/v1/…`, where the official SDK calls), with the seed, else the demo customers. */
export async function startStripeSimulator(options: StripeSimulatorStartOptions = {}): Promise<RunningStripeSimulator> {
  const credentials = simulatorCredentials<StripeConnectionCredentials>(options.credentials, {
    secretKey: () => stripeId('sk_test_', 24) + randomSecret(6).replace(/[^A-Za-z0-9]/g, '0'),
  });
  const customers = simulatorSeed<StripeCustomer>(options.seed, { provider: 'stripe', schema: stripeCustomerSchema, idField: 'id', demo: demoCustomers });
  const received: ReceivedStripeRequest[] = [];
  const app = createStripeSimulatorApp({
    secretKeys: [credentials.secretKey],
    customers,
    deletedIds: options.seed ? [] : demoDeletedIds,
    onRequest: (request) => received.push(request),
  });
  const requestId = { header: STRIPE_REQUEST_ID_HEADER, make: () => stripeId('req_') };
  return { ...(await startSimulatorServer(app, options, { provider: 'stripe', credentials, errorBody: stripeErrorBody, requestId })), received };
}
