import { randomBytes } from 'node:crypto';
import type { ErrorRequestHandler, Express, Response } from 'express';
import type Joi from 'joi';
import type { RunningSimulator, SimulatorStartOptions } from '../connections/adapter';
import { serveSimulator, type SimulatedRequestId } from '../simulator/serve';
import { validateSeed } from '../simulator/setup';

/**
 * What every simulator does around its provider's own routes, written once: credentials in the
 * connection's keys (the ones not given generated), a seed checked against the adapter's schema of
 * the provider's user, the provider's own error answer for a route or body it cannot read, and
 * serving on loopback with the shared fault knobs.
 */

/** A fresh random secret, URL-safe: `sk_test_` + `randomSecret()`. */
export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** Each credential key and how a fresh value is made when the caller gives none. */
export type CredentialGenerators<Credentials> = { [Key in keyof Credentials]-?: () => Credentials[Key] };

/** The credentials a simulator accepts: the given ones, the rest generated. */
export function simulatorCredentials<Credentials>(given: Partial<Credentials> | undefined, generate: CredentialGenerators<Credentials>): Credentials {
  const entries = Object.entries(generate) as [keyof Credentials & string, () => unknown][];
  return Object.fromEntries(entries.map(([key, make]) => [key, given?.[key] ?? make()])) as Credentials;
}

export interface SeedDeclaration<User> {
  provider: string;
  /** The adapter's schema of the provider's user: the one its mapper validates with. */
  schema: Joi.Schema<User>;
  /** The field holding each user's provider id (the adapter declares it as `seedIdField`). */
  idField: keyof User & string;
  /** The users served without a seed (docs/demo-data.md). */
  demo: readonly User[];
}

/** The given seed, checked (a bad one is a `SimulatorSetupError` naming user and field), or the demo users. */
export function simulatorSeed<User>(seed: SimulatorStartOptions['seed'], declaration: SeedDeclaration<User>): User[] {
  if (seed === undefined) return structuredClone([...declaration.demo]);
  return validateSeed(seed, declaration.provider, declaration.schema, (user) => user[declaration.idField]);
}

/** Why the simulator itself answers with an error, before or instead of a provider route. */
export type SimulatorFailure = 'no-such-route' | 'unreadable-request' | 'simulator-failed';

/** Sends the provider's own error answer for a status (its body shape, its headers). */
export type ErrorAnswer = (res: Response, status: number, failure: SimulatorFailure) => void;

/**
 * The end of a simulator app: an unknown route is the provider's 404, a body it cannot parse the
 * provider's 4xx (the parser's status: 400, 413, 415), anything else its 500, all in its own shape.
 */
export function errorTail(app: Express, answer: ErrorAnswer): void {
  app.use((_req, res) => answer(res, 404, 'no-such-route'));
  const unreadable: ErrorRequestHandler = (error: { status?: unknown }, _req, res, next) => {
    // Express's own handler ends a response that has started; a second answer cannot be sent.
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    answer(res, status, status < 500 ? 'unreadable-request' : 'simulator-failed');
  };
  app.use(unreadable);
}

export interface ServedSimulator<Credentials> {
  provider: string;
  /** The path of the provider's API below the origin (`/rest/v1`); none by default. */
  basePath?: string;
  credentials: Credentials;
  /** The connection options a gateway needs for this simulator. */
  options?: Record<string, unknown>;
  /** The provider's documented error body for a status: the fault knobs answer with it (`FaultController.bodyFor`). */
  errorBody?: (status: number) => unknown;
  /** The header and format of the provider's own request id, when it sends one (its adapter's `requestIdHeaders`). */
  requestId?: SimulatedRequestId;
}

/** Serves a simulator app on loopback (`options.port`, else a free one) as a RunningSimulator. */
export async function startSimulatorServer<Credentials extends object>(
  app: Express,
  options: Pick<SimulatorStartOptions, 'port' | 'host'>,
  served: ServedSimulator<Credentials>,
): Promise<RunningSimulator & { credentials: Credentials }> {
  const serving = await serveSimulator(app, { port: options.port, host: options.host, errorBody: served.errorBody, requestId: served.requestId });
  return {
    provider: served.provider,
    baseUrl: `${serving.origin}${served.basePath ?? ''}`,
    // Credentials are an object of the connection config's keys, whatever their declared type.
    credentials: served.credentials as Credentials & Record<string, unknown>,
    options: served.options ?? {},
    requests: serving.requests,
    faults: serving.faults,
    close: () => serving.close(),
  };
}
