import { matchPath, type StubResponse } from './core/http';

const PAGES: Array<{ pattern: string; title: string }> = [
  { pattern: '/checkout/:id', title: 'Stripe Checkout (stand-in)' },
  { pattern: '/3ds/:id', title: 'Stripe 3-D Secure (stand-in)' },
  { pattern: '/paylink/:id', title: 'Adyen payment link (stand-in)' },
  { pattern: '/flow/:id', title: 'GoCardless billing request flow (stand-in)' },
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The hosted pages the stand-ins' URLs point at (checkout sessions, 3DS redirects, payment links,
 * billing request flows): a plain HTML page naming the object, so following a URL works. Completing
 * the flow is a control operation, not a page action.
 */
export function hostedPage(method: string, path: string): StubResponse | undefined {
  if (method !== 'GET') return undefined;
  for (const page of PAGES) {
    const params = matchPath(page.pattern, path);
    if (!params) continue;
    const title = escapeHtml(page.title);
    return {
      status: 200,
      body: `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${escapeHtml(params.id)}</p></body></html>`,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    };
  }
  return undefined;
}
