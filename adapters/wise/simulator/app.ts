import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import { errorTail } from '../../../src/provider-kit/simulator';
import { WISE_LANGUAGES, type WiseLanguage, type WiseUser } from '../types';
import { sendAuthError, sendErrors, sendFrameworkError } from './errors';
import { rateLimiter, type WiseRateLimit } from './rate-limit';
import { WiseUserStore } from './store';
import { WiseSimulatorTokens, type AccessGrant, type TokenExpiryFields, type TokenKind, type TokenLifetimes } from './tokens';

export interface WiseSimulatorClient {
  clientId: string;
  clientSecret: string;
}

export interface WiseSimulatorOptions {
  clients: WiseSimulatorClient[];
  personalTokens: { token: string; userId: number }[];
  users: WiseUser[];
  lifetimes: TokenLifetimes;
  tokenExpiryFields?: TokenExpiryFields;
  rateLimit: WiseRateLimit;
  /** Requests under this path fail inside "Wise" (500 in its framework's shape). */
  internalErrorPathPrefix?: string;
}

export interface WiseSimulator {
  app: Express;
  tokens: WiseSimulatorTokens;
  users: WiseUserStore;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Wise's token endpoint and user API as its docs describe them: the token kind each operation
 * takes (OpenAPI `security`), the three error shapes, 429s (empty or JSON), `x-trace-id` on every
 * response and `X-External-Correlation-Id` echoed.
 */
export function createWiseSimulatorApp(options: WiseSimulatorOptions): WiseSimulator {
  const users = new WiseUserStore(options.users);
  const tokens = new WiseSimulatorTokens(options.lifetimes, options.tokenExpiryFields);
  for (const { token, userId } of options.personalTokens) tokens.addPersonalToken(token, userId);
  const clients = new Map(options.clients.map((client) => [client.clientId, client.clientSecret]));
  const bearer = (...kinds: TokenKind[]) => requireToken(tokens, kinds);
  const ownUser = requireOwnUser(users);

  const app = express();
  app.disable('x-powered-by');
  app.use(traceHeaders);
  app.use(rateLimiter(options.rateLimit));
  if (options.internalErrorPathPrefix) {
    app.use(options.internalErrorPathPrefix, (req, res) => sendFrameworkError(res, 500, req.originalUrl, 'Unexpected failure'));
  }

  app.post('/oauth/token', express.urlencoded({ extended: false }), (req, res) => {
    const clientId = basicClient(req, clients);
    if (!clientId) {
      sendAuthError(res, 401, 'invalid_client', 'Bad client credentials');
      return;
    }
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    switch (form.grant_type) {
      case 'client_credentials':
        return res.json(tokens.issueClientToken(clientId));
      case 'registration_code': {
        if (!form.email || !form.registration_code || !form.client_id) {
          sendAuthError(res, 400, 'invalid_request', 'client_id, email and registration_code are required');
          return;
        }
        const user = form.client_id === clientId ? users.signedUpWith(form.email, form.registration_code, clientId) : undefined;
        if (user) res.json(tokens.issueUserTokens(user.id, clientId));
        else sendAuthError(res, 401, 'invalid_grant', 'Invalid registration code');
        return;
      }
      case 'refresh_token': {
        const refreshed = form.refresh_token ? tokens.refresh(form.refresh_token, clientId) : undefined;
        if (refreshed) res.json(refreshed);
        else sendAuthError(res, 401, 'invalid_grant', 'Invalid refresh token');
        return;
      }
      default: {
        sendAuthError(res, 400, 'invalid_request', 'Unsupported grant_type');
        return;
      }
    }
  });

  app.use('/v1', express.json());

  app.get('/v1/me', bearer('user', 'personal'), (_req, res) => {
    res.json(users.get(grantedUserId(res)));
  });

  app.get('/v1/users/:userId', bearer('user', 'personal'), ownUser, (_req, res) => {
    res.json(res.locals.user);
  });

  app.post('/v1/user/signup/registration_code', bearer('client'), (req, res) => {
    const { email, registrationCode, language = 'EN' } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof email !== 'string' || !EMAIL.test(email)) {
      sendErrors(res, 400, 'NOT_VALID', 'Please enter a valid email', 'email');
      return;
    }
    if (typeof registrationCode !== 'string' || registrationCode.length < 32) {
      sendErrors(res, 400, 'NOT_VALID', 'Registration code must be at least 32 characters', 'registrationCode');
      return;
    }
    if (!WISE_LANGUAGES.includes(language as WiseLanguage)) {
      sendErrors(res, 400, 'NOT_VALID', 'Unsupported language', 'language');
      return;
    }
    if (users.emailTaken(email)) {
      sendErrors(res, 409, 'NOT_UNIQUE', 'You’re already a member. Please login', 'email', [
        'email',
        'class com.transferwise.fx.api.ApiRegisterCommand',
        email,
      ]);
      return;
    }
    return res.json(users.signUp(email, registrationCode, language as WiseLanguage, grantedClientId(res)));
  });

  app.post('/v1/users/exists', bearer('client'), (req, res) => {
    const { email } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof email !== 'string' || !EMAIL.test(email)) {
      sendErrors(res, 400, 'NOT_VALID', 'Please enter a valid email', 'email');
      return;
    }
    return res.json({ exists: users.emailTaken(email) });
  });

  // NOTE: contact email takes an OAuth user token only; a personal token is refused (OpenAPI security: UserToken).
  app.get('/v1/users/:userId/contact-email', bearer('user'), ownUser, (_req, res) => {
    res.json({ email: users.contactEmail((res.locals.user as WiseUser).id) });
  });

  app.put('/v1/users/:userId/contact-email', bearer('user'), ownUser, (req, res) => {
    const { email } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof email !== 'string' || !EMAIL.test(email)) {
      sendErrors(res, 400, 'NOT_VALID', 'Please enter a valid email', 'email');
      return;
    }
    users.setContactEmail((res.locals.user as WiseUser).id, email);
    return res.json({ email });
  });

  errorTail(app, (res, status, failure) => {
    const message = { 'no-such-route': 'No static resource', 'unreadable-request': 'Malformed request body', 'simulator-failed': 'Unexpected failure' }[
      failure
    ];
    sendFrameworkError(res, status, res.req.path, message);
  });
  return { app, tokens, users };
}

const traceHeaders: RequestHandler = (req, res, next) => {
  const correlation = req.get('x-external-correlation-id');
  if (correlation) res.setHeader('X-External-Correlation-Id', correlation);
  next();
};

/** The client id of valid HTTP Basic client credentials. */
function basicClient(req: Request, clients: ReadonlyMap<string, string>): string | undefined {
  const encoded = /^Basic (\S+)$/.exec(req.get('authorization') ?? '')?.[1];
  const [clientId = '', ...secret] = Buffer.from(encoded ?? '', 'base64')
    .toString('utf8')
    .split(':');
  return clients.get(clientId) !== undefined && clients.get(clientId) === secret.join(':') ? clientId : undefined;
}

function requireToken(tokens: WiseSimulatorTokens, kinds: TokenKind[]): RequestHandler {
  return (req, res, next) => {
    const presented = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!presented) {
      sendAuthError(res, 401, 'unauthorized', 'Full authentication is required to access this resource');
      return;
    }
    const grant = tokens.check(presented);
    if (grant === 'expired') {
      sendAuthError(res, 401, 'invalid_token', 'Access token expired');
      return;
    }
    if (!grant) {
      sendAuthError(res, 401, 'invalid_token', 'Invalid access token');
      return;
    }
    if (!kinds.includes(grant.kind)) {
      sendAuthError(res, 403, 'access_denied', 'Access is denied');
      return;
    }
    res.locals.grant = grant;
    next();
  };
}

/** The user of the token `requireToken` accepted, on routes that take only user or personal tokens. */
function grantedUserId(res: Response): number {
  const { userId } = res.locals.grant as AccessGrant;
  if (userId === undefined) throw new Error('This route takes user or personal tokens only.');
  return userId;
}

/** The partner of the token `requireToken` accepted, on routes that take only client tokens. */
function grantedClientId(res: Response): string {
  const { clientId } = res.locals.grant as AccessGrant;
  if (clientId === undefined) throw new Error('This route takes client tokens only.');
  return clientId;
}

/** The path's user must exist (404) and be the token's own user (403). */
function requireOwnUser(users: WiseUserStore): RequestHandler {
  return (req, res: Response, next) => {
    const param = String(req.params.userId);
    if (!/^\d{1,19}$/.test(param)) {
      sendFrameworkError(res, 400, req.path, 'Failed to convert value of type String to long');
      return;
    }
    const user = users.get(Number(param));
    if (!user) {
      sendErrors(res, 404, 'NOT_FOUND', 'User not found', 'userId', ['userId', param]);
      return;
    }
    if ((res.locals.grant as AccessGrant).userId !== user.id) {
      sendAuthError(res, 403, 'access_denied', 'Access is denied');
      return;
    }
    res.locals.user = user;
    next();
  };
}
