/**
 * The most one answer carries, whatever the request or the providers' data: an answer's size, and
 * the work of building it, stay bounded (README, Security). A lookup names at most
 * `connectionsPerRequest` connections, each once; an answer carries at most `accounts` users, and
 * the people view at most `links` links and `candidates` candidate pairs, saying what it left out.
 */
export const ANSWER_LIMITS = {
  connectionsPerRequest: 50,
  accounts: 100,
  links: 200,
  candidates: 100,
} as const;
