import { STATUS_CODES } from 'node:http';

/**
 * Rebilly's error body for a status the fault knobs make the simulator answer with: RFC 9457
 * problem details, as every Rebilly error is (docs/providers/rebilly.md, "Errors and limits": docs/providers/rebilly.md).
 */
export function rebillyErrorBody(status: number): unknown {
  const title = STATUS_CODES[status] ?? 'Error';
  return { type: 'about:blank', title, status, detail: `Rebilly answered ${status} ${title} to this request.` };
}
