// sitegen serve's live reload. The preview server sends it at /__sitegen/reload.js and puts it into
// the pages it serves; it is never written to site/. Twice a second it asks the server for the latest
// rebuild: after a successful one it reloads the page where the reader was; while the latest one has
// failed it shows the problems over the page, each with its file and line, until they are fixed.
(() => {
  "use strict";
  const served = document.currentScript.dataset.build; // the rebuild this page was served from
  const PANEL = "sitegen-problems"; // the server's notice has this id too: the overlay replaces it
  const place = "sitegen-scroll " + location.pathname;
  let hidden = ""; // the problems the reader chose to hide (until they change)

  function restoreScroll() {
    const saved = sessionStorage.getItem(place);
    if (saved === null) return;
    sessionStorage.removeItem(place);
    const [x, y] = JSON.parse(saved);
    window.scrollTo(x, y);
    addEventListener("load", () => window.scrollTo(x, y), { once: true }); // after images have their sizes
  }

  function reload() {
    sessionStorage.setItem(place, JSON.stringify([window.scrollX, window.scrollY]));
    location.reload();
  }

  function element(tag, text, style) {
    const made = document.createElement(tag);
    if (text) made.textContent = text; // text, never markup: problems quote the user's input
    Object.assign(made.style, style || {}); // CSSOM, which the site's CSP (no inline style) allows
    return made;
  }

  function item(line) {
    const li = element("li", "", { margin: "0.25em 0" });
    const found = /^([^\s:]+(?::[0-9]+)?): (.*)$/s.exec(line); // path:line: what is wrong
    if (found) {
      const look = { fontWeight: "bold", fontSize: "0.9em", overflowWrap: "anywhere" };
      const where = element("code", found[1], look);
      li.append(where, ": " + found[2]);
    } else {
      li.textContent = line;
    }
    return li;
  }

  function show(problems) {
    const text = problems.join("\n");
    const shown = document.getElementById(PANEL);
    if (shown && shown.dataset.problems === text) return;
    if (text === hidden) {
      hide();
      return;
    }
    const panel = element("section", "", {
      position: "fixed", top: "0", left: "0", right: "0", zIndex: "2147483647", maxHeight: "60vh",
      overflow: "auto", boxSizing: "border-box", padding: "0.75em 1em", background: "#fff", color: "#1a1a1a",
      borderBottom: "0.3em solid #b3261e", boxShadow: "0 0.2em 1em rgba(0, 0, 0, 0.35)",
      font: "1rem/1.45 system-ui, sans-serif", textAlign: "left",
    });
    Object.assign(panel, { id: PANEL, lang: "en" });
    panel.dataset.problems = text;
    panel.setAttribute("role", "alert");
    const title = "sitegen: the last rebuild failed; this is the previous site. Fix these and save:";
    const close = element("button", "Hide", { float: "right", font: "inherit", marginLeft: "1em" });
    close.type = "button";
    close.addEventListener("click", () => { hidden = text; panel.remove(); });
    const list = element("ul", "", { margin: "0.5em 0 0", paddingLeft: "1.25em" });
    list.append(...problems.map(item));
    panel.append(close, element("p", title, { margin: "0", fontWeight: "bold", color: "#b3261e" }), list);
    if (shown) shown.replaceWith(panel);
    else document.body.prepend(panel);
  }

  function hide() {
    const shown = document.getElementById(PANEL);
    if (shown) shown.remove();
  }

  async function poll() {
    try {
      const response = await fetch("/__sitegen/status", { cache: "no-store" });
      const status = await response.json();
      if (status.problems.length) show(status.problems);
      else if (status.build !== served) return reload();
      else hide();
    } catch (error) {
      // the server is stopped or restarting: ask again
    }
    setTimeout(poll, 500);
  }

  restoreScroll();
  poll();
})();
