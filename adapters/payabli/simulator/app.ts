import express, { type Express, type Request, type Response } from 'express';
import { errorTail } from '../../../src/provider-kit/simulator';
import Joi from 'joi';
import type { PayabliMfaData, PayabliPasswordReset, PayabliUser } from '../types';
import { limitPerToken, requireApplicationToken, requireKnownToken } from './access';
import type { SimulatedOAuth } from './oauth';
import { invalidParameter, sendFailure, type PayabliFailure } from './envelope';
import { matchesAll, userFilters } from './filters';
import { PayabliUserStore } from './store';
import { checkUserData, mfaFields, newStoredUser, toStoredFields, type SimulatedOrganization } from './writes';

/**
 * How create's `responseData` says the new id: a number (the docs' answers), its digits (the SDKs
 * type it `string`), `null` (the docs' example), nothing at all (the node SDK's AddUser mock), or
 * text that is no id.
 */
export type CreatedIdForm = 'number' | 'digits' | 'null' | 'absent' | 'text';

export interface PayabliSimulatorOptions {
  applicationTokens: string[];
  organizationTokens: string[];
  oauth: SimulatedOAuth;
  users: PayabliUser[];
  organization: SimulatedOrganization;
  requestsPerMinute: number;
  /** `number` by default. */
  createdIdAs?: CreatedIdForm;
  /** Rejections answer HTTP 200 with `isSuccess: false` instead of 400. */
  errorsWithStatus200?: boolean;
  /** User records come back with camelCase keys (`email`, `usrStatus`) instead of the documented casing. */
  camelCaseReads?: boolean;
}

const DEFAULT_PAGE_SIZE = 20;
const USER_EXISTS: PayabliFailure = { responseCode: 3003, responseText: 'User already exists', explanation: 'A user with that email already exists.' };
const RECORD_NOT_FOUND: PayabliFailure = { responseText: 'Record not found', explanation: 'The user was not found.' };
const mfaSchema = Joi.object<PayabliMfaData>({ mfa: Joi.boolean().required(), mfaMode: Joi.number().integer() });
const resetSchema = Joi.object<PayabliPasswordReset>({
  email: Joi.string().required(),
  entry: Joi.string(),
  entryType: Joi.number().integer().valid(0, 2),
}).unknown(true);

/**
 * Payabli's user management and user lists as documented: `requestToken` on every call (an
 * application token for `/User`) or an OAuth client's bearer token (see oauth.ts),
 * `isSuccess`/`responseText`/`responseData` envelopes, PascalCase
 * reads and camelCase writes, "not found" as a 400, and `Records`/`Summary` lists with bare filters.
 */
export function createPayabliSimulatorApp(options: PayabliSimulatorOptions): Express {
  const store = new PayabliUserStore(options.users);
  const app = express();
  app.disable('x-powered-by');
  const api = express.Router();
  api.use(requireKnownToken({ application: new Set(options.applicationTokens), organization: new Set(options.organizationTokens), oauth: options.oauth }));
  api.use(limitPerToken(options.requestsPerMinute));
  api.use(express.json({ type: () => true }));

  const reject = (res: Response, failure: PayabliFailure) => sendFailure(res, options.errorsWithStatus200 ? 200 : 400, failure);
  const present = (user: PayabliUser) => (options.camelCaseReads ? camelCaseKeys(user) : user);
  const userOf = (req: Request, res: Response): PayabliUser | undefined => {
    const userId = String(req.params.userId);
    const user = /^\d{1,18}$/.test(userId) ? store.get(Number(userId)) : undefined;
    if (!user) reject(res, RECORD_NOT_FOUND);
    return user;
  };

  // https://docs.payabli.com/developers/api-reference/user/get-list-of-users-for-an-org
  api.get('/Query/users/org/:orgId', (req, res) => {
    const query = new URL(req.originalUrl, 'http://simulator').searchParams;
    const filters = userFilters(query);
    const inOrg = store.list().filter((user) => user.Scope?.some((scope) => String(scope.orgId) === req.params.orgId));
    const matching = inOrg.filter((user) => matchesAll(user, filters));
    res.json(page(matching.map(present), Number(query.get('fromRecord') ?? 0), Number(query.get('limitRecord') ?? DEFAULT_PAGE_SIZE)));
  });

  api.use('/User', requireApplicationToken);

  api.get('/User/:userId', (req, res) => {
    const user = userOf(req, res);
    if (user) res.json(present(user));
  });

  api.post('/User/authreset', (req, res) => {
    const reset = resetSchema.validate(req.body);
    if (reset.error || (reset.value.entry !== undefined && reset.value.entryType === undefined)) {
      reject(res, invalidParameter('Give an email, and an entryType with an entry.'));
      return;
    }
    const email = reset.value.email.toLowerCase();
    if (!store.list().some((user) => user.Email?.toLowerCase() === email)) {
      reject(res, RECORD_NOT_FOUND);
      return;
    }
    res.json({ isSuccess: true, responseText: 'Success' });
  });

  api.post('/User', (req, res) => {
    const checked = checkUserData(req.body, true);
    if ('problem' in checked) {
      reject(res, checked.problem);
      return;
    }
    if (checked.data.email && store.emailTaken(checked.data.email)) {
      reject(res, USER_EXISTS);
      return;
    }
    const user = store.create(newStoredUser(checked.data, options.organization, new Date()));
    res.json({ isSuccess: true, responseText: 'Success', ...createdId(user.userId, options.createdIdAs ?? 'number') });
  });

  api.put('/User/mfa/:userId', (req, res) => {
    const user = userOf(req, res);
    if (!user) return;
    const mfa = mfaSchema.validate(req.body);
    if (mfa.error) {
      reject(res, invalidParameter('Give mfa (true or false) and mfaMode.'));
      return;
    }
    store.update(user.userId, mfaFields(mfa.value));
    res.json({ isSuccess: true, responseText: 'Success' });
  });

  api.put('/User/:userId', (req, res) => {
    const user = userOf(req, res);
    if (!user) return;
    const checked = checkUserData(req.body, false);
    if ('problem' in checked) {
      reject(res, checked.problem);
      return;
    }
    const { data } = checked;
    if (data.email && store.emailTaken(data.email, user.userId)) {
      reject(res, USER_EXISTS);
      return;
    }
    store.update(user.userId, toStoredFields(data, options.organization));
    res.json({ isSuccess: true, responseText: 'Success', responseData: user.userId });
  });

  api.delete('/User/:userId', (req, res) => {
    const user = userOf(req, res);
    if (!user) return;
    store.delete(user.userId);
    res.json({ responseText: 'Success' });
  });

  app.use('/api', options.oauth.routes());
  app.use('/api', api);
  errorTail(app, (res, status, failure) => {
    if (failure === 'no-such-route') sendFailure(res, 404, { responseText: 'Not found' });
    else if (failure === 'unreadable-request') sendFailure(res, status, { responseText: 'Invalid request', explanation: 'The body is not valid JSON.' });
    else sendFailure(res, 500, { responseText: 'Internal error' });
  });
  return app;
}

function createdId(userId: number, form: CreatedIdForm): { responseData?: number | string | null } {
  switch (form) {
    case 'number':
      return { responseData: userId };
    case 'digits':
      return { responseData: String(userId) };
    case 'null':
      return { responseData: null };
    case 'absent':
      return {};
    case 'text':
      return { responseData: 'Success' };
  }
}

function page<T>(records: T[], fromRecord: number, limitRecord: number) {
  // NOTE: Payabli returns every record when limitRecord is 0 or less.
  const pageSize = limitRecord > 0 ? limitRecord : Math.max(records.length, 1);
  const from = Math.max(0, fromRecord || 0);
  return {
    Records: records.slice(from, from + pageSize),
    Summary: { pageIdentifier: null, pageSize, totalPages: Math.ceil(records.length / pageSize), totalRecords: records.length },
  };
}

/** `Email` → `email`, `UsrStatus` → `usrStatus`; the client's own `AdditionalData` keys are left alone. */
function camelCaseKeys(user: PayabliUser): Record<string, unknown> {
  return Object.fromEntries(Object.entries(user).map(([key, value]) => [key.charAt(0).toLowerCase() + key.slice(1), value]));
}
