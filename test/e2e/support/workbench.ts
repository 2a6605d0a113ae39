/**
 * A page object for VS Code's workbench in Chromium: what a person does (open a file, type,
 * open the Problems view, hover, quick fix, run a command) and waits on what a person sees.
 * Every wait is on DOM state with a timeout; nothing sleeps.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';

export const RESULTS_DIR = path.resolve(__dirname, '..', '..', '..', 'test-results');
const UI_TIMEOUT = 30_000;

export class Workbench {
  constructor(readonly page: Page) {}

  async waitUntilReady(): Promise<void> {
    await this.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await this.page.waitForSelector('.explorer-folders-view, .explorer-viewlet', { timeout: 90_000 });
  }

  /** Answers the Workspace Trust dialog (it appears on a folder code-server has not seen). */
  async answerTrust(trust: boolean): Promise<void> {
    const name = trust ? 'Yes, I trust the authors' : "No, I don't trust the authors";
    const button = this.page.getByRole('button', { name });
    await button.waitFor({ timeout: UI_TIMEOUT });
    await button.click();
    await this.page.waitForSelector('.monaco-dialog-box', { state: 'detached', timeout: UI_TIMEOUT });
  }

  /** Opens a workspace file through Quick Open, as a person would with Ctrl+P. */
  async openFile(relativePath: string): Promise<void> {
    await this.focusEditorArea();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await input.fill(relativePath);
    const base = path.basename(relativePath);
    const folder = path.dirname(relativePath);
    // Recently opened files rank first, so pick the row of this folder rather than pressing Enter.
    let row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: base });
    if (folder !== '.') row = row.filter({ hasText: folder });
    await row.first().waitFor({ timeout: UI_TIMEOUT });
    await row.first().click();
    await this.page.locator('.tab.active', { hasText: base }).waitFor({ timeout: UI_TIMEOUT });
    await this.activeEditor().locator('.view-lines').waitFor({ timeout: UI_TIMEOUT });
  }

  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Focuses the active editor's text input (clicking could land on a code lens). */
  async focusEditor(): Promise<void> {
    await this.activeEditor().locator('.native-edit-context, textarea.inputarea').first().focus();
  }

  private async focusEditorArea(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /** Moves the cursor with "Go to Line/Column" (1-based, like the status bar). */
  async goTo(line: number, column = 1): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await input.fill(`:${line}:${column}`); // Ctrl+G opens Quick Open with the ':' prefix
    await this.page.keyboard.press('Enter');
    await this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ timeout: UI_TIMEOUT });
  }

  /** Selects `length` characters from (line, column) and types `text` over them. */
  async replaceAt(line: number, column: number, length: number, text: string): Promise<void> {
    await this.goTo(line, column);
    for (let i = 0; i < length; i++) await this.page.keyboard.press('Shift+ArrowRight');
    await this.page.keyboard.type(text);
  }

  /** Squiggles currently drawn in the active editor. */
  squiggles(): Locator {
    return this.activeEditor().locator('.squiggly-error, .squiggly-warning, .squiggly-info');
  }

  /**
   * Waits until IaC Audit's status bar item shows a finished state matching `text`; its spinner
   * means the workspace is still being indexed.
   */
  async waitForStatus(text: RegExp): Promise<string> {
    const item = this.page.locator('.statusbar-item', { has: this.page.locator('.codicon-shield') }).filter({ hasText: text }).first();
    await item.waitFor({ timeout: UI_TIMEOUT });
    return (await item.innerText()).trim();
  }

  // ---------------------------------------------------------------- Problems view

  async openProblems(): Promise<Locator> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
      await panel.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    }
    return panel;
  }

  /** The text of every marker row in the Problems view (file rows excluded). */
  async problemRows(): Promise<string[]> {
    const panel = await this.openProblems();
    const all = await panel.locator('.monaco-list-row').evaluateAll((elements) =>
      elements.map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').replace(/\s+/g, ' ').trim()),
    );
    return all;
  }

  /**
   * Narrows the Problems view with its filter box, as a person would: the view is virtualised,
   * so rows scrolled out of sight are not in the DOM at all.
   */
  async filterProblems(text: string): Promise<Locator> {
    const panel = await this.openProblems();
    const filter = this.page.locator('.panel .viewpane-filter input, .pane-header .viewpane-filter input').first();
    await filter.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await filter.fill(text);
    return panel;
  }

  /** Waits until some Problems row contains every given fragment (filtered by the first). */
  async waitForProblem(...fragments: string[]): Promise<void> {
    const panel = await this.filterProblems(fragments[0]);
    let row = panel.locator('.monaco-list-row');
    for (const fragment of fragments) row = row.filter({ hasText: fragment });
    await row.first().waitFor({ timeout: UI_TIMEOUT });
  }

  /** Waits until no Problems row contains the fragment. */
  async waitForNoProblem(fragment: string): Promise<void> {
    const panel = await this.filterProblems(fragment);
    await panel.locator('.monaco-list-row', { hasText: fragment }).first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  }

  // ---------------------------------------------------------------- commands, hover, quick fix

  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: UI_TIMEOUT });
    await this.page.keyboard.press('Enter');
  }

  /**
   * Shows the hover at (line, column) with the keyboard (Ctrl+K Ctrl+I) and returns its text.
   * A chord typed while the previous hover closes can be swallowed, and a hover can close again
   * when the editor re-renders (new diagnostics, code lenses), so showing and reading it is
   * repeated, up to three times, until a hover containing `expected` has been read.
   */
  async hoverAt(line: number, column: number, expected: string): Promise<string> {
    await this.page.keyboard.press('Escape');
    await this.goTo(line, column);
    const hover = this.page.locator('.monaco-hover:not(.hidden)', { hasText: expected }).first();
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Control+K');
      await this.page.keyboard.press('Control+I');
      try {
        await hover.waitFor({ state: 'visible', timeout: attempt < 3 ? 10_000 : UI_TIMEOUT });
        return (await hover.innerText({ timeout: 5_000 })).trim();
      } catch (error) {
        if (attempt >= 3) throw error;
        await this.goTo(line, column);
      }
    }
  }

  /** Opens the quick-fix menu (Ctrl+.) at (line, column) and picks the action whose label contains `label`. */
  async quickFix(line: number, column: number, label: string): Promise<void> {
    await this.goTo(line, column);
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.filter({ hasText: label }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    // Pick with the keyboard, as the menu is meant to be used (its rows swallow synthetic clicks).
    const labels = await rows.allInnerTexts();
    const index = labels.findIndex((text) => text.includes(label));
    for (let i = 0; i < index; i++) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Enter');
    await rows.first().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  /**
   * Answers the input box whose title or prompt contains `prompt` (e.g. the suppression reason)
   * and waits until that box is gone, so the next step cannot type into the wrong place.
   */
  async answerInput(prompt: string, text: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget', { hasText: prompt });
    await widget.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const input = widget.locator('input');
    await input.fill(text);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget', { hasText: prompt }).waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  async editorText(): Promise<string> {
    return (await this.activeEditor().locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}
