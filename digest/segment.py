"""Chinese word segmentation (jieba), loaded on first use.

Two tokenizers: one for word boundaries, with the registry's names added as words (the tag
stage), and one for parts of speech (where an unknown park's name starts, ``parknames.py``).
They stay apart because names added as words would change the parts of speech.

jieba is imported here, inside the functions that need it, and nowhere else: importing it
loads its probability tables (about 0.2 s), and a build whose seeds are all cached never
segments a word.
"""
from __future__ import annotations

import logging
from functools import lru_cache


def word_tokenizer(words: list[str]):
    """A jieba tokenizer that keeps each of ``words`` (two characters or more) whole: a copy of
    jieba's dictionary with the words added (copying it is faster than reading it again)."""
    import jieba

    base = _dictionary()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(base.FREQ), base.total, True
    for word in words:
        if len(word) >= 2:
            tokenizer.add_word(word, freq=tokenizer.suggest_freq(word, tune=False) or 10)
    return tokenizer


@lru_cache(maxsize=1)
def pos_tagger():
    """jieba's part-of-speech tagger over its own dictionary, without the added words: jieba's
    default one, whose word tags jieba.posseg reads when it is imported (reading them for a
    tagger of our own took as long again)."""
    import jieba.posseg

    _dictionary()
    return jieba.posseg.dt


@lru_cache(maxsize=1)
def _dictionary():
    """jieba's own dictionary (its default tokenizer), read once per process (from jieba's cache
    file when it has one). Nothing here adds words to it: ``word_tokenizer`` adds to a copy."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt
