import type { AutomationAction } from './actions-types';
import type { AppState } from './state';
import { updateTab } from './tab-update';

export function reduceAutomation(state: AppState, action: AutomationAction): AppState {
  switch (action.type) {
    case 'automation-changed':
      return updateTab(state, action.tabId, (tab) => ({
        ...tab,
        automation: { ...tab.automation, ...action.patch },
      }));
    case 'periodic-started':
      return updateTab(state, action.tabId, (tab) =>
        tab.periodic === action.before ? { ...tab, periodic: action.periodic } : tab,
      );
    case 'periodic-stopped':
      return updateTab(state, action.tabId, (tab) =>
        tab.periodic?.running
          ? {
              ...tab,
              periodic: {
                ...tab.periodic,
                running: false,
                end: 'stopped',
                sent: Math.max(tab.periodic.sent, action.sent),
              },
            }
          : tab,
      );
    case 'file-send-started':
      return updateTab(state, action.tabId, (tab) =>
        tab.fileSend === action.before ? { ...tab, fileSend: action.fileSend } : tab,
      );
    case 'auto-reply-changed':
      return updateTab(state, action.tabId, (tab) => ({ ...tab, autoReply: action.settings }));
    case 'auto-reply-problem':
      return updateTab(state, action.tabId, (tab) =>
        tab.autoReplyProblem === action.problem
          ? tab
          : { ...tab, autoReplyProblem: action.problem },
      );
    case 'quick-commands-changed':
      return { ...state, quickCommands: action.commands };
    case 'sequence-changed':
      return { ...state, sequence: action.sequence };
    case 'sequence-progress':
      return updateTab(state, action.tabId, (tab) =>
        tab.sequenceRun === action.run ? tab : { ...tab, sequenceRun: action.run },
      );
  }
}
