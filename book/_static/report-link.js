/* The "이 쪽에 대해 알리기" link (book/_ext/report_link.py): moved into the page's top bar (not on
   phones), and
   given the section the reader is looking at when it is followed. */
(function () {
  var link = document.querySelector("a.report-page-link");
  if (!link) return;
  var bar = document.querySelector(".article-header-buttons");
  // a phone's top bar has no room for it: there it stays at the end of the page
  if (bar && window.matchMedia("(min-width: 768px)").matches) {
    var holder = link.parentNode;
    link.classList.add("report-page-link--bar");
    bar.insertBefore(link, bar.firstChild);
    holder.remove();
  }
  var base = link.getAttribute("href");
  function currentSection() {
    var headings = document.querySelectorAll("article section > h2, article section > h3");
    var found = null;
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top > window.innerHeight * 0.3) break;
      found = headings[i];
    }
    return found;
  }
  function update() {
    var heading = currentSection();
    var url = new URL(base);
    if (heading) {
      var text = heading.cloneNode(true);
      text.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
      url.searchParams.set("section", text.textContent.trim());
      var anchor = heading.parentNode.id;
      if (anchor) url.searchParams.set("page", url.searchParams.get("page") + "#" + anchor);
    }
    link.setAttribute("href", url.toString());
  }
  ["pointerdown", "focus", "keydown"].forEach(function (kind) { link.addEventListener(kind, update); });
})();
