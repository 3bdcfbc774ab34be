/**
 * The server's view of the contracts it serves: open documents, the files they include (read from
 * disk when they are not open), and the last analysis of each contract.
 */
import { analyzeContract, Analysis } from '../contract/analysis';
import { filePath, FileProvider, resolveIncludes } from '../contract/includes';
import { buildContract, Contract } from '../contract/model';
import { ChunkCache, ContractFile, parseContract } from '../contract/parse';
import { readRegularFile } from '../contract/real-path';
import { decodeFileText } from '../contract/text';
import { RuleMemory } from '../rules/memory';
import { discoverContractFiles } from './discovery';

interface OpenDocument {
  version: number;
  text: string;
  cache: ChunkCache;
  file: ContractFile | undefined;
}

export class ContractWorkspace implements FileProvider {
  private readonly open = new Map<string, OpenDocument>();
  private readonly disk = new Map<string, ContractFile | undefined>();
  /** For each file, the roots of the contracts that include it. */
  private readonly includers = new Map<string, Set<string>>();
  private readonly analyses = new Map<string, Analysis>();
  /** The rule findings of the last analysis of each contract, by root. */
  private readonly ruleMemories = new Map<string, RuleMemory>();
  /** The last contract built for navigation, by root. It is reused while its files are the same objects. */
  private readonly contracts = new Map<string, Contract>();
  private folders: string[] = [];
  /** The contract files found in the workspace folders, until a file is created or deleted. */
  private discovered: string[] | undefined;

  setWorkspaceFolders(folders: string[]): void {
    this.folders = folders;
    this.discovered = undefined;
  }

  openDocument(uri: string, version: number, text: string): void {
    this.open.set(uri, { version, text, cache: new ChunkCache(), file: undefined });
    this.disk.delete(uri);
  }

  updateDocument(uri: string, version: number, text: string): void {
    const document = this.open.get(uri);
    if (document === undefined) return this.openDocument(uri, version, text);
    document.version = version;
    document.text = text;
    document.file = undefined;
  }

  closeDocument(uri: string): void {
    this.open.delete(uri);
    this.analyses.delete(uri);
    this.ruleMemories.delete(uri);
    this.contracts.delete(uri);
  }

  /** A file on disk changed: forget what was read of it. */
  fileChanged(uri: string): void {
    this.disk.delete(uri);
    this.discovered = undefined;
  }

  /** The open documents and the contract files in the workspace folders. */
  contractFiles(): string[] {
    this.discovered ??= discoverContractFiles(this.folders);
    return [...new Set([...this.open.keys(), ...this.discovered])];
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  version(uri: string): number | undefined {
    return this.open.get(uri)?.version;
  }

  openUris(): string[] {
    return [...this.open.keys()];
  }

  /** Returns the parsed file: from the open document when there is one, else from disk. */
  get(uri: string): ContractFile | undefined {
    const document = this.open.get(uri);
    if (document !== undefined) {
      document.file ??= parseContract(uri, document.text, document.cache);
      return document.file;
    }
    if (!this.disk.has(uri)) this.disk.set(uri, readFromDisk(uri));
    return this.disk.get(uri);
  }

  /**
   * The roots of the contracts a file belongs to: the files that include it, directly or not,
   * and the file itself when nothing known includes it.
   */
  rootsOf(uri: string): string[] {
    const roots = new Set<string>();
    const pending = [uri];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const current = pending.pop()!;
      if (seen.has(current)) continue;
      seen.add(current);
      const parents = this.includers.get(current);
      if (parents === undefined || parents.size === 0) roots.add(current);
      else pending.push(...parents);
    }
    // Files that include each other in a cycle have no root above them: the file is its own.
    return roots.size === 0 ? [uri] : [...roots];
  }

  /** Analyses the contract whose root file is `root`, and remembers which files it includes. */
  analyze(root: string): Analysis | undefined {
    const file = this.get(root);
    if (file === undefined) return undefined;
    let memory = this.ruleMemories.get(root);
    if (memory === undefined) this.ruleMemories.set(root, (memory = new RuleMemory()));
    const analysis = analyzeContract(file, this, this.boundaryOf(root), memory);
    this.recordIncludes(root, [
      ...analysis.contract.files.map((each) => each.uri),
      ...analysis.missing,
    ]);
    this.analyses.set(root, analysis);
    return analysis;
  }

  /**
   * Finds the contract files on disk that include the file, directly or not, and records them as
   * its includers, so that a file opened alone is checked with its whole contract. It reads every
   * contract file of the workspace, so it runs when a file opens, not on each edit.
   */
  linkIncludersOnDisk(uri: string): void {
    const file = this.get(uri);
    const own = file === undefined ? [] : resolveIncludes(file, this, this.boundaryOf(uri)).files;
    const included = new Set(own.map((each) => each.uri));
    // A file that this one includes as well forms a cycle with it: neither is the other's root.
    for (const includer of this.includersOnDisk(uri)) {
      if (!included.has(includer)) this.link(includer);
    }
  }

  /**
   * Reads again which files a contract file includes, after it changed on disk. Returns the files
   * it included before and after, whose contracts may have changed.
   */
  relink(root: string): string[] {
    const before = [...this.includers].filter(([, parents]) => parents.has(root));
    this.link(root);
    const after = [...this.includers].filter(([, parents]) => parents.has(root));
    return [...new Set([...before, ...after].map(([uri]) => uri))];
  }

  private link(root: string): void {
    const file = this.get(root);
    if (file === undefined) return this.recordIncludes(root, []);
    const { files, missing } = resolveIncludes(file, this, this.boundaryOf(root));
    this.recordIncludes(root, [...files.map((each) => each.uri), ...missing]);
  }

  /** Remembers the files that the contract of `root` includes, in place of what it included. */
  private recordIncludes(root: string, included: string[]): void {
    for (const parents of this.includers.values()) parents.delete(root);
    // A missing include counts too, so that creating the file checks the contract again.
    for (const uri of included) {
      if (uri === root) continue;
      let parents = this.includers.get(uri);
      if (parents === undefined) this.includers.set(uri, (parents = new Set()));
      parents.add(root);
    }
  }

  /** The last analysis of a contract that contains the file, if any. */
  lastAnalysis(uri: string): Analysis | undefined {
    for (const root of this.rootsOf(uri)) {
      const analysis = this.analyses.get(root);
      if (analysis !== undefined) return analysis;
    }
    return undefined;
  }

  /**
   * The current contracts that contain the file, built from the latest text of every file without
   * running the checks: what navigation and refactoring read.
   */
  contractsContaining(uri: string): Contract[] {
    const contracts: Contract[] = [];
    for (const root of new Set([...this.rootsOf(uri), ...this.includersOnDisk(uri)])) {
      const file = this.get(root);
      if (file === undefined) continue;
      const { files } = resolveIncludes(file, this, this.boundaryOf(root));
      if (files.some((included) => included.uri === uri))
        contracts.push(this.contractOf(root, files));
    }
    return contracts;
  }

  /**
   * The contract files that include the file, directly or not, found by reading every contract
   * file of the workspace: includers that no analysis has seen because they are not open.
   */
  private includersOnDisk(uri: string): string[] {
    const includers: string[] = [];
    for (const candidate of this.contractFiles()) {
      if (candidate === uri) continue;
      const file = this.get(candidate);
      const includes = (file?.data as { includes?: unknown } | undefined)?.includes;
      if (file === undefined || !Array.isArray(includes) || includes.length === 0) continue;
      const { files } = resolveIncludes(file, this, this.boundaryOf(candidate));
      if (files.some((included) => included.uri === uri)) includers.push(candidate);
    }
    return includers;
  }

  private contractOf(root: string, files: ContractFile[]): Contract {
    const last = this.contracts.get(root);
    if (
      last !== undefined &&
      last.files.length === files.length &&
      last.files.every((file, i) => file === files[i])
    ) {
      return last;
    }
    const contract = buildContract(files);
    this.contracts.set(root, contract);
    return contract;
  }

  private boundaryOf(uri: string): string | undefined {
    const location = filePath(uri);
    if (location === undefined) return undefined;
    const folder = this.folders
      .filter((candidate) =>
        location.startsWith(candidate.endsWith('/') ? candidate : candidate + '/'),
      )
      .sort((a, b) => b.length - a.length)[0];
    return folder;
  }
}

function readFromDisk(uri: string): ContractFile | undefined {
  const location = filePath(uri);
  if (location === undefined) return undefined;
  const bytes = readRegularFile(location);
  return bytes === undefined ? undefined : parseContract(uri, decodeFileText(bytes));
}
