import type { Request, Response, Router } from 'express';
import type { PayseraUser } from '../types';
import { hasScope, visibleUser, type PayseraScope, type PayseraSimulatorClient } from './clients';
import type { SimulatedWallet } from './seed';
import type { PayseraSimulatorState } from './state';
import type { PayseraUserStore } from './store';

/**
 * How receipts are answered: `json` `{"text": ...}` (the shape Paysera documents for the balance
 * receipt, the default), `text` (text/plain), or `pdf` (a small binary PDF).
 */
export type ReceiptFormat = 'json' | 'text' | 'pdf';

/** A reCAPTCHA a 429 asks for (the headers Paysera's SDKs read). */
export interface SimulatedRecaptcha {
  siteKey: string;
  unlockUrl: string;
}

/** What every route module of the simulator works with. */
export interface Simulation {
  users: PayseraUserStore;
  /** Wallets with their accounts, by id. */
  wallets: ReadonlyMap<number, SimulatedWallet>;
  receipts: ReceiptFormat;
  state: PayseraSimulatorState;
  /** The simulator's clock, in unix seconds. */
  now(): number;
  /** The client the MAC check identified. */
  client(res: Response): PayseraSimulatorClient;
}

export type RouteModule = (api: Router, simulation: Simulation) => void;

export function fail(res: Response, status: number, error: string, description: string): void {
  const recaptcha = res.locals.recaptcha as SimulatedRecaptcha | undefined;
  if (status === 429 && recaptcha) res.setHeader('g-recaptcha-key', recaptcha.siteKey).setHeader('recaptcha-unlock-url', recaptcha.unlockUrl);
  res.status(status).json({ error, error_description: description });
}

/** False (and a 403 sent) when the calling client lacks the scope. */
export function allowed(simulation: Simulation, res: Response, scope: PayseraScope): boolean {
  if (hasScope(simulation.client(res), scope)) return true;
  fail(res, 403, 'forbidden', `Client has no "${scope}" permission`);
  return false;
}

/** Answers with a user as the calling client may see it. */
export function sendUser(simulation: Simulation, res: Response, user: PayseraUser): void {
  res.json(visibleUser(user, simulation.client(res)));
}

export function userOf(req: Request, res: Response, users: PayseraUserStore): PayseraUser | undefined {
  const id = String(req.params.id);
  if (id === 'me') {
    fail(res, 403, 'forbidden', '"me" needs a user access token');
    return undefined;
  }
  const user = /^\d+$/.test(id) ? users.get(Number(id)) : undefined;
  if (!user) fail(res, 404, 'not_found', 'User not found');
  return user;
}

/** A numeric path parameter's entry in a map, or undefined with a 404 sent. */
export function entryOf<T>(req: Request, res: Response, name: string, entries: ReadonlyMap<number, T>, what: string): T | undefined {
  const id = String(req.params[name]);
  const entry = /^\d+$/.test(id) ? entries.get(Number(id)) : undefined;
  if (entry === undefined) fail(res, 404, 'not_found', `${what} not found`);
  return entry;
}

/** The body as a JSON object, its fields as the client sent them (unchecked), or undefined with a 400 sent. */
export function jsonBody(req: Request, res: Response): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse((req.body as Buffer).toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  fail(res, 400, 'invalid_request', 'Body must be a JSON object');
  return undefined;
}

export function withoutEmpty<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined && inner !== null && inner !== '')) as T;
}

/** Magic numbers of the binary types Paysera takes, so that a mislabelled upload is refused. */
const SIGNATURES: Record<string, number[]> = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
};

/** The raw body when it is one of `types` and really is what its Content-Type says; else a 400 is sent. */
export function fileBody(req: Request, res: Response, types: string[]): { contentType: string; bytes: Buffer } | undefined {
  const [mediaType = ''] = (req.get('content-type') ?? '').split(';');
  const contentType = mediaType.trim().toLowerCase();
  const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const signature = SIGNATURES[contentType];
  if (!types.includes(contentType) || !signature?.every((byte, index) => bytes[index] === byte)) {
    fail(res, 400, 'invalid_parameters', `Body must be one of ${types.join(', ')}`);
    return undefined;
  }
  return { contentType, bytes };
}
