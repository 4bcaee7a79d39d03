// Chips unaccounted for (`query unaccounted`): per country and category, then every chip.
import { api, count, done, element, enumName, int, table } from '../lib.js';

export async function render(root) {
  root.appendChild(element('h2', {}, 'Unaccounted chips'));
  const form = element('form', { id: 'unaccounted-filter' });
  const country = element('input', { id: 'country', placeholder: 'country (all)', size: '12' });
  const asOf = element('input', { id: 'as-of', placeholder: 'as of (ISO-8601, default now)', size: '28' });
  form.append(country, asOf, element('button', { type: 'submit' }, 'Report'));
  const result = element('div', { id: 'unaccounted-result' });
  root.append(form, result);
  const params = new URLSearchParams(location.search);
  country.value = params.get('country') ?? '';
  asOf.value = params.get('as_of') ?? '';
  const load = async () => {
    result.removeAttribute('data-loaded');
    result.replaceChildren();
    await show(result, country.value.trim(), asOf.value.trim());
    done(result);
  };
  form.addEventListener('submit', event => { event.preventDefault(); load(); });
  await load();
  done(root);
}

async function show(root, country, asOf) {
  const report = await api('unaccounted/report', { country, as_of: asOf });
  const category = c => enumName(c, 'UNACCOUNTED_CATEGORY_');
  const summary = (report.summary ?? []).map(s => ({
    attrs: { 'data-country': s.country, 'data-category': category(s.category) },
    cells: [s.country, category(s.category), { text: count(s.count), cls: 'num' }],
  }));
  summary.push({ cls: 'total', attrs: { 'data-country': 'all' },
    cells: ['all', '', { text: count(report.total), cls: 'num' }] });
  root.appendChild(element('p', { class: 'muted' }, `As of ${report.as_of}.`));
  root.appendChild(table('unaccounted-summary', ['country', 'category', 'chips'], summary));
  root.appendChild(element('h3', {}, `The ${count(report.total)} chips`));
  root.appendChild(table('unaccounted-chips', ['serial', 'category', 'holder', 'country', 'since', 'transfer/reason'],
    (report.chips ?? []).map(c => [c.serial, category(c.category), c.holder_org ?? '', c.country ?? '',
      c.since ?? '', c.transfer_id || c.reason || ''])));
  root.setAttribute('data-total', int(report.total));
  root.setAttribute('data-as-of', report.as_of);
}
