import type { Contract } from '../contract/model';
import type { Problem } from '../contract/problem';
import { deadLetter } from './dead-letter';
import { duplicateName } from './duplicate-name';
import { encryptionKey } from './encryption-key';
import { handlerCount } from './handler-count';
import { inlineSecret } from './inline-secret';
import { nameCollision } from './name-collision';
import { pathParameters } from './path-parameters';
import { policySettings } from './policy-settings';
import { queryReply } from './query-reply';
import { referenceKind } from './reference-kind';
import { reservedName } from './reserved-name';
import { retryIdempotent } from './retry-idempotent';
import { retryTimeout } from './retry-timeout';
import { RuleMemory, runWithMemory } from './memory';
import { Rule, RuleContext } from './rule';
import { routeConflict } from './route-conflict';
import { routeTarget } from './route-target';
import { selfSubscription } from './self-subscription';
import { unconsumedEvent } from './unconsumed-event';
import { unknownReference } from './unknown-reference';
import { unsupportedRef } from './unsupported-ref';
import { unusedDefinition } from './unused-definition';

export const RULES: readonly Rule[] = [
  unknownReference,
  referenceKind,
  unsupportedRef,
  duplicateName,
  nameCollision,
  reservedName,
  routeConflict,
  pathParameters,
  routeTarget,
  handlerCount,
  queryReply,
  unconsumedEvent,
  selfSubscription,
  retryIdempotent,
  retryTimeout,
  deadLetter,
  encryptionKey,
  policySettings,
  inlineSecret,
  unusedDefinition,
];

/**
 * Runs every rule on a contract. With the memory of the previous analysis of the same contract,
 * definition rules check again only what an edit changed or affected.
 */
export function runRules(contract: Contract, memory = new RuleMemory()): Problem[] {
  const context = new RuleContext(contract);
  runWithMemory(context, RULES, memory);
  return context.problems;
}
