/* The site's behaviour on top of the themes (loaded on every page, deferred).
   1. Phones: a tap on a link in a drawer (the book's contents or this page's contents) closes the
      drawer, so the reader sees the section it jumped to.
   2. Figures shown smaller than they were drawn (plots on a phone, at about half size) open at
      full size in a viewer on a tap; the viewer scrolls both ways and closes with 닫기, Escape or a
      tap on the backdrop.
   3. MathJax (about 260 kB gzipped, plus the fonts its formulas use) loads only when a formula
      comes within two screens of view (window.siteMathJaxSrc, set on pages with math by book/_ext/site_fixes.py);
      window.siteMathJax is a promise that settles once the formulas are typeset. */
(() => {
  if (window.siteMathJaxSrc) {
    let started = false, settle;
    window.siteMathJax = new Promise((resolve) => { settle = resolve; });
    const load = () => {
      if (started) return;
      started = true;
      const script = document.createElement("script");
      script.src = window.siteMathJaxSrc;
      script.async = true;
      script.onload = () => window.MathJax.startup.promise.then(settle, settle);
      script.onerror = settle;
      document.head.appendChild(script);
    };
    const formulas = document.querySelectorAll(".math");
    if (!("IntersectionObserver" in window) || formulas.length === 0) {
      load();
    } else {
      const watcher = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) { watcher.disconnect(); load(); }
      }, {rootMargin: "200% 0px"});
      formulas.forEach((el) => watcher.observe(el));
    }
    window.addEventListener("beforeprint", load);
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("dialog.bd-sidebar-primary a[href], dialog.bd-sidebar-secondary a[href]");
    if (link) link.closest("dialog").close();
  });

  const SHRUNK = 0.85;  // shown at less than this share of its drawn width: worth enlarging
  let viewer = null;

  const openViewer = (img) => {
    if (!viewer) {
      viewer = document.createElement("dialog");
      viewer.className = "figure-viewer";
      viewer.setAttribute("aria-label", "그림 크게 보기");
      viewer.innerHTML = '<button type="button" class="figure-viewer-close">닫기</button><div class="figure-viewer-body"><img></div>';
      viewer.querySelector("button").addEventListener("click", () => viewer.close());
      viewer.addEventListener("click", (e) => { if (e.target === viewer) viewer.close(); });
      document.body.appendChild(viewer);
    }
    const big = viewer.querySelector("img");
    big.src = img.currentSrc || img.src;
    big.alt = img.alt;
    big.style.width = img.naturalWidth + "px";
    viewer.showModal();
  };

  const mark = () => {
    for (const img of document.querySelectorAll("article.bd-article img")) {
      if (img.closest("a")) continue;
      const shown = img.getBoundingClientRect().width;
      if (shown === 0) continue;  // inside a closed <details>: marked when it opens
      const shrunk = img.complete && img.naturalWidth > 0 && shown < SHRUNK * img.naturalWidth;
      img.classList.toggle("zoomable", shrunk);
      const hint = img.nextElementSibling && img.nextElementSibling.classList.contains("zoom-hint")
        ? img.nextElementSibling : null;
      if (shrunk && !hint) {
        img.insertAdjacentHTML("afterend", '<span class="zoom-hint" aria-hidden="true">그림을 누르면 크게 보입니다</span>');
      } else if (!shrunk && hint) {
        hint.remove();
      }
      if (shrunk) {
        img.tabIndex = 0;
        img.setAttribute("role", "button");
        img.setAttribute("aria-haspopup", "dialog");
      } else {
        img.removeAttribute("tabindex");
        img.removeAttribute("role");
        img.removeAttribute("aria-haspopup");
      }
    }
  };
  document.addEventListener("click", (event) => {
    const img = event.target.closest("img.zoomable");
    if (img) openViewer(img);
  });
  document.addEventListener("keydown", (event) => {
    const img = event.target.closest && event.target.closest("img.zoomable");
    if (img && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      openViewer(img);
    }
  });
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
  document.addEventListener("toggle", mark, true);
  document.addEventListener("load", (e) => { if (e.target.tagName === "IMG") mark(); }, true);
})();
