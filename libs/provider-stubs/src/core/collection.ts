/** An insertion-ordered in-memory table of one kind of object, keyed by id. */
export class Collection<T> {
  private readonly rows = new Map<string, T>();

  /** Stores (or replaces) `row` under `id` and returns it. */
  put(id: string, row: T): T {
    this.rows.set(id, row);
    return row;
  }

  /** The row stored under `id`, or undefined. */
  get(id: string): T | undefined {
    return this.rows.get(id);
  }

  /** Every row, oldest first. */
  list(): T[] {
    return [...this.rows.values()];
  }

  /** Forgets every row. */
  clear(): void {
    this.rows.clear();
  }
}

/** One Collection per kind of a provider's object map `M` (kind name → object type). */
export type Collections<M> = { [K in keyof M]: Collection<M[K]> };

/** Clears every collection of a provider store. */
export function clearCollections<M>(collections: Collections<M>): void {
  for (const key of Object.keys(collections) as Array<keyof M>) collections[key].clear();
}
