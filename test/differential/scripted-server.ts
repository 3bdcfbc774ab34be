/**
 * A node:http server on 127.0.0.1 that answers requests in arrival order from a fault script, in
 * virtual time: each answer is a status, or a dropped connection, after its latency.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScriptedAnswer } from '../../server/src/sim/services';
import type { VirtualTime } from './virtual-time';

/** The header that names an attempt, as 'CALL.ATTEMPT', on every request of the harness. */
export const ATTEMPT_HEADER = 'x-attempt';

export class ScriptedServer {
  private script: ScriptedAnswer[] = [];
  private readonly server = http.createServer((request, response) =>
    this.answer(request, response),
  );

  /**
   * @param time the clock the latencies pass on.
   * @param isWaiting whether the client still waits for an attempt. An attempt it gave up after
   *   its timeout gets no answer.
   * @param fallback the answer once the script has run out: the service's modelled one.
   */
  constructor(
    private readonly time: VirtualTime,
    private readonly isWaiting: (attempt: string) => boolean,
    private readonly fallback: ScriptedAnswer,
  ) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  follow(script: readonly ScriptedAnswer[]): void {
    this.script = [...script];
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
    const attempt = String(request.headers[ATTEMPT_HEADER]);
    const scripted = this.script.shift() ?? this.fallback;
    const cancel = this.time.setTimer(() => {
      if (!this.isWaiting(attempt)) return;
      this.time.begin(`answer ${attempt}`);
      if (scripted.status === 'connection-error') request.socket.destroy();
      else response.writeHead(scripted.status, { 'content-type': 'application/json' }).end('{}');
    }, scripted.latencyMs);
    response.on('close', cancel);
    this.time.end(`request ${attempt}`);
  }
}
