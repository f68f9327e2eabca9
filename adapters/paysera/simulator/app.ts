import express, { type Express, type Request, type Response } from 'express';
import type { PayseraIdentity, PayseraRegistration, PayseraUser } from '../types';
import { verifyMac } from './mac';
import { PayseraUserStore } from './store';

export interface PayseraSimulatorClient {
  clientId: string;
  macKey: string;
  /** "Searching by person code requires special API client permissions." */
  personCodeSearch?: boolean;
}

export interface PayseraSimulatorOptions {
  clients: PayseraSimulatorClient[];
  users: PayseraUser[];
  /** Skews the simulator's clock, to exercise clients' `/server` time sync. */
  clockOffsetSeconds?: number;
}

/**
 * A Paysera Wallet REST API v1 that keeps to the documentation: MAC authentication on every
 * call but `/server`, optional fields omitted rather than null, `{error, error_description}` bodies.
 */
export function createPayseraSimulatorApp(options: PayseraSimulatorOptions): Express {
  const store = new PayseraUserStore(options.users);
  const clients = new Map(options.clients.map((client) => [client.clientId, client]));
  const now = () => Math.floor(Date.now() / 1000) + (options.clockOffsetSeconds ?? 0);
  const app = express();
  app.disable('x-powered-by');
  app.use(express.raw({ type: () => true, limit: '10mb' }));
  app.use((_req, res, next) => {
    res.setHeader('paysera-correlation-id', crypto.randomUUID());
    next();
  });

  const api = express.Router();
  api.get('/server', (_req, res) => {
    res.json({ time: now() });
  });
  api.use(verifyMac({ keys: new Map(options.clients.map((client) => [client.clientId, client.macKey])), now, toleranceSeconds: 300 }));

  api.get('/user', (req, res) => {
    const { email, phone, person_code: personCode, nationality } = req.query as Record<string, string | undefined>;
    if (!email && !phone && !personCode) return fail(res, 400, 'invalid_parameters', 'Give email, phone or person_code');
    if (personCode && !nationality) return fail(res, 400, 'invalid_parameters', 'person_code needs nationality');
    if (personCode && !clients.get(res.locals.clientId as string)?.personCodeSearch) {
      return fail(res, 403, 'forbidden', 'Client has no permission to search by person code');
    }
    const user = store.find({ email, phone, personCode, nationality });
    return user ? res.json(user) : fail(res, 404, 'not_found', 'User not found');
  });

  api.get('/user/:id', (req, res) => {
    const user = userOf(req, res, store);
    if (user) res.json(user);
  });

  api.post('/user', (req, res) => {
    const body = jsonBody<PayseraRegistration>(req, res);
    if (!body) return;
    if (!body.email && !body.phone) return fail(res, 400, 'invalid_parameters', 'email or phone is required');
    if (body.credentials && !['main-password', 'pre-salt-sha1-base64'].includes(body.credentials.type)) {
      return fail(res, 400, 'invalid_parameters', 'Unknown credentials type');
    }
    const fields = withoutEmpty({ email: body.email, phone: body.phone, locale: body.locale, identity: body.identity });
    const conflict = store.conflict(fields);
    if (conflict) return fail(res, 400, conflict, 'Already assigned to another user');
    return res.json(store.create({ ...fields, identification_level: 'unidentified' }));
  });

  api.put('/user/:id', (req, res) => {
    const user = userOf(req, res, store);
    const body = user && jsonBody<{ email?: string; identity?: PayseraIdentity }>(req, res);
    if (!user || !body) return;
    if (!body.identity?.name || !body.identity.surname) {
      return fail(res, 400, 'invalid_parameters', 'identity with name and surname is required');
    }
    const conflict = store.conflict({ email: body.email, identity: body.identity }, user.id);
    if (conflict) return fail(res, 400, conflict, 'Already assigned to another user');
    return res.json(store.update(user.id, withoutEmpty({ email: body.email ?? user.email, identity: body.identity })));
  });

  app.use('/rest/v1', api);
  app.use((_req, res) => fail(res, 404, 'not_found', 'No such resource'));
  return app;
}

function userOf(req: Request, res: Response, store: PayseraUserStore): PayseraUser | undefined {
  const id = String(req.params.id);
  if (id === 'me') {
    fail(res, 403, 'forbidden', '"me" needs a user access token');
    return undefined;
  }
  const user = id && /^\d+$/.test(id) ? store.get(Number(id)) : undefined;
  if (!user) fail(res, 404, 'not_found', 'User not found');
  return user;
}

function jsonBody<T>(req: Request, res: Response): T | undefined {
  try {
    const parsed: unknown = JSON.parse((req.body as Buffer).toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as T;
  } catch {
    // answered below
  }
  fail(res, 400, 'invalid_request', 'Body must be a JSON object');
  return undefined;
}

function withoutEmpty<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined && inner !== null && inner !== '')) as T;
}

export function fail(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}
