"""A baseline of `onboarding --help`: a bare argparse program of the same shape (three options,
21 sub-commands listed with a line each), nothing else imported. `benchmarks/bench.py` times
its `--help` beside ours and `python -c pass`: what argparse alone takes of the 3x.
"""

import argparse

LINE = "a sub-command's one line in the listing, about as long as ours"

parser = argparse.ArgumentParser(prog="bare", description="A bare argparse program. " * 3)
parser.add_argument("--version", action="version", version="%(prog)s 0", help="the version")
parser.add_argument("--db", metavar="URL", help="a store's URL " * 6)
parser.add_argument("--lang", choices=("en", "zh"), help="a language " * 6)
sub = parser.add_subparsers(dest="command", metavar="COMMAND")
for number in range(21):
    sub.add_parser(f"command{number}", help=LINE)
parser.parse_args()
