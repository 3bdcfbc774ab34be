/**
 * Starts code-server, VS Code's workbench served to a browser, with the packaged extension
 * installed in a fresh profile. scripts/test-e2e.mjs installs code-server and packages the
 * extension, then passes both paths in the environment.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { waitFor } from './wait';

/** User settings that keep the workbench quiet and away from the network. */
const USER_SETTINGS = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'json.schemaDownload.enable': false,
  'npm.fetchOnlinePackageInfo': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
};

export interface CodeServer {
  /** The workbench's address, such as http://127.0.0.1:41234/. */
  url: string;
  /** The file that collects code-server's output. */
  logFile: string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** code-server's entry script (node_modules/code-server/out/node/entry.js). */
  entry: string;
  /** The .vsix to install before the server starts. */
  vsix: string;
  /** The folder for code-server's log. */
  logFolder: string;
}

/** Reads the paths that scripts/test-e2e.mjs sets, and rejects a run started some other way. */
export function optionsFromEnvironment(logFolder: string): CodeServerOptions {
  const entry = process.env['SWITCHBOARD_CODE_SERVER'];
  const vsix = process.env['SWITCHBOARD_VSIX'];
  if (entry === undefined || vsix === undefined) {
    throw new Error(
      'SWITCHBOARD_CODE_SERVER and SWITCHBOARD_VSIX are not set. Run the end-to-end tests with `npm run test:e2e`.',
    );
  }
  for (const file of [entry, vsix]) {
    if (!fs.existsSync(file)) {
      throw new Error(
        `${file} does not exist. Run the end-to-end tests with \`npm run test:e2e\`.`,
      );
    }
  }
  return { entry, vsix, logFolder };
}

/**
 * Installs the extension into a new profile, then starts code-server on a free port of
 * 127.0.0.1 and waits until its health check at /healthz succeeds.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-code-server-'));
  const userDataDir = path.join(profile, 'user-data');
  const extensionsDir = path.join(profile, 'extensions');
  const config = path.join(profile, 'config.yaml');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir);
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(USER_SETTINGS, null, 2),
  );
  // An empty config file keeps code-server from writing a default one under $HOME/.config.
  fs.writeFileSync(config, '');

  fs.mkdirSync(options.logFolder, { recursive: true });
  const logFile = path.join(options.logFolder, 'code-server.log');
  fs.writeFileSync(logFile, '');
  const profileArgs = [
    '--config',
    config,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];

  await installExtension(options.entry, profileArgs, options.vsix, logFile);

  const port = await findFreePort();
  const child = spawn(
    process.execPath,
    [
      options.entry,
      ...profileArgs,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
    ],
    { env: serverEnvironment(), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  appendOutput(child, logFile);
  const exited = exitDescription(child);

  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitFor(
      `code-server's health check at ${url}healthz (log: ${logFile})`,
      async () => {
        const exit = exited();
        if (exit !== undefined) {
          throw new Error(`code-server ${exit} before it was ready; see ${logFile}`);
        }
        const response = await fetch(new URL('healthz', url));
        return response.ok;
      },
      { timeout: 60_000, interval: 200 },
    );
  } catch (error) {
    await stopProcess(child);
    throw error;
  }

  return {
    url,
    logFile,
    async stop() {
      await stopProcess(child);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function installExtension(
  entry: string,
  profileArgs: string[],
  vsix: string,
  logFile: string,
): Promise<void> {
  const child = spawn(
    process.execPath,
    [entry, ...profileArgs, '--install-extension', vsix, '--force'],
    { env: serverEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  appendOutput(child, logFile);
  const [code] = (await new Promise((resolve) =>
    child.once('exit', (...args) => resolve(args)),
  )) as [number | null, NodeJS.Signals | null];
  if (code !== 0) {
    throw new Error(
      `code-server --install-extension ${vsix} failed (exit code ${code}); see ${logFile}`,
    );
  }
}

/**
 * The environment for code-server. An empty extension gallery turns off VS Code's marketplace,
 * which would otherwise be asked for updates and recommendations.
 */
function serverEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, EXTENSIONS_GALLERY: '{}' };
}

function appendOutput(child: ChildProcess, logFile: string): void {
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
}

/** Returns a function that describes how the process ended, or undefined while it runs. */
function exitDescription(child: ChildProcess): () => string | undefined {
  let description: string | undefined;
  child.once('exit', (code, signal) => {
    description = signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
  });
  return () => description;
}

async function findFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Stops code-server with SIGTERM, then sends SIGKILL to its process group, which also holds the
 * extension hosts and language servers it started, so that none outlives the test run.
 */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) {
    return;
  }
  const group = -child.pid;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    signalGroup(group, 'SIGTERM');
    const timedOut = new Promise((resolve) => setTimeout(resolve, 5_000).unref());
    await Promise.race([exited, timedOut]);
  }
  signalGroup(group, 'SIGKILL');
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(group, signal);
  } catch (error) {
    // ESRCH: every process of the group has already exited.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
      throw error;
    }
  }
}
