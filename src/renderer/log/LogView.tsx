import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslate } from '../i18n/use-translate';
import { useTab } from '../store/context';
import { visibleEntries } from '../store/log';
import { LogRow } from './LogRow';
import { LogTextDecoder } from './log-text-decoder';

const ESTIMATED_ROW_PX = 24;

/**
 * The traffic log: one row per chunk, decoded at render time. Only the rows in view (plus a few)
 * are in the DOM, so tens of thousands of entries scroll as lightly as ten.
 */
export function LogView(props: { tabId: string }) {
  const t = useTranslate();
  const log = useTab(props.tabId, (tab) => tab.log);
  const receive = useTab(props.tabId, (tab) => tab.receive);
  const datagrams = useTab(props.tabId, (tab) => tab.draft.protocol === 'udp');
  const entries = useMemo(() => visibleEntries(log), [log]);
  const decoder = useMemo(
    () => new LogTextDecoder(receive.encoding, datagrams),
    // A new decoder per encoding and per Clear: past entries re-render from their bytes.
    [receive.encoding, datagrams, log.epoch],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    getItemKey: (index) => entries[index]?.id ?? index,
    overscan: 10,
  });

  const paused = log.pausedAtId !== undefined;
  const follow = receive.autoScroll && !paused;
  useEffect(() => {
    if (follow && entries.length > 0) {
      virtualizer.scrollToIndex(entries.length - 1, { align: 'end' });
    }
  }, [follow, entries.length, virtualizer]);

  const showText = !receive.hexDisplay || receive.textWithHex;
  const hidden = log.entries.length - entries.length;

  return (
    <div className="log-frame">
      {paused && (
        <div className="log-banner" role="status">
          {t('pausedBanner', { count: hidden })}
        </div>
      )}
      <div ref={scroller} className="log-scroll" role="log" aria-label={t('traffic')} tabIndex={0}>
        {entries.length === 0 ? (
          <p className="log-empty">{t('emptyLog')}</p>
        ) : (
          <div className="log-rows" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const entry = entries[item.index]!;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="log-item"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <LogRow
                    entry={entry}
                    text={showText ? decoder.textAt(entries, item.index) : ''}
                    view={receive}
                    t={t}
                  />
                </div>
              );
            })}
          </div>
        )}
      </div>
      {log.trimmed && <div className="log-footnote">{t('logTrimmed')}</div>}
    </div>
  );
}
