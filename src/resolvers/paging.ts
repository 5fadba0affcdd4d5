import { cursorToOffset, offsetToCursor } from "@pothos/plugin-relay";
import { PagingArgumentError } from "../domain/errors.js";

/**
 * Relay connections over providers that page by `page` (1-based) and `limit` (hypersku-api.md
 * §5.3). Cursors are opaque offsets. The requested window [start, end) is served from one
 * provider page whenever one page size can cover it (pages of P rows starting at a multiple
 * of P), else from two; `total` from the provider gives `hasNextPage` without an extra row.
 */

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export type FetchPage<T> = (page: number, limit: number) => Promise<{ total: number; rows: readonly T[] }>;

export interface ConnectionResult<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

// The public error (BAD_USER_INPUT, shown to the client); this file once had a plain Error of the same name, masked as unexpected.
export { PagingArgumentError };

export async function pagedConnection<T>(
  args: ConnectionArgs,
  /** maxPage: the endpoint's largest page (its maxBatch in the endpoint table). */
  { maxPage, defaultFirst = 20 }: { maxPage: number; defaultFirst?: number },
  fetchPage: FetchPage<T>,
): Promise<ConnectionResult<T>> {
  for (const n of [args.first, args.last]) {
    if (n != null && (n < 0 || n > maxPage)) throw new PagingArgumentError(`first/last must be between 0 and ${maxPage}`);
  }
  let start = args.after ? cursorToOffset(args.after) + 1 : 0;
  let end = args.before ? cursorToOffset(args.before) : Number.POSITIVE_INFINITY;
  let total: number | null = null;
  if (args.last != null && args.first == null) {
    if (!Number.isFinite(end)) end = total = (await fetchPage(1, 1)).total;
    start = Math.max(start, end - args.last);
  } else {
    end = Math.min(end, start + (args.first ?? defaultFirst));
  }
  const window = await fetchWindow(start, Math.max(0, end - start), maxPage, fetchPage);
  total = window.total;
  const edges = window.rows.map((node, i) => ({ cursor: offsetToCursor(start + i), node }));
  return {
    edges,
    totalCount: total,
    pageInfo: {
      hasNextPage: start + edges.length < total,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Rows [start, start+count) in one provider call when a page size up to maxPage allows it. */
async function fetchWindow<T>(start: number, count: number, maxPage: number, fetchPage: FetchPage<T>) {
  if (count === 0) return { total: (await fetchPage(1, 1)).total, rows: [] as T[] };
  const last = start + count - 1;
  for (let size = count; size <= maxPage; size++) {
    if (Math.floor(start / size) === Math.floor(last / size)) {
      const page = await fetchPage(Math.floor(start / size) + 1, size);
      const from = start % size;
      return { total: page.total, rows: page.rows.slice(from, from + count) };
    }
  }
  // No single page covers the window: the tail of one page of `count` rows and the head of the next.
  const first = Math.floor(start / count);
  const [a, b] = await Promise.all([fetchPage(first + 1, count), fetchPage(first + 2, count)]);
  const rows = [...a.rows, ...b.rows].slice(start % count, (start % count) + count);
  return { total: b.total, rows };
}
