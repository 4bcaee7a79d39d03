// Navigation: one page per #id, each drawn by pages/<id>.js from the JSON API. The server lists
// the pages.
import { api, element, showError } from './lib.js';

const nav = document.getElementById('nav');
const main = document.getElementById('main');
let pages = [];

async function show() {
  const id = location.hash.slice(1) || pages[0].id;
  nav.querySelectorAll('a').forEach(a => a.classList.toggle('current', a.dataset.page === id));
  const root = element('section', { id: `page-${id}` });
  main.replaceChildren(root);
  try {
    const page = await import(`./pages/${id}.js`);
    await page.render(root);
  } catch (error) {
    showError(root, error);
  }
}

const navigation = await api('pages');
pages = navigation.pages;
pages.forEach(p => {
  const a = element('a', { href: `#${p.id}`, 'data-page': p.id }, p.title);
  nav.appendChild(a);
});
document.getElementById('mode').textContent = navigation.inspector
  ? `inspector actions as ${navigation.inspector}`
  : 'read-only';
document.body.dataset.inspector = navigation.inspector;
window.addEventListener('hashchange', show);
show();
