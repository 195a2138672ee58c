// The tray's Quick ask prompt. It uses the same preload bridge as the main window (window.assistant)
// and only one call: app.quickAsk. Escape closes the window (main hides it on blur as well).
/* global document, window */
'use strict';
const form = document.getElementById('form');
const input = document.getElementById('q');
const answer = document.getElementById('answer');

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  answer.className = 'busy';
  answer.textContent = 'Thinking…';
  input.disabled = true;
  try {
    const r = await window.assistant.app.quickAsk({ text });
    answer.className = '';
    answer.textContent = r.answer;
    input.value = '';
  } catch (err) {
    answer.className = 'error';
    answer.textContent = err && err.message ? err.message : String(err);
  } finally {
    input.disabled = false;
    input.focus();
  }
});

document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape') window.close();
});
