import type { ConnectionConfig } from '../config/schema';
import type { ContractCheck, ContractDeclaration } from '../contract/check';
import { GatewayError } from '../errors';
import type { Logger } from '../logging/logger';
import { Metrics } from '../observability/metrics';
import { providerError } from '../provider-kit/errors';
import type { KeyRing } from '../secrets/key-ring';
import { MemoryStore } from '../storage/store';
import type { UpstreamResponse } from '../upstream/client';
import type { UpstreamRequest } from '../upstream/request';
import type { AdapterDefinition } from './adapter';
import { DEFAULT_TIMEOUTS } from './admin-input';
import { openConnection } from './registry';
import type { ConnectionTimeouts } from './store/types';

/** A connection's settings, to be checked before (or without) being stored. */
export interface VerificationTarget {
  name: string;
  adapter: AdapterDefinition;
  baseUrl: string;
  credentials: Record<string, unknown>;
  options: Record<string, unknown>;
  timeouts: ConnectionTimeouts;
}

/**
 * What the provider made of the credentials. `refused`: it answered, and not as its docs say it
 * answers good credentials (a 401, a 403, an error of its own); otherwise the error says why it
 * could not be asked (unreachable, 5xx, timed out).
 */
export type Verification = { ok: true; checkedAt: string } | { ok: false; checkedAt: string; refused: boolean; error: GatewayError };

/** A throwaway connection calls the provider once or twice: no retries, no queue, a breaker that never opens. */
const THROWAWAY: Omit<ConnectionConfig, 'adapter' | 'baseUrl' | 'credentials' | 'options' | 'timeouts'> = {
  maxConcurrency: 1,
  maxQueue: 0,
  retries: 0,
  breaker: { failureRate: 0.99, minimumCalls: 1_000, windowMs: 60_000, halfOpenAfterMs: 1_000 },
  outboundLimit: false,
  propagateTraceContext: false,
};

/**
 * Checks credentials live with the calls the adapter's contract declaration marks `verifies`
 * (authenticated, read-only, touching nobody's data), made through a connection opened for this
 * alone and closed after: exactly as the gateway would sign and send them, and never through (or
 * into the breaker, cache or tokens of) a connection that serves clients.
 */
export class CredentialsVerifier {
  /** Its own: a throwaway connection's calls are not the served connections' figures. */
  private readonly metrics = new Metrics();

  constructor(private readonly dependencies: { logger: Logger; keyRing: KeyRing }) {}

  async verify(target: VerificationTarget, signal: AbortSignal): Promise<Verification> {
    const declaration = target.adapter.contract;
    const checks = (declaration?.checks ?? []).filter((check) => check.verifies);
    if (!declaration || checks.length === 0) {
      return failed(false, new GatewayError('not_supported', `The ${target.adapter.name} adapter declares no call that checks credentials.`));
    }
    const connection = openConnection(target.name, target.adapter, this.config(target), {
      store: new MemoryStore(),
      logger: this.dependencies.logger,
      metrics: this.metrics,
      keyRing: this.dependencies.keyRing,
    });
    try {
      return await runChecks(declaration, checks, target, (request) =>
        connection.http.send(request, { signal: AbortSignal.any([signal, AbortSignal.timeout(connection.config.timeouts.totalMs)]) }),
      );
    } finally {
      await connection.provider.close?.();
    }
  }

  private config(target: VerificationTarget): ConnectionConfig {
    const { adapter, baseUrl, credentials, options, timeouts } = target;
    return { adapter: adapter.name, baseUrl, credentials, options, timeouts: { ...DEFAULT_TIMEOUTS, ...timeouts }, ...THROWAWAY };
  }
}

async function runChecks(
  declaration: ContractDeclaration,
  checks: ContractCheck<unknown>[],
  target: VerificationTarget,
  send: (request: UpstreamRequest) => Promise<UpstreamResponse>,
): Promise<Verification> {
  const contractTarget = { credentials: target.credentials, options: target.options };
  const state = declaration.start(contractTarget);
  let asked = false;
  for (const check of checks) {
    if (!(check.appliesTo?.(contractTarget) ?? true)) continue;
    const request = check.request(state, contractTarget);
    if ('skip' in request) continue;
    let response: UpstreamResponse;
    try {
      response = await send(request);
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      return failed(false, error);
    }
    asked = true;
    if (!check.expect.some((answer) => answer.status.includes(response.status))) return failed(true, refusal(declaration, target, response));
    if (response.status < 400) learn(check, response, state);
  }
  if (!asked) return failed(false, new GatewayError('not_supported', 'None of the calls that check credentials applies to these settings.'));
  return { ok: true, checkedAt: new Date().toISOString() };
}

function failed(refused: boolean, error: GatewayError): Verification {
  return { ok: false, checkedAt: new Date().toISOString(), refused, error };
}

/** The adapter's own reading of the answer (its error table gives the provider's code), never the provider's text. */
function refusal(declaration: ContractDeclaration, target: VerificationTarget, response: UpstreamResponse): GatewayError {
  const read = readError(declaration, response, target) ?? providerError({ provider: target.adapter.name }, response, target.name);
  const providerStatus = { status: response.status, ...(read.providerError?.code !== undefined && { code: read.providerError.code }) };
  if (response.status >= 300 && response.status < 400) {
    return new GatewayError('provider_error', `The provider answered with a redirect (${response.status}), which the gateway does not follow.`, {
      origin: 'provider',
      providerError: providerStatus,
    });
  }
  return new GatewayError(read.code, read.message, { origin: 'provider', providerError: providerStatus });
}

/** An answer the adapter's reader does not expect (a redirect with no body, say) is read by the status alone. */
function readError(declaration: ContractDeclaration, response: UpstreamResponse, target: VerificationTarget): GatewayError | undefined {
  try {
    return declaration.readError?.(response, target.name);
  } catch {
    return undefined;
  }
}

function learn(check: ContractCheck<unknown>, response: UpstreamResponse, state: unknown): void {
  try {
    check.learn?.(response.json(), state);
  } catch {
    // An answer without what a later check needs: that check says so by skipping or failing.
  }
}
