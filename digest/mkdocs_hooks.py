"""MkDocs hooks for the Simplified config (mkdocs.yml).

- After the Simplified site is built, build every other edition listed under
  ``extra.editions`` into a subfolder of the same site, so one ``mkdocs build``
  (or ``mkdocs serve``) gives the whole site, each edition with its own search index.
- Derive jieba's Traditional main dictionary from jieba's own with OpenCC s2tw
  (jieba's dictionary is Simplified and cuts Traditional text badly).
- Under ``mkdocs serve``, rebuild docs/ from seeds/, editorial/ and registry/
  before each build, so editors see their change on save.
- Page titles are escaped where they are written (``render.front_matter``), not here:
  a page is safe whichever config or hook builds it.
"""
from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

log = logging.getLogger("mkdocs.digest")
_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_config(config):
    """Each edition's address: registry/site.yml's ``url`` (the one place it is written) plus the
    edition's folder. MkDocs needs it for the 404 page, which a server returns at any depth, so its
    links must be absolute paths under the site's sub-path (/digest/zh-Hant/…). A ``site_url``
    set in the config (or by ``on_post_build`` for an edition) wins."""
    if config.site_url:
        return config
    from digest.registry import load_yaml_lines

    site = load_yaml_lines(Path(config.config_file_path).parent / "registry" / "site.yml")
    url = str(site["url"]).rstrip("/") + "/"
    edition = config.extra.get("edition", "zh")
    config.site_url = url if edition == "zh" else f"{url}{edition}/"
    return config


def on_pre_build(config):
    """Under `mkdocs serve`, regenerate docs/ first: an edit to a seed, an editorial
    file, the registry or a template shows on the page without another command."""
    if not _serving:
        return
    from digest.build import build as build_digest
    from digest.errors import DigestError
    from digest.writer import write_tree

    root = Path(config.config_file_path).parent
    try:
        from digest.cache import Cache
        result = build_digest(root, root / "seeds", Cache.for_root(root))
    except DigestError as err:
        log.error("%s", err)  # the page keeps its last good state; the message says what to fix
        return
    for warning in result.warnings:
        log.warning("%s", warning)
    try:
        changed = write_tree(root / "docs", result.pages)
    except DigestError as err:
        log.error("%s", err)
        return
    if changed:
        log.info("digest: regenerated %d file(s) under docs/", len(changed))


def traditional_jieba_dictionary(target: Path) -> Path:
    """jieba's dict.txt converted with OpenCC s2tw (the edition's converter), rebuilt only when
    jieba's dictionary or the conversion changes."""
    import jieba
    import opencc

    source = Path(jieba.__file__).parent / "dict.txt"
    data = source.read_bytes()
    stamp = hashlib.sha256(data + opencc.__version__.encode() + b"s2tw").hexdigest()
    stamp_file = target.with_suffix(".stamp")
    if target.exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    converted = opencc.OpenCC("s2tw.json").convert(data.decode("utf-8"))
    target.write_text(converted, encoding="utf-8")
    stamp_file.write_text(stamp)
    return target


def on_post_build(config):
    # Only the main config lists other editions to build.
    root = Path(config.config_file_path).parent
    for name in config.extra.get("editions", []):
        edition_file = root / name
        sub = load_config(config_file=str(edition_file))
        # Build inside this build's site folder (a temporary one under `mkdocs serve`).
        sub["site_dir"] = os.path.join(config.site_dir, Path(sub.site_dir).name)
        if config.site_url and not sub.site_url:
            sub["site_url"] = config.site_url.rstrip("/") + "/" + Path(sub.site_dir).name + "/"
        for plugin in sub["plugins"].values():
            jieba_dict = getattr(plugin, "config", {}).get("jieba_dict") if hasattr(plugin, "config") else None
            if jieba_dict:
                traditional_jieba_dictionary(root / jieba_dict)
        log.info("Building edition %s into %s", sub.extra.get("edition"), sub["site_dir"])
        build(sub)
