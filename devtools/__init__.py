"""Tools around the product, never part of it: the demo and the standalone Xero sandbox.

They use both the app (bot/) and the sandbox (sandbox/); the app never imports them or the sandbox.
`rechargly demo` and `rechargly sandbox` reach them through bot/cli.py's dispatcher only.
"""
