import { HYPERSKU_DEMO } from "./demo.js";

/**
 * The merchant-facing consent page of the OAuth code flow (real host app.hypersku.com,
 * hypersku-api.md §3.1 step 2). Plain server-rendered HTML: a form any browser or test can post.
 * Being the simulator's, it lists the demo logins it accepts (the real page has no such box).
 */

export interface ConsentParams {
  clientId: string;
  scope: string;
  redirectUri: string;
  state: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string);

const layout = (title: string, body: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)} · HyperSKU (simulator)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1f2937}
label{display:block;margin:.75rem 0 .25rem}input[type=text],input[type=password]{width:100%;padding:.5rem}
.actions{display:flex;gap:.75rem;margin-top:1.25rem}button{padding:.5rem 1.25rem}.error{color:#b91c1c}
.demo{margin-top:2rem;padding:.75rem 1rem;border:1px dashed #9ca3af;background:#f9fafb}.demo h2{font-size:1rem;margin:0 0 .5rem}
.demo table{border-collapse:collapse}.demo th,.demo td{text-align:left;padding:.15rem 1rem .15rem 0}</style></head>
<body>${body}</body></html>`;

/** The logins this simulator accepts, straight from its seed (findAccountByLogin reads the same list). */
function demoAccountsBox(): string {
  const rows = HYPERSKU_DEMO.accounts
    .map(
      (a) =>
        `<tr><td>${escapeHtml(a.name)}</td><td><code class="demo-username">${escapeHtml(a.username)}</code></td><td><code class="demo-password">${escapeHtml(a.password)}</code></td></tr>`,
    )
    .join("\n      ");
  return `<aside class="demo" aria-labelledby="demo-accounts">
    <h2 id="demo-accounts">Demo accounts</h2>
    <p>This is the local HyperSKU simulator. It accepts these logins:</p>
    <table>
      <tr><th>Merchant</th><th>Username</th><th>Password</th></tr>
      ${rows}
    </table>
  </aside>`;
}

export function consentPage(p: ConsentParams, error?: string): string {
  const hidden = (["clientId", "scope", "redirectUri", "state"] as const).map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(p[name])}">`).join("\n    ");
  return layout(
    "Authorize application",
    `<h1>Authorize application</h1>
  <p>The application <strong>${escapeHtml(p.clientId)}</strong> asks to access your HyperSKU account.</p>
  <p>Requested scope: <code>${escapeHtml(p.scope)}</code> (orders, products, logistics and inventory).</p>
  <p>You will be sent back to <code>${escapeHtml(p.redirectUri)}</code>.</p>
  ${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
  <form method="post" action="/application/auth">
    ${hidden}
    <label for="username">Username</label><input type="text" id="username" name="username" autocomplete="username">
    <label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password">
    <div class="actions">
      <button type="submit" name="decision" value="approve">Approve</button>
      <button type="submit" name="decision" value="deny">Deny</button>
    </div>
  </form>
  ${demoAccountsBox()}`,
  );
}

export function errorPage(message: string): string {
  return layout("Authorization error", `<h1>Authorization error</h1>\n  <p class="error">${escapeHtml(message)}</p>`);
}
