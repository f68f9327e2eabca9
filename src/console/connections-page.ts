/**
 * The console's Connections page (DESIGN §8): the connections of one tenant, and forms to add,
 * rotate, disable, delete and verify them. Credentials are typed into password fields that the
 * browser is asked not to remember; the script sends them once and then removes those fields.
 */
export const CONNECTIONS_VIEW = `        <div id="connections-view" hidden>
          <h2 id="connections-title" class="page-title" tabindex="-1">Connections</h2>
          <form id="tenant-form" class="panel tenant-form" novalidate hidden>
            <span class="search-field">
              <label for="tenant">Tenant</label>
              <input id="tenant" list="tenant-choices" autocomplete="off" spellcheck="false" aria-describedby="tenant-hint" />
              <datalist id="tenant-choices"></datalist>
            </span>
            <button type="submit">Show its connections</button>
            <p id="tenant-hint" class="hint"></p>
          </form>
          <p id="connections-status" class="status-line" role="status" aria-live="polite"></p>
          <p id="connections-error" class="state state-error" role="alert" hidden></p>
          <div id="connections-list" class="results"></div>
          <p id="connections-read-only" class="hint" hidden>This token lacks the <code>connections:admin</code> scope: it can list connections, not change them.</p>
          <form id="add-connection" class="panel connection-form" novalidate aria-labelledby="add-title">
            <h3 id="add-title" class="group-title">Add a connection</h3>
            <div class="form-row">
              <span class="search-field">
                <label for="add-name">Name</label>
                <input id="add-name" autocomplete="off" spellcheck="false" required aria-describedby="add-name-hint" />
                <span id="add-name-hint" class="hint">Lower-case letters, digits and dashes, at most 40.</span>
              </span>
              <span class="search-field">
                <label for="add-adapter">Adapter</label>
                <input id="add-adapter" list="adapter-choices" autocomplete="off" spellcheck="false" required />
                <datalist id="adapter-choices"></datalist>
              </span>
            </div>
            <label for="add-base-url">Base URL</label>
            <input id="add-base-url" type="url" autocomplete="off" spellcheck="false" required />
            <fieldset id="add-credentials" class="credentials"></fieldset>
            <label for="add-options">Options (JSON, optional)</label>
            <textarea id="add-options" rows="3" autocomplete="off" spellcheck="false"></textarea>
            <label class="checkbox"><input id="add-verify" type="checkbox" checked /> Check the credentials at the provider first</label>
            <button type="submit">Add connection</button>
            <p id="add-error" class="state state-error" role="alert" hidden></p>
          </form>
        </div>`;

export const CONNECTION_DIALOGS = `    <dialog id="rotate-dialog" class="panel dialog" aria-labelledby="rotate-title">
      <form id="rotate-form" novalidate>
        <h2 id="rotate-title">Rotate credentials</h2>
        <fieldset id="rotate-credentials" class="credentials"></fieldset>
        <label class="checkbox"><input id="rotate-verify" type="checkbox" checked /> Check the new credentials at the provider first</label>
        <p id="rotate-error" class="state state-error" role="alert" hidden></p>
        <div class="dialog-actions">
          <button type="submit">Rotate</button>
          <button type="button" class="button-secondary" data-close>Cancel</button>
        </div>
      </form>
    </dialog>
    <dialog id="delete-dialog" class="panel dialog" aria-labelledby="delete-title" aria-describedby="delete-what">
      <form id="delete-form" novalidate>
        <h2 id="delete-title">Delete connection?</h2>
        <p id="delete-what"></p>
        <p id="delete-error" class="state state-error" role="alert" hidden></p>
        <div class="dialog-actions">
          <button type="submit" class="button-danger">Delete</button>
          <button type="button" class="button-secondary" data-close>Cancel</button>
        </div>
      </form>
    </dialog>`;
