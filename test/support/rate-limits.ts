import { randomInt } from "node:crypto";
import { expect } from "vitest";

/** Raw HTTP for the abuse-limit tests: statuses and headers matter there, so not through the SDK. */

export interface Answer {
  status: number;
  retryAfter: string | null;
  contentType: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: read and asserted by the tests
  body: any;
}

export interface Ask {
  key?: string;
  /** The simulated client address: the right-most X-Forwarded-For entry. */
  address: string;
  /** An entry the client itself put in front of the proxy's (the proxy appends the real one). */
  forwardedPrefix?: string;
  path?: string;
  headers?: Record<string, string>;
  accept?: string;
}

/** POSTs `{ __typename }`, which needs no provider: 200 unless the request is refused. */
export async function graphql(api: { url: string }, { key, address, forwardedPrefix, path = "/graphql", headers = {}, accept = "application/json" }: Ask): Promise<Answer> {
  const res = await fetch(`${api.url}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept,
      "x-forwarded-for": forwardedPrefix ? `${forwardedPrefix}, ${address}` : address,
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query: "{ __typename }" }),
  });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get("retry-after"), contentType: res.headers.get("content-type"), body: text ? JSON.parse(text) : null };
}

/** A 429 with Retry-After in whole seconds and the GraphQL error body carrying the same number. */
export function expectRateLimited(a: Answer): void {
  expect(a.status).toBe(429);
  expect(a.retryAfter).toMatch(/^[1-9]\d*$/);
  expect(a.contentType).toMatch(/^application\/(graphql-response\+)?json/);
  expect(a.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: "RATE_LIMITED", retryAfterSeconds: Number(a.retryAfter) } }] });
}

/** A fresh address in 2001:db8::/32 (documentation range; never contacted, only written in a header), one /64 each. */
export function nextAddress(): string {
  const hex = () => randomInt(0, 0x10000).toString(16);
  return `2001:db8:${hex()}:${hex()}::1`;
}
