/** The pages' only styling, inline: src/http/secure-headers.ts allows exactly this text by its hash. */
export const PAGE_STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2328}";

/** A minimal HTML page for browser-facing answers (OAuth start/callback). Text is escaped. */
export function page(title: string, body: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · Fulfillment Graph</title>
<style>${PAGE_STYLE}</style></head>
<body><h1>${esc(title)}</h1><p>${esc(body)}</p></body></html>`;
}
