import { CONNECTION_DIALOGS, CONNECTIONS_VIEW } from './connections-page';

/**
 * The console's one page. Its script and stylesheet are files of their own (built into
 * dist/console by `npm run build`), so that the Content-Security-Policy can forbid anything inline.
 * Forms never submit to the server (`form-action 'none'`): without the script, a typed token
 * would otherwise end up in a URL.
 */
export const CONSOLE_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>usergate console</title>
    <link rel="icon" href="/console/assets/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/console/assets/console.css" />
    <script src="/console/assets/console.js" defer></script>
  </head>
  <body>
    <a class="skip-link" href="#results">Skip to results</a>
    <header class="topbar">
      <h1>usergate <span class="topbar-product">ops console</span></h1>
      <div id="session" class="session" hidden>
        <span id="session-who" class="session-who"></span>
        <button type="button" id="sign-out" class="button-quiet">Sign out</button>
      </div>
    </header>
    <main>
      <noscript><p class="state state-error">The console needs JavaScript.</p></noscript>
      <form id="sign-in" class="panel sign-in" hidden>
        <h2>Sign in</h2>
        <p>Paste a gateway token (a JWT with <code>users:read</code>). It stays in this browser tab only.</p>
        <label for="token">Access token</label>
        <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" />
        <button type="submit">Sign in</button>
        <p id="sign-in-error" class="state state-error" role="alert" hidden></p>
      </form>
      <div id="workspace" hidden>
        <nav class="pages" aria-label="Console pages">
          <a href="#search" id="nav-search">Search</a>
          <a href="#connections" id="nav-connections">Connections</a>
        </nav>
        <div id="search-view">
        <form id="search" class="search" role="search" novalidate>
          <div class="search-row">
            <span class="search-field">
              <label for="search-mode">Search by</label>
              <select id="search-mode">
                <option value="any">Email, phone or global id</option>
                <option value="national-id">National id and nationality</option>
              </select>
            </span>
            <span class="search-field search-field-wide">
              <label id="query-label" for="query">Email, phone or global id</label>
              <input id="query" type="search" autocomplete="off" spellcheck="false" aria-describedby="search-hint search-error" />
            </span>
            <span id="nationality-field" class="search-field search-field-narrow" hidden>
              <label for="nationality">Nationality</label>
              <input id="nationality" maxlength="2" autocomplete="off" placeholder="LT" />
            </span>
            <button type="submit">Search</button>
          </div>
          <p id="search-hint" class="hint">
            An email, a phone number with its country code (+37060012345) or a global id (wallet-eu:1001).
            <kbd>/</kbd> jumps here, <kbd>Enter</kbd> searches, <kbd>Esc</kbd> clears.
          </p>
          <p id="search-error" class="search-error" role="alert" hidden></p>
        </form>
        <p id="status" class="status-line" role="status" aria-live="polite"></p>
        <section class="strip-section" aria-labelledby="strip-title">
          <h2 id="strip-title" class="section-title">Connections</h2>
          <ul id="strip" class="strip"></ul>
        </section>
        <section id="results" aria-labelledby="results-title" tabindex="-1">
          <div class="results-header">
            <h2 id="results-title" class="section-title">Results</h2>
            <fieldset id="view-choice" class="view-choice" hidden>
              <legend>Show</legend>
              <label><input type="radio" name="view" value="people" checked /> People</label>
              <label><input type="radio" name="view" value="accounts" id="view-accounts" /> Accounts</label>
            </fieldset>
          </div>
          <div id="results-body" class="results"></div>
        </section>
        </div>
${CONNECTIONS_VIEW}
      </div>
    </main>
${CONNECTION_DIALOGS}
  </body>
</html>
`;
