/**
 * The merchant-facing consent page of the OAuth code flow (real host app.hypersku.com,
 * hypersku-api.md §3.1 step 2). Plain server-rendered HTML: a form any browser or test can post.
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
.actions{display:flex;gap:.75rem;margin-top:1.25rem}button{padding:.5rem 1.25rem}.error{color:#b91c1c}</style></head>
<body>${body}</body></html>`;

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
  </form>`,
  );
}

export function errorPage(message: string): string {
  return layout("Authorization error", `<h1>Authorization error</h1>\n  <p class="error">${escapeHtml(message)}</p>`);
}
