import { IncomingMessage, ServerResponse, validateHeaderName, validateHeaderValue } from 'node:http';
import { Socket } from 'node:net';

/** Sets a fixed set of headers on an answer, as `setHeader` would set each. */
export type SetHeaders = (res: ServerResponse) => void;

/** Node's headers of an answer: each under its name in lower case, as `[name, value]` (`kOutHeaders`, lib/_http_outgoing.js). */
type HeaderStore = Record<string, [string, string | number | readonly string[]]>;

/** Where Node keeps an answer's headers, found by its name on an answer made at load. */
const STORE: symbol | undefined = Object.getOwnPropertySymbols(probeAnswer()).find((symbol) => symbol.description === 'kOutHeaders');

/**
 * Headers whose names and values never change (helmet's, the JSON content type), checked once here
 * with Node's own validators, then put on each answer as `setHeader` stores them. Node's `setHeader`
 * checks a name and value again on every call (two regular expressions, one over the 251-byte
 * Content-Security-Policy) and lowers the name: for helmet's twelve, 4-6% of a cached read's
 * instructions (bench/README.md). The answer's headers stay Node's: `getHeader`, `removeHeader` and
 * a later `setHeader` see them as if set one by one, and Node writes them as it writes any.
 *
 * NOTE: Node keeps an answer's headers under a symbol of its own. Where a Node version keeps them
 * otherwise, the probe below finds that out at load and each answer gets `setHeaders` instead: the
 * same headers, at the old cost (a test says which way this Node goes).
 */
export function constantHeaders(headers: readonly (readonly [string, string])[]): SetHeaders {
  for (const [name, value] of headers) {
    validateHeaderName(name);
    validateHeaderValue(name, value);
  }
  const byNode = new Map(headers);
  const throughNode: SetHeaders = (res) => {
    res.setHeaders(byNode);
  };
  if (STORE === undefined) return throughNode;
  const store = STORE;
  const entries = headers.map(([name, value]) => ({ key: name.toLowerCase(), name, value }));
  const stored: SetHeaders = (res) => {
    if (res.headersSent) {
      // Node's own call throws the error it throws.
      throughNode(res);
      return;
    }
    const answer = res as unknown as Record<symbol, HeaderStore | null>;
    const own = (answer[store] ??= Object.create(null) as HeaderStore);
    for (const { key, name, value } of entries) own[key] = [name, value];
  };
  return storesAsNodeDoes(stored, headers) ? stored : throughNode;
}

/** Whether headers put in the store read back through Node's own getters exactly as `setHeader` would leave them. */
function storesAsNodeDoes(setHeaders: SetHeaders, headers: readonly (readonly [string, string])[]): boolean {
  try {
    const probe = probeAnswer();
    probe.setHeader('x-probe', 'set before');
    setHeaders(probe);
    const expected: (readonly [string, string])[] = [['x-probe', 'set before'], ...headers];
    const names = probe.getHeaderNames();
    return names.length === expected.length && expected.every(([name, value], index) => names[index] === name.toLowerCase() && probe.getHeader(name) === value);
  } catch {
    return false;
  }
}

function probeAnswer(): ServerResponse {
  return new ServerResponse(new IncomingMessage(new Socket()));
}
