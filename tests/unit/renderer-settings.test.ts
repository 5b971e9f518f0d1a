import { describe, expect, it } from 'vitest';
import { en } from '../../src/renderer/i18n/en';
import { languageOf, translator } from '../../src/renderer/i18n/translate';
import { zhCN } from '../../src/renderer/i18n/zh-CN';
import { readSettings, settingsOf } from '../../src/renderer/settings/persisted-settings';
import { initialState } from '../../src/renderer/store/initial-state';
import { reducer } from '../../src/renderer/store/reducer';

describe('persisted settings', () => {
  it('round-trips tabs, language and history through storage', () => {
    // Every draft field a user sets beside the defaults.
    const draft = {
      protocol: 'udp',
      remotePort: '9999',
      broadcast: true,
      multicastGroup: '239.255.255.250',
      multicastInterface: '127.0.0.1',
      autoReconnect: true,
      reconnectMs: 1500,
    } as const;
    let state = initialState(readSettings(undefined), [], 'en');
    state = reducer(state, { type: 'draft-changed', tabId: 'tab-1', patch: draft });
    state = reducer(state, { type: 'receive-changed', tabId: 'tab-1', patch: { encoding: 'gbk' } });
    state = reducer(state, {
      type: 'send-changed',
      tabId: 'tab-1',
      patch: { clearAfterSend: true },
    });
    state = reducer(state, { type: 'language-changed', language: 'zh-CN' });
    state = reducer(state, { type: 'sent', tabId: 'tab-1', message: 'exit' });

    const stored: unknown = JSON.parse(JSON.stringify(settingsOf(state)));
    const restored = initialState(readSettings(stored), [], 'en');

    expect(restored.language).toBe('zh-CN');
    expect(restored.history).toEqual(['exit']);
    expect(restored.tabs[0]!.draft).toMatchObject(draft);
    expect(restored.tabs[0]!.receive.encoding).toBe('gbk');
    expect(restored.tabs[0]!.send.clearAfterSend).toBe(true);
  });

  it('replaces whatever storage held that is not a setting with the defaults', () => {
    const settings = readSettings({
      language: 'fr',
      history: ['ok', 42],
      activeIndex: 7,
      tabs: [
        {
          draft: { protocol: 'sctp', remoteHost: 5, broadcast: 'yes' },
          receive: { encoding: 'ebcdic' },
        },
        'x',
      ],
    });
    expect(settings.language).toBeUndefined();
    expect(settings.history).toEqual(['ok']);
    expect(settings.tabs).toHaveLength(2);
    expect(settings.tabs[0]!.draft.protocol).toBe('tcp-client');
    expect(settings.tabs[0]!.draft.remoteHost).toBe('127.0.0.1');
    expect(settings.tabs[0]!.draft.broadcast).toBe(false);
    expect(readSettings({ tabs: [{ draft: { reconnectMs: 5 } }] }).tabs[0]!.draft.reconnectMs).toBe(
      2000,
    );
    expect(settings.tabs[0]!.receive.encoding).toBe('utf-8');
    expect(settings.activeIndex).toBe(1);
    expect(readSettings('garbage')).toEqual({ history: [], tabs: [], activeIndex: 0 });
  });

  it('keeps the log display settings (merge window, bytes shown) within their ranges', () => {
    const [kept, clamped] = readSettings({
      tabs: [
        { receive: { framing: { mode: 'merge', withinMs: 250 }, maxBytesShown: 4096 } },
        { receive: { framing: { mode: 'merge', withinMs: 0 }, maxBytesShown: 1.5 } },
      ],
    }).tabs;
    expect(kept!.receive).toMatchObject({
      framing: { mode: 'merge', withinMs: 250 },
      maxBytesShown: 4096,
    });
    expect(clamped!.receive).toMatchObject({
      framing: { mode: 'merge', withinMs: 20 },
      maxBytesShown: 1024,
    });
  });

  it('moves a framing saved before it was one receive setting into receive.framing', () => {
    const crlf = { mode: 'delimiter', delimiter: '0D 0A' };
    const tabs = readSettings({
      tabs: [
        // Merge within (ms) of the receive settings: > 0 is merge mode, 0 and nonsense are raw.
        { receive: { mergeMs: 250 } },
        { receive: { mergeMs: 0 } },
        { receive: { mergeMs: -1 } },
        // The auto-reply's framing.
        { autoReply: { rules: [], echo: true, framing: crlf } },
        { autoReply: { rules: [], echo: false, framing: { mode: 'merge', withinMs: 30 } } },
        // Both: a byte framing cuts messages now, so it wins; a merge window beats a raw one.
        { receive: { mergeMs: 100 }, autoReply: { framing: crlf } },
        { receive: { mergeMs: 100 }, autoReply: { framing: { mode: 'raw' } } },
        { receive: { mergeMs: 100 }, autoReply: { framing: { mode: 'merge', withinMs: 30 } } },
        // Saved since: receive.framing is the one.
        {
          receive: { mergeMs: 100, framing: { mode: 'fixed', length: 4 } },
          autoReply: { framing: crlf },
        },
      ],
    }).tabs;
    expect(tabs.map((tab) => tab.receive.framing)).toEqual([
      { mode: 'merge', withinMs: 250 },
      { mode: 'raw' },
      { mode: 'raw' },
      crlf,
      { mode: 'merge', withinMs: 30 },
      crlf,
      { mode: 'merge', withinMs: 100 },
      { mode: 'merge', withinMs: 100 },
      { mode: 'fixed', length: 4 },
    ]);
    expect(tabs[3]!.autoReply).toEqual({ rules: [], echo: true });

    // Saved again, the old places are gone.
    const state = initialState({ history: [], tabs, activeIndex: 0 }, [], 'en');
    const stored = JSON.parse(JSON.stringify(settingsOf(state))) as {
      tabs: { receive: object; autoReply: object }[];
    };
    for (const tab of stored.tabs) {
      expect(tab.receive).not.toHaveProperty('mergeMs');
      expect(tab.autoReply).not.toHaveProperty('framing');
    }
    expect(stored.tabs[0]!.receive).toMatchObject({ framing: { mode: 'merge', withinMs: 250 } });
  });
});

describe('i18n', () => {
  it('has every English key in Chinese, none left empty or untranslated where words are', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const value of Object.values(zhCN)) expect(value.trim()).not.toBe('');
    expect(zhCN.protocol).toBe('协议');
    expect(zhCN['action.connect']).toBe('连接');
  });

  it('fills placeholders and maps any Chinese locale to zh-CN', () => {
    expect(translator('en')('state.listening', { address: '0.0.0.0:8888' })).toBe(
      'Listening on 0.0.0.0:8888',
    );
    expect(translator('zh-CN')('byteCount', { count: 3 })).toBe('3 字节');
    expect(languageOf('zh-Hans-CN')).toBe('zh-CN');
    expect(languageOf(undefined)).toBe('en');
  });
});
