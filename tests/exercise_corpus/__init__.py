"""Correct implementations of the exercises in the styles honest students write, one module per
topic; tests/test_corpus.py requires every check to accept every one."""
