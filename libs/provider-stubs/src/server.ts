import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdyenProvider } from './adyen/adyen-provider';
import { serveControl } from './control/control-api';
import { StubController } from './control/stub-controller';
import { json, readBody, writeResponse } from './core/http';
import { PendingDelays, serveProviderRequest } from './core/pipeline';
import type { ProviderAdapter } from './core/provider';
import { StubState } from './core/stub-state';
import { GoCardlessProvider } from './gocardless/gocardless-provider';
import { hostedPage } from './hosted-pages';
import { StripeProvider } from './stripe/stripe-provider';
import type { ProviderStubEndpoints, ProviderStubs, ProviderStubsOptions } from './types';

/** The provider whose prefix `path` starts with (`/v1`, `/adyen`, `/gocardless`). */
function providerFor(adapters: readonly ProviderAdapter[], path: string): ProviderAdapter | undefined {
  return adapters.find((a) => path === a.prefix || path.startsWith(`${a.prefix}/`));
}

/** The running server: `ProviderStubs` plus the control operations. */
class RunningProviderStubs extends StubController implements ProviderStubs {
  constructor(
    state: StubState,
    readonly url: string,
    readonly port: number,
    private readonly shutdown: () => Promise<void>,
  ) {
    super(state);
  }

  get endpoints(): ProviderStubEndpoints {
    return { stripe: this.url, adyen: `${this.url}/adyen`, gocardless: `${this.url}/gocardless` };
  }

  close(): Promise<void> {
    return this.shutdown();
  }
}

/**
 * Starts the Stripe, Adyen and GoCardless stand-ins on one plain HTTP server on 127.0.0.1
 * (Stripe at `/v1/...`, Adyen at `/adyen/vNN/...`, GoCardless at `/gocardless/...`, control API
 * at `/__stub/...`), with empty in-memory state. See spec/payment-providers.md §5.
 */
export async function startProviderStubs(options: ProviderStubsOptions = {}): Promise<ProviderStubs> {
  const state = new StubState();
  const controller = new StubController(state);
  const delays = new PendingDelays();
  let baseUrl = '';
  const adapters: ProviderAdapter[] = [
    new StripeProvider(() => ({ store: state.stripe, scenarios: state.scenarios, baseUrl })),
    new AdyenProvider(() => ({ store: state.adyen, scenarios: state.scenarios, baseUrl })),
    new GoCardlessProvider(() => ({ store: state.gocardless, scenarios: state.scenarios, baseUrl })),
  ];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/__stub/')) {
      const rawBody = await readBody(req);
      writeResponse(res, await serveControl(controller, method, url.pathname.slice('/__stub'.length), url.searchParams, rawBody));
      return;
    }
    const adapter = providerFor(adapters, url.pathname);
    if (adapter) {
      await serveProviderRequest(adapter, req, res, url, state, delays);
      return;
    }
    await readBody(req);
    writeResponse(res, hostedPage(method, url.pathname) ?? json(404, { error: `no provider stub serves ${method} ${url.pathname}` }));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('provider stubs: request failed:', error);
      writeResponse(res, json(500, { error: 'provider stub failure' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      delays.releaseAll();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
    return closing;
  };
  return new RunningProviderStubs(state, baseUrl, port, shutdown);
}
