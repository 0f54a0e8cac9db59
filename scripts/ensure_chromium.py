"""Make sure a Chromium is there for the browser test (tests/site/test_browser.py); run by `make browser`.

The browser is looked up in one place, find_chromium() here (the browser tests import it): $CHROMIUM,
the PATH, then Playwright's own download. When none is found, Debian's package chromium is installed
with apt-get (as root, or through sudo). Where that is impossible it says what to do and
exits non-zero, so `make test` stops with a clear message rather than a confusing browser error.
This script never downloads a browser itself (`playwright install chromium` is the reader's choice).
"""
import os
import shutil
import subprocess
import sys

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PACKAGES = ["chromium"]  # Playwright drives it directly: no chromium-driver
HOW = ("set CHROMIUM=/path/to/chromium, put chromium on the PATH, "
       "or run `.venv/bin/python -m playwright install chromium`")


def find_chromium() -> str | None:
    """The Chromium (or Chrome) the browser test drives, or None when there is none.

    Looked for in this order: the file named by $CHROMIUM, a browser on the PATH, the Chromium that
    Playwright downloads itself (`playwright install chromium`).
    """
    named = os.environ.get("CHROMIUM")
    if named:
        return named if os.access(named, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    try:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:  # playwright missing, or its driver cannot start: no browser of its own
        return None
    return path if path and os.access(path, os.X_OK) else None


def main() -> int:
    if find_chromium():
        return 0
    if shutil.which("apt-get") is None:
        print(f"The browser test needs Chromium and none was found: {HOW}.", file=sys.stderr)
        return 1
    prefix = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if prefix is None:
        print(f"The browser test needs Chromium: run `sudo apt-get install {' '.join(PACKAGES)}`, or {HOW}.",
              file=sys.stderr)
        return 1
    print(f"Installing {' '.join(PACKAGES)} with apt-get for the browser test ...", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    steps = [prefix + ["apt-get", "update", "-qq"], prefix + ["apt-get", "install", "-y", "-qq", *PACKAGES]]
    for step in steps:
        if subprocess.run(step, env=env).returncode != 0:
            print(f"Could not install Chromium ({' '.join(step)} failed). Install {' '.join(PACKAGES)} by hand.",
                  file=sys.stderr)
            return 1
    return 0 if find_chromium() else 1


if __name__ == "__main__":
    sys.exit(main())
