#!/usr/bin/env python3
"""Build the medical-device policy digest: seeds/ → docs/. See README.md."""
from digest.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
