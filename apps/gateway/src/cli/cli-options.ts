/** Values of the CLI's options (repeatable ones are arrays). */
export type CliValues = Record<string, string | string[] | boolean | undefined>;

/** A mistake in the command line: the CLI prints it with the usage and exits with 2. */
export class UsageError extends Error {}

/** The option's single string value, if given. */
export function option(values: CliValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** The option's value, or a usage error naming it. */
export function required(values: CliValues, name: string): string {
  const value = option(values, name);
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}
