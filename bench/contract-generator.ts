/**
 * Generates a valid contract of about the requested number of lines, shaped like a real system:
 * services with routes, commands and replies, events with payload schemas, queues and policies.
 */

export interface GeneratedContract {
  text: string;
  lines: number;
  /** Offsets of description values inside the file, spread over it, for edits that keep it valid. */
  descriptionOffsets: number[];
}

/** About 60 lines per group of one service with its routes, messages, queue and policies. */
const LINES_PER_GROUP = 60;

export function generateContract(targetLines: number): GeneratedContract {
  const groups = Math.max(1, Math.round(targetLines / LINES_PER_GROUP));
  const sections: Record<string, string[]> = {
    services: [], routes: [], messages: [], queues: [], policies: [], schemas: [],
  };
  for (let i = 0; i < groups; i++) {
    sections.services!.push(
      `  svc-${i}:`,
      `    protocol: http`,
      `    url: http://svc-${i}.internal:8080`,
      `    description: Service number ${i}.`,
      `    instances: 2`,
      `    timeout: 500ms`,
      `    retry: retry-${i}`,
    );
    sections.routes!.push(
      `  get-item-${i}:`,
      `    method: GET`,
      `    path: /svc-${i}/items/{itemId}`,
      `    service: svc-${i}`,
      `    servicePath: /items/{itemId}`,
      `    timeout: 3s`,
      `    description: Reads one item of service ${i}.`,
      `  create-item-${i}:`,
      `    method: POST`,
      `    path: /svc-${i}/items`,
      `    service: svc-${i}`,
      `    idempotent: true`,
      `    timeout: 3s`,
      `    request: CreateItem${i}`,
      `    response: ItemCreated${i}`,
    );
    sections.messages!.push(
      `  CreateItem${i}:`,
      `    kind: command`,
      `    producer: svc-${(i + 1) % groups}`,
      `    handler: svc-${i}`,
      `    queue: items-${i}`,
      `    reply: ItemCreated${i}`,
      `    replyTimeout: 20s`,
      `    payload: Item${i}`,
      `  ItemCreated${i}:`,
      `    kind: response`,
      `    producer: svc-${i}`,
      `    payload: Item${i}`,
      `  ItemChanged${i}:`,
      `    kind: event`,
      `    producer: svc-${i}`,
      `    subscribers: [svc-${(i + 1) % groups}]`,
      `    description: An item of service ${i} changed.`,
      `    payload:`,
      `      type: object`,
      `      required: [id]`,
      `      properties:`,
      `        id: { type: string, format: uuid }`,
      `        item: { $ref: '#/schemas/Item${i}' }`,
    );
    sections.queues!.push(
      `  items-${i}:`,
      `    maxSize: 1000`,
      `    consumers: [svc-${i}]`,
      `    maxDeliveries: 3`,
      `    ackTimeout: 5s`,
      `    deadLetter: items-${i}-dead`,
      `  items-${i}-dead:`,
      `    maxSize: 10000`,
    );
    sections.policies!.push(
      `  retry-${i}:`,
      `    kind: retry`,
      `    attempts: 3`,
      `    backoff: exponential`,
      `    delay: 100ms`,
      `    jitter: full`,
    );
    sections.schemas!.push(
      `  Item${i}:`,
      `    type: object`,
      `    required: [name]`,
      `    properties:`,
      `      name: { type: string, description: The name of item ${i}. }`,
      `      quantity: { type: integer, minimum: 0 }`,
    );
  }
  let text = 'switchboard: 1\ninfo:\n  title: Generated system\n  version: 1.0.0\n';
  for (const [name, lines] of Object.entries(sections)) text += `${name}:\n${lines.join('\n')}\n`;
  const descriptionOffsets: number[] = [];
  const marker = 'description: ';
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
    descriptionOffsets.push(at + marker.length);
  }
  return { text, lines: text.split('\n').length - 1, descriptionOffsets };
}
