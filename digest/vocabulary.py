"""The build's vocabularies, each declared once.

Registry YAML holds what editors change (names, noise phrases); this module holds the
closed vocabularies the code itself is written against. Every other module imports
them from here; ``check()`` validates them all against one schema (``tests/test_architecture.py``
runs it, and so does the schema of editorial files, which takes its enum from here).
"""
from __future__ import annotations

DOC_TYPES = {"news": "新闻报道", "plan": "政策文件", "policy": "政策解读", "report": "研究报告", "interview": "访谈"}
"""Every document type and its label on the page; templates/ui.en.yml has the English."""
