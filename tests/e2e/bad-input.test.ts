/**
 * The page words bad input as the engine does: what an alert or the send box's hint shows is
 * exactly `describeError` of the failure, in the page's language (the catalogue of cases and
 * their sentences is tests/integration/bad-input.test.ts).
 */
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import type { ErrorCode, ErrorParams } from '../../src/shared/contract';
import type { Language } from '../../src/shared/errors';
import { describeError } from '../../src/shared/errors';
import { openApp, useBrowser } from './support/fixture';
import { UI_TIMEOUT_MS } from './support/session-tab';

const browser = useBrowser();

/** Waits for an element whose whole text is the sentence, inside something with role alert. */
async function expectAlert(
  page: Page,
  language: Language,
  code: ErrorCode,
  params: ErrorParams = {},
) {
  const sentence = describeError(code, params, language);
  const shown = page.getByText(sentence, { exact: true }).first();
  await shown.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await shown.evaluate((element) => element.closest('[role="alert"]') !== null)).toBe(true);
}

describe.each(['en-US', 'zh-CN'] as const)('bad input in a %s page', (locale) => {
  const language: Language = locale === 'zh-CN' ? 'zh-CN' : 'en';

  it('alerts and the send hint show the engine’s sentence', async () => {
    const { page, tab, labels } = await openApp(browser(), { locale });
    await tab.chooseProtocol('tcp-client');

    await tab.remoteHost.fill('local host');
    await tab.remotePort.fill('80');
    await tab.button(labels.connect).click();
    await expectAlert(page, language, 'INVALID_HOST', {
      value: 'local host',
      field: 'remote host',
    });

    await tab.remoteHost.fill('127.0.0.1');
    await tab.remotePort.fill('abc');
    await tab.button(labels.connect).click();
    await expectAlert(page, language, 'INVALID_PORT', {
      value: 'abc',
      field: 'remote port',
      min: 1,
    });

    await tab.message.fill('hello');
    await tab.sendButton.click();
    await expectAlert(page, language, 'NOT_CONNECTED', { state: 'idle' });

    await tab.chooseEncoding(/^GBK/i);
    await tab.message.fill('ab😀');
    await expectAlert(page, language, 'UNENCODABLE_TEXT', {
      encoding: 'gbk',
      char: '😀',
      position: 3,
    });

    await tab.setHexSend(true);
    await tab.message.fill('48 GG');
    await expectAlert(page, language, 'INVALID_HEX', {
      detail: 'char',
      char: 'G',
      position: 4,
    });
  });
});
