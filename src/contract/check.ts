import { randomBytes } from 'node:crypto';
import type Joi from 'joi';
import type { GatewayError } from '../errors';
import type { UpstreamResponse } from '../upstream/client';
import type { UpstreamRequest } from '../upstream/request';

/**
 * What an adapter declares for `usergate contract`: the documented calls it makes, each with safe
 * inputs (a known user, an address that surely does not exist, a deliberately invalid request),
 * and the schema from its schema.ts that each answer must match. Read-only calls only: a contract
 * run never creates or changes anything at a provider.
 */
export interface ContractDeclaration<State = unknown> {
  /** Fresh state for one run (where earlier checks leave tokens, ids, the provider's clock). */
  start(target: ContractTarget): State;
  /** Run in order. */
  checks: ContractCheck<State>[];
  /**
   * The adapter's reading of a failed answer (its error table: a stable code and the provider's own
   * error code, never its text), so that a refused verification says what the provider said.
   */
  readError?(response: UpstreamResponse, connection: string): GatewayError;
}

/** The connection under test. */
export interface ContractTarget {
  credentials: Record<string, unknown>;
  options: Record<string, unknown>;
  /** A user to read (`--user`), instead of the declaration's own way of finding one. */
  userId?: string;
}

export interface ContractCheck<State> {
  /** The documented endpoint and what is asked of it, e.g. `GET /user/{id}`; unique in a declaration. */
  name: string;
  /** Which answer this shows, e.g. "a known user" or "the error for an unknown user". */
  purpose: string;
  /**
   * Whether this check belongs to the connection at all (a token check, for credentials that buy
   * tokens); a check that does not is left out of the report. Every check belongs by default.
   */
  appliesTo?(target: ContractTarget): boolean;
  /** The call, or why it cannot be made (`skip`): an earlier check did not learn what it needs. */
  request(state: State, target: ContractTarget): UpstreamRequest | { skip: string };
  /** The documented answers; the first whose status matches is the one the answer is held to. */
  expect: ExpectedAnswer[];
  /** Keeps what later checks need (a token, a user id) from an answer that matched. */
  learn?(body: unknown, state: State): void;
  /**
   * One of the calls that check a connection's credentials when it is created, rotated or verified
   * (DESIGN §8): authenticated, read-only and touching nobody's data (or a step such a call needs, like
   * buying a token or reading the provider's clock). They run in order; credentials pass when each
   * answers as `expect` says.
   */
  verifies?: true;
}

export interface ExpectedAnswer {
  /** The statuses a provider that keeps to its docs answers this call with. */
  status: readonly number[];
  /** The adapter's schema of the answer: the very one its client validates with. */
  schema: Joi.Schema;
  /** What the adapter does to a body before validating it (a provider's key casing). */
  normalize?: (body: unknown) => unknown;
  /**
   * Optional fields that this answer's record is known to have (dotted paths), which the adapter
   * reads: absent, they were renamed or dropped. Held only when the declaration chose the record
   * itself, never for a user the run named (`--user`), whose fields nobody here knows.
   */
  carries?: readonly string[];
}

/** An email address no provider has: `.invalid` is reserved for exactly that (RFC 2606). */
export function addressThatSurelyDoesNotExist(): string {
  return `usergate-contract-${randomBytes(6).toString('hex')}@example.invalid`;
}

type Severity = 'breaking' | 'warning';

type FindingKind =
  'missing-field' | 'type-changed' | 'enum-value' | 'constraint' | 'new-field' | 'error-shape' | 'status-changed' | 'not-json' | 'auth-refused';

/** One difference between an answer and the documentation, located and explained. */
export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** Where in the body (`identity.name`, `Records[].Email`); absent for the answer as a whole. */
  path?: string;
  message: string;
}

/** `identity.name: a required field is missing`. */
export function describeFinding(finding: Finding): string {
  return finding.path ? `${finding.path}: ${finding.message}` : finding.message;
}
