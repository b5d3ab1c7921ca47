import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './app-processes';
import { expectEventually } from './expect-eventually';
import { LOCAL_TEST_KAFKA } from './infrastructure';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');

/**
 * A Kafka broker of one test file's own, for faults that must not disturb the shared test broker
 * (stopping it, for one). It runs scripts/kafka.sh with its own state directory and ports; the
 * jars are the shared test broker's (`.local/kafka-test/libs`, fetched once from Maven Central
 * if missing), linked in, so it starts in seconds.
 */
export class PrivateKafka {
  private constructor(
    private readonly stateDir: string,
    private readonly env: NodeJS.ProcessEnv,
    /** `127.0.0.1:<port>`. */
    readonly brokers: string,
  ) {}

  static async start(): Promise<PrivateKafka> {
    const script = resolve(ROOT, 'scripts/kafka.sh');
    // A no-op when the jars are there; on a fresh clone without the test broker, one fetch.
    await run('bash', [script, 'fetch'], { env: { ...process.env, KAFKA_STATE_DIR: LOCAL_TEST_KAFKA.stateDir }, timeout: 300_000 });
    const stateDir = await mkdtemp(join(tmpdir(), 'billing-kafka-'));
    await symlink(join(LOCAL_TEST_KAFKA.stateDir, 'libs'), join(stateDir, 'libs'));
    const [port, controllerPort] = [await freePort(), await freePort()];
    const env = { ...process.env, KAFKA_STATE_DIR: stateDir, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort), KAFKA_STOP_TIMEOUT: '20' };
    const kafka = new PrivateKafka(stateDir, env, `127.0.0.1:${port}`);
    try {
      await kafka.resume();
    } catch (error) {
      await kafka.dispose();
      throw error;
    }
    return kafka;
  }

  /** Stops the broker (SIGTERM, then SIGKILL after 20 s); its data stays for `resume`. */
  async halt(): Promise<void> {
    await this.script('stop');
  }

  /** Starts the broker again on the same ports and data (unless it runs); resolves once it accepts connections. */
  async resume(): Promise<void> {
    await this.script('start');
  }

  /** Stops the broker and deletes its state (safe to call after a failed start). */
  async dispose(): Promise<void> {
    try {
      await this.script('stop');
    } finally {
      await rm(this.stateDir, { recursive: true, force: true });
    }
  }

  private async script(command: 'start' | 'stop'): Promise<void> {
    await run('bash', [resolve(ROOT, 'scripts/kafka.sh'), command], { env: this.env, timeout: 180_000 });
  }
}

const PG_BIN = process.env.TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of one test file's own (the machine's PostgreSQL 15 binaries, run as the
 * `postgres` user, trust authentication, fsync off), for faults that must not disturb the shared
 * server: restarting it, for one. Listens on 127.0.0.1 on a free port; deleted by `dispose`.
 */
export class PrivatePostgres {
  private constructor(
    private readonly dir: string,
    private readonly port: number,
  ) {}

  /** URL of the cluster's `postgres` database (the server URL the test-support helpers take). */
  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async start(): Promise<PrivatePostgres> {
    const dir = await mkdtemp(join(tmpdir(), 'billing-pg-'));
    const pg = new PrivatePostgres(dir, await freePort());
    try {
      await chmod(dir, 0o700);
      if (process.getuid?.() === 0) {
        const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
        await chown(dir, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
      }
      await pg.asPostgres('initdb', ['-D', pg.dataDir, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
      await pg.resume();
    } catch (error) {
      await pg.dispose();
      throw error;
    }
    return pg;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** Stops the server (`-m fast`: open sessions are terminated, as in a restart). */
  async halt(): Promise<void> {
    await this.asPostgres('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  }

  /** Starts the server on the same port and data (unless it runs); resolves once it accepts connections. */
  async resume(): Promise<void> {
    const running = await this.asPostgres('pg_ctl', ['-D', this.dataDir, 'status']).then(
      () => true,
      () => false,
    );
    if (running) return;
    const options = `-c listen_addresses=127.0.0.1 -p ${this.port} -c unix_socket_directories=${this.dir} -c fsync=off -c full_page_writes=off -c max_connections=300`;
    await this.asPostgres('pg_ctl', ['-D', this.dataDir, '-l', join(this.dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
    await expectEventually(
      async () => {
        const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 2_000 });
        try {
          await client.connect();
          await client.query('select 1');
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  }

  /** Stops the server (immediately) and deletes its files (safe to call after a failed start). */
  async dispose(): Promise<void> {
    try {
      await this.asPostgres('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    } finally {
      await rm(this.dir, { recursive: true, force: true });
    }
  }

  private async asPostgres(bin: string, args: string[]): Promise<void> {
    const command = join(PG_BIN, bin);
    // Tests run as root here and in CI; PostgreSQL refuses to run as root.
    if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', command, ...args], { timeout: 120_000 });
    else await run(command, args, { timeout: 120_000 });
  }
}
