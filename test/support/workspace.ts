/** Temporary workspace folders with contract files on disk, for tests of multi-file contracts. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export class TempWorkspace {
  readonly folder: string;

  constructor(files: Record<string, string>) {
    this.folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-test-')));
    for (const [name, text] of Object.entries(files)) this.write(name, text);
  }

  get uri(): string {
    return pathToFileURL(this.folder).href;
  }

  uriOf(name: string): string {
    return pathToFileURL(path.join(this.folder, name)).href;
  }

  write(name: string, text: string): void {
    const target = path.join(this.folder, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }

  remove(): void {
    fs.rmSync(this.folder, { recursive: true, force: true });
  }
}
