"""Page generator: what the site's search needs besides the pages: jieba dictionaries.

Material's search cuts Chinese with jieba. The registry's names go into a user
dictionary (one per script) so that park and region names are whole words. A
name that holds another registry name inside it (上海械谷 ⊃ 械谷) is left out, so
jieba cuts it into parts and a search for the shorter name still finds it;
a name that only starts with another one (械谷核) stays whole, because the
search matches word prefixes.
"""
from __future__ import annotations

from typing import Iterator

from ..registry import Registry
from .environment import Site

# jieba user-dictionary frequency: high enough to win over the default dictionary's cuts.
_FREQ = 200000


def dictionary_words(names: list[str]) -> list[str]:
    """Registry names to put in jieba's user dictionary.

    >>> dictionary_words(["械谷", "上海械谷", "械谷核", "联影小镇"])
    ['械谷', '械谷核', '联影小镇']
    """
    unique = sorted(set(names))
    keep = []
    for name in unique:
        inner = any(other != name and other in name[1:] for other in unique)
        if not inner:
            keep.append(name)
    return sorted(keep, key=lambda w: (len(w), w))


def registry_names(registry: Registry) -> list[str]:
    """Every name and alias the registry knows: regions, parks, sectors, organisations, terms."""
    names = list(registry.topic.terms) + [t.simplified for t in registry.terms]
    # Of the gazetteer, the regions an editor named: jieba knows China's places already.
    regions = [r for r in registry.regions.values() if r.curated]
    for group in (regions, registry.parks.values(), registry.sectors.values(), registry.organisations.values()):
        for entry in group:
            names += [entry.name, *entry.aliases]
    # Only Chinese words help jieba; Latin names (BioBAY) are split on spaces anyway.
    return [n for n in names if len(n) >= 2 and not n.isascii()]


def search_dictionaries(site: Site) -> Iterator[tuple[str, str]]:
    """docs/search/userdict.zh.txt and userdict.zh-Hant.txt, which the configs name (jieba_dict_user)."""
    words = dictionary_words(registry_names(site.registry))
    hant_words = sorted(set(site.hant.convert(w) for w in words), key=lambda w: (len(w), w))
    yield "search/userdict.zh.txt", "".join(f"{w} {_FREQ} n\n" for w in words)
    yield "search/userdict.zh-Hant.txt", "".join(f"{w} {_FREQ} n\n" for w in hant_words)
