/**
 * A preload for `node --require` that makes every way of opening a network connection throw and
 * records each attempt, and records every file written and renamed, as JSON lines appended to the
 * file named by SWITCHBOARD_IO_LOG. Tests run the command-line tool under it to prove what it does.
 */
// Plain require gives the modules themselves, whose properties can be replaced.
import dgram = require('node:dgram');
import dns = require('node:dns');
import fs = require('node:fs');
import http = require('node:http');
import https = require('node:https');
import http2 = require('node:http2');
import net = require('node:net');
import tls = require('node:tls');

export interface IoRecord {
  readonly kind: 'network' | 'write' | 'rename';
  /** What was called, such as 'dns.lookup' or 'fs.writeFileSync'. */
  readonly call: string;
  /** The host, path or arguments the call was given. */
  readonly target: string;
}

const log = process.env['SWITCHBOARD_IO_LOG'];
const appendFileSync = fs.appendFileSync;
/** True while writing the log, whose own write goes through the watched fs.writeFileSync. */
let recording = false;

function record(entry: IoRecord): void {
  if (log === undefined || recording) return;
  recording = true;
  try {
    appendFileSync(log, `${JSON.stringify(entry)}\n`);
  } finally {
    recording = false;
  }
}

function describe(args: readonly unknown[]): string {
  return args
    .filter((arg) => typeof arg !== 'function')
    .map((arg) => (typeof arg === 'string' ? arg : (JSON.stringify(arg) ?? String(arg))))
    .join(' ');
}

/** Replaces `owner[name]` with a function that records the call and throws. */
function block(owner: object, name: string, call: string): void {
  Object.defineProperty(owner, name, {
    configurable: true,
    writable: true,
    value: (...args: unknown[]) => {
      record({ kind: 'network', call, target: describe(args) });
      throw new Error(`Network access is blocked in this test: ${call}`);
    },
  });
}

block(net.Socket.prototype, 'connect', 'net.Socket.connect');
block(net, 'connect', 'net.connect');
block(net, 'createConnection', 'net.createConnection');
block(dns, 'lookup', 'dns.lookup');
block(dns, 'resolve', 'dns.resolve');
block(dns.promises, 'lookup', 'dns.promises.lookup');
block(dns.promises, 'resolve', 'dns.promises.resolve');
block(http, 'request', 'http.request');
block(http, 'get', 'http.get');
block(https, 'request', 'https.request');
block(https, 'get', 'https.get');
block(http2, 'connect', 'http2.connect');
block(tls, 'connect', 'tls.connect');
block(dgram, 'createSocket', 'dgram.createSocket');
block(globalThis, 'fetch', 'fetch');

/** Wraps `owner[name]` so that each call records its first argument, then runs as before. */
function watch(owner: object, name: string, kind: IoRecord['kind'], call: string): void {
  const original = (owner as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
  Object.defineProperty(owner, name, {
    configurable: true,
    writable: true,
    value: function (this: unknown, ...args: unknown[]) {
      record({ kind, call, target: String(args[0]) });
      return original.apply(this, args);
    },
  });
}

watch(fs, 'writeFileSync', 'write', 'fs.writeFileSync');
watch(fs, 'writeFile', 'write', 'fs.writeFile');
watch(fs, 'createWriteStream', 'write', 'fs.createWriteStream');
watch(fs.promises, 'writeFile', 'write', 'fs.promises.writeFile');
watch(fs, 'renameSync', 'rename', 'fs.renameSync');
watch(fs, 'rename', 'rename', 'fs.rename');
watch(fs.promises, 'rename', 'rename', 'fs.promises.rename');
