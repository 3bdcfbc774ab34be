/**
 * A preload (`node --require`) that ends the process with status 86 and a message on stderr the
 * moment code tries to open a socket, resolve a name or make an HTTP request. Tests run the product
 * under it to prove that checking a contract reaches no network.
 */
// `import x = require()` binds the module objects themselves, whose properties can be replaced.
import dns = require('node:dns');
import fs = require('node:fs');
import http = require('node:http');
import https = require('node:https');
import net = require('node:net');
import tls = require('node:tls');

/** The exit status of a process stopped for network access; tests expect it by value. */
const NETWORK_EXIT_STATUS = 86;

function stopProcess(what: string): never {
  fs.writeSync(2, `network access attempted: ${what}\n`);
  process.exit(NETWORK_EXIT_STATUS);
}

function guard(target: object, names: string[], prefix: string): void {
  for (const name of names) {
    Object.defineProperty(target, name, {
      value: () => stopProcess(`${prefix}.${name}`),
      configurable: true,
      writable: true,
    });
  }
}

guard(net, ['connect', 'createConnection'], 'net');
guard(net.Socket.prototype, ['connect'], 'net.Socket');
guard(tls, ['connect'], 'tls');
guard(http, ['request', 'get'], 'http');
guard(https, ['request', 'get'], 'https');
guard(dns, ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny'], 'dns');
guard(dns.promises, ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny'], 'dns.promises');
guard(globalThis, ['fetch', 'WebSocket'], 'globalThis');
