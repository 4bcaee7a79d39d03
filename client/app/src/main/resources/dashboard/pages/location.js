// Where the chips are (issue 21): a world map in a plain equirectangular projection (inline SVG, no
// outline data) with each country's region disk, its landmarks and a marker counting its chips
// consistent, unverified and mismatched (`landmark location`), then every mismatched chip of
// `query unaccounted` with the attestations of its decision (`landmark location --serial`).
import { api, count, done, element, enumName, int, table } from '../lib.js';

const W = 720;
const H = 360;
const NS = 'http://www.w3.org/2000/svg';
const x = lon => ((lon + 180) / 360) * W;
const y = lat => ((90 - lat) / 180) * H;
const deg = micro => int(micro) / 1e6;
const km = metres => count(Math.round(int(metres) / 1000));

function svg(tag, attrs = {}, text = '') {
  const e = document.createElementNS(NS, tag);
  Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
  if (text) e.textContent = text;
  return e;
}

export async function render(root) {
  root.appendChild(element('h2', {}, 'Where the chips are'));
  const [summary, landmarks, policy, report] = await Promise.all([
    api('location/summary'), api('location/landmarks'), api('location/regions'),
    api('location/mismatched')]);
  const rows = summary.countries ?? [];
  const regions = policy.location_regions ?? [];
  root.appendChild(map(rows, regions, landmarks.landmarks ?? []));
  root.appendChild(element('p', { class: 'muted' },
    `As of ${summary.as_of}. Disks: each country's region; triangles: landmarks.`));
  const line = r => ({
    attrs: { 'data-country': r.country, 'data-consistent': int(r.consistent),
      'data-unverified': int(r.unverified), 'data-mismatched': int(r.mismatched) },
    cells: [r.country, { text: count(r.consistent), cls: 'num' },
      { text: count(r.unverified), cls: 'num' }, { text: count(r.mismatched), cls: 'num' }],
  });
  root.appendChild(table('location-summary', ['country', 'consistent', 'unverified', 'mismatched'],
    rows.map(line)));
  const mismatched = (report.chips ?? [])
    .filter(c => enumName(c.category, 'UNACCOUNTED_CATEGORY_') === 'location_mismatch');
  root.appendChild(element('h3', {}, `Mismatched chips: ${count(mismatched.length)}`));
  const decisions = await Promise.all(mismatched.map(c => api('location/chip', { serial: c.serial })));
  const attestations = [];
  decisions.forEach(d => (d.attestations ?? []).forEach((a, i) => {
    const b = (d.bounds ?? [])[i] ?? {};
    attestations.push({
      attrs: { 'data-serial': d.serial, 'data-landmark': a.landmark_id,
        'data-verdict': enumName(d.verdict, 'LOCATION_VERDICT_') },
      cells: [d.serial, d.country, a.landmark_id,
        { text: (int(a.round_trip_us) / 1000).toFixed(1), cls: 'num' },
        { text: km(b.radius_m), cls: 'num' }, { text: km(b.region_distance_m), cls: 'num' },
        b.excludes_region ? 'excludes' : b.within_region ? 'within' : 'meets',
        a.measured_at ?? '', d.reason ?? ''],
    });
  }));
  root.appendChild(table('mismatch-attestations', ['serial', 'ledger country', 'landmark',
    'round trip ms', 'bound km', 'to region km', 'region', 'measured at', 'decision'], attestations));
  done(root);
}

/** The map: graticule, region disks, landmarks, and one marker per country that has a region. */
function map(rows, regions, landmarks) {
  const s = svg('svg', { id: 'location-map', viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': 'world map of chips by country and verdict' });
  s.appendChild(svg('rect', { x: 0, y: 0, width: W, height: H, class: 'map-sea' }));
  for (let lon = -150; lon <= 150; lon += 30) {
    s.appendChild(svg('line', { x1: x(lon), y1: 0, x2: x(lon), y2: H, class: 'map-grid' }));
  }
  for (let lat = -60; lat <= 60; lat += 30) {
    s.appendChild(svg('line', { x1: 0, y1: y(lat), x2: W, y2: y(lat),
      class: lat === 0 ? 'map-grid map-equator' : 'map-grid' }));
  }
  regions.forEach(r => {
    const lat = deg(r.latitude_micro);
    const lon = deg(r.longitude_micro);
    // A disk of radius R km spans R / 111.2 degrees of latitude, and that over cos(lat) of longitude.
    const ry = (int(r.radius_km) / 111.2) * (H / 180);
    const rx = ry / Math.max(0.05, Math.cos((lat * Math.PI) / 180));
    s.appendChild(svg('ellipse', { cx: x(lon), cy: y(lat), rx, ry, class: 'map-region',
      'data-country': r.country }));
  });
  landmarks.forEach(l => {
    const cx = x(deg(l.longitude_micro));
    const cy = y(deg(l.latitude_micro));
    const t = svg('polygon', { points: `${cx},${cy - 5} ${cx - 4},${cy + 3} ${cx + 4},${cy + 3}`,
      class: 'map-landmark', 'data-landmark': l.landmark_id });
    t.appendChild(svg('title', {}, `landmark ${l.landmark_id} (${l.country})`));
    s.appendChild(t);
  });
  rows.forEach(r => {
    const region = regions.find(g => g.country === r.country);
    if (!region) return;
    const cx = x(deg(region.longitude_micro));
    const cy = y(deg(region.latitude_micro));
    const state = int(r.mismatched) > 0 ? 'mismatched' : int(r.unverified) > 0 ? 'unverified' : 'consistent';
    const g = svg('g', { class: `map-marker ${state}`, 'data-country': r.country,
      'data-consistent': int(r.consistent), 'data-unverified': int(r.unverified),
      'data-mismatched': int(r.mismatched) });
    g.appendChild(svg('circle', { cx, cy, r: 6 }));
    g.appendChild(svg('text', { x: cx + 9, y: cy + 4 },
      `${r.country} ✓${count(r.consistent)} ?${count(r.unverified)} ✗${count(r.mismatched)}`));
    g.appendChild(svg('title', {}, `${r.country}: ${count(r.consistent)} consistent, `
      + `${count(r.unverified)} unverified, ${count(r.mismatched)} mismatched`));
    s.appendChild(g);
  });
  return s;
}
