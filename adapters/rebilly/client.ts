import type { CallContext, UpstreamClient, UpstreamResponse } from '../../src/upstream/client';
import { path, type UpstreamRequest } from '../../src/upstream/request';
import { parseBody } from '../../src/upstream/validate';
import { rebillyAuthHeaders } from './auth';
import { rebillyError } from './errors';
import { rebillyMfaSchema, rebillyUserListSchema, rebillyUserSchema } from './schema';
import type { RebillyConnectionCredentials, RebillyMfa, RebillyUser, RebillyUserInput } from './types';

export interface RebillyUserPage {
  users: RebillyUser[];
  /** `Pagination-Total`, when Rebilly sends it. */
  total?: number;
}

/** The most pages one walk reads, whatever the totals say: a walk is always bounded. */
export const MAX_PAGES = 5;

/** Rebilly's user endpoints, one method per documented call. */
export class RebillyApi {
  private readonly headers: Record<string, string>;

  constructor(
    private readonly http: UpstreamClient,
    credentials: RebillyConnectionCredentials,
  ) {
    this.headers = rebillyAuthHeaders(credentials);
  }

  // https://www.rebilly.com/catalog/all/users/getuser
  async getUser(id: string, context: CallContext): Promise<RebillyUser> {
    const response = await this.send({ operation: 'getUser', method: 'GET', path: path`/users/${id}`, idempotent: true }, context);
    return parseBody(response, rebillyUserSchema, this.http.connection);
  }

  // https://www.rebilly.com/catalog/all/users/getusercollection
  async listUsers(filter: string, limit: number, offset: number, context: CallContext): Promise<RebillyUserPage> {
    const query = { filter, limit, offset };
    const response = await this.send({ operation: 'listUsers', method: 'GET', path: '/users', query, idempotent: true }, context);
    const total = response.headers['pagination-total'];
    return {
      users: parseBody(response, rebillyUserListSchema, this.http.connection),
      ...(total !== undefined && /^\d+$/.test(total) && { total: Number(total) }),
    };
  }

  /** Every user the filter matches, page by page; `complete` is false when MAX_PAGES did not reach the end. */
  async findUsers(filter: string, pageSize: number, context: CallContext): Promise<{ users: RebillyUser[]; complete: boolean }> {
    const users: RebillyUser[] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const { users: found, total } = await this.listUsers(filter, pageSize, page * pageSize, context);
      users.push(...found);
      if (found.length < pageSize || (total !== undefined && users.length >= total)) return { users, complete: true };
    }
    return { users, complete: false };
  }

  // https://www.rebilly.com/catalog/all/users/postuser
  async createUser(input: RebillyUserInput, context: CallContext): Promise<RebillyUser> {
    const response = await this.send({ operation: 'createUser', method: 'POST', path: '/users', json: input }, context);
    return parseBody(response, rebillyUserSchema, this.http.connection);
  }

  /** NOTE: an upsert: it creates a user that does not exist, so callers check first. */
  // https://www.rebilly.com/catalog/all/users/putuser
  async putUser(id: string, input: RebillyUserInput, context: CallContext): Promise<RebillyUser> {
    const response = await this.send({ operation: 'putUser', method: 'PUT', path: path`/users/${id}`, json: input, idempotent: true }, context);
    return parseBody(response, rebillyUserSchema, this.http.connection);
  }

  // https://www.rebilly.com/catalog/all/users/getusermfa
  async getUserMfa(id: string, context: CallContext): Promise<RebillyMfa> {
    const response = await this.send({ operation: 'getUserMfa', method: 'GET', path: path`/users/${id}/mfa`, idempotent: true }, context);
    return parseBody(response, rebillyMfaSchema, this.http.connection);
  }

  private async send(request: UpstreamRequest, context: CallContext): Promise<UpstreamResponse> {
    const response = await this.http.send({ ...request, headers: this.headers }, context);
    if (response.status >= 400) throw rebillyError(response, this.http.connection);
    return response;
  }
}
