/* The search page: Pagefind's index of every page and edition (built by sitegen into pagefind/),
   queried as the reader types. The status line (role="status") announces each result count; without
   this script the page says so and lists every page instead. No inline script: CSP script-src 'self'. */

const form = document.getElementById("search-form");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const text = form.dataset; // the interface strings, translated by the build
const BATCH = 10; // results shown at a time
const WAIT = 300; // ms after the last key press before searching

let engine = null; // Pagefind's module, once loaded
let found = []; // the latest query's results, best first
let groups = []; // for each result, its group of equal matches
let shownCount = 0;
let asked = 0; // numbers each query, so that a slower, older answer never replaces a newer one
let timer = 0;

const fill = (template, values) => template.replace(/\{(\w+)\}/g, (whole, key) => values[key] ?? whole);

/* Results that match about equally, within 10% of the best score of their group, show the newest
   edition first; pages shared by every edition count as the newest edition. */
const EQUAL = 0.9;

function groupsOf(results) {
  let best = 0, group = -1;
  return results.map((result) => {
    if (group < 0 || result.score < best * EQUAL) {
      best = result.score;
      group += 1;
    }
    return group;
  });
}

const editionOf = (data) => data.meta.edition_id || text.newest;

function byRank(a, b) {
  if (a.group !== b.group) return a.group - b.group;
  const x = editionOf(a.data), y = editionOf(b.data);
  return x === y ? a.order - b.order : x < y ? 1 : -1;
}

/* Pagefind's excerpt is text with <mark> around the words found: copy exactly that, nothing else. */
function excerpt(html) {
  const parsed = document.createElement("template");
  parsed.innerHTML = html;
  const paragraph = document.createElement("p");
  paragraph.className = "result-excerpt";
  for (const node of parsed.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(node.textContent);
    }
  }
  return paragraph;
}

function item(data) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.className = "result-title";
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  li.append(link);
  if (data.meta.edition) {
    const edition = document.createElement("p");
    edition.className = "result-edition";
    edition.textContent = data.meta.edition; // the page's own edition bar: "Udgave: 1. kvartal 2025"
    li.append(edition);
  }
  li.append(excerpt(data.excerpt));
  return li;
}

/* The next batch, extended to the end of its last group so that equal matches are ranked together. */
async function showMore(query) {
  let end = Math.min(shownCount + BATCH, found.length);
  while (end < found.length && groups[end] === groups[end - 1]) end++;
  const batch = await Promise.all(
    found.slice(shownCount, end).map(async (result, i) => ({
      group: groups[shownCount + i],
      order: shownCount + i,
      data: await result.data(),
    })),
  );
  if (query !== asked) return null;
  batch.sort(byRank);
  const items = batch.map((entry) => item(entry.data));
  list.append(...items);
  shownCount = end;
  list.hidden = shownCount === 0;
  more.parentElement.hidden = shownCount >= found.length;
  return items[0] || null;
}

function announce(query, count) {
  const template = count === 0 ? text.none : count === 1 ? text.one : text.many;
  status.textContent = fill(template, { q: query, n: count.toLocaleString(document.documentElement.lang) });
}

async function search(raw) {
  const query = ++asked;
  const terms = raw.trim();
  history.replaceState(null, "", terms ? `?q=${encodeURIComponent(terms)}` : location.pathname);
  found = [];
  groups = [];
  shownCount = 0;
  if (!terms) {
    list.replaceChildren();
    list.hidden = true;
    more.parentElement.hidden = true;
    status.textContent = "";
    return;
  }
  try {
    const response = await engine.search(terms);
    if (query !== asked) return;
    found = response.results;
    groups = groupsOf(found);
    list.replaceChildren();
    await showMore(query);
  } catch (error) {
    status.textContent = text.error;
    console.warn("search:", error);
    return;
  }
  if (query === asked) announce(terms, found.length);
}

async function start() {
  try {
    engine = await import(text.pagefind);
    await engine.options({ excerptLength: 24 });
    await engine.init();
  } catch (error) {
    status.textContent = text.error;
    console.warn("search:", error);
    return;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), WAIT);
  });
  let adding = false; // one batch at a time, however often the button is pressed
  more.addEventListener("click", async () => {
    if (adding) return;
    adding = true;
    const first = await showMore(asked).finally(() => { adding = false; });
    if (first) first.querySelector("a").focus(); // the first new result, as the button may now be gone
  });
  const query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    search(query);
  }
}

start();
