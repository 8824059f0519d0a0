// Security L9: a client that sends its headers or its body slowly is cut off by the server's own
// limits instead of holding a connection for minutes.
import { expect } from 'chai';
import { connect } from 'node:net';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createHttpServer, serverLimits } from '../../../server/http/server.ts';

/** Sends `first`, then nothing, and resolves with what the server answered before it closed. */
function trickle(port: number, first: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(first));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('the HTTP server limits', () => {
  it('are set for production: headers within 10 s, a request within 2 minutes, 1,000 connections', () => {
    const server = createHttpServer(express());
    expect(server.headersTimeout).to.equal(serverLimits.headersTimeoutMs);
    expect(server.requestTimeout).to.equal(serverLimits.requestTimeoutMs);
    expect(server.maxConnections).to.equal(1_000);
  });

  it('closes a connection whose headers never finish, and one whose body never finishes, with 408', async () => {
    const app = express();
    app.post('/', express.urlencoded({ extended: false }), (_req, res) => {
      res.send('ok');
    });
    // the body that never finishes arrives aborted: end quietly (the server has answered 408)
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.end());
    const server = createHttpServer(app, { ...serverLimits, headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 100 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await trickle(port, 'GET / HTTP/1.1\r\nHost: x\r\n')).to.match(/^HTTP\/1\.1 408/);
      expect(await trickle(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\na=')).to.match(/^HTTP\/1\.1 408/);
    } finally {
      server.close();
    }
  });
});
