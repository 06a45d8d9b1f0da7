"""Python detectors: source files (``ast`` with value following) and Jupyter notebooks."""
