import { startProviderStubs } from '@app/provider-stubs';

/**
 * Runs the Stripe, Adyen and GoCardless stand-ins on 127.0.0.1:$PROVIDER_STUBS_PORT (default 12111)
 * until SIGTERM or SIGINT. Point the SDKs at `<url>`, `<url>/adyen` and `<url>/gocardless`;
 * control them through `<url>/__stub/...`.
 */
void (async () => {
  const port = Number(process.env.PROVIDER_STUBS_PORT || 12111);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PROVIDER_STUBS_PORT must be a port number, got ${process.env.PROVIDER_STUBS_PORT}`);
  const stubs = await startProviderStubs({ port });
  console.log(`provider stubs listening on ${stubs.url}`);
  const stop = (): void => {
    stubs.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('provider stubs: close failed:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
})().catch((error: unknown) => {
  console.error('provider stubs failed to start:', error);
  process.exit(1);
});
