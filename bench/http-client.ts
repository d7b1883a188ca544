import http from 'node:http';

/** Body of `POST /api/v1/orders`, as the bench sends it. */
export interface OrderRequest {
  customer: { name: string; externalId: string };
  lines: Array<{ sku: string; quantity: number }>;
  shippingAddress: { line1: string; city: string; country: string };
  paymentMethod: 'cash_on_delivery';
}

/** Outcome of one request. `status` 0 means the request failed below HTTP (reset, refused). */
export interface OrderReply {
  status: number;
  /** `error.code` of a JSON error body, or the socket error code when `status` is 0. */
  errorCode: string | undefined;
  /** From just before the request is written (or from when it was due) to the end of the response body. */
  latencyMs: number;
}

/** Places orders through the REST API over keep-alive connections. */
export interface OrderClient {
  /**
   * Posts one order. `since` (a `performance.now()` time, default: now) is where its latency
   * starts: an open-loop generator passes the time the request was due, so time spent waiting
   * for a free connection counts too.
   */
  placeOrder(body: OrderRequest, idempotencyKey: string, since?: number): Promise<OrderReply>;
  /** Closes the pooled connections. */
  close(): void;
}

/** A valid order body for `skus` (one unit each), for customer `c-<customer>`. */
export function orderRequest(skus: readonly string[], customer: number): OrderRequest {
  return {
    customer: { name: 'Bench', externalId: `c-${customer}` },
    lines: skus.map((sku) => ({ sku, quantity: 1 })),
    shippingAddress: { line1: '1 Road', city: 'Shanghai', country: 'CN' },
    paymentMethod: 'cash_on_delivery',
  };
}

function errorCodeOf(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/**
 * A client on `node:http` with a keep-alive agent of at most `maxSockets` connections: lighter
 * than `fetch`, which matters because the load generator shares the machine's cores with the server.
 */
export function createOrderClient(baseUrl: string, apiKey: string, maxSockets: number): OrderClient {
  // FIFO: requests rotate over every open connection, as independent customers' would; the
  // default (LIFO) keeps reusing the last freed one, which a cluster has handed to one process.
  const agent = new http.Agent({ keepAlive: true, maxSockets, scheduling: 'fifo' });
  const endpoint = new URL('/api/v1/orders', baseUrl);
  const placeOrder = (body: OrderRequest, idempotencyKey: string, since?: number) =>
    new Promise<OrderReply>((resolve) => {
      const payload = JSON.stringify(body);
      const started = since ?? performance.now();
      const failed = (error: NodeJS.ErrnoException) =>
        resolve({ status: 0, errorCode: error.code ?? 'network_error', latencyMs: performance.now() - started });
      const request = http.request(endpoint, {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${apiKey}`,
          'idempotency-key': idempotencyKey,
        },
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', failed);
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const errorCode = status === 201 ? undefined : errorCodeOf(Buffer.concat(chunks).toString());
          resolve({ status, errorCode, latencyMs: performance.now() - started });
        });
      });
      request.on('error', failed);
      request.end(payload);
    });
  return { placeOrder, close: () => agent.destroy() };
}
