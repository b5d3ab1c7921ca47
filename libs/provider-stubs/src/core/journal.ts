import type { JournalEntry, RequestFilter } from '../types';
import { matchesFilter } from './request-filter';

interface Recorded {
  entry: JournalEntry;
  route: string;
}

/** The log of every provider request (control requests are not recorded). */
export class Journal {
  private readonly entries: Recorded[] = [];

  /** Appends an entry; the returned object is live, so its `status` can be set once known. */
  record(entry: JournalEntry, route: string): JournalEntry {
    this.entries.push({ entry, route });
    return entry;
  }

  /** Copies of the entries passing `filter`, oldest first. */
  list(filter: RequestFilter = {}): JournalEntry[] {
    return this.entries.filter(({ entry, route }) => matchesFilter(filter, { ...entry, route })).map(({ entry }) => structuredClone(entry));
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.length = 0;
  }
}
