import { useState } from 'react';
import type { AutoReplyRule, MatchKind } from '../../shared/contract';
import { ENCODINGS } from '../../shared/contract';
import { CheckboxField, SelectField, TextField } from '../app/controls';
import { useTranslate } from '../i18n/use-translate';
import type { PayloadLabels } from '../send/PayloadFields';
import { PayloadFields } from '../send/PayloadFields';
import { SaveOrCancel } from '../app/SaveOrCancel';
import { ENCODING_LABELS } from './labels';

export const MATCH_KINDS: readonly MatchKind[] = ['exact', 'contains', 'starts-with', 'regex'];

const REPLY_LABELS: PayloadLabels = {
  data: 'rule.reply',
  dataHint: 'rule.replyHint',
  hex: 'rule.replyHex',
  encoding: 'rule.replyEncoding',
  escapes: 'rule.replyEscapes',
  lineEnding: 'rule.replyLineEnding',
  checksum: 'rule.replyChecksum',
};

/** Adds or edits one auto-reply rule. */
export function AutoReplyRuleForm(props: {
  initial: AutoReplyRule;
  onSave: (rule: AutoReplyRule) => void;
  onCancel: () => void;
}) {
  const t = useTranslate();
  const [rule, setRule] = useState(props.initial);
  const change = (patch: Partial<AutoReplyRule>) => setRule({ ...rule, ...patch });
  const regex = rule.match === 'regex';
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSave({ ...rule, patternFormat: regex ? 'text' : rule.patternFormat });
      }}
    >
      <TextField label={t('rule.name')} value={rule.name} onChange={(name) => change({ name })} />
      <SelectField
        label={t('rule.match')}
        value={rule.match}
        options={MATCH_KINDS.map((kind) => ({ value: kind, label: t(`match.${kind}`) }))}
        onChange={(match) => change({ match })}
      />
      <TextField
        label={t('rule.pattern')}
        value={rule.pattern}
        onChange={(pattern) => change({ pattern })}
      />
      <CheckboxField
        label={t('rule.patternHex')}
        checked={rule.patternFormat === 'hex' && !regex}
        disabled={regex}
        onChange={(hex) => change({ patternFormat: hex ? 'hex' : 'text' })}
      />
      <SelectField
        label={t('rule.encoding')}
        value={rule.encoding}
        options={ENCODINGS.map((e) => ({ value: e, label: ENCODING_LABELS[e] }))}
        onChange={(encoding) => change({ encoding })}
      />
      <PayloadFields
        data={rule.reply}
        options={rule.replyOptions}
        labels={REPLY_LABELS}
        onDataChange={(reply) => change({ reply })}
        onOptionsChange={(replyOptions) => change({ replyOptions })}
      />
      <SaveOrCancel saveLabel={t('rule.save')} onCancel={props.onCancel} />
    </form>
  );
}
