/**
 * Generates a valid contract of about the requested number of lines, shaped like a real system:
 * services with routes, commands and replies, events with payload schemas, queues and policies.
 */

export interface GeneratedContract {
  text: string;
  lines: number;
  /** The number of groups: service `svc-N` with its routes, messages, queues, policy and schema. */
  groups: number;
}

/** About 60 lines per group of one service with its routes, messages, queue and policies. */
const LINES_PER_GROUP = 60;

export function generateContract(targetLines: number): GeneratedContract {
  const groups = Math.max(1, Math.round(targetLines / LINES_PER_GROUP));
  const sections: Record<string, string[]> = {
    services: [],
    routes: [],
    messages: [],
    queues: [],
    policies: [],
    schemas: [],
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
  return { text, lines: text.split('\n').length - 1, groups };
}

/** One edit as an editor sends it, and whether the contract has errors after it. */
export interface Edit {
  what: string;
  offset: number;
  deleted: number;
  inserted: string;
  leavesError: boolean;
}

/** Finds where an edit goes in the text as it is just before the edit. */
export type PlannedEdit = (text: string) => Edit;

/**
 * Plans the edits of a session on a generated contract, in the order they are applied, as a user
 * makes them: typing in descriptions, replacing a word, adding lines, and mistakes that the next
 * edit fixes (a misspelt reference, broken YAML, a misspelt enum value). The edits move through the
 * groups, so they are spread over the whole file.
 */
export function planEdits(contract: GeneratedContract, count: number): PlannedEdit[] {
  const plans: PlannedEdit[] = [];
  let group = 0;
  for (let index = 0; index < count; index++) {
    const step = EDIT_CYCLE[index % EDIT_CYCLE.length]!;
    if (!step.fixesPrevious) group = Math.floor((contract.groups * index) / count);
    plans.push((text) => step.edit(text, group, index));
  }
  return plans;
}

interface EditStep {
  /** The step undoes the mistake of the step before it, so it edits the same group. */
  fixesPrevious: boolean;
  edit(text: string, group: number, index: number): Edit;
}

function find(text: string, marker: string, from = 0): number {
  const at = text.indexOf(marker, from);
  if (at < 0) throw new Error(`The benchmark contract has no ${JSON.stringify(marker)}.`);
  return at;
}

/** The end of a service's description line; the url before it makes the marker unique. */
function serviceDescription(group: number): string {
  return `svc-${group}.internal:8080\n    description: `;
}

/** The offset of the line break that ends a service's description. */
function descriptionEnd(text: string, group: number): number {
  return text.indexOf(
    '\n',
    find(text, serviceDescription(group)) + serviceDescription(group).length,
  );
}

const EDIT_CYCLE: EditStep[] = [
  {
    fixesPrevious: false,
    edit: (text, group) => ({
      what: 'type in a description',
      offset: descriptionEnd(text, group) - 1,
      deleted: 0,
      inserted: ' and more',
      leavesError: false,
    }),
  },
  {
    fixesPrevious: false,
    edit: (text, group, index) => ({
      what: 'add two lines',
      offset: descriptionEnd(text, group) + 1,
      deleted: 0,
      inserted: `    x-note-${index}: added while editing\n    x-reviewed-${index}: true\n`,
      leavesError: false,
    }),
  },
  {
    fixesPrevious: false,
    edit: (text, group) => ({
      what: 'misspell a reference',
      offset: find(text, `reply: ItemCreated${group}\n`) + `reply: ItemCreated${group}`.length,
      deleted: 0,
      inserted: 'x',
      leavesError: true,
    }),
  },
  {
    fixesPrevious: true,
    edit: (text, group) => ({
      what: 'fix the reference',
      offset: find(text, `reply: ItemCreated${group}x\n`) + `reply: ItemCreated${group}`.length,
      deleted: 1,
      inserted: '',
      leavesError: false,
    }),
  },
  {
    fixesPrevious: false,
    edit: (text, group) => {
      const marker = `/svc-${group}/items/{itemId}\n`;
      const word =
        find(text, 'description: Reads ', find(text, marker)) + 'description: Reads '.length;
      const length = text.indexOf(' ', word) - word;
      return {
        what: 'replace a word',
        offset: word,
        deleted: length,
        inserted: text.startsWith('one ', word) ? 'each' : 'one',
        leavesError: false,
      };
    },
  },
  {
    fixesPrevious: false,
    edit: (text, group) => ({
      what: 'break the YAML',
      offset: find(text, serviceDescription(group)) + serviceDescription(group).length,
      deleted: 0,
      inserted: '[',
      leavesError: true,
    }),
  },
  {
    fixesPrevious: true,
    edit: (text, group) => ({
      what: 'fix the YAML',
      offset: find(text, `${serviceDescription(group)}[`) + serviceDescription(group).length,
      deleted: 1,
      inserted: '',
      leavesError: false,
    }),
  },
  {
    fixesPrevious: false,
    edit: (text, group) => ({
      what: 'misspell an enum value',
      offset:
        find(text, `  CreateItem${group}:\n    kind: com`) +
        `  CreateItem${group}:\n    kind: com`.length,
      deleted: 1,
      inserted: '',
      leavesError: true,
    }),
  },
  {
    fixesPrevious: true,
    edit: (text, group) => ({
      what: 'fix the enum value',
      offset:
        find(text, `  CreateItem${group}:\n    kind: com`) +
        `  CreateItem${group}:\n    kind: com`.length,
      deleted: 0,
      inserted: 'm',
      leavesError: false,
    }),
  },
  {
    fixesPrevious: false,
    edit: (text, group) => ({
      what: 'type in a description',
      offset: descriptionEnd(text, group),
      deleted: 0,
      inserted: '!',
      leavesError: false,
    }),
  },
];

/** Applies an edit to a text. */
export function applyEdit(text: string, edit: Edit): string {
  return text.slice(0, edit.offset) + edit.inserted + text.slice(edit.offset + edit.deleted);
}

/** Returns the offset where each `description:` value of a contract starts. */
export function descriptionOffsets(text: string): number[] {
  const marker = 'description: ';
  const offsets: number[] = [];
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
    offsets.push(at + marker.length);
  }
  return offsets;
}
