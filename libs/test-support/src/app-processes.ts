import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { expectEventually } from './expect-eventually';

const ROOT = resolve(__dirname, '../../..');
const NODE = process.execPath;

/** An app started as its own process from the compiled `dist/`, as in production. */
export class AppProcess {
  private child: ChildProcess | null = null;
  private output: string[] = [];

  constructor(
    readonly name: import('./databases').Service,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The process's output so far (for failure messages and log assertions). */
  get logs(): string {
    return this.output.join('');
  }

  /** Starts the process and waits (bounded) until its health endpoint answers. */
  async start(timeoutMs = 60_000): Promise<void> {
    const child = spawn(NODE, ['--enable-source-maps', resolve(ROOT, `dist/apps/${this.name}/src/main.js`)], {
      cwd: ROOT,
      env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1', HTTP_HOST: '127.0.0.1', HTTP_PORT: String(this.port), ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    try {
      await expectEventually(
        async () => {
          if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}`);
          const res = await fetch(`${this.url}/health`);
          if (!res.ok) throw new Error(`${this.name} health ${res.status}`);
        },
        { timeoutMs, intervalMs: 100 },
      );
    } catch (error) {
      throw new Error(`${this.name} did not become healthy: ${String(error)}\n--- ${this.name} output ---\n${this.logs.slice(-4_000)}`);
    }
  }

  /** SIGTERM and wait for the exit (graceful shutdown). */
  async stop(timeoutMs = 30_000): Promise<void> {
    await this.signal('SIGTERM', timeoutMs);
  }

  /** SIGKILL: no shutdown hooks run. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL', 10_000);
  }

  private async signal(signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
