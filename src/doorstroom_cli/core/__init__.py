"""The functional core: pure code, no database, terminal, command line or
clock (tests/system/test_shape.py checks the imports).

- ``rules``   the policy, R1-R8, split by topic
- ``dates``   dates in and out, the 2000-2099 window
- ``texts``   text in (checked, NFC) and out (the one sanitiser)
- ``errors``  the kinds of failure and their exit codes
"""
