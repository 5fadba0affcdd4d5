/**
 * A small Server-Sent Events reader for the subscription tests: one fetch with
 * `Accept: text/event-stream` (GraphQL over SSE, distinct connections mode, as Yoga serves it),
 * the body split into messages. Comments (`:` lines, Yoga's keep-alive pings) are counted.
 */

export interface SseMessage {
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** The next message (a `next` or `complete` event), or null when the stream ended. */
  next(): Promise<SseMessage | null>;
  /** The next `next` event's GraphQL result; throws on `complete` or the end of the stream. */
  result<T = unknown>(): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
  /** Reads until `n` comments (pings) in all have arrived. */
  comments(n: number): Promise<void>;
  close(): void;
}

export interface SseRequest {
  query: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
  method?: "POST" | "GET";
}

export async function openSse(url: string, { query, variables, headers = {}, method = "POST" }: SseRequest): Promise<SseStream> {
  const abort = new AbortController();
  const target = new URL(url);
  const init: RequestInit = { method, signal: abort.signal, headers: { accept: "text/event-stream", ...headers } };
  if (method === "GET") {
    target.searchParams.set("query", query);
    if (variables) target.searchParams.set("variables", JSON.stringify(variables));
  } else {
    init.headers = { ...init.headers, "content-type": "application/json" };
    init.body = JSON.stringify({ query, variables });
  }
  const res = await fetch(target, init);
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let commentCount = 0;
  const queue: SseMessage[] = [];
  let ended = false;

  /** Reads one chunk and parses the complete blocks in it; false once the body ended. */
  const pump = async (): Promise<boolean> => {
    if (!reader || ended) return false;
    const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (chunk.done) {
      ended = true;
      return false;
    }
    buffer += decoder.decode(chunk.value, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      let isComment = true;
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        isComment = false;
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (isComment) commentCount++;
      else queue.push({ event, data: data.join("\n") });
    }
    return true;
  };

  const next = async (): Promise<SseMessage | null> => {
    while (queue.length === 0) if (!(await pump())) return null;
    return queue.shift() ?? null;
  };

  return {
    status: res.status,
    headers: res.headers,
    next,
    result: async () => {
      const message = await next();
      if (message?.event !== "next") throw new Error(`expected a next event, got ${message ? message.event : "the end of the stream"}`);
      return JSON.parse(message.data);
    },
    comments: async (n) => {
      while (commentCount < n) if (!(await pump())) throw new Error(`stream ended after ${commentCount} comments`);
    },
    close: () => abort.abort(),
  };
}
