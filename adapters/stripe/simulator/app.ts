import express, { type Express, type Request } from 'express';
import { errorTail } from '../../../src/provider-kit/simulator';
import type { StripeCustomer } from '../types';
import { requireSecretKey, stripeHeaders, stripeId } from './access';
import { invalidRequest, noSuchCustomer, sendError, type StripeFailure } from './errors';
import { idempotentPosts } from './idempotency';
import { customerChanges } from './params';
import { parseSearchQuery, type CustomerFilter } from './search';
import { StripeCustomerStore } from './store';

export interface StripeSimulatorOptions {
  secretKeys: string[];
  customers: StripeCustomer[];
  deletedIds?: string[];
  /** Told of every request as received (test memory only): the headers Stripe reads, and the parameters. */
  onRequest?: (received: ReceivedStripeRequest) => void;
}

export interface ReceivedStripeRequest {
  method: string;
  path: string;
  stripeVersion?: string;
  idempotencyKey?: string;
  contentType?: string;
  /** The body or query, as the extended parser nested it. */
  params: unknown;
}

const LIST_PARAMS = new Set(['created', 'email', 'ending_before', 'expand', 'limit', 'starting_after', 'test_clock']);
const SEARCH_PARAMS = new Set(['expand', 'limit', 'page', 'query']);
type Query = Record<string, unknown>;

/**
 * Stripe's customers API as its spec and the official SDK use it (docs/providers/stripe.md,
 * docs/providers/stripe-notes.md §7): `/v1/…` at the root, form-encoded bodies nested by brackets,
 * JSON answers with `Request-Id`, `{error:{type,…}}` on every failure, cursor lists newest first,
 * search, idempotent POSTs, and deleted customers that stay retrievable.
 */
export function createStripeSimulatorApp(options: StripeSimulatorOptions): Express {
  const store = new StripeCustomerStore(options.customers, options.deletedIds);
  const app = express();
  app.disable('x-powered-by');
  // NOTE: brackets nest (`created[gt]=…`, `address[city]=…`): Express 5's default parsers would keep them flat.
  app.set('query parser', 'extended');
  app.use(stripeHeaders);
  app.use(express.urlencoded({ extended: true, type: () => true }));
  app.use((req, _res, next) => {
    options.onRequest?.({
      method: req.method,
      path: req.path,
      stripeVersion: req.get('stripe-version'),
      idempotencyKey: req.get('idempotency-key'),
      contentType: req.get('content-type'),
      params: req.method === 'POST' ? req.body : req.query,
    });
    next();
  });
  app.use(requireSecretKey(new Set(options.secretKeys)));
  app.use(idempotentPosts());

  // https://docs.stripe.com/api/customers/list
  app.get('/v1/customers', (req, res) => {
    const query = req.query as Query;
    const problem = unknownParameter(query, LIST_PARAMS) ?? limitProblem(query.limit);
    if (problem) {
      sendError(res, 400, problem);
      return;
    }
    const matching = store.list().filter(listFilter(query));
    const page = cursorPage(matching, query);
    if ('failure' in page) {
      sendError(res, 400, page.failure);
      return;
    }
    res.json({ object: 'list', data: page.data, has_more: page.hasMore, url: '/v1/customers' });
  });

  // https://docs.stripe.com/api/customers/search
  app.get('/v1/customers/search', (req, res) => {
    const query = req.query as Query;
    const problem = unknownParameter(query, SEARCH_PARAMS) ?? limitProblem(query.limit);
    if (problem) {
      sendError(res, 400, problem);
      return;
    }
    if (typeof query.query !== 'string' || query.query.length > 5000) {
      sendError(res, 400, invalidRequest('Missing required param: query.', 'query', 'parameter_missing'));
      return;
    }
    const parsed = parseSearchQuery(query.query);
    if ('problem' in parsed) {
      sendError(res, 400, invalidRequest(parsed.problem, 'query'));
      return;
    }
    const matching = store.list().filter(parsed.filter);
    const from = typeof query.page === 'string' ? pageOffset(query.page) : 0;
    if (from === undefined) {
      sendError(res, 400, invalidRequest('Invalid page.', 'page'));
      return;
    }
    const limit = limitOf(query.limit);
    const data = matching.slice(from, from + limit);
    const hasMore = from + limit < matching.length;
    const withTotal = [query.expand].flat().includes('total_count');
    res.json({
      object: 'search_result',
      data,
      has_more: hasMore,
      next_page: hasMore ? Buffer.from(String(from + limit)).toString('base64url') : null,
      url: '/v1/customers/search',
      ...(withTotal && { total_count: Math.min(matching.length, 10_000) }),
    });
  });

  // https://docs.stripe.com/api/customers/retrieve: a deleted customer answers 200 with `deleted: true`.
  app.get('/v1/customers/:customer', (req, res) => {
    const customer = store.get(idOf(req));
    if (!customer) {
      sendError(res, 404, noSuchCustomer(idOf(req)));
      return;
    }
    res.json(customer);
  });

  // https://docs.stripe.com/api/customers/create: 200, not 201.
  app.post('/v1/customers', (req, res) => {
    const checked = customerChanges(req.body);
    if ('failure' in checked) {
      sendError(res, 400, checked.failure);
      return;
    }
    const customer = { ...newCustomer(String(res.locals.apiKey)), ...checked.changes };
    store.put(customer);
    res.json(customer);
  });

  // https://docs.stripe.com/api/customers/update: unsent parameters stay as they are.
  app.post('/v1/customers/:customer', (req, res) => {
    const current = store.live(idOf(req));
    // NOTE (inferred): the docs do not say what an update of a deleted customer answers; like an unknown one, 404.
    if (!current) {
      sendError(res, 404, noSuchCustomer(idOf(req)));
      return;
    }
    const checked = customerChanges(req.body, current);
    if ('failure' in checked) {
      sendError(res, 400, checked.failure);
      return;
    }
    const updated = { ...current, ...checked.changes };
    store.put(updated);
    res.json(updated);
  });

  // https://docs.stripe.com/api/customers/delete: permanent; 200 with the deleted shape.
  app.delete('/v1/customers/:customer', (req, res) => {
    // NOTE (inferred): deleting a deleted customer answers as an unknown one does.
    if (!store.live(idOf(req))) {
      sendError(res, 404, noSuchCustomer(idOf(req)));
      return;
    }
    res.json(store.delete(idOf(req)));
  });

  errorTail(app, (res, status, failure) => {
    const { method, originalUrl } = res.req;
    if (failure === 'no-such-route') {
      sendError(
        res,
        404,
        invalidRequest(
          `Unrecognized request URL (${method}: ${originalUrl.split('?')[0] ?? ''}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        ),
      );
    } else if (failure === 'unreadable-request') {
      sendError(res, status, invalidRequest('The request body could not be read.'));
    } else sendError(res, 500, { type: 'api_error', message: 'An unknown error occurred' });
  });
  return app;
}

const idOf = (req: Request) => String(req.params.customer);

function newCustomer(apiKey: string): StripeCustomer {
  return {
    id: stripeId('cus_'),
    object: 'customer',
    address: null,
    balance: 0,
    created: Math.floor(Date.now() / 1000),
    currency: null,
    delinquent: false,
    description: null,
    email: null,
    invoice_prefix: stripeId('', 8).toUpperCase(),
    livemode: apiKey.includes('_live_'),
    metadata: {},
    name: null,
    phone: null,
    preferred_locales: [],
    tax_exempt: 'none',
  };
}

function unknownParameter(query: Query, known: ReadonlySet<string>) {
  const unknown = Object.keys(query).find((name) => !known.has(name));
  return unknown === undefined ? undefined : invalidRequest(`Received unknown parameter: ${unknown}`, unknown, 'parameter_unknown');
}

/** "Limit can range between 1 and 100, and the default is 10." */
function limitProblem(limit: unknown) {
  if (limit === undefined) return undefined;
  const value = Number(limit);
  return Number.isInteger(value) && value >= 1 && value <= 100
    ? undefined
    : invalidRequest('Invalid integer: limit must be between 1 and 100', 'limit', 'parameter_invalid_integer');
}

const limitOf = (limit: unknown) => (limit === undefined ? 10 : Number(limit));

/** `email` is exact and case-sensitive; `created` an integer or a range (`created[gt]=…`). */
function listFilter(query: Query): CustomerFilter {
  const { email, created } = query;
  return (customer) => (typeof email !== 'string' || customer.email === email) && createdMatches(customer.created, created);
}

function createdMatches(createdAt: number, filter: unknown): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'string') return createdAt === Number(filter);
  const range = filter as Record<string, string | undefined>;
  const bound = (name: string) => (range[name] === undefined ? undefined : Number(range[name]));
  const [gt, gte, lt, lte] = ['gt', 'gte', 'lt', 'lte'].map(bound);
  return (
    !(gt !== undefined && createdAt <= gt) &&
    !(gte !== undefined && createdAt < gte) &&
    !(lt !== undefined && createdAt >= lt) &&
    !(lte !== undefined && createdAt > lte)
  );
}

type Page = { data: StripeCustomer[]; hasMore: boolean } | { failure: StripeFailure };

/** A page after `starting_after` or before `ending_before` (object ids), `limit` long. */
function cursorPage(customers: StripeCustomer[], query: Query): Page {
  const limit = limitOf(query.limit);
  const { starting_after: after, ending_before: before } = query;
  const cursor = typeof after === 'string' ? after : typeof before === 'string' ? before : undefined;
  if (cursor === undefined) return { data: customers.slice(0, limit), hasMore: customers.length > limit };
  const at = customers.findIndex((customer) => customer.id === cursor);
  if (at < 0) return { failure: noSuchCustomer(cursor) };
  if (typeof after === 'string') return { data: customers.slice(at + 1, at + 1 + limit), hasMore: customers.length > at + 1 + limit };
  const from = Math.max(0, at - limit);
  return { data: customers.slice(from, at), hasMore: from > 0 };
}

function pageOffset(page: string): number | undefined {
  const offset = Number(Buffer.from(page, 'base64url').toString('utf8'));
  return Number.isInteger(offset) && offset >= 0 ? offset : undefined;
}
