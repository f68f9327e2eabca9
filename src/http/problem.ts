import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ERROR_CODES, GatewayError, toGatewayError } from '../errors';
import type { Logger } from '../logging/logger';

const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 body for a gateway error; upstream bodies never appear in it, only their status and code. */
function problemBody(error: GatewayError, requestId?: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: `urn:usergate:problem:${error.code}`,
    title: ERROR_CODES[error.code].title,
    status: error.status,
    detail: error.message,
    code: error.code,
    origin: error.origin,
    retryable: error.retryable,
  };
  if (error.connection) body.connection = error.connection;
  if (error.providerError) body.providerError = error.providerError;
  if (requestId) body.requestId = requestId;
  return { ...error.extensions, ...body };
}

function sendProblem(res: Response, error: GatewayError): void {
  if (error.retryAfter !== undefined) res.setHeader('Retry-After', String(Math.max(0, Math.ceil(error.retryAfter))));
  if (error.code === 'unauthorized') res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
  res
    .status(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problemBody(error, res.locals.requestId as string | undefined)));
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new GatewayError('not_found', 'No such route.'));
};

/** The one place errors become HTTP responses. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const gatewayError = toGatewayError(fromExpressError(error));
    if (gatewayError.code === 'internal_error') {
      logger.error('unhandled error', { requestId: res.locals.requestId as string | undefined, error: gatewayError.cause });
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    sendProblem(res, gatewayError);
  };
}

/** body-parser and express raise plain errors with a status; give them stable codes. */
function fromExpressError(error: unknown): unknown {
  if (error instanceof GatewayError || !(error instanceof Error)) return error;
  const { status, type } = error as Error & { status?: number; type?: string };
  if (type === 'entity.too.large') return new GatewayError('invalid_request', 'The request body is too large.', { status: 413 });
  if (type === 'entity.parse.failed') return new GatewayError('invalid_request', 'The request body is not valid JSON.');
  if (type === 'encoding.invalid') return new GatewayError('invalid_request', 'The request body is not valid UTF-8.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new GatewayError('invalid_request', 'The request body encoding is not supported.', { status: 415 });
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new GatewayError('invalid_request', 'The request could not be read.', { status });
  }
  return error;
}
