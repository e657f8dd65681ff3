/* Docs site: progressive enhancements only.  Every page works without this file.
 *  - a copy button on each code block (button.js-btn-copy, data-clipboard-text)
 *  - the sidebar becomes a menu behind a button on narrow screens (closed by CSS under html.js)
 *  - the Mac / Windows / Linux picker on pages with platform-specific content
 *  - the pickers (<details>) close on Escape and on a click elsewhere
 *  - on the 404 page: the same path in the versions that have it, or the nearest page
 *  - product landing pages: the video player loads when its link is clicked
 *  - learning tracks: an article opened with ?learn=<track> shows its place in the track and
 *    the previous / next guides (#learning-track-nav, data in #learning-track-data)
 *  - the search box (hidden without this file): results from this language and version
 */
(function () {
  "use strict";

  var root = document.documentElement;
  if (root.className.indexOf("js") === -1) root.className += " js";

  // UI strings of the page's language (data-ui-* on <body>, from the shell)
  function ui(name, fallback) {
    return (document.body && document.body.getAttribute("data-ui-" + name)) || fallback;
  }

  function addCopyButtons() {
    var blocks = document.querySelectorAll(".markdown-body pre");
    Array.prototype.forEach.call(blocks, function (pre) {
      var code = pre.querySelector("code") || pre;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "js-btn-copy";
      button.setAttribute("data-clipboard-text", code.textContent);
      button.setAttribute("aria-label", ui("copy-label", "Copy code to clipboard"));
      button.textContent = ui("copy", "Copy");
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-clipboard-text");
        copyText(text).then(function () {
          window.__lastCopied = text; // read back by the browser tests
          button.textContent = ui("copied", "Copied");
          setTimeout(function () { button.textContent = ui("copy", "Copy"); }, 1500);
        });
      });
      pre.appendChild(button);
    });
  }

  // navigator.clipboard needs a secure context; elsewhere a hidden textarea and execCommand
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  function closablePickers() {
    var pickers = document.querySelectorAll("details.picker");
    function closeAll(except) {
      Array.prototype.forEach.call(pickers, function (d) {
        if (d !== except) d.removeAttribute("open");
      });
    }
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      var open = document.querySelector("details.picker[open]");
      if (!open) return;
      closeAll(null);
      open.querySelector("summary").focus();
    });
    document.addEventListener("click", function (e) {
      var inside = e.target.closest ? e.target.closest("details.picker") : null;
      closeAll(inside);
    });
  }

  // The 404 page: which versions have this path?  /<lang>/page-index.json lists every page
  // path of the language with the versions it exists in (builder.shell.Shell.page_index_json).
  function notFoundElsewhere() {
    var box = document.getElementById("not-found-elsewhere");
    if (!box || !window.fetch) return;
    var parts = location.pathname.split("/").filter(Boolean);
    var languages = (box.getAttribute("data-languages") || "").split(" ");
    var lang = box.getAttribute("data-lang");
    if (parts.length && languages.indexOf(parts[0]) !== -1) lang = parts.shift();
    var index = box.getAttribute("data-index").replace(/^\/[^/]+\//, "/" + lang + "/");
    fetch(index).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (data) showElsewhere(box, data, lang, parts);
    }).catch(function () {});
  }

  function showElsewhere(box, data, lang, parts) {
    var current = versionIndex(data, "");
    if (parts.length && (parts[0].indexOf("@") !== -1 || data.plans.indexOf(parts[0]) !== -1)) {
      current = versionIndex(data, parts.shift()); // null for a release that is not built
    }
    var path = parts.join("/");
    var href = function (i, p) {
      var seg = data.versions[i].segment;
      return "/" + lang + (seg ? "/" + seg : "") + (p ? "/" + p : "");
    };
    var entry = data.pages[path];
    var list = document.createElement("ul");
    var heading = document.createElement("p");
    if (entry) {
      heading.textContent = box.getAttribute("data-label-elsewhere");
      entry[1].forEach(function (i) {
        if (i === current) return;
        list.appendChild(item(href(i, path), data.versions[i].title, entry[0]));
      });
    } else if (current !== null) {
      // walk up the path to the closest page that exists in the version asked for
      for (var n = parts.length - 1; n >= 0; n--) {
        var up = parts.slice(0, n).join("/");
        var found = data.pages[up];
        if (found && found[1].indexOf(current) !== -1) {
          var title = data.versions[current].title;
          heading.textContent = box.getAttribute("data-label-nearest").replace("{version}", title);
          list.appendChild(item(href(current, up), found[0], ""));
          break;
        }
      }
    }
    if (!list.children.length) return;
    box.appendChild(heading);
    box.appendChild(list);
    box.hidden = false;
  }

  // the version a URL segment names: "" is the default, "plan" and "plan@latest" the newest
  function versionIndex(data, segment) {
    var i, plan = segment.split("@")[0], release = segment.split("@")[1] || "latest";
    for (i = 0; i < data.versions.length; i++) {
      if (data.versions[i].segment === segment || data.versions[i].id === segment) return i;
    }
    if (segment && release === "latest") {
      for (i = 0; i < data.versions.length; i++) {
        if (data.versions[i].id.split("@")[0] === plan) return i;
      }
    }
    return null;
  }

  function item(href, title, detail) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = href;
    a.textContent = title;
    li.appendChild(a);
    if (detail) {
      var span = document.createElement("span");
      span.className = "muted";
      span.textContent = " — " + detail;
      li.appendChild(span);
    }
    return li;
  }

  function collapsibleSidebar() {
    var sidebar = document.getElementById("sidebar");
    var header = document.querySelector(".site-header");
    if (!sidebar || !header) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sidebar-toggle";
    button.setAttribute("aria-controls", "sidebar");
    button.textContent = ui("menu", "Menu");
    header.insertBefore(button, header.children[1] || null);

    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = !sidebar.classList.contains("is-open");
      sidebar.classList.toggle("is-open", open);
      button.setAttribute("aria-expanded", String(open));
    });
  }

  function platformPicker() {
    var picker = document.querySelector(".platform-picker");
    if (!picker) return;
    var links = picker.querySelectorAll("a[data-platform]");
    var ua = navigator.userAgent || "";
    var detected = /Windows/.test(ua) ? "windows" : /Linux|X11/.test(ua) ? "linux" : "mac";
    var initial = picker.getAttribute("data-default-platform") || detected;

    function show(platform) {
      Array.prototype.forEach.call(links, function (a) {
        a.classList.toggle("selected", a.getAttribute("data-platform") === platform);
      });
      ["mac", "windows", "linux"].forEach(function (p) {
        var nodes = document.querySelectorAll(".extended-markdown." + p + ", #mini-toc li." + p);
        Array.prototype.forEach.call(nodes, function (el) {
          if (p === platform) el.removeAttribute("data-platform-hidden");
          else el.setAttribute("data-platform-hidden", "");
        });
      });
    }
    Array.prototype.forEach.call(links, function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        show(a.getAttribute("data-platform"));
      });
    });
    picker.hidden = false;
    show(initial);
  }

  // product landing pages: the video player replaces its link when the reader asks for it
  function videoOnDemand() {
    var link = document.querySelector("a.landing-video-link");
    if (!link) return;
    link.addEventListener("click", function (e) {
      e.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = link.href;
      frame.title = link.getAttribute("data-video-title") || link.textContent;
      frame.setAttribute("allowfullscreen", "");
      frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture");
      link.parentNode.replaceChild(frame, link);
    });
  }

  function learningTrackNav() {
    var nav = document.getElementById("learning-track-nav");
    var data = document.getElementById("learning-track-data");
    if (!nav || !data || !window.URLSearchParams) return;
    var name = new URLSearchParams(window.location.search).get("learn");
    var tracks;
    try { tracks = JSON.parse(data.textContent); } catch (e) { return; }
    var track = name && Object.prototype.hasOwnProperty.call(tracks, name) ? tracks[name] : null;
    if (!track) return;  // any failed lookup: no navigation (spec 7.10)

    var heading = document.createElement("p");
    heading.className = "learning-track-title";
    var strong = document.createElement("strong");
    strong.textContent = track.title;
    heading.appendChild(strong);
    var position = document.createElement("span");
    position.className = "learning-track-position muted";
    position.textContent = " " + nav.getAttribute("data-label-position")
      .replace("{position}", track.position).replace("{count}", track.count);
    heading.appendChild(position);
    nav.appendChild(heading);

    var links = document.createElement("div");
    links.className = "learning-track-links";
    [["prev", "data-label-prev"], ["next", "data-label-next"]].forEach(function (pair) {
      var guide = track[pair[0]];
      var slot = document.createElement("span");
      slot.className = "learning-track-" + pair[0];
      if (guide) {
        var label = document.createElement("span");
        label.className = "muted";
        label.textContent = nav.getAttribute(pair[1]);
        var a = document.createElement("a");
        a.href = guide.href + "?learn=" + encodeURIComponent(name);
        a.rel = pair[0];
        a.textContent = guide.title;
        slot.appendChild(label);
        slot.appendChild(a);
      }
      links.appendChild(slot);
    });
    nav.appendChild(links);
    nav.hidden = false;
  }

  // Search in the page's language and version: the pagefind bundle named by data-bundle
  // (builder/search_index.py) runs in the browser, so a query never leaves the page.
  // Arrow keys move through the results, Enter opens one, Escape closes the list.
  function siteSearch() {
    var box = document.getElementById("site-search");
    if (!box || !window.Promise) return;
    var input = document.getElementById("search-input");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var engine = null, asked = 0, active = -1;
    box.hidden = false;

    function load() {
      if (!engine) {
        engine = import(box.getAttribute("data-bundle") + "pagefind.js").then(function (pf) {
          return pf.options({ excerptLength: 24 }).then(function () { return pf; });
        });
        engine.catch(function () { engine = null; });
      }
      return engine;
    }

    function options() { return list.querySelectorAll("[role=option]"); }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      var all = options();
      if (!all.length) return;
      active = (i + all.length) % all.length;
      Array.prototype.forEach.call(all, function (el, n) {
        el.setAttribute("aria-selected", n === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function search() {
      var query = input.value.trim();
      var mine = ++asked;
      if (!query) { list.textContent = ""; close(); return; }
      load().then(function (pf) { return pf.debouncedSearch(query, {}, 150); })
        .then(function (found) {
          if (!found || mine !== asked) return null; // a newer query superseded this one
          return Promise.all(found.results.slice(0, 8).map(function (r) { return r.data(); }));
        })
        .then(function (pages) { if (pages && mine === asked) show(pages); })
        .catch(function () {});
    }

    function show(pages) {
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      pages.forEach(function (data, n) { list.appendChild(result(data, n)); });
      if (!pages.length) {
        var none = document.createElement("p");
        none.className = "search-none";
        none.textContent = box.getAttribute("data-none");
        list.appendChild(none);
      }
      status.textContent = pages.length ? pages.length + "" : box.getAttribute("data-none");
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function result(data, n) {
      var a = document.createElement("a");
      a.id = "search-result-" + n;
      a.className = "search-result";
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      a.href = data.url.length > 1 ? data.url.replace(/\/$/, "") : data.url;
      var title = document.createElement("span");
      title.className = "search-result-title";
      title.textContent = (data.meta && data.meta.title) || a.href;
      a.appendChild(title);
      if (data.meta && data.meta.product && data.meta.product !== title.textContent) {
        var product = document.createElement("span");
        product.className = "search-result-product";
        product.textContent = data.meta.product;
        a.appendChild(product);
      }
      var excerpt = document.createElement("span");
      excerpt.className = "search-result-excerpt";
      markedText(excerpt, data.excerpt || "");
      a.appendChild(excerpt);
      return a;
    }

    input.addEventListener("focus", load);
    input.addEventListener("input", search);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (list.hidden && list.children.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        e.preventDefault();
        highlight(active + (e.key === "ArrowDown" ? 1 : -1));
      } else if (e.key === "Enter") {
        var all = options();
        var target = all[active >= 0 ? active : 0];
        if (target && !list.hidden) { e.preventDefault(); location.href = target.href; }
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); }
      }
    });
    document.addEventListener("click", function (e) {
      if (!box.contains(e.target)) close();
    });
    document.addEventListener("keydown", function (e) {
      // "/" focuses the box, as on the original site, unless the reader is typing somewhere
      var tag = (e.target && e.target.tagName) || "";
      if (e.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(tag) && !e.target.isContentEditable) {
        e.preventDefault();
        input.focus();
      }
    });
  }

  // pagefind's excerpt is text with <mark> around the matches; it is rebuilt here from text
  // nodes and <mark> elements (never assigned as HTML), so page text cannot inject markup
  function markedText(into, excerpt) {
    var doc = new DOMParser().parseFromString("<p>" + excerpt + "</p>", "text/html");
    Array.prototype.forEach.call(doc.body.firstChild.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        into.appendChild(mark);
      } else {
        into.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function ready() {
    addCopyButtons();
    collapsibleSidebar();
    platformPicker();
    closablePickers();
    notFoundElsewhere();
    videoOnDemand();
    learningTrackNav();
    siteSearch();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
