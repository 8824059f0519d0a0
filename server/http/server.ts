// The HTTP server Qorgau listens with (server/main.ts), with limits a slow or hostile client cannot
// stretch: headers within 10 s, a whole request within 2 minutes (a 20 MB package on a slow line),
// idle keep-alive sockets closed after 5 s, and at most 1,000 connections per process.
import { createServer, type RequestListener, type Server } from 'node:http';

export interface ServerLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  /** how often Node checks the two timeouts above (its default, 30 s, lets a slow client stay far longer) */
  checkIntervalMs: number;
}

export const serverLimits: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  checkIntervalMs: 1_000,
};

export function createHttpServer(listener: RequestListener, limits: ServerLimits = serverLimits): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    listener,
  );
  server.maxConnections = limits.maxConnections;
  return server;
}
