import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { KEY_CHANGES_CHANNEL } from '../organizations/key-changes';

/**
 * Listens on its own PostgreSQL connection for announced key and organization changes
 * (`announceKeyChanges`) and calls `onChange` for each, so a revocation made with the CLI takes
 * effect in a running gateway at once rather than after the key cache TTL. A lost connection is
 * retried every `retryMs`; once listening again it calls `onChange` too, since what was announced
 * in between went unheard. Until then the TTL bounds how stale a cached key can be.
 */
export class KeyChangesListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('KeyChanges');
  private client: Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly onChange: () => void,
    private readonly retryMs = 1_000,
  ) {}

  /** Resolves once listening, or once the first attempt failed (a retry is then scheduled). */
  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    this.retry = null;
    if (this.stopped) return;
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('notification', () => this.onChange());
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${KEY_CHANGES_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.client === client) this.onChange();
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(`not listening for key changes (${error instanceof Error ? error.message : 'connection ended'}); retrying in ${this.retryMs} ms`);
    this.retry = setTimeout(() => void this.connect(), this.retryMs);
  }
}
