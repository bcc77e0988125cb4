// How the person in the walk operates the page: with the pointer, or with the keyboard alone
// (Tab to reach a control, then type, Enter or Space), so the same steps prove both.

const MAX_TABS = 250;

/** Returns whether the focused element is the one `locator` points at. */
function isFocused(locator) {
  return locator.evaluate((element) => element === document.activeElement);
}

export class Actor {
  /** `mode` is `pointer` or `keyboard`. */
  constructor(page, mode) {
    this.page = page;
    this.mode = mode;
  }

  /** Moves the focus to `locator` with Tab, failing if the control cannot be reached. */
  async tabTo(locator) {
    await locator.waitFor({ state: 'visible' });
    for (let presses = 0; presses < MAX_TABS; presses += 1) {
      if (await isFocused(locator)) {
        return;
      }
      await this.page.keyboard.press('Tab');
    }
    const html = await locator.evaluate((element) => element.outerHTML.slice(0, 200));
    throw new Error(`Tab never reached ${html} within ${MAX_TABS} presses`);
  }

  /**
   * Follows a link or presses a button. Unless `navigates` is false (a download, say), waits
   * until the next page has loaded.
   */
  async activate(locator, { navigates = true } = {}) {
    const loaded = navigates ? this.page.waitForEvent('load') : Promise.resolve();
    if (this.mode === 'pointer') {
      await locator.click();
    } else {
      await this.tabTo(locator);
      const tag = await locator.evaluate((element) => element.tagName);
      await this.page.keyboard.press(tag === 'BUTTON' ? 'Space' : 'Enter');
    }
    await loaded;
  }

  /** Types `text` into a text field. */
  async fill(locator, text) {
    if (this.mode === 'pointer') {
      await locator.fill(text);
      return;
    }
    await this.tabTo(locator);
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.insertText(text);
  }

  /** Chooses `value` in a select element. */
  async select(locator, value) {
    if (this.mode === 'pointer') {
      await locator.selectOption(value);
      return;
    }
    await this.tabTo(locator);
    for (let presses = 0; presses < 100; presses += 1) {
      if ((await locator.inputValue()) === value) {
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`the arrow keys never selected ${value}`);
  }

  /** Checks a checkbox or radio button. */
  async check(locator) {
    if (this.mode === 'pointer') {
      await locator.check();
      return;
    }
    await this.tabTo(locator);
    await this.page.keyboard.press('Space');
  }

  /**
   * Attaches `file` ({ name, mimeType, buffer }) to a file input. By keyboard, Space or Enter
   * on the focused input opens the file chooser; a chooser that does not open within five
   * seconds is asked for again, with the other key.
   */
  async attach(locator, file) {
    if (this.mode === 'pointer') {
      await locator.setInputFiles(file);
      return;
    }
    await this.tabTo(locator);
    for (const key of ['Space', 'Enter', 'Space']) {
      const chooser = this.page.waitForEvent('filechooser', { timeout: 5000 }).catch(() => null);
      await this.page.keyboard.press(key);
      const opened = await chooser;
      if (opened) {
        await opened.setFiles(file);
        return;
      }
      await this.tabTo(locator);
    }
    throw new Error(`no file chooser opened from ${await locator.getAttribute('id')}`);
  }
}
