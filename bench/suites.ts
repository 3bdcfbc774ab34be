import { diagnosticsSuite } from './diagnostics';
import { navigationSuite } from './navigation';
import { renameSuite } from './rename';

/** The benchmark suites, in the order `npm run bench` runs them. Each prints its own figures. */
export interface BenchSuite {
  name: string;
  title: string;
  run(): Promise<void>;
}

export const suites: BenchSuite[] = [diagnosticsSuite, navigationSuite, renameSuite];
