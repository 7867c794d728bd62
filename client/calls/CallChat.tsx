import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formatClock } from '../i18n/format.ts';
import { useT } from '../i18n/i18n.ts';
import type { CallChatLine } from './types.ts';

/** The in-call chat: lives as long as the call. */
export function CallChat({ lines, myUserId, onSend, onSeen }: { lines: CallChatLine[]; myUserId: string; onSend(text: string): Promise<void>; onSeen(count: number): void }) {
  const { t, lang } = useT();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
    onSeen(lines.length);
  }, [lines.length, onSeen]);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!text.trim()) return;
    setSending(true);
    try {
      await onSend(text);
      setText('');
    } finally {
      setSending(false);
    }
  };
  return (
    <section className="call-panel" aria-label={t('call.chat')}>
      <h2 className="call-panel__title">{t('call.chat')}</h2>
      <ol className="call-chat" aria-live="polite">
        {lines.length === 0 && <li className="call-chat__empty">{t('call.chatEmpty')}</li>}
        {lines.map((line) => (
          <li key={line.id} className={`call-chat__line${line.authorId === myUserId ? ' call-chat__line--mine' : ''}`} data-testid="call-chat-line">
            <span className="call-chat__author">{line.name}</span>
            <span className="call-chat__time">{formatClock(lang, new Date(line.at).toTimeString().slice(0, 5))}</span>
            <div className="call-chat__text">{line.text}</div>
          </li>
        ))}
        <li ref={end} aria-hidden="true" />
      </ol>
      <form className="call-chat__form" onSubmit={(e) => void submit(e)}>
        <input
          className="call-chat__input"
          value={text}
          maxLength={2000}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('call.chatPlaceholder')}
          aria-label={t('call.chatPlaceholder')}
        />
        <button type="submit" className="button button--primary" disabled={sending || !text.trim()}>
          {t('call.send')}
        </button>
      </form>
    </section>
  );
}
