import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { expectEventually } from './expect-eventually';

const ROOT = resolve(__dirname, '../../..');
const NODE = process.execPath;

/** How a process ended: its exit code, or the signal that killed it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** An app started as its own process from the compiled `dist/`, as in production. */
export class AppProcess {
  private child: ChildProcess | null = null;
  private output: string[] = [];
  private exit: Promise<ProcessExit> | null = null;

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

  /** Whether the process was started and has not exited. */
  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Starts the process and waits (bounded) until its health endpoint answers. `env` is added to
   * the app's environment for this run only (a restart without it runs as configured).
   */
  async start(timeoutMs = 60_000, env: Record<string, string> = {}): Promise<void> {
    const child = spawn(NODE, ['--enable-source-maps', resolve(ROOT, `dist/apps/${this.name}/src/main.js`)], {
      cwd: ROOT,
      env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1', HTTP_HOST: '127.0.0.1', HTTP_PORT: String(this.port), ...this.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exit = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
    // E2E_APP_LOGS=<dir> also keeps every app's output in <dir>/<app>-<port>.log, to read after a run.
    const logDir = process.env.E2E_APP_LOGS;
    if (logDir) mkdirSync(logDir, { recursive: true });
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (logDir) appendFileSync(resolve(logDir, `${this.name}-${this.port}.log`), chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
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

  /**
   * SIGTERM and wait for the exit (graceful shutdown); after `timeoutMs` the process is killed.
   * Resolves to how it ended (null when it was not running).
   */
  stop(timeoutMs = 30_000): Promise<ProcessExit | null> {
    return this.signal('SIGTERM', timeoutMs);
  }

  /** SIGKILL: no shutdown hooks run. */
  kill(): Promise<ProcessExit | null> {
    return this.signal('SIGKILL', 10_000);
  }

  /** SIGSTOP: the process stays alive but does nothing (its connections stay open) until `resume`. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  /** SIGCONT after `pause`. */
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  private async signal(signal: NodeJS.Signals, timeoutMs: number): Promise<ProcessExit | null> {
    const child = this.child;
    const exit = this.exit;
    if (!child || !exit) return null;
    this.child = null;
    this.exit = null;
    if (child.exitCode !== null || child.signalCode !== null) return exit;
    child.kill(signal);
    // A paused process must run to handle SIGTERM.
    child.kill('SIGCONT');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exit;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Ports this process has handed out: the system may offer a port again once its probe closed. */
const handedOut = new Set<number>();

/**
 * A free TCP port on 127.0.0.1, never one this process handed out before: two apps of a stack
 * given the same port would both pass the health check of the one that got it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await probePort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error('no port this process has not handed out before, in 50 attempts');
}

function probePort(): Promise<number> {
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
