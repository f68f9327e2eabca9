import type { Response } from 'express';

/** Validation and business errors (`codes are not unique, read with path`). */
export function sendErrors(res: Response, status: number, code: string, message: string, path: string, args: string[] = []): void {
  res.status(status).json({ errors: [{ code, message, path, arguments: args }] });
}

/** OAuth and token errors. */
export function sendAuthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 500: 'Internal Server Error' };

/** What Wise's framework answers when a request fails outside the API's own checks (500s, unknown routes, unreadable bodies). */
export function sendFrameworkError(res: Response, status: number, path: string, message: string): void {
  res.status(status).json({
    timestamp: new Date().toISOString(),
    status,
    error: REASONS[status] ?? 'Error',
    ...(status >= 500 && { exception: 'java.lang.IllegalStateException' }),
    message,
    path,
  });
}
