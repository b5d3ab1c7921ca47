import type { Options } from '@mikro-orm/postgresql';
import { migrateDatabase } from '../database/migrate';

/** Runs a process entrypoint; a failure is printed and exits with status 1. */
export function runMain(name: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    console.error(`${name} failed:`, error);
    process.exit(1);
  });
}

/** The migrate entrypoint of a service: applies its pending migrations (never done at boot). */
export function runMigrations(service: string, options: Options): void {
  runMain(`${service} migration`, async () => {
    const applied = await migrateDatabase(options);
    console.log(`${service}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
  });
}
