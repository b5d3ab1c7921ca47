import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';

/**
 * Reads a service's configuration from the environment into a validated class. Fields are
 * declared with `@Expose()` and a default; only their names appear in an error, never values.
 */
export function loadEnv<T extends object>(cls: ClassConstructor<T>, source: NodeJS.ProcessEnv = process.env): T {
  const instance = plainToInstance(cls, source, { excludeExtraneousValues: true, exposeDefaultValues: true });
  const errors = validateSync(instance, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const fields = errors.map((e) => `${e.property} (${Object.keys(e.constraints ?? {}).join(', ')})`);
    throw new Error(`invalid configuration: ${fields.join('; ')}`);
  }
  return instance;
}
