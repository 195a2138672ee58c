import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { assistant } from '../bridge';
import { QuickApp } from './QuickApp';
import { QuickStore } from './quick-store';
import './quick.css';

/**
 * The launcher page's composition root. It has no audio engine of its own: voice capture and the
 * spoken answer go through the main window's (the same capture path, pre-roll and tail as
 * push-to-talk, and the same player).
 */
function boot(): void {
  const root = createRoot(document.getElementById('root')!);
  let store: QuickStore;
  try {
    store = new QuickStore(assistant());
  } catch (err) {
    root.render(<p role="alert">{String((err as Error).message)}</p>);
    return;
  }
  root.render(
    <StrictMode>
      <QuickApp store={store} />
    </StrictMode>,
  );
  void store.init().catch((err: unknown) => root.render(<p role="alert">{String(err)}</p>));
}

boot();
