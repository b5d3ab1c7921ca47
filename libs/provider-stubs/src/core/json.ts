/** A plain JSON object as read from a request body. */
export type JsonObject = Record<string, unknown>;

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` when it is an object, else an empty object (lenient reading of optional sub-objects). */
export function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

/** `obj[key]` as a string; numbers and booleans are converted; empty or absent gives undefined. */
export function optString(obj: JsonObject, key: string): string | undefined {
  const value = obj[key];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** `obj[key]` as a string, or null when absent (for fields that providers render as `null`). */
export function nullableString(obj: JsonObject, key: string): string | null {
  return optString(obj, key) ?? null;
}

/** `obj[key]` as a finite number (numeric strings accepted), or undefined. */
export function optNumber(obj: JsonObject, key: string): number | undefined {
  const value = obj[key];
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** `obj[key]` as a boolean (`true`/`"true"`), or undefined. */
export function optBoolean(obj: JsonObject, key: string): boolean | undefined {
  const value = obj[key];
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** `obj[key]` as a list of strings (a single string becomes a one-element list). */
export function stringList(obj: JsonObject, key: string): string[] {
  const value = obj[key];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string' && value !== '') return [value];
  return [];
}

/** `obj[key]` flattened into a string map (provider metadata); non-string values are stringified. */
export function stringMap(obj: JsonObject, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObject(obj[key]))) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** JSON with object keys sorted at every level, so equal bodies compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!isObject(v)) return v;
    const sorted: JsonObject = {};
    for (const k of Object.keys(v).sort()) sorted[k] = v[k];
    return sorted;
  });
}

/** Parses a JSON body; an empty body is `{}`; invalid JSON gives undefined. */
export function parseJsonBody(raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
