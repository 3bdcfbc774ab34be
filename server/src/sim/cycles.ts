/** Finds message cycles: messages whose receivers send each other on without end. */
import type { PlanMessage } from './plan';

/** Indexes of the messages a receiver of `message` sends on, replies included. */
function successors(messages: readonly PlanMessage[], index: number): readonly number[] {
  const message = messages[index]!;
  return message.reply >= 0 ? [...message.sends, message.reply] : message.sends;
}

/**
 * Returns a cycle of message names reachable from `entry`, such as ['A', 'B', 'A'], or undefined
 * when every chain of sends from the entry ends. Depth first, so the cycle returned is the first
 * one in the order the contract lists sends.
 */
export function findCycle(messages: readonly PlanMessage[], entry: number): string[] | undefined {
  const onPath = new Uint8Array(messages.length);
  const done = new Uint8Array(messages.length);
  const path: number[] = [];
  const visit = (index: number): number[] | undefined => {
    if (onPath[index] === 1) return [...path.slice(path.indexOf(index)), index];
    if (done[index] === 1) return undefined;
    onPath[index] = 1;
    path.push(index);
    for (const next of successors(messages, index)) {
      const cycle = visit(next);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    onPath[index] = 0;
    done[index] = 1;
    return undefined;
  };
  return visit(entry)?.map((index) => messages[index]!.name);
}
