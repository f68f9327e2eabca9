import express, { Router, type Express, type Request, type Response } from 'express';
import { errorTail } from '../../../src/provider-kit/simulator';
import Joi from 'joi';
import { REBILLY_USER_ID } from '../schema';
import type { RebillyMfa } from '../types';
import { requireRebillyAuth, type RebillySimulatorKeys } from './auth';
import { FilterSyntaxError, parseFilter, type FilterTerm } from './filter';
import { problemSender, type SendProblem } from './problems';
import { enforceQuota, type RebillySimulatorQuota } from './quota';
import { LEGACY_USER_FIELDS, RebillyUserStore, SEARCHABLE_FIELDS, type ListQuery, type SimulatedMfa, type StoredUser, type UserWrite } from './store';

export interface ReceivedList {
  filter: FilterTerm[];
  /** Absent when the request sent none (the spec gives `limit` no default). */
  limit?: number;
  offset: number;
}

/**
 * Users per page when a list asks for no `limit`. NOTE: `collectionLimit.yaml` (min 0, max 1000) has no
 * default and the spec does not say what the server does without one; 100 is the simulator's choice,
 * after the `Pagination-Limit` header's example.
 */
export const UNLIMITED_PAGE_SIZE = 100;

const LEGACY = new Set<string>(LEGACY_USER_FIELDS);

export interface RebillySimulatorOptions {
  keys: RebillySimulatorKeys;
  organizationId: string;
  users: StoredUser[];
  /** The users enrolled in MFA, by id; everyone else has it inactive. */
  mfa?: Readonly<Record<string, SimulatedMfa>>;
  /** Answer a read of one user with the 2022 API's `password` and `totp*` fields when its record has them (never in lists). */
  legacyUserFields?: boolean;
  /** Answer errors in the older `{error, invalidFields: {field: message}}` form. */
  legacyErrors?: boolean;
  /** Enforce a request quota (off by default). */
  quota?: RebillySimulatorQuota;
  /** Told every list request as parsed, so tests can see exactly what arrived. */
  onList?: (list: ReceivedList) => void;
}

/** The `User` request body: required fields and limits as the current spec has them. */
const userWriteSchema = Joi.object<UserWrite>({
  email: Joi.string().email({ tlds: false }).max(80).required(),
  firstName: Joi.string().min(1).max(45).required(),
  lastName: Joi.string().min(1).max(45).required(),
  businessPhone: Joi.string().min(1).max(20).allow(null),
  mobilePhone: Joi.string().min(1).max(20).allow(null),
  permissions: Joi.array().items(Joi.string()),
  country: Joi.string(),
  preferences: Joi.object().unknown(true).allow(null),
  roleIds: Joi.array().items(Joi.string()),
  allowedIps: Joi.array().items(Joi.string()).allow(null),
}).options({ stripUnknown: true, abortEarly: false });

/** `GET /users` query parameters, `offset` defaulted. */
interface ListParameters {
  limit?: number;
  offset: number;
  sort?: string;
  filter?: string;
  q?: string;
}

const listQuerySchema = Joi.object<ListParameters>({
  limit: Joi.number().integer().min(0).max(1000),
  offset: Joi.number().integer().min(0).max(1000).default(0),
  sort: Joi.string().pattern(/^-?\w+(,-?\w+)*$/),
  filter: Joi.string().allow(''),
  q: Joi.string().allow(''),
}).unknown(true);

/**
 * Rebilly's users API as its OpenAPI describes it: `REB-APIKEY` or JWT on every call, bare-array
 * lists with `Pagination-*` headers and the filter syntax, problem-details errors, 422 with
 * `invalidFields`, PUT as an upsert, `usr_` + ULID ids. Served with and without `/organizations/{id}`.
 */
export function createRebillySimulatorApp(options: RebillySimulatorOptions): Express {
  const store = new RebillyUserStore(options.users, options.mfa);
  const present = (req: Request, user: StoredUser, single = false) => withLinks(req, single && options.legacyUserFields ? user : currentFields(user));
  const problem = problemSender(options.legacyErrors ?? false);
  const api = Router({ mergeParams: true });
  api.use(requireRebillyAuth(options.keys, problem));
  api.use((req, res, next) => {
    const organization = req.params.organizationId;
    if (organization === undefined || organization === options.organizationId) {
      next();
      return;
    }
    problem(res, 403, 'Forbidden', 'Access forbidden.');
  });
  if (options.quota) api.use(enforceQuota(options.quota, problem));
  api.use(express.json());

  api.get('/users', (req, res) => {
    const query = readListQuery(req, res, problem);
    if (!query) return;
    options.onList?.({ filter: query.filter, ...(query.limit !== undefined && { limit: query.limit }), offset: query.offset });
    const found = store.list(query);
    const limit = query.limit ?? UNLIMITED_PAGE_SIZE;
    res.setHeader('Pagination-Total', String(found.length));
    res.setHeader('Pagination-Limit', String(limit));
    res.setHeader('Pagination-Offset', String(query.offset));
    // NOTE: a list never carries the secrets of the 2022 API, whatever a record holds.
    res.json(found.slice(query.offset, query.offset + limit).map((user) => present(req, user)));
  });

  api.post('/users', (req, res) => {
    const write = readWrite(req, res, problem, store);
    if (!write) return;
    const user = store.create(write);
    res.status(201).location(userUrl(req, user.id)).json(present(req, user));
  });

  api.get('/users/:id', (req, res) => {
    const user = userOf(req, res, problem, store);
    if (user) res.json(present(req, user, true));
  });

  api.put('/users/:id', (req, res) => {
    const { id } = req.params;
    if (!REBILLY_USER_ID.test(id)) {
      problem(res, 404, 'Not Found', 'Resource not found.');
      return;
    }
    const write = readWrite(req, res, problem, store, id);
    if (!write) return;
    if (store.get(id)) return res.json(present(req, store.replace(id, write)));
    return res
      .status(201)
      .location(userUrl(req, id))
      .json(present(req, store.create(write, id)));
  });

  api.get('/users/:id/mfa', (req, res) => {
    const user = userOf(req, res, problem, store);
    if (user) res.json(mfaOf(req, user, store.mfaOf(user.id)));
  });

  const app = express();
  app.disable('x-powered-by');
  app.use('/organizations/:organizationId', api);
  app.use(api);
  errorTail(app, (res, status, failure) => {
    if (failure === 'no-such-route') problem(res, 404, 'Not Found', 'Resource not found.');
    else if (failure === 'unreadable-request') problem(res, status, 'Bad Request', 'The body is not valid JSON.');
    else problem(res, 500, 'Internal Server Error', 'The request failed.');
  });
  return app;
}

function readListQuery(req: Request, res: Response, problem: SendProblem): (ListQuery & { limit?: number; offset: number }) | undefined {
  const parsed = listQuerySchema.validate(req.query);
  if (parsed.error) {
    problem(res, 400, 'Bad Request', parsed.error.message);
    return;
  }
  const { value } = parsed;
  let filter: FilterTerm[];
  try {
    filter = value.filter ? parseFilter(value.filter) : [];
  } catch (syntax) {
    if (!(syntax instanceof FilterSyntaxError)) throw syntax;
    problem(res, 400, 'Bad Request', syntax.message);
    return;
  }
  const sort: string[] = value.sort ? value.sort.split(',') : [];
  const fields = [...filter.map((term) => term.field), ...sort.map((spec) => spec.replace(/^-/, ''))];
  const unknown = fields.find((field) => !(SEARCHABLE_FIELDS as readonly string[]).includes(field));
  if (unknown) {
    problem(res, 400, 'Bad Request', `Cannot filter or sort by ${unknown}.`);
    return;
  }
  return { filter, sort, q: value.q, limit: value.limit, offset: value.offset };
}

function readWrite(req: Request, res: Response, problem: SendProblem, store: RebillyUserStore, id?: string): UserWrite | undefined {
  const write = userWriteSchema.validate(req.body ?? {});
  if (write.error) {
    const invalidFields = write.error.details.map((detail) => ({ field: detail.path.join('.') || 'body', message: detail.message }));
    problem(res, 422, 'Validation error', 'Invalid data sent.', invalidFields);
    return;
  }
  if (store.emailTaken(write.value.email, id)) {
    problem(res, 422, 'Validation error', 'Invalid data sent.', [{ field: 'email', message: 'This email is already in use.' }]);
    return;
  }
  return write.value;
}

function userOf(req: Request, res: Response, problem: SendProblem, store: RebillyUserStore): StoredUser | undefined {
  const id = String(req.params.id);
  const user = REBILLY_USER_ID.test(id) ? store.get(id) : undefined;
  if (!user) problem(res, 404, 'Not Found', 'Resource not found.');
  return user;
}

function userUrl(req: Request, id: string): string {
  return `${req.protocol}://${req.get('host')}${req.baseUrl}/users/${encodeURIComponent(id)}`;
}

function withLinks(req: Request, user: StoredUser) {
  return { ...user, _links: [{ href: userUrl(req, user.id), rel: 'self' }] };
}

/** The user as the current `User` schema has it: without the 2022 API's password and TOTP fields. */
function currentFields(user: StoredUser): StoredUser {
  return Object.fromEntries(Object.entries(user).filter(([field]) => !LEGACY.has(field))) as unknown as StoredUser;
}

/**
 * ProfileMfa (openapi/components/schemas/ProfileMfa.yaml): `status` active or inactive, `type` duo,
 * otp or null, `lastAuthTime`, `_links`. Kept per user, never derived from the user body.
 */
function mfaOf(req: Request, user: StoredUser, enrolled: SimulatedMfa | undefined): RebillyMfa {
  return {
    status: enrolled ? 'active' : 'inactive',
    type: enrolled?.type ?? null,
    lastAuthTime: enrolled?.lastAuthTime ?? null,
    _links: [{ href: `${userUrl(req, user.id)}/mfa`, rel: 'self' }],
  };
}
