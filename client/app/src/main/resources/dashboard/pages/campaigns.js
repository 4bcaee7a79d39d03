// Inspection campaigns: an owner's campaigns (`inspect campaigns --owner`), then one campaign's
// sample, findings with their flags, and its flagged runs' verification request and verdict
// (`inspect campaign ID`).
import { api, count, done, element, enumName, int, showError, table } from '../lib.js';

/** As runs.js: verdict, else requested, else not requested. */
function state(run) {
  if (run.verdict) return run.verdict.honest ? 'honest' : 'dishonest';
  return run.request ? 'requested' : 'not requested';
}

const yes = value => (value ? 'yes' : 'no');

export async function render(root) {
  root.appendChild(element('h2', {}, 'Inspection campaigns'));
  const form = element('form', { id: 'campaigns-owner' });
  const owner = element('select', { id: 'owner' });
  const orgs = (await api('campaigns/orgs')).organizations ?? [];
  orgs.filter(o => (o.roles ?? []).includes('ROLE_DATACENTER'))
    .forEach(o => owner.appendChild(element('option', { value: o.org_id }, `${o.org_id} (${o.name})`)));
  form.append(owner, element('button', { type: 'submit', id: 'campaigns-show' }, 'Show campaigns'));
  const list = element('div', { id: 'campaigns-list' });
  const detail = element('div', { id: 'campaign-detail' });
  root.append(form, list, detail);
  const load = async () => {
    list.removeAttribute('data-loaded');
    list.replaceChildren();
    detail.replaceChildren();
    try {
      await showList(list, detail, owner.value);
    } catch (error) {
      showError(list, error);
    }
    done(list);
  };
  form.addEventListener('submit', event => { event.preventDefault(); load(); });
  if (owner.value) await load();
  done(root);
}

async function showList(root, detail, owner) {
  const campaigns = (await api('campaigns/list', { owner })).campaigns ?? [];
  root.setAttribute('data-owner', owner);
  if (campaigns.length === 0) {
    root.appendChild(element('p', { class: 'muted' }, `No campaigns for ${owner}.`));
    return;
  }
  const t = table('campaigns',
    ['campaign', 'period', 'state', 'C', 's', 'findings', 'flags'],
    campaigns.map(c => ({
      attrs: { 'data-campaign-id': c.campaign_id },
      cells: [c.campaign_id, c.period, enumName(c.state, 'CAMPAIGN_STATE_'),
        { text: count(c.planned_population), cls: 'num' }, { text: count(c.sample_size), cls: 'num' },
        { text: count(c.findings_recorded), cls: 'num' }, { text: count(c.flags_raised), cls: 'num' }],
    })));
  t.querySelectorAll('tbody tr').forEach(tr => {
    tr.classList.add('pick');
    tr.addEventListener('click', () => select(detail, tr.dataset.campaignId));
  });
  root.appendChild(t);
}

async function select(root, id) {
  root.removeAttribute('data-loaded');
  root.replaceChildren();
  try {
    await showCampaign(root, id);
  } catch (error) {
    showError(root, error);
  }
  done(root);
}

async function showCampaign(root, id) {
  const view = await api('campaigns/view', { id });
  const c = view.campaign;
  const findings = new Map((view.findings ?? []).map(f => [f.serial, f]));
  root.setAttribute('data-campaign-id', c.campaign_id);
  root.setAttribute('data-state', enumName(c.state, 'CAMPAIGN_STATE_'));
  root.appendChild(element('h3', {}, `Campaign ${c.campaign_id}`));
  root.appendChild(element('p', { id: 'campaign-summary' },
    `Owner ${c.owner_org}, period ${c.period}, inspector ${c.inspector_org}: ` +
    `${enumName(c.state, 'CAMPAIGN_STATE_')}; C = ${count(c.planned_population)} when opened, ` +
    `s = ${count(c.sample_size)}` +
    (c.sampled_serials ? `; drawn from ${count(c.drawn_population)} chips` : '; not drawn yet') + '.'));
  root.appendChild(element('h3', {}, 'Sample and findings'));
  root.appendChild(table('campaign-sample',
    ['#', 'serial', 'finding', 'serial matches', 'tamper', 'log records', 'committed', 'pending',
      'hidden', 'mismatched', 'flags'],
    (c.sampled_serials ?? []).map((serial, i) => {
      const f = findings.get(serial);
      const finding = !f ? 'not inspected' : f.owner_refused ? 'refused' : f.found ? 'found' : 'not found';
      const log = f?.log?.checked ? f.log : null;
      const flags = (f?.flags ?? []).map(x => enumName(x.reason, 'FLAG_REASON_'));
      return {
        attrs: { 'data-serial': serial, 'data-finding': finding, 'data-flags': flags.join(',') },
        cells: [String(i + 1), serial, finding, f?.found ? yes(f.serial_matches) : '',
          f?.found ? (f.tamper_evident ? 'evident' : 'none') : '',
          log ? String(int(log.records)) : '', log ? String(int(log.committed)) : '',
          log ? String(int(log.pending)) : '', log ? String(int(log.hidden)) : '',
          log ? String(int(log.mismatched)) : '', flags.join(', ')],
      };
    })));
  const flags = (view.findings ?? []).flatMap(f => f.flags ?? []);
  root.appendChild(element('h3', {}, `Flags (${flags.length})`));
  root.appendChild(table('campaign-flags', ['chip', 'flag', 'run', 'detail'],
    flags.map(x => [x.serial, enumName(x.reason, 'FLAG_REASON_'), x.run_id ?? '', x.detail ?? ''])));
  root.appendChild(element('h3', {}, 'Flagged runs'));
  root.appendChild(table('campaign-runs',
    ['run', 'requested by', 'request', 'verification', 'failed checks'],
    (view.runs ?? []).map(run => {
      const s = state(run);
      return {
        attrs: { 'data-run-id': run.run_id, 'data-state': s },
        cells: [run.run_id, run.request?.requested_by_org ?? '', run.request?.reason ?? '',
          { text: s, cls: `state-${s.replace(' ', '-')}` },
          (run.verdict?.failed_checks ?? []).join(',')],
      };
    })));
}
