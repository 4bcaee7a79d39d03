// Chips by country and status: the CustodyCounts of `chipledger query counts`, laid out as its table.
import { api, count, done, element, enumName, int, table } from '../lib.js';

export async function render(root) {
  root.appendChild(element('h2', {}, 'Chips by country and status'));
  const counts = await api('custody/counts');
  const rows = counts.counts ?? [];
  const statuses = [...new Set(rows.map(c => enumName(c.status, 'CHIP_STATUS_')))].sort();
  const countries = [...new Set(rows.map(c => c.country))].sort();
  const cell = (country, status) =>
    rows.filter(c => c.country === country && enumName(c.status, 'CHIP_STATUS_') === status)
      .reduce((sum, c) => sum + int(c.count), 0);
  const line = (label, of) => ({
    attrs: { 'data-country': label },
    cls: label === 'all' ? 'total' : '',
    cells: [label, ...statuses.map(s => ({ text: count(of(s)), cls: 'num' })),
      { text: count(statuses.reduce((sum, s) => sum + of(s), 0)), cls: 'num' }],
  });
  const body = countries.map(country => line(country, s => cell(country, s)));
  body.push(line('all', s => countries.reduce((sum, country) => sum + cell(country, s), 0)));
  root.appendChild(table('counts', ['country', ...statuses, 'total'], body));
  root.appendChild(element('p', { id: 'counts-total', 'data-total': int(counts.total) },
    `${count(counts.total)} chips on the ledger.`));
  done(root);
}
