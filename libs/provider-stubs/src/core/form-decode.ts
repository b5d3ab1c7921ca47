/** A value decoded from a bracket-notation form body: a string, a list or a nested object. */
export type FormValue = string | FormValue[] | FormObject;
/** The decoded form body (or query string). */
export interface FormObject {
  [key: string]: FormValue;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Splits `a[b][0][]` into `['a', 'b', '0', '']`. A key without brackets is one segment; text
 * after an unbalanced bracket is kept as part of the last segment.
 */
export function splitFormKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  const pattern = /\[([^\]]*)\]/gy;
  pattern.lastIndex = open;
  let match: RegExpExecArray | null;
  let consumed = open;
  while ((match = pattern.exec(key)) !== null) {
    segments.push(match[1]);
    consumed = pattern.lastIndex;
  }
  if (consumed < key.length) segments[segments.length - 1] += key.slice(consumed);
  return segments;
}

function isIndex(segment: string): boolean {
  return segment === '' || /^\d+$/.test(segment);
}

function emptyContainer(nextSegment: string): FormValue[] | FormObject {
  return isIndex(nextSegment) ? [] : {};
}

/** Sets `value` at `segments` under `container`, creating lists for numeric/empty segments and objects otherwise. */
function assign(container: FormValue[] | FormObject, segments: string[], value: string): void {
  const [head, ...rest] = segments;
  if (FORBIDDEN_KEYS.has(head)) return;
  if (Array.isArray(container)) {
    const index = head === '' || !/^\d+$/.test(head) ? container.length : Number(head);
    if (rest.length === 0) {
      container[index] = value;
      return;
    }
    const current = container[index];
    const child = typeof current === 'object' ? current : emptyContainer(rest[0]);
    container[index] = child;
    assign(child, rest, value);
    return;
  }
  if (rest.length === 0) {
    container[head] = value;
    return;
  }
  const current = container[head];
  const child = typeof current === 'object' ? current : emptyContainer(rest[0]);
  container[head] = child;
  assign(child, rest, value);
}

/** Removes holes left by sparse indexes (`a[0]=x&a[2]=y` gives `['x', 'y']`). */
function compact(value: FormValue): FormValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  const out: FormObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = compact(v);
  return out;
}

/**
 * Decodes an `application/x-www-form-urlencoded` body (or query string) that uses Stripe's bracket
 * notation: `a[b]=c` gives `{a: {b: 'c'}}`, `a[0]=x&a[1]=y` and `a[]=x&a[]=y` give `{a: ['x', 'y']}`.
 * Values stay strings (Stripe's wire format carries no types); the empty string is kept (Stripe uses
 * it to unset a field).
 */
export function decodeForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (key === '') continue;
    assign(root, splitFormKey(key), value);
  }
  return compact(root) as FormObject;
}
