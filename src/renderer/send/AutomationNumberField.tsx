import { TextField } from '../app/controls';
import type { AutomationDraft } from '../store/automation-state';
import { useActions, useTab } from '../store/context';

/**
 * One of a tab's automation numbers (periodic interval and count, a UDP file send's datagram size
 * and delay): kept in the tab's draft as typed, checked where it is used.
 */
export function AutomationNumberField(props: {
  tabId: string;
  field: keyof AutomationDraft;
  label: string;
  valid: boolean;
  disabled: boolean;
  placeholder?: string;
  title?: string;
  describedBy?: string;
}) {
  const { tabId, field } = props;
  const actions = useActions();
  const value = useTab(tabId, (tab) => tab.automation[field]);
  return (
    <TextField
      className="inline short"
      label={props.label}
      value={value}
      placeholder={props.placeholder}
      title={props.title}
      inputMode="numeric"
      invalid={!props.valid}
      disabled={props.disabled}
      describedBy={props.describedBy}
      onChange={(text) => actions.changeAutomation(tabId, { [field]: text })}
    />
  );
}
