// Preloaded (--import) into the electronegativity scan (scripts/electronegativity.mjs): its i18n
// module asks GitHub for fresher translations with `got` on every run. There is no network in CI,
// and on Node 24 got's retry after its 1 s timeout can crash the scan ("The `onCancel` handler was
// attached after the promise settled"), so `got` fails at once and the bundled en-US texts are used,
// as the tool itself does when the request fails.
import Module from 'node:module';

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'got') {
    const offline = () => Promise.reject(new Error('offline: electronegativity runs without network here'));
    return Object.assign(offline, { default: offline });
  }
  return load.call(this, request, parent, isMain);
};
