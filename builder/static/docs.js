/* Docs site: progressive enhancements only.  Every page works without this file.
 *  - a copy button on each code block (button.js-btn-copy, data-clipboard-text)
 *  - the sidebar becomes a menu behind a button on narrow screens (closed by CSS under html.js)
 *  - the Mac / Windows / Linux picker on pages with platform-specific content
 */
(function () {
  "use strict";

  var root = document.documentElement;
  if (root.className.indexOf("js") === -1) root.className += " js";

  function addCopyButtons() {
    var blocks = document.querySelectorAll(".markdown-body pre");
    Array.prototype.forEach.call(blocks, function (pre) {
      var code = pre.querySelector("code") || pre;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "js-btn-copy";
      button.setAttribute("data-clipboard-text", code.textContent);
      button.setAttribute("aria-label", "Copy code to clipboard");
      button.textContent = "Copy";
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-clipboard-text");
        if (!navigator.clipboard) return;
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        });
      });
      pre.appendChild(button);
    });
  }

  function collapsibleSidebar() {
    var sidebar = document.getElementById("sidebar");
    var header = document.querySelector(".site-header");
    if (!sidebar || !header) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sidebar-toggle";
    button.setAttribute("aria-controls", "sidebar");
    button.textContent = "Menu";
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

  function ready() {
    addCopyButtons();
    collapsibleSidebar();
    platformPicker();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
