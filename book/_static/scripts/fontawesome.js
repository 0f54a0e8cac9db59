// Replaces pydata-sphinx-theme's 540 kB (gzipped) Font Awesome script, which redraws each icon as SVG.
// The theme's stylesheet already draws every icon with Font Awesome's web fonts, so pages look the
// same without it and a first visit stays within its weight budget (tests/site/test_browser.py).
