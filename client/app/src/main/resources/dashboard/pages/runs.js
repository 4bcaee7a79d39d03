// Training runs with their verification state (`query runs`), and, on a dashboard started with an
// inspector identity, the one action: request a run's verification with the start's token.
import { api, count, done, element, table } from '../lib.js';

const PAGE = 50;

/** As RunVerifications.label: verdict, else requested, else not requested. */
function state(run) {
  if (run.verdict) return run.verdict.honest ? 'honest' : 'dishonest';
  return run.request ? 'requested' : 'not requested';
}

export async function render(root) {
  root.appendChild(element('h2', {}, 'Runs and their verification'));
  const list = element('div', { id: 'runs-list' });
  root.appendChild(list);
  let bookmark = '';
  const more = element('button', { id: 'runs-more', type: 'button' }, 'More runs');
  const rows = [];
  const load = async () => {
    const page = await api('runs/list', { page_size: PAGE, bookmark });
    rows.push(...(page.runs ?? []));
    bookmark = page.bookmark ?? '';
    list.replaceChildren(table('runs',
      ['run', 'declared', 'owner', 'snapshot sites', 'snapshots', 'chips', 'chip-days', 'verification'],
      rows.map(run => {
        const a = run.view.activity;
        const s = state(run);
        return {
          attrs: { 'data-run-id': a.run_id, 'data-state': s },
          cells: [a.run_id, run.view.run ? 'yes' : 'NO', run.view.run?.owner_org ?? '',
            (a.sites ?? []).join(','), { text: count(a.snapshot_count), cls: 'num' },
            { text: count(a.chip_count), cls: 'num' },
            { text: Number(a.chip_days ?? 0).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }), cls: 'num' },
            { text: s, cls: `state-${s.replace(' ', '-')}` }],
        };
      })));
    more.hidden = bookmark === '';
  };
  more.addEventListener('click', load);
  root.appendChild(more);
  await load();
  if (document.body.dataset.inspector) {
    root.appendChild(actionForm(async () => { rows.length = 0; bookmark = ''; await load(); }));
  }
  done(root);
}

function actionForm(reload) {
  const box = element('div', { id: 'action' });
  box.appendChild(element('h3', {}, `Request verification (as ${document.body.dataset.inspector})`));
  const form = element('form', { id: 'action-form' });
  const token = element('input', { id: 'token', type: 'password', placeholder: 'token printed at start', class: 'wide' });
  const run = element('input', { id: 'action-run', placeholder: 'run id' });
  const reason = element('input', { id: 'action-reason', placeholder: 'reason', class: 'wide' });
  form.append(token, run, reason, element('button', { type: 'submit', id: 'action-submit' }, 'Request'));
  const result = element('p', { id: 'action-result' });
  box.append(form, result);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    result.removeAttribute('data-status');
    const response = await fetch('/api/runs/verification', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token.value.trim()}` },
      body: JSON.stringify({ run_id: run.value.trim(), reason: reason.value.trim() }),
    });
    const body = await response.json();
    result.className = response.ok ? '' : 'error';
    result.textContent = response.ok
      ? `Verification of ${body.run_id} requested by ${body.requested_by_org}.`
      : `${body.code}: ${body.message}`;
    result.dataset.code = response.ok ? 'OK' : body.code;
    if (response.ok) await reload();
    result.dataset.status = String(response.status);
  });
  return box;
}
