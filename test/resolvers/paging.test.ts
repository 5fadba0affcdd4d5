import { offsetToCursor } from "@pothos/plugin-relay";
import { describe, expect, it } from "vitest";
import { type FetchPage, PagingArgumentError, pagedConnection } from "../../src/resolvers/paging.js";

const rows = Array.from({ length: 523 }, (_, i) => i);

function provider() {
  const calls: Array<[number, number]> = [];
  const fetchPage: FetchPage<number> = async (page, limit) => {
    calls.push([page, limit]);
    return { total: rows.length, rows: rows.slice((page - 1) * limit, page * limit) };
  };
  return { calls, fetchPage };
}

describe("pagedConnection", () => {
  it("walks every row once, forwards, one provider call per page of 50", async () => {
    const { calls, fetchPage } = provider();
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const c: Awaited<ReturnType<typeof pagedConnection<number>>> = await pagedConnection({ first: 50, after }, { maxPage: 100 }, fetchPage);
      seen.push(...c.edges.map((e) => e.node));
      expect(c.totalCount).toBe(523);
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).toEqual(rows);
    expect(calls).toHaveLength(11);
  });

  it("serves any window correctly, in one call when one page size covers it and never more than two", async () => {
    for (const [start, first] of [
      [0, 1],
      [7, 13],
      [49, 2],
      [98, 5],
      [510, 50],
      [99, 100],
      [1, 100],
    ] as const) {
      const { calls, fetchPage } = provider();
      const c = await pagedConnection({ first, after: start === 0 ? null : offsetToCursor(start - 1) }, { maxPage: 100 }, fetchPage);
      expect(c.edges.map((e) => e.node)).toEqual(rows.slice(start, start + first));
      expect(calls.length).toBeLessThanOrEqual(2); // a bound by design: the window spans at most two provider pages
    }
  });

  it("pages backwards with last/before", async () => {
    const { fetchPage } = provider();
    const tail = await pagedConnection({ last: 10 }, { maxPage: 100 }, fetchPage);
    expect(tail.edges.map((e) => e.node)).toEqual(rows.slice(-10));
    expect(tail.pageInfo.hasNextPage).toBe(false);
    const before = await pagedConnection({ last: 5, before: tail.pageInfo.startCursor }, { maxPage: 100 }, fetchPage);
    expect(before.edges.map((e) => e.node)).toEqual(rows.slice(-15, -10));
  });

  it("rejects a page larger than the provider serves", async () => {
    await expect(pagedConnection({ first: 101 }, { maxPage: 100 }, provider().fetchPage)).rejects.toBeInstanceOf(PagingArgumentError);
  });
});
