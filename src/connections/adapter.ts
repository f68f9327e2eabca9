import type Joi from 'joi';
import type { UserDraft, UserPatch } from '../canonical/input';
import type { FieldSources } from '../canonical/provenance';
import type { ProviderUserFields } from '../canonical/user';
import type { ContractDeclaration } from '../contract/check';
import type { Logger } from '../logging/logger';
import type { FaultController } from '../simulator/faults';
import type { KeyValueStore } from '../storage/store';
import type { CallContext, UpstreamClient } from '../upstream/client';
import type { RateLimitReader } from '../upstream/rate-limit';
import type { ProviderOperation } from './operations';

/**
 * The contract between the gateway core and one provider adapter. An adapter folder exports one
 * AdapterDefinition; `adapters/index.ts` lists them. Nothing in src/ knows any provider by name.
 */
export type LookupKey = 'email' | 'phone' | 'nationalId';

export interface LookupQuery {
  email?: string;
  /** E.164. */
  phone?: string;
  nationalId?: string;
  /** ISO 3166-1 alpha-2, upper case; always given with nationalId. */
  nationality?: string;
}

interface LookupResult {
  users: ProviderUserFields[];
  /** Set by providers that only say whether an account exists, never who it is. */
  exists?: boolean;
}

interface CreateUserInput<CreateOptions = unknown> {
  user: UserDraft;
  password?: string;
  /** Validated against the adapter's `createOptionsSchema`, its defaults applied (also when the client sent none). */
  options: CreateOptions;
  /**
   * The client's `Idempotency-Key`, made unique to the client and the connection (a digest), for
   * providers that honour one: a create repeated after a lost answer is then never made twice.
   */
  idempotencyKey?: string;
}

export interface Capabilities {
  get: boolean;
  lookup: LookupKey[];
  /** `exists`: the lookup tells only whether an account exists (no user data). */
  lookupMode: 'users' | 'exists';
  create: boolean;
  update: boolean;
  delete: boolean;
}

/** One configured account at one provider, ready to serve canonical operations. */
export interface ProviderConnection<CreateOptions = unknown> {
  /**
   * What this connection can do, when its options take something away from what the adapter
   * declares (lookups without an organization to search, say); the declared capabilities otherwise.
   * Checked at start: never more than declared, and exactly the methods the connection has.
   */
  readonly capabilities?: Capabilities;
  getUser?(providerUserId: string, context: CallContext): Promise<ProviderUserFields>;
  findUsers?(query: LookupQuery, context: CallContext): Promise<LookupResult>;
  createUser?(input: CreateUserInput<CreateOptions>, context: CallContext): Promise<ProviderUserFields>;
  updateUser?(providerUserId: string, patch: UserPatch, context: CallContext): Promise<ProviderUserFields>;
  deleteUser?(providerUserId: string, context: CallContext): Promise<void>;
  /** Provider-only operations, served under `/v1/connections/{connection}/...`. */
  readonly operations?: ProviderOperation[];
  close?(): Promise<void>;
}

/** What the gateway hands an adapter when it opens a connection. */
export interface ConnectionSetup<Credentials, Options> {
  name: string;
  baseUrl: string;
  credentials: Credentials;
  options: Options;
  http: UpstreamClient;
  store: KeyValueStore;
  logger: Logger;
  mapping: MappingContext;
}

/** Passed to mappers so that they stay pure: they report, the gateway decides what to log. */
export interface MappingContext {
  /** An enum value the mapping does not know: the field becomes null and this is logged once. */
  reportUnknown(field: string, value: unknown): void;
}

export interface SimulatorStartOptions {
  port?: number;
  host?: string;
  /**
   * Users in the provider's own shape, replacing the demo users. Each adapter validates them with
   * its schema of the provider's user and refuses a bad seed (a `SimulatorSetupError` saying what is wrong).
   */
  seed?: readonly unknown[];
  /** Credentials to accept, in the connection config's keys; the ones left out are generated. */
  credentials?: Record<string, unknown>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The raw query string, when there is one; test memory only, never logged. */
  query?: string;
}

/** A provider simulator on loopback, with the credentials it accepts in connection-config keys. */
export interface RunningSimulator {
  provider: string;
  baseUrl: string;
  credentials: Record<string, unknown>;
  options: Record<string, unknown>;
  /** Every request it received, in order. */
  requests: RecordedRequest[];
  /** Latency, hangs, errors, resets, 429s, malformed bodies: see FaultSettings. */
  faults: FaultController;
  close(): Promise<void>;
}

/** Where the demo people (docs/demo-data.md) are in an adapter's simulator seed: the demo banner and the tests read them. */
export interface DemoDeclaration {
  /** The provider id of the demo person, Eglė Jankauskienė, whom every simulator seeds. */
  personId: string;
  /** Other people its simulator seeds that a connection to it can read, each another person. */
  userIds: readonly string[];
  /** A create its simulator accepts (give it a fresh email): the user, and a password where the provider needs one. */
  newUser?: { user: UserDraft; password?: string };
  /** A change its simulator accepts for any of the demo users above. */
  patch?: UserPatch;
  /** Other ids worth trying in the demo, each with what it shows (a provider's `me`, say). */
  hints?: readonly DemoHint[];
}

export interface DemoHint {
  userId: string;
  shows: string;
}

/**
 * How an adapter reads its provider's user, as data: the read path every answer takes (normalise,
 * validate, map), so that cross-adapter tests can feed it anything (test/security/mapper-properties.test.ts).
 */
export interface ProviderUserReading<User = unknown, Options = unknown> {
  /** The adapter's schema of the provider's user: its client validates each answer with it, its simulator each seed user. */
  schema: Joi.Schema<User>;
  /** A documented example of the provider's user, from a fixture that says where it came from. */
  example: object;
  /** What the client does to a body before validating it (a provider's key casing); nothing by default. */
  normalize?(body: unknown): unknown;
  /** The pure mapper, as a connection with these options runs it. */
  toCanonical(raw: User, context: MappingContext, options: Options): ProviderUserFields;
}

export interface AdapterDefinition<Credentials = unknown, Options = unknown, CreateOptions = unknown> {
  /** Static identifier, used as `adapter:` in connection config. */
  readonly name: string;
  /** What the adapter can do at most: a connection may do less (see `ProviderConnection.capabilities`), never more. */
  readonly capabilities: Capabilities;
  readonly demo: DemoDeclaration;
  /** The field of a seed user, in the provider's own shape, that holds its provider id (`id`, `userId`). */
  readonly seedIdField: string;
  readonly providerUser: ProviderUserReading<unknown, Options>;
  /** Where the provider documents its user API. */
  readonly docsUrl: string;
  /**
   * The provider's documented production and sandbox base URLs (https): where a stored connection
   * may point unless the operator's `allowedBaseUrls.<adapter>` says otherwise (DESIGN §8).
   */
  readonly documentedBaseUrls?: readonly string[];
  /** Provider user ids; anything else is `invalid_user_id` before any call. */
  readonly idPattern: RegExp;
  readonly credentialsSchema: Joi.ObjectSchema<Credentials>;
  readonly optionsSchema: Joi.ObjectSchema<Options>;
  /** Provider-specific options a client may add to `POST /v1/users`; its defaults apply when the client sends none. */
  readonly createOptionsSchema?: Joi.ObjectSchema<CreateOptions>;
  /** Reads the provider's rate-limit headers; the standard spellings are read when absent. */
  readonly readRateLimit?: RateLimitReader;
  /**
   * The response headers that carry the provider's own id of a request (lower case, first found
   * wins), which traces and `providerError.requestId` report; the common spellings when absent.
   */
  readonly requestIdHeaders?: readonly string[];
  /** Which provider field each canonical field comes from, and how (for provenance and the person view). */
  readonly fieldSources?: FieldSources;
  /** The provider's published request quotas, one per window (per second, per minute...); the gateway paces each connection below all of them. */
  readonly quotas?: readonly { requests: number; perSeconds: number }[];
  /**
   * The provider-only operations every connection of this adapter serves, declared once without a
   * connection (see `unconnected`): routes and the OpenAPI document are built from these, so they
   * hold for connections created at run time too. Each connection's `operations` are the same
   * declarations with working handlers.
   */
  readonly operations?: readonly ProviderOperation[];
  connect(setup: ConnectionSetup<Credentials, Options>): ProviderConnection<CreateOptions>;
  startSimulator(options?: SimulatorStartOptions): Promise<RunningSimulator>;
  /** The calls `usergate contract` makes to check that the provider still answers as documented. */
  readonly contract?: ContractDeclaration;
}
