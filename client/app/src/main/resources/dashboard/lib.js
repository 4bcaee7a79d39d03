// Shared by every page: the JSON API, number formats and tables. Numbers are shown exactly as the
// ledger's JSON has them (proto3 JSON omits zeros and writes 64-bit integers as strings).

/** GET /api/<path>?<params>; rejects with {code, number, message} on an error answer. */
export async function api(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ''));
  const response = await fetch(`/api/${path}?${query}`);
  const body = await response.json();
  if (!response.ok) {
    throw body;
  }
  return body;
}

/** The integer of a proto3 JSON field: absent is 0. */
export function int(value) {
  return Number(value ?? 0);
}

/** As the CLI prints counts: 10,000. */
export function count(value) {
  return int(value).toLocaleString('en-US');
}

/** A ChipStatus or category enum name as the CLI prints it: CHIP_STATUS_IN_TRANSIT -> in_transit. */
export function enumName(value, prefix) {
  return String(value ?? '').replace(prefix, '').toLowerCase();
}

/** A table of header cells and rows of {text, cls?, attrs?} or strings. */
export function table(id, headers, rows) {
  const t = document.createElement('table');
  t.id = id;
  const head = t.createTHead().insertRow();
  headers.forEach(h => {
    const th = document.createElement('th');
    th.textContent = h;
    head.appendChild(th);
  });
  const body = t.createTBody();
  rows.forEach(row => {
    const tr = body.insertRow();
    if (row.cls) tr.className = row.cls;
    Object.entries(row.attrs ?? {}).forEach(([k, v]) => tr.setAttribute(k, v));
    (row.cells ?? row).forEach(cell => {
      const td = tr.insertCell();
      const c = typeof cell === 'object' ? cell : { text: cell };
      td.textContent = c.text;
      if (c.cls) td.className = c.cls;
    });
  });
  return t;
}

export function element(tag, attrs = {}, text = '') {
  const e = document.createElement(tag);
  Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
  e.textContent = text;
  return e;
}

/** Shows a ledger error (its stable code and message) in place of the page's data. */
export function showError(root, error) {
  const p = element('p', { class: 'error', 'data-code': error.code ?? 'NETWORK' },
    `${error.code ?? 'error'}: ${error.message ?? error}`);
  root.appendChild(p);
}

/** Marks the page as drawn, for people and for the browser tests. */
export function done(root) {
  root.setAttribute('data-loaded', 'true');
}
