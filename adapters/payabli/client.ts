import { GatewayError } from '../../src/errors';
import type { CallContext, UpstreamClient, UpstreamResponse } from '../../src/upstream/client';
import { path, type UpstreamRequest } from '../../src/upstream/request';
import { payabliSender, type PayabliSender } from './auth';
import { parsePayabliBody } from './casing';
import { isPayabliFailure, payabliError } from './errors';
import { payabliCreatedSchema, payabliEnvelopeSchema, payabliUserListSchema, payabliUserSchema } from './schema';
import type {
  PayabliConnectionCredentials,
  PayabliConnectionOptions,
  PayabliMfaData,
  PayabliNewUser,
  PayabliPasswordReset,
  PayabliUser,
  PayabliUserWrite,
} from './types';

/** Page size of user lists; Payabli returns every record for `limitRecord` ≤ 0, so it is never sent as such. */
const USERS_PER_PAGE = 20;
/** Pages a lookup reads at most: an email matches one user, so more means the filter was not applied. */
const MAX_LOOKUP_PAGES = 5;

/** An id-shaped `responseData`: a positive integer, or its digits. */
const CREATED_ID = /^[1-9]\d{0,17}$/;

/** Payabli's user endpoints, one method per documented call, each with the connection's credentials (auth.ts). */
export class PayabliApi {
  private readonly sendAuthorized: PayabliSender;

  constructor(
    private readonly http: UpstreamClient,
    credentials: PayabliConnectionCredentials,
    private readonly options: PayabliConnectionOptions,
  ) {
    this.sendAuthorized = payabliSender(http, credentials);
  }

  // https://docs.payabli.com/developers/api-reference/user/get-user-in-an-organization
  async getUser(userId: string, context: CallContext): Promise<PayabliUser> {
    const { entry, level } = this.options;
    const query = entry === undefined ? undefined : { entry, level };
    const response = await this.send({ operation: 'getUser', method: 'GET', path: path`/User/${userId}`, query, idempotent: true }, context);
    return parsePayabliBody(response, payabliUserSchema, this.http.connection);
  }

  /**
   * The users of an organization whose email is `email`, read page by page up to a bound.
   * NOTE: Payabli silently ignores a filter it does not recognise and then lists every user of the
   * organization, so the records are also matched here: a lookup never returns someone else.
   */
  async findUsersByEmail(orgId: number, email: string, context: CallContext): Promise<PayabliUser[]> {
    const found: PayabliUser[] = [];
    for (let page = 0; page < MAX_LOOKUP_PAGES; page += 1) {
      const { records, totalRecords } = await this.listUsersByEmail(orgId, email, page * USERS_PER_PAGE, context);
      found.push(...records.filter((user) => user.Email?.toLowerCase() === email.toLowerCase()));
      const read = (page + 1) * USERS_PER_PAGE;
      if (records.length < USERS_PER_PAGE || read >= (totalRecords ?? Infinity)) return found;
    }
    throw new GatewayError('provider_error', `Payabli listed more than ${MAX_LOOKUP_PAGES * USERS_PER_PAGE} users for one email.`, {
      origin: 'provider',
      connection: this.http.connection,
    });
  }

  // https://docs.payabli.com/developers/api-reference/user/get-list-of-users-for-an-org
  private async listUsersByEmail(orgId: number, email: string, fromRecord: number, context: CallContext) {
    // NOTE: filters are bare query parameters (`email(eq)=...`, never `parameters=...`), names case-sensitive.
    const query = `email(eq)=${encodeURIComponent(email)}&fromRecord=${fromRecord}&limitRecord=${USERS_PER_PAGE}`;
    const request: UpstreamRequest = { operation: 'listUsers', method: 'GET', path: path`/Query/users/org/${orgId}`, query, idempotent: true };
    const list = parsePayabliBody(await this.send(request, context), payabliUserListSchema, this.http.connection);
    return { records: list.Records ?? [], totalRecords: list.Summary?.totalRecords ?? undefined };
  }

  /** The new user's id, or null when Payabli does not say it (it may not, or may say something else: see PayabliCreated). */
  // https://docs.payabli.com/developers/api-reference/user/add-user-to-an-organization
  async createUser(user: PayabliNewUser, context: CallContext): Promise<string | null> {
    const response = await this.send({ operation: 'createUser', method: 'POST', path: '/User', json: user }, context);
    const { responseData } = parsePayabliBody(response, payabliCreatedSchema, this.http.connection);
    const id = responseData == null ? '' : String(responseData);
    return CREATED_ID.test(id) ? id : null;
  }

  // https://docs.payabli.com/developers/api-reference/user/modify-user-in-an-organization
  async updateUser(userId: string, changes: PayabliUserWrite, context: CallContext): Promise<void> {
    await this.write({ operation: 'updateUser', method: 'PUT', path: path`/User/${userId}`, json: changes }, context);
  }

  // https://docs.payabli.com/developers/api-reference/user/delete-user-in-an-organization
  async deleteUser(userId: string, context: CallContext): Promise<void> {
    await this.write({ operation: 'deleteUser', method: 'DELETE', path: path`/User/${userId}` }, context);
  }

  // https://docs.payabli.com/developers/api-reference/user/enable-disable-mfor-user
  async setMfa(userId: string, mfa: PayabliMfaData, context: CallContext): Promise<void> {
    await this.write({ operation: 'setMfa', method: 'PUT', path: path`/User/mfa/${userId}`, json: mfa }, context);
  }

  // https://docs.payabli.com/developers/api-reference/user/reset-password-for-user
  async resetPassword(reset: PayabliPasswordReset, context: CallContext): Promise<void> {
    await this.write({ operation: 'resetPassword', method: 'POST', path: '/User/authreset', json: reset }, context);
  }

  /** A call that answers only with an envelope. */
  private async write(request: UpstreamRequest, context: CallContext): Promise<void> {
    parsePayabliBody(await this.send(request, context), payabliEnvelopeSchema, this.http.connection);
  }

  private async send(request: UpstreamRequest, context: CallContext): Promise<UpstreamResponse> {
    const response = await this.sendAuthorized(request, context);
    if (isPayabliFailure(response)) throw payabliError(response, this.http.connection, request.json);
    return response;
  }
}
