import { Fragment, type ReactNode } from 'react';
import { isSafeHref, parseMarkdown, type Inline } from '../../../shared/markdown';

/**
 * An answer's Markdown as React elements: the parser yields data and every piece of text becomes
 * a text node, so markup in an answer (`<script>`, `<img onerror>`) is shown, never run. Links are
 * not followed in this window (navigation is locked); their target shows on hover.
 */
function spans(inline: readonly Inline[]): ReactNode {
  return inline.map((s, i) => {
    switch (s.t) {
      case 'code':
        return <code key={i}>{s.text}</code>;
      case 'strong':
        return <strong key={i}>{s.text}</strong>;
      case 'em':
        return <em key={i}>{s.text}</em>;
      case 'link':
        return (
          <span key={i} className="md-link" title={isSafeHref(s.href) ? s.href : undefined}>
            {s.text}
          </span>
        );
      default:
        return <Fragment key={i}>{s.text}</Fragment>;
    }
  });
}

export function Markdown({ source, onCopy }: { source: string; onCopy(text: string): void }) {
  return (
    <div className="md">
      {parseMarkdown(source).map((b, i) => {
        switch (b.type) {
          case 'code':
            return (
              <div key={i} className="md-code">
                <button type="button" className="md-copy" data-testid="code-copy" onClick={() => onCopy(b.text)} aria-label="Copy code">
                  Copy
                </button>
                <pre>
                  <code data-lang={b.lang || undefined}>{b.text}</code>
                </pre>
              </div>
            );
          case 'heading':
            return (
              <p key={i} className={`md-h md-h${b.level}`} role="heading" aria-level={b.level}>
                {spans(b.inline)}
              </p>
            );
          case 'list': {
            const items = b.items.map((it, n) => <li key={n}>{spans(it)}</li>);
            return b.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
          }
          case 'quote':
            return <blockquote key={i}>{spans(b.inline)}</blockquote>;
          default:
            return <p key={i}>{spans(b.inline)}</p>;
        }
      })}
    </div>
  );
}
