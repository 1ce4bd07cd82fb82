"""One module per sub-command: `add_parser(sub)` declares it, `run(args)` runs it.

Modules import only argparse at the top, so building the parser stays fast.
"""
