import { useCallback, useRef, useState } from 'react';
import { IconButton, Section } from '../app/controls';
import type { MessageKey } from '../i18n/translate';
import { useTranslate } from '../i18n/use-translate';
import { sendOptionsOf } from '../sessions/session-config';
import {
  EXPORT_FILE_NAME,
  downloadJson,
  exportQuickCommands,
  importQuickCommands,
} from '../settings/quick-commands-file';
import type { QuickCommand } from '../store/automation-state';
import { QUICK_SHORTCUTS, newId } from '../store/automation-state';
import { useActions, useAppState, useTab } from '../store/context';
import { HiddenFilePicker } from './HiddenFilePicker';
import { QuickCommandForm } from './QuickCommandForm';
import { SequenceRunner } from './SequenceRunner';
import { useQuickShortcuts } from './use-quick-shortcuts';

type ImportNote =
  { kind: 'ok'; count: number } | { kind: 'error'; key: MessageKey; detail?: string };

/**
 * Named payloads kept across restarts: one click (or Alt+1…9) sends one, import/export as JSON,
 * and the sequence runner sends them in order.
 */
export function QuickCommands(props: { tabId: string }) {
  const { tabId } = props;
  const t = useTranslate();
  const actions = useActions();
  const commands = useAppState((state) => state.quickCommands);
  const sequence = useAppState((state) => state.sequence);
  const message = useTab(tabId, (tab) => tab.message);
  const sendPreferences = useTab(tabId, (tab) => tab.send);
  const receive = useTab(tabId, (tab) => tab.receive);
  const [editing, setEditing] = useState<QuickCommand | undefined>(undefined);
  const [note, setNote] = useState<ImportNote | undefined>(undefined);
  const importer = useRef<HTMLInputElement>(null);

  const send = useCallback(
    (command: QuickCommand) => void actions.sendQuickCommand(tabId, command.id),
    [actions, tabId],
  );
  useQuickShortcuts(commands, send);

  const startAdding = () =>
    setEditing({
      id: newId('quick'),
      name: '',
      data: message,
      options: sendOptionsOf({ send: sendPreferences, receive }),
    });

  const readImport = async (file: File) => {
    const result = importQuickCommands(await file.text());
    if (!result.ok) {
      setNote(
        result.problem === 'json'
          ? { kind: 'error', key: 'quick.badJson', detail: result.detail }
          : { kind: 'error', key: 'quick.badFile' },
      );
      return;
    }
    actions.importQuickCommands(result.commands, result.sequence);
    setNote({ kind: 'ok', count: result.commands.length });
  };

  return (
    <Section title={t('quickCommands')} className="quick-commands">
      {commands.length === 0 && <p className="muted small">{t('quick.empty')}</p>}
      <ul className="quick-list" aria-label={t('quickCommands')}>
        {commands.map((command, i) => {
          const shortcut = i < QUICK_SHORTCUTS ? `Alt+${i + 1}` : undefined;
          return (
            <li key={command.id} className="quick-item">
              <button
                type="button"
                className="quick-send"
                title={`${t('quick.sendHint', { name: command.name })}${shortcut ? ` (${shortcut})` : ''}`}
                aria-keyshortcuts={shortcut}
                onClick={() => send(command)}
              >
                {command.name}
              </button>
              {shortcut && (
                <kbd className="shortcut" aria-hidden="true">
                  {shortcut}
                </kbd>
              )}
              <IconButton
                label={t('quick.edit', { name: command.name })}
                glyph="✎"
                onClick={() => setEditing(command)}
              />
              <IconButton
                label={t('quick.delete', { name: command.name })}
                glyph="✕"
                onClick={() => actions.deleteQuickCommand(command.id)}
              />
            </li>
          );
        })}
      </ul>
      {editing ? (
        <QuickCommandForm
          key={editing.id}
          initial={editing}
          onSave={(command) => {
            actions.saveQuickCommand(command);
            setEditing(undefined);
          }}
          onCancel={() => setEditing(undefined)}
        />
      ) : (
        <div className="form-actions">
          <button type="button" className="text-button" onClick={startAdding}>
            {t('quick.add')}
          </button>
          <button
            type="button"
            className="text-button"
            disabled={commands.length === 0}
            onClick={() => downloadJson(exportQuickCommands(commands, sequence), EXPORT_FILE_NAME)}
          >
            {t('quick.export')}
          </button>
          <button
            type="button"
            className="text-button"
            onClick={() => {
              setNote(undefined);
              importer.current?.click();
            }}
          >
            {t('quick.import')}
          </button>
        </div>
      )}
      <HiddenFilePicker
        ref={importer}
        accept=".json,application/json"
        onPick={(file) => void readImport(file)}
      />
      {note?.kind === 'error' && (
        <p className="inline-error" role="alert">
          {t(note.key, { detail: note.detail ?? '' })}
        </p>
      )}
      {note?.kind === 'ok' && (
        <p className="muted small" role="status">
          {t('quick.imported', { count: note.count })}
        </p>
      )}
      <SequenceRunner tabId={tabId} />
    </Section>
  );
}
