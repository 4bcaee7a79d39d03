// One chip by serial: its record, its full custody chain (every page of `query history`) and its
// snapshot head (`query chip-head`).
import { api, done, element, enumName, int, showError, table } from '../lib.js';

export async function render(root) {
  root.appendChild(element('h2', {}, 'Chip search'));
  const form = element('form', { id: 'chip-search' });
  const input = element('input', { id: 'serial', placeholder: 'serial, e.g. TW-H100-000001', class: 'wide' });
  form.append(input, element('button', { type: 'submit', id: 'search' }, 'Show custody chain'));
  const result = element('div', { id: 'chip-result' });
  root.append(form, result);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    result.removeAttribute('data-loaded');
    result.replaceChildren();
    try {
      await show(result, input.value.trim());
    } catch (error) {
      showError(result, error);
    }
    done(result);
  });
  done(root);
}

async function show(root, serial) {
  const chip = await api('chip/record', { serial });
  const versions = [];
  let bookmark = '';
  do {
    const page = await api('chip/history', { serial, bookmark });
    versions.push(...(page.versions ?? []));
    bookmark = page.bookmark ?? '';
  } while (bookmark !== '');
  root.appendChild(element('p', { id: 'chip-summary', 'data-serial': chip.serial, 'data-holder': chip.holder_org,
    'data-chain-length': versions.length },
  `${chip.serial} (${chip.model}) is held by ${chip.holder_org}, ${enumName(chip.status, 'CHIP_STATUS_')}` +
    ` in ${chip.country}${chip.site_id ? ' at ' + chip.site_id : ''}; ${versions.length} recorded versions.`));
  root.appendChild(element('h3', {}, 'Custody chain'));
  root.appendChild(table('history', ['time', 'tx', 'holder', 'status', 'country', 'site', 'transfer'],
    versions.map(v => [v.timestamp, (v.tx_id ?? '').slice(0, 12), v.chip?.holder_org ?? '',
      enumName(v.chip?.status, 'CHIP_STATUS_'), v.chip?.country ?? '', v.chip?.site_id ?? '',
      v.chip?.transfer_id ?? ''])));
  root.appendChild(element('h3', {}, 'Snapshot head'));
  try {
    const head = await api('chip/head', { serial });
    root.appendChild(table('head', ['counter', 'run', 'chip time', 'site', 'batch'],
      [[String(int(head.counter)), head.run_id ?? '', head.chip_time ?? '', head.site_id ?? '',
        String(int(head.batch_seq))]]));
  } catch (error) {
    if (error.code !== 'SNAPSHOT_NOT_FOUND') throw error;
    root.appendChild(element('p', { id: 'head', class: 'muted' }, 'No snapshot committed yet.'));
  }
}
