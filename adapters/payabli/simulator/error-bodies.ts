import { STATUS_CODES } from 'node:http';

/**
 * Payabli's error body for a status the fault knobs make the simulator answer with: its one error
 * envelope (provider facts: docs/providers/payabli.md). A 409 says what Payabli says of a duplicate
 * user (`User already exists`, responseCode 3003), whatever status it comes with.
 */
export function payabliErrorBody(status: number): unknown {
  if (status === 409) {
    return {
      isSuccess: false,
      responseCode: 3003,
      responseText: 'User already exists',
      responseData: { explanation: 'A user with that email already exists.', todoAction: null },
    };
  }
  const text = STATUS_CODES[status] ?? 'Error';
  return { isSuccess: false, responseText: text, responseData: { explanation: `Payabli answered ${status} ${text} to this request.`, todoAction: null } };
}
