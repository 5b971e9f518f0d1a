import { useState } from 'react';
import type { AutoReplyRule, AutoReplySettings } from '../../shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../shared/contract';
import { describeError } from '../../shared/errors';
import { CheckboxField, IconButton, Section } from '../app/controls';
import { useLanguage, useTranslate } from '../i18n/use-translate';
import { newId } from '../store/automation-state';
import { useActions, useTab } from '../store/context';
import { AutoReplyRuleForm } from './AutoReplyRuleForm';

/**
 * Echo and the rule list (rules match messages as Framing, in the receive settings, cuts them).
 * Every change sends the whole settings to the engine (setAutoReply); a rule the engine refuses
 * (a broken regex) shows why under it.
 */
export function AutoReply(props: { tabId: string }) {
  const { tabId } = props;
  const t = useTranslate();
  const language = useLanguage();
  const actions = useActions();
  const settings = useTab(tabId, (tab) => tab.autoReply);
  const problem = useTab(tabId, (tab) => tab.autoReplyProblem);
  const [editing, setEditing] = useState<AutoReplyRule | undefined>(undefined);
  // Until the engine has the new settings, the section says so (aria-busy).
  const [pending, setPending] = useState(0);
  const set = (next: AutoReplySettings) => {
    setPending((n) => n + 1);
    void actions.setAutoReply(tabId, next).finally(() => setPending((n) => n - 1));
  };
  const nameOf = (rule: AutoReplyRule, i: number) =>
    rule.name.trim() || t('rule.untitled', { n: i + 1 });

  const save = (rule: AutoReplyRule) => {
    const known = settings.rules.some((r) => r.id === rule.id);
    set({
      ...settings,
      rules: known
        ? settings.rules.map((r) => (r.id === rule.id ? rule : r))
        : [...settings.rules, rule],
    });
    setEditing(undefined);
  };

  const startAdding = () =>
    setEditing({
      id: newId('rule'),
      name: '',
      enabled: true,
      match: 'contains',
      pattern: '',
      patternFormat: 'text',
      encoding: 'utf-8',
      reply: '',
      replyOptions: DEFAULT_SEND_OPTIONS,
    });

  return (
    <Section title={t('autoReply')} className="auto-reply" busy={pending > 0}>
      <CheckboxField
        label={t('echo')}
        title={t('echo.hint')}
        checked={settings.echo}
        onChange={(echo) => set({ ...settings, echo })}
      />
      <p className="muted small">{t('rule.framing')}</p>
      {settings.rules.length === 0 && <p className="muted small">{t('rule.empty')}</p>}
      <ul className="rule-list" aria-label={t('autoReply')}>
        {settings.rules.map((rule, i) => {
          const name = nameOf(rule, i);
          return (
            <li key={rule.id} className={`rule ${rule.enabled ? '' : 'disabled'}`}>
              <div className="rule-line">
                <input
                  type="checkbox"
                  checked={rule.enabled}
                  aria-label={t('rule.enable', { name })}
                  title={t('rule.enable', { name })}
                  onChange={(event) =>
                    set({
                      ...settings,
                      rules: settings.rules.map((r) =>
                        r.id === rule.id ? { ...r, enabled: event.target.checked } : r,
                      ),
                    })
                  }
                />
                <span className="rule-name">{name}</span>
                <IconButton
                  label={t('rule.edit', { name })}
                  glyph="✎"
                  onClick={() => setEditing(rule)}
                />
                <IconButton
                  label={t('rule.delete', { name })}
                  glyph="✕"
                  onClick={() =>
                    set({ ...settings, rules: settings.rules.filter((r) => r.id !== rule.id) })
                  }
                />
              </div>
              <div className="rule-summary muted small">
                {t('rule.summary', {
                  match: t(`match.${rule.match}`),
                  pattern: rule.pattern,
                  reply: rule.reply,
                })}
              </div>
              {problem?.ruleId === rule.id && (
                <p className="inline-error" role="alert">
                  {describeError(problem.code, problem.params, language)}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      {editing ? (
        <AutoReplyRuleForm
          key={editing.id}
          initial={editing}
          onSave={save}
          onCancel={() => setEditing(undefined)}
        />
      ) : (
        <div className="form-actions">
          <button type="button" className="text-button" onClick={startAdding}>
            {t('rule.add')}
          </button>
        </div>
      )}
    </Section>
  );
}
