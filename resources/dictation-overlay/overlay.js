// The dictation overlay: a small always-on-top window that never takes focus. It shows "arming"
// until the microphone delivers, then the level meter, the live caption (transcription deltas,
// display only) and the state. Only the cancel button takes the mouse: main keeps the window
// click-through and is told when the pointer is over the button (dictation.overlayHover).
/* global document, window */
'use strict';
const body = document.body;
const stateEl = document.getElementById('state');
const level = document.getElementById('level');
const caption = document.getElementById('caption');
const cancel = document.getElementById('cancel');
const api = window.assistant;

const WORDS = {
  idle: 'Ready',
  arming: 'Arming…',
  listening: 'Listening',
  transcribing: 'Transcribing…',
  inserting: 'Inserting…',
  inserted: 'Inserted',
  copied: 'Copied — press Ctrl+V',
  printed: 'Done',
  unconfirmed: 'Copied — press Ctrl+V',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function render(view) {
  body.dataset.phase = view.phase;
  stateEl.textContent = WORDS[view.phase] || view.phase;
  stateEl.title = view.message || '';
  level.value = view.phase === 'listening' ? view.level : 0;
  caption.textContent = view.caption || (view.phase === 'failed' && view.message ? view.message : '');
}

cancel.addEventListener('click', () => {
  void api.dictation.cancel();
});
cancel.addEventListener('pointerenter', () => void api.dictation.overlayHover({ over: true }));
cancel.addEventListener('pointerleave', () => void api.dictation.overlayHover({ over: false }));
document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape') void api.dictation.cancel();
});

api.dictation.onState(render);
void api.dictation.state().then(render);
