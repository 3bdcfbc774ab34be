import type { Rule } from './rule';
import { declaredKind, NameOf, quoteList } from './words';

/**
 * A command or query goes to exactly one service: the one its handler names, or the consumers of
 * the queue it travels through.
 */
export const handlerCount: Rule = {
  code: 'handler-count',
  severity: 'error',
  summary: 'A command or query has no handler, or more than one.',
  kinds: ['message'],
  checkDefinition(message, context) {
    const kind = declaredKind(message);
    if (kind !== 'command' && kind !== 'query') return;
    const handlers = new Set<string>();
    const handler = message.spec['handler'];
    for (const name of Array.isArray(handler) ? handler : [handler]) {
      if (typeof name === 'string') handlers.add(name);
    }
    const queueName = message.spec['queue'];
    const queue = typeof queueName === 'string' ? context.lookup('queue', queueName) : undefined;
    const consumers = queue?.spec['consumers'];
    if (Array.isArray(consumers)) {
      for (const name of consumers) if (typeof name === 'string') handlers.add(name);
    }

    if (handlers.size === 0) {
      context.reportDefinition(
        message,
        `${NameOf(message)} is a ${kind} with no handler, so nothing acts on it. ` +
          'Name the service that handles it with handler, or send it through a queue with consumers.',
      );
    } else if (handlers.size > 1) {
      const path =
        message.spec['handler'] === undefined ? message.path : [...message.path, 'handler'];
      context.report({
        file: message.file,
        path,
        at: message.spec['handler'] === undefined ? 'key' : 'value',
        message:
          `${NameOf(message)} is a ${kind} with ${handlers.size} handlers (${quoteList([...handlers])}), ` +
          `but a ${kind} goes to exactly one service. Keep one, or make it an event if every service should receive it.`,
      });
    }
  },
};
