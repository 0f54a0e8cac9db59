"""pytest plugin for `make nbval`: give nbval longer than 5 s to deliver a finished cell's output.

nbval (0.11) reads a cell's output messages only after the cell has finished, waiting at most
``IPyNbCell.output_timeout`` seconds for each message. That wait is hard-coded to 5 s in
``IPyNbCell.__init__``, and no command-line option sets it (``--nbval-cell-timeout`` bounds the
cell's execution, ``--nbval-kernel-startup-timeout`` the kernel's start). On a busy machine a cell
that streams many messages (progress bars) can take longer than 5 s to deliver them, and nbval
fails it with "Timeout of 5 seconds exceeded waiting for output". This plugin raises that wait for
every collected cell. Loaded with ``-p nbval_timeouts`` (scripts/ on PYTHONPATH).
"""
OUTPUT_TIMEOUT = 120  # seconds to wait for each output message of a finished cell


def pytest_collection_modifyitems(items):
    for item in items:
        if hasattr(item, "output_timeout"):
            item.output_timeout = OUTPUT_TIMEOUT
