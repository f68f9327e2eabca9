import express, { type Express } from 'express';
import { errorTail } from '../../../src/provider-kit/simulator';
import type { PayseraUser } from '../types';
import type { PayseraSimulatorClient } from './clients';
import { fail, type ReceiptFormat, type RouteModule, type SimulatedRecaptcha, type Simulation } from './http';
import { verifyMac } from './mac';
import { confirmationRoutes } from './routes/confirmations';
import { contactBookRoutes } from './routes/contact-book';
import { fileRoutes } from './routes/files';
import { passwordRoutes } from './routes/password';
import { positionRoutes } from './routes/positions';
import { receiptRoutes } from './routes/receipts';
import { serviceRoutes } from './routes/services';
import { userRoutes } from './routes/users';
import type { SimulatedWallet } from './seed';
import { PayseraSimulatorState } from './state';
import { PayseraUserStore } from './store';

export interface PayseraSimulatorOptions {
  clients: PayseraSimulatorClient[];
  users: PayseraUser[];
  wallets: SimulatedWallet[];
  /** `json` by default. */
  receipts?: ReceiptFormat;
  /**
   * Every 429 `rate_limit_exceeded` asks for this reCAPTCHA with `g-recaptcha-key` and `recaptcha-unlock-url`
   * (swift-lib-wallet-sdk Services/ReCAPTCHAHeader.swift, java-lib-wallet-sdk enums/RecaptchaHeader.java).
   */
  recaptcha?: SimulatedRecaptcha;
  /** Skews the simulator's clock, to exercise clients' `/server` time sync. */
  clockOffsetSeconds?: number;
}

const ROUTES: RouteModule[] = [passwordRoutes, userRoutes, confirmationRoutes, serviceRoutes, positionRoutes, fileRoutes, receiptRoutes, contactBookRoutes];

/**
 * A Paysera Wallet REST API v1 that keeps to the documentation: MAC authentication on every
 * call but `/server` (binary bodies hashed too), per-client scopes (403 without them), optional
 * fields omitted rather than null, `{error, error_description}` bodies. Codes it "sends" by SMS
 * or email are kept in `state.outbox` and listed at `GET /__outbox`.
 */
export function createPayseraSimulatorApp(options: PayseraSimulatorOptions, state = new PayseraSimulatorState()): Express {
  const clients = new Map(options.clients.map((client) => [client.clientId, client]));
  const now = () => Math.floor(Date.now() / 1000) + (options.clockOffsetSeconds ?? 0);
  const simulation: Simulation = {
    users: new PayseraUserStore(options.users),
    wallets: new Map(options.wallets.map((wallet) => [wallet.id, wallet])),
    receipts: options.receipts ?? 'json',
    state,
    now,
    client: (res) => {
      const client = clients.get(res.locals.clientId as string);
      if (!client) throw new Error('Only requests that passed the MAC check have a client.');
      return client;
    },
  };
  const app = express();
  app.disable('x-powered-by');
  app.use(express.raw({ type: () => true, limit: '10mb' }));
  app.use((_req, res, next) => {
    res.locals.recaptcha = options.recaptcha;
    next();
  });
  app.get('/__outbox', (_req, res) => {
    res.json(state.outbox);
  });

  const api = express.Router();
  api.get('/server', (_req, res) => {
    res.json({ time: simulation.now() });
  });
  api.use(verifyMac({ keys: new Map(options.clients.map((client) => [client.clientId, client.macKey])), now, toleranceSeconds: 300 }));
  for (const routes of ROUTES) routes(api, simulation);

  app.use('/rest/v1', api);
  errorTail(app, (res, status, failure) => {
    if (failure === 'no-such-route') fail(res, 404, 'not_found', 'No such resource');
    else if (failure === 'unreadable-request') fail(res, status, 'invalid_request', 'The request body could not be read');
    else fail(res, 500, 'internal_error', 'The request failed');
  });
  return app;
}
