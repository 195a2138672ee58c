import { useState } from 'react';
import { useServices } from '../state/context';

/** Typed input: the fallback when speaking is not possible or not wanted. */
export function Composer({ disabled }: { disabled: boolean }) {
  const { store } = useServices();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const send = async () => {
    const t = text.trim();
    if (!t || sending) return;
    setSending(true);
    const ok = await store.run('Sending', () => store.api.session.sendText({ text: t }));
    setSending(false);
    if (ok) setText('');
  };
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label htmlFor="composer-input" className="sr-only">
        Type a message
      </label>
      <input
        id="composer-input"
        data-testid="text-input"
        type="text"
        value={text}
        maxLength={8000}
        placeholder="Type a message…"
        autoComplete="off"
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" data-testid="send-text" disabled={disabled || sending || !text.trim()}>
        Send
      </button>
    </form>
  );
}
