"""Make sure Debian's Chromium is installed for the browser test (tests/site/test_browser.py).

Installs the packages chromium and chromium-driver with apt-get when /usr/bin/chromium is missing
(as root, or through sudo). Where that is impossible it says what to install and exits non-zero,
so `make test` stops with a clear message rather than a confusing browser error later.
Playwright's own browser download (`playwright install`) is never used.
"""
import os
import shutil
import subprocess
import sys

CHROMIUM = "/usr/bin/chromium"
PACKAGES = ["chromium", "chromium-driver"]


def main() -> int:
    if os.path.exists(CHROMIUM):
        return 0
    if shutil.which("apt-get") is None:
        print(f"The browser test needs Chromium at {CHROMIUM}. Install your system's chromium package.", file=sys.stderr)
        return 1
    prefix = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if prefix is None:
        print(f"The browser test needs Chromium: run `sudo apt-get install {' '.join(PACKAGES)}`.", file=sys.stderr)
        return 1
    print(f"Installing {' '.join(PACKAGES)} with apt-get for the browser test ...", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    steps = [prefix + ["apt-get", "update", "-qq"], prefix + ["apt-get", "install", "-y", "-qq", *PACKAGES]]
    for step in steps:
        if subprocess.run(step, env=env).returncode != 0:
            print(f"Could not install Chromium ({' '.join(step)} failed). Install {' '.join(PACKAGES)} by hand.",
                  file=sys.stderr)
            return 1
    return 0 if os.path.exists(CHROMIUM) else 1


if __name__ == "__main__":
    sys.exit(main())
