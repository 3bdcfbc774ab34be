import { codegenSuite } from './codegen';
import { diagnosticsSuite } from './diagnostics';
import { editingSuite } from './editing';
import { interopSuite } from './interop';
import { loadSuite } from './load';
import { navigationSuite } from './navigation';
import { renameSuite } from './rename';
import { simulationSuite } from './simulation';

/** The benchmark suites, in the order `npm run bench` runs them. Each prints its own figures. */
export interface BenchSuite {
  name: string;
  title: string;
  run(): Promise<void>;
}

export const suites: BenchSuite[] = [
  diagnosticsSuite,
  editingSuite,
  navigationSuite,
  renameSuite,
  codegenSuite,
  simulationSuite,
  interopSuite,
  loadSuite,
];
