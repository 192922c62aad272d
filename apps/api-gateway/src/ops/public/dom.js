// DOM helpers for the console's panels.

export const $ = (id) => document.getElementById(id);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}

export const cell = (value) => el('td', { class: String(value ?? '') }, value ?? '–');
export const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '');
