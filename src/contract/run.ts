import type { AdapterDefinition } from '../connections/adapter';
import { GatewayError } from '../errors';
import type { Logger } from '../logging/logger';
import { Metrics } from '../observability/metrics';
import { UpstreamClient, type UpstreamResponse } from '../upstream/client';
import type { ContractCheck, ContractTarget, ExpectedAnswer, Finding } from './check';
import { findDrift } from './drift';

export type CheckOutcome = 'passed' | 'warnings' | 'breaking' | 'skipped' | 'unreachable';

export interface CheckResult {
  name: string;
  purpose: string;
  outcome: CheckOutcome;
  /** The status the provider answered with, when it answered. */
  status?: number;
  findings: Finding[];
  /** Why the check was skipped, or how the provider could not be reached. */
  note?: string;
  durationMs: number;
}

export interface ContractReport {
  connection: string;
  adapter: string;
  baseUrl: string;
  startedAt: string;
  durationMs: number;
  results: CheckResult[];
}

export interface ContractRunSettings {
  connection: string;
  adapter: AdapterDefinition;
  baseUrl: string;
  target: ContractTarget;
  /** Per attempt (a call may retry once). */
  timeoutMs: number;
  logger: Logger;
}

/** What `usergate contract` exits with: 3 provider unreachable, 1 breaking drift, else 0 (warnings or not). */
export const CONTRACT_EXIT = { clean: 0, breaking: 1, usage: 2, unreachable: 3 } as const;

/** The statuses that say the provider is not there to answer, rather than answering differently. */
const UNAVAILABLE = new Set([429, 502, 503, 504]);

/** Runs the adapter's contract checks, in order, against one connection. */
export async function runContract(settings: ContractRunSettings): Promise<ContractReport> {
  const declaration = settings.adapter.contract;
  if (!declaration) throw new Error(`The ${settings.adapter.name} adapter declares no contract checks.`);
  const http = contractClient(settings);
  const started = Date.now();
  const state = declaration.start(settings.target);
  const results: CheckResult[] = [];
  for (const check of declaration.checks) {
    if (check.appliesTo?.(settings.target) ?? true) results.push(await runCheck(check, state, settings, http));
  }
  return {
    connection: settings.connection,
    adapter: settings.adapter.name,
    baseUrl: settings.baseUrl,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    results,
  };
}

export function exitCodeOf(reports: readonly ContractReport[]): number {
  const outcomes = reports.flatMap((report) => report.results.map((result) => result.outcome));
  if (outcomes.includes('unreachable')) return CONTRACT_EXIT.unreachable;
  if (outcomes.includes('breaking')) return CONTRACT_EXIT.breaking;
  return CONTRACT_EXIT.clean;
}

async function runCheck<State>(check: ContractCheck<State>, state: State, settings: ContractRunSettings, http: UpstreamClient): Promise<CheckResult> {
  const base = { name: check.name, purpose: check.purpose, findings: [] };
  const request = check.request(state, settings.target);
  if ('skip' in request) return { ...base, outcome: 'skipped', note: request.skip, durationMs: 0 };
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  let response: UpstreamResponse;
  try {
    response = await http.send(request, { signal: AbortSignal.timeout(2 * settings.timeoutMs + 1_000) });
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return { ...base, outcome: 'unreachable', note: error.message, durationMs: durationMs() };
  }
  const { status } = response;
  const expected = check.expect.find((answer) => answer.status.includes(status));
  if (UNAVAILABLE.has(status) && !expected) {
    return { ...base, outcome: 'unreachable', status, note: `the provider answered ${status} (unavailable or rate-limited)`, durationMs: durationMs() };
  }
  const { findings, body } = expected ? evaluate(expected, response, settings.target) : { findings: [unexpectedStatus(check, status)] };
  const outcome = findings.some((finding) => finding.severity === 'breaking') ? 'breaking' : findings.length ? 'warnings' : 'passed';
  // A drifted answer may still hold what later checks need; they say so when it does not.
  if (status < 400 && body !== undefined) learnFrom(check, body, state);
  return { ...base, outcome, status, findings, durationMs: durationMs() };
}

function learnFrom<State>(check: ContractCheck<State>, body: unknown, state: State): void {
  try {
    check.learn?.(body, state);
  } catch {
    // The answer lacked what this check learns; the checks that need it are skipped, saying why.
  }
}

function unexpectedStatus(check: ContractCheck<unknown>, status: number): Finding {
  if (status === 401 || status === 403) return authRefused(status);
  const documented = check.expect.flatMap((answer) => answer.status).join(' or ');
  // The usual cause at a real provider: the demo user a check reads by default is not there.
  const hint = status === 404 ? ' (if the user read is not there, name one with --user)' : '';
  return { kind: 'status-changed', severity: 'breaking', message: `documented to answer ${documented}, answered ${status}${hint}` };
}

function evaluate(expected: ExpectedAnswer, response: UpstreamResponse, target: ContractTarget): { findings: Finding[]; body?: unknown } {
  let body: unknown;
  try {
    body = response.json();
  } catch {
    return { findings: [{ kind: 'not-json', severity: 'breaking', message: 'the answer is not JSON' }] };
  }
  if (expected.normalize) body = expected.normalize(body);
  const findings = findDrift(body, { schema: expected.schema, carries: target.userId === undefined ? expected.carries : undefined });
  return { findings: response.status >= 400 ? findings.map(asErrorShape) : findings, body };
}

/** In an error answer, a structural difference means the error body changed shape. */
function asErrorShape(finding: Finding): Finding {
  return finding.severity === 'breaking' && finding.kind !== 'enum-value'
    ? { ...finding, kind: 'error-shape', message: `error body: ${finding.message}` }
    : finding;
}

function authRefused(status: number): Finding {
  const message =
    status === 401
      ? "the provider refused the connection's credentials (401): check them, or the provider changed how it authenticates"
      : "the provider refused this call with the connection's credentials (403): a permission or scope is missing";
  return { kind: 'auth-refused', severity: 'breaking', message };
}

/** The gateway's own upstream client, so that contract calls are made, signed and bounded exactly as the adapter's are. */
function contractClient(settings: ContractRunSettings): UpstreamClient {
  return new UpstreamClient({
    connection: settings.connection,
    adapter: settings.adapter.name,
    baseUrl: settings.baseUrl,
    attemptTimeoutMs: settings.timeoutMs,
    maxResponseBytes: 2 * 1024 * 1024,
    maxConcurrency: 1,
    maxQueue: 0,
    // One retry rides out a blip; a provider that stays down is reported unreachable.
    retries: 1,
    // A handful of calls never opens it: every check gets its own answer.
    breaker: { failureRate: 0.99, minimumCalls: 1_000, windowMs: 60_000, halfOpenAfterMs: 1_000 },
    readRateLimit: settings.adapter.readRateLimit,
    requestIdHeaders: settings.adapter.requestIdHeaders,
    logger: settings.logger,
    metrics: new Metrics(),
  });
}
