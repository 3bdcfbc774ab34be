/**
 * Drives VS Code's workbench in Debian's Chromium through playwright-core: Quick Open, the
 * Command Palette, the editor, the Problems and Output panels and the status bar, with a numbered
 * screenshot for each step.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserContext, chromium, FrameLocator, Locator, Page } from 'playwright-core';
import { waitFor, WaitOptions } from './wait';

const CHROMIUM = process.env['SWITCHBOARD_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Chromium's switches. Without the networking ones Chromium keeps connecting to Google's
 * services, and the host resolver rule makes every name but 127.0.0.1 fail to resolve.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** A token of the rendered editor: its text and its colour class (`mtk1` is plain text). */
export interface RenderedToken {
  text: string;
  colourClass: string;
}

export class Workbench {
  /** Requests to hosts other than 127.0.0.1 that the browser tried and that were aborted. */
  readonly blockedRequests: string[] = [];
  private screenshotCount = 0;

  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly browserProfile: string,
    private readonly screenshotFolder: string,
  ) {}

  /** Starts Chromium with a new profile and opens `folder` in the workbench at `serverUrl`. */
  static async open(
    serverUrl: string,
    folder: string,
    screenshotFolder: string,
  ): Promise<Workbench> {
    const browserProfile = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-chromium-'));
    const context = await chromium.launchPersistentContext(browserProfile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const workbench = new Workbench(page, context, browserProfile, screenshotFolder);
    await context.route(
      (url) => url.protocol.startsWith('http') && url.hostname !== '127.0.0.1',
      async (route) => {
        workbench.blockedRequests.push(route.request().url());
        await route.abort('blockedbyclient');
      },
    );
    fs.mkdirSync(screenshotFolder, { recursive: true });

    const address = new URL(serverUrl);
    address.searchParams.set('folder', folder);
    await page.goto(address.href);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    return workbench;
  }

  async close(): Promise<void> {
    await this.context.close();
    fs.rmSync(this.browserProfile, { recursive: true, force: true });
  }

  /** Saves a screenshot as NN-name.png, numbered in the order taken, and returns its path. */
  async screenshot(name: string): Promise<string> {
    this.screenshotCount += 1;
    const file = path.join(
      this.screenshotFolder,
      `${String(this.screenshotCount).padStart(2, '0')}-${name}.png`,
    );
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Opens a file of the workspace through Quick Open and waits until its editor has focus. */
  async quickOpen(relativePath: string): Promise<void> {
    const fileName = path.basename(relativePath);
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput();
    await input.waitFor();
    await this.page.keyboard.type(relativePath);
    await this.quickInputRow(fileName).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page
      .locator('.tabs-container .tab.active .label-name', { hasText: fileName })
      .waitFor();
    await this.activeEditor().locator('textarea').waitFor();
    await this.waitForEditorFocus();
  }

  /** Moves the keyboard focus back to the active editor, from a panel for example. */
  async focusEditor(): Promise<void> {
    await this.page.keyboard.press('Control+1');
    await this.waitForEditorFocus();
  }

  /**
   * Runs a command from the Command Palette by its full title, such as "View: Toggle Problems". The
   * palette can rank a fuzzy match above the exact one, so the arrow keys move the selection to
   * the row with that title, and Enter runs it. A click on the row can land while the list
   * re-renders, and then runs nothing.
   */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInput().waitFor();
    await this.page.keyboard.type(title);
    const rows = this.quickInput().locator('.monaco-list-row');
    await this.waitFor(`the Command Palette to select '${title}'`, async () => {
      const focused = await rows.locator('.label-name').evaluateAll((labels) =>
        labels.map((label) => ({
          text: (label as HTMLElement).innerText,
          focused: label.closest('.monaco-list-row')?.classList.contains('focused') ?? false,
        })),
      );
      if (focused.some((label) => label.focused && label.text === title)) {
        return true;
      }
      if (focused.some((label) => label.text === title)) {
        await this.page.keyboard.press('ArrowDown');
      }
      return false;
    });
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden' });
  }

  /** Moves the cursor of the active editor to the start of a line, counted from 1. */
  async goToLine(line: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.quickInput().waitFor();
    await this.page.keyboard.type(`${line}:1`);
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden' });
  }

  /** Types into the focused editor key by key, as a person would. */
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }

  /** Returns the text of the language indicator in the status bar, such as "YAML". */
  async statusBarLanguage(): Promise<string> {
    const item = this.page.locator('[id="status.editor.mode"]');
    await item.waitFor();
    return (await item.innerText()).trim();
  }

  /** Returns the tokens of each line that the active editor renders, in screen order. */
  async renderedLines(): Promise<RenderedToken[][]> {
    return this.activeEditor()
      .locator('.view-lines')
      .evaluate((viewLines) => {
        const lines = Array.from(viewLines.querySelectorAll<HTMLElement>('.view-line'));
        lines.sort((a, b) => a.offsetTop - b.offsetTop);
        return lines.map((line) =>
          Array.from(line.querySelectorAll<HTMLElement>('span[class*="mtk"]')).map((span) => ({
            text: (span.textContent ?? '').replace(/\u00a0/g, ' '),
            colourClass: Array.from(span.classList).find((name) => /^mtk\d+$/.test(name)) ?? '',
          })),
        );
      });
  }

  /** Counts the error squiggles that the active editor renders. */
  async errorSquiggleCount(): Promise<number> {
    return this.activeEditor().locator('.squiggly-error').count();
  }

  /**
   * Opens the Problems panel, if it is closed, and returns the text of each of its rows. Opening
   * the panel moves the focus to it, so the focus goes back to the editor afterwards, where typing
   * and editor commands expect it.
   */
  async problems(): Promise<string[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.runCommand('View: Toggle Problems');
      await panel.waitFor();
      await this.focusEditor();
    }
    return panel.locator('.monaco-list-row').allInnerTexts();
  }

  /** Returns the lines that the Output panel shows for the channel selected in it. */
  async outputText(): Promise<string> {
    const lines = this.page.locator('.output-view .monaco-editor .view-lines');
    await lines.waitFor();
    return lines.evaluate((element) => {
      const rendered = Array.from(element.querySelectorAll<HTMLElement>('.view-line'));
      rendered.sort((a, b) => a.offsetTop - b.offsetTop);
      // Monaco renders spaces as no-break spaces.
      return rendered.map((line) => line.innerText.replace(/\u00a0/g, ' ')).join('\n');
    });
  }

  /** Moves the cursor of the active editor to a line and column, both counted from 1. */
  async goToPosition(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.quickInput().waitFor();
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden' });
  }

  /**
   * Returns the labels of the suggestion widget's rows, opening the widget with "Trigger Suggest"
   * when typing has not opened it already.
   */
  async suggestions(): Promise<string[]> {
    const widget = this.page.locator('.editor-widget.suggest-widget.visible');
    if (!(await widget.isVisible())) await this.runCommand('Trigger Suggest');
    const rows = widget.locator('.monaco-list-row .label-name');
    return this.waitFor('the suggestion widget to list items', async () => {
      const labels = await rows.allInnerTexts();
      return labels.length > 0 ? labels : undefined;
    });
  }

  /**
   * Selects the suggestion whose label is `label` with the arrow keys and accepts it with Enter,
   * as with the Command Palette a click can land while the list re-renders.
   */
  async acceptSuggestion(label: string): Promise<void> {
    const widget = this.page.locator('.editor-widget.suggest-widget.visible');
    await this.waitFor(`the suggestion '${label}' to be selected`, async () => {
      const focused = await widget.locator('.monaco-list-row.focused .label-name').allInnerTexts();
      if (focused.includes(label)) return true;
      await this.page.keyboard.press('ArrowDown');
      return false;
    });
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
  }

  /** Shows the hover at the cursor with the keyboard and returns its text. */
  async hoverText(): Promise<string> {
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    const hover = this.page.locator('.monaco-hover:not(.hidden) .hover-contents');
    return this.waitFor('the hover to show', async () => {
      const texts = await hover.allInnerTexts();
      const text = texts.join('\n').trim();
      return text === '' ? undefined : text;
    });
  }

  /** Opens the Quick Fix menu at the cursor and runs the action whose title matches `title`. */
  async applyQuickFix(title: RegExp): Promise<string> {
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    const chosen = await this.waitFor(`a quick fix matching ${title}`, async () => {
      const titles = await rows.allInnerTexts();
      return titles.map((text) => text.trim()).find((text) => title.test(text));
    });
    await this.waitFor(`the quick fix '${chosen}' to be selected`, async () => {
      const focused = await this.page
        .locator('.action-widget .monaco-list-row.action.focused')
        .allInnerTexts();
      if (focused.some((text) => text.trim() === chosen)) return true;
      await this.page.keyboard.press('ArrowDown');
      return false;
    });
    await this.page.keyboard.press('Enter');
    return chosen;
  }

  /**
   * Returns the text of one line of the active editor, counted from 1, or undefined when the line
   * is not on screen. Each rendered line is matched to its number in the gutter by its position.
   */
  async lineText(line: number): Promise<string | undefined> {
    return this.activeEditor().evaluate((editor, wanted) => {
      const numbers = Array.from(editor.querySelectorAll<HTMLElement>('.line-numbers'));
      const number = numbers.find((element) => element.innerText.trim() === String(wanted));
      const top = number?.closest<HTMLElement>('[style*="top"]')?.style.top;
      if (top === undefined) return undefined;
      const rendered = Array.from(editor.querySelectorAll<HTMLElement>('.view-line'));
      const match = rendered.find((element) => element.style.top === top);
      return match?.innerText.replace(/\u00a0/g, ' ');
    }, line);
  }

  /**
   * Returns the page inside the active webview panel. VS Code nests it in two frames: the webview
   * host, then the frame that contains the extension's HTML.
   */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
  }

  /** Returns the labels of the open editor tabs. */
  async tabLabels(): Promise<string[]> {
    return this.page.locator('.tabs-container .tab .label-name').allInnerTexts();
  }

  /** Polls `check` like waitFor(), and saves a screenshot named after `description` on timeout. */
  async waitFor<T>(
    description: string,
    check: () => Promise<T | undefined | false>,
    options?: WaitOptions,
  ): Promise<T> {
    try {
      return await waitFor(description, check, options);
    } catch (error) {
      await this.screenshot(`timeout-${description.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`);
      throw error;
    }
  }

  private async waitForEditorFocus(): Promise<void> {
    await waitFor('an editor to have the keyboard focus', () =>
      this.page.evaluate(() => document.activeElement?.closest('.monaco-editor') != null),
    );
  }

  private activeEditor(): Locator {
    return this.page
      .locator('.editor-group-container.active .editor-instance .monaco-editor')
      .first();
  }

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private quickInputRow(text: string): Locator {
    return this.quickInput().locator('.monaco-list-row', { hasText: text });
  }
}
