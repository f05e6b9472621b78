// Elements are built with textContent only: every value shown comes from outside (client ids, causes, labels),
// so nothing is ever parsed as HTML.
const SVG_NS = 'http://www.w3.org/2000/svg';

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  return fill(node, attrs, children);
}

export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  return fill(node, attrs, children);
}

function fill(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'class') {
      node.setAttribute('class', value);
    } else if (name.startsWith('on')) {
      node.addEventListener(name.substring(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function $(id) {
  return document.getElementById(id);
}

/** Replaces a table body's rows. */
export function rows(tableId, list) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren(...list);
}

export function ago(iso) {
  if (!iso) {
    return 'never';
  }
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) {
    return seconds + ' s ago';
  }
  if (seconds < 3600) {
    return Math.round(seconds / 60) + ' min ago';
  }
  return new Date(iso).toISOString().replace('T', ' ').substring(0, 19) + ' UTC';
}

export function stateCell(state) {
  return el('td', { class: 'state state-' + String(state).replace(/ /g, '-') }, state);
}

/** Keeps a select's current choice while its options change under it (the list is refreshed every poll). */
export function options(select, values, labelOf) {
  const chosen = select.value;
  const current = Array.from(select.options).map((o) => o.value);
  if (current.length === values.length && current.every((v, i) => v === values[i])) {
    return;
  }
  select.replaceChildren(...values.map((v) => el('option', { value: v }, labelOf ? labelOf(v) : v)));
  if (values.includes(chosen)) {
    select.value = chosen;
  }
}
