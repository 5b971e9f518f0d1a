/** Operating controls by role, whether the UI renders native elements or ARIA widgets. */
import type { Locator } from 'playwright';

function matches(label: string, wanted: string | RegExp) {
  const text = label.trim();
  return typeof wanted === 'string' ? text === wanted : wanted.test(text);
}

/** Picks an option of a combobox: a native `<select>` or an ARIA combobox with a listbox. */
export async function choose(combobox: Locator, option: string | RegExp): Promise<void> {
  const isNativeSelect = await combobox.evaluate((element) => element.tagName === 'SELECT');
  if (isNativeSelect) {
    const labels = await combobox.locator('option').allTextContents();
    const index = labels.findIndex((label) => matches(label, option));
    if (index < 0) {
      throw new Error(`combobox has no option ${String(option)}; it has: ${labels.join(' | ')}`);
    }
    await combobox.selectOption({ index });
    return;
  }
  await combobox.click();
  await combobox
    .page()
    .getByRole('option', { name: option, exact: typeof option === 'string' })
    .click();
}

/** The label of the option a combobox shows now. */
export async function chosen(combobox: Locator): Promise<string> {
  return combobox.evaluate((element) => {
    if (element instanceof HTMLSelectElement) {
      return element.selectedOptions[0]?.textContent?.trim() ?? '';
    }
    return element.textContent?.trim() ?? (element as HTMLInputElement).value ?? '';
  });
}

export async function setChecked(checkbox: Locator, on: boolean): Promise<void> {
  if (on) await checkbox.check();
  else await checkbox.uncheck();
}
