import type { Logger } from '../../src/logging/logger';
import type { CallContext, UpstreamClient, UpstreamResponse } from '../../src/upstream/client';
import { path, type UpstreamRequest } from '../../src/upstream/request';
import { parseBody } from '../../src/upstream/validate';
import { stripeAuth } from './auth';
import { stripeError } from './errors';
import { formBody, stripeForm } from './form';
import { stripeCustomerListSchema, stripeCustomerSchema, stripeDeletedCustomerSchema, stripeRetrievedSchema, stripeSearchResultSchema } from './schema';
import type { StripeCustomer, StripeCustomerParams, StripeDeletedCustomer } from './types';

/** Customers per page of a list or a search: the most Stripe gives ("between 1 and 100"). */
const PAGE_SIZE = 100;
/** Pages a lookup reads at most; past them it answers what it has and says so in the log. */
export const MAX_LOOKUP_PAGES = 5;

/** What a bounded walk through a list found, and whether it saw the end. */
export interface Found {
  customers: StripeCustomer[];
  complete: boolean;
}

/** Stripe's customer endpoints, one method per documented call, each with the key and the pinned version. */
export class StripeApi {
  private readonly auth: Pick<UpstreamRequest, 'headers' | 'authorize'>;

  constructor(
    private readonly http: UpstreamClient,
    secretKey: string,
    private readonly logger: Logger,
  ) {
    this.auth = stripeAuth(secretKey);
  }

  // https://docs.stripe.com/api/customers/retrieve
  async retrieve(id: string, context: CallContext): Promise<StripeCustomer | StripeDeletedCustomer> {
    const response = await this.send({ operation: 'retrieveCustomer', method: 'GET', path: path`/v1/customers/${id}`, idempotent: true }, context);
    return parseBody(response, stripeRetrievedSchema, this.http.connection);
  }

  /**
   * Customers whose email is exactly `email`, page by page up to a bound.
   * NOTE: the list's `email` filter is exact and case-sensitive ("A case-sensitive filter on the list
   * based on the customer's email field"), and strongly consistent, unlike search.
   */
  // https://docs.stripe.com/api/customers/list
  async listByEmail(email: string, context: CallContext): Promise<Found> {
    const customers: StripeCustomer[] = [];
    let startingAfter: string | undefined;
    for (let page = 0; page < MAX_LOOKUP_PAGES; page += 1) {
      const query = stripeForm({ email, limit: PAGE_SIZE, starting_after: startingAfter });
      const response = await this.send({ operation: 'listCustomers', method: 'GET', path: '/v1/customers', query, idempotent: true }, context);
      const list = parseBody(response, stripeCustomerListSchema, this.http.connection);
      customers.push(...list.data);
      startingAfter = list.data.at(-1)?.id;
      if (!list.has_more || startingAfter === undefined) return { customers, complete: true };
    }
    return { customers, complete: false };
  }

  /**
   * Customers whose phone a search query names, page by page up to a bound. `query` is built by
   * `phoneQuery`; the caller keeps only exact matches, since search matches words, not values.
   */
  // https://docs.stripe.com/api/customers/search
  async search(query: string, context: CallContext): Promise<Found> {
    const customers: StripeCustomer[] = [];
    let page: string | undefined;
    for (let read = 0; read < MAX_LOOKUP_PAGES; read += 1) {
      const request: UpstreamRequest = {
        operation: 'searchCustomers',
        method: 'GET',
        path: '/v1/customers/search',
        query: stripeForm({ query, limit: PAGE_SIZE, page }),
        idempotent: true,
      };
      const result = parseBody(await this.send(request, context), stripeSearchResultSchema, this.http.connection);
      customers.push(...result.data);
      page = result.next_page ?? undefined;
      if (!result.has_more || page === undefined) return { customers, complete: true };
    }
    return { customers, complete: false };
  }

  /**
   * NOTE: the client's Idempotency-Key (made unique to the client and connection by the gateway) is
   * sent with the create: Stripe replays the first answer to a repeat, so a create whose answer was
   * lost is never made twice.
   */
  // https://docs.stripe.com/api/customers/create
  async create(params: StripeCustomerParams, idempotencyKey: string | undefined, context: CallContext): Promise<StripeCustomer> {
    const headers = idempotencyKey === undefined ? undefined : { 'idempotency-key': idempotencyKey };
    const request: UpstreamRequest = { operation: 'createCustomer', method: 'POST', path: '/v1/customers', body: formBody(params), headers };
    return parseBody(await this.send(request, context), stripeCustomerSchema, this.http.connection);
  }

  // https://docs.stripe.com/api/customers/update
  async update(id: string, params: StripeCustomerParams, context: CallContext): Promise<StripeCustomer> {
    const request: UpstreamRequest = { operation: 'updateCustomer', method: 'POST', path: path`/v1/customers/${id}`, body: formBody(params) };
    return parseBody(await this.send(request, context), stripeCustomerSchema, this.http.connection);
  }

  // https://docs.stripe.com/api/customers/delete
  async delete(id: string, context: CallContext): Promise<StripeDeletedCustomer> {
    const response = await this.send({ operation: 'deleteCustomer', method: 'DELETE', path: path`/v1/customers/${id}` }, context);
    return parseBody(response, stripeDeletedCustomerSchema, this.http.connection);
  }

  /**
   * Every call: the key, the pinned version, and the caller's own headers. A failure is mapped, and
   * its `Request-Id` logged: Stripe's support finds a request by it.
   */
  private async send(request: UpstreamRequest, context: CallContext): Promise<UpstreamResponse> {
    const response = await this.http.send({ ...request, headers: { ...request.headers, ...this.auth.headers }, authorize: this.auth.authorize }, context);
    if (response.status >= 200 && response.status < 300) return response;
    const error = stripeError(response, this.http.connection);
    this.logger.warn('Stripe refused a call', {
      operation: request.operation,
      status: response.status,
      code: error.providerError?.code,
      stripeRequestId: response.requestId,
    });
    throw error;
  }
}

/**
 * A search query for customers with this phone, as one quoted phrase. Quotes and backslashes are
 * escaped (the query language's own escape), so no value can add a clause.
 */
export function phoneQuery(phone: string): string {
  return `phone:"${phone.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}
